"""The province's register of legal documents, the generic citation table through which any
record cites them, and the update tasks a legal change opens (QĐ 19/2014/QĐ-TTg Điều 4.4 a:
changes of legal documents are incorporated within 3 months of their effective date)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core.models import TimeStamped
from eiso.core.tenancy import AgencyOwned, AgencyQuerySet

__all__ = ["LegalDocument", "LegalCitation", "LegalChangeTask", "LegalChangeTaskItem"]


def _visible_province_ids(user):
    """Provinces a user reads the register of: provincial roles' and their agencies' provinces."""
    from eiso.orgs.models import Agency

    agency_provinces = Agency.objects.filter(pk__in=user.visible_agency_ids()).values("province_id")
    return Q(province_id__in=user.visible_province_ids()) | Q(province_id__in=agency_provinces)


class LegalDocumentQuerySet(models.QuerySet):
    def for_user(self, user):
        """The register of the provinces the user works in; nobody sees another province's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(_visible_province_ids(user))


class LegalDocument(TimeStamped):
    """A legal normative document (văn bản quy phạm pháp luật) that agencies of the province
    apply: the register is province-wide, shared by every agency (ISO 9001:2015 §7.5.3, external
    documents). When it is amended, replaced or expired, citing records must be updated."""

    class Kind(models.TextChoices):
        LAW = "law", "Luật"
        RESOLUTION = "resolution", "Nghị quyết"
        DECREE = "decree", "Nghị định"
        DECISION = "decision", "Quyết định"
        CIRCULAR = "circular", "Thông tư"
        DIRECTIVE = "directive", "Chỉ thị"
        STANDARD = "standard", "Tiêu chuẩn"
        OTHER = "other", "Khác"

    class Status(models.TextChoices):
        IN_FORCE = "in_force", "Còn hiệu lực"
        AMENDED = "amended", "Đã được sửa đổi, bổ sung"
        REPLACED = "replaced", "Đã bị thay thế"
        EXPIRED = "expired", "Hết hiệu lực"

    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh"
    )
    number = models.CharField("số, ký hiệu", max_length=80, help_text="Ví dụ 61/2018/NĐ-CP.")
    kind = models.CharField("loại văn bản", max_length=20, choices=Kind.choices)
    issuing_body = models.CharField("cơ quan ban hành", max_length=200)
    title = models.TextField("trích yếu")
    issued_on = models.DateField("ngày ban hành")
    effective_on = models.DateField("ngày có hiệu lực", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    status_changed_on = models.DateField("ngày thay đổi tình trạng", null=True, blank=True)
    amended_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amends",
        verbose_name="sửa đổi bởi",
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name="thay thế bởi",
    )
    # Folded number for matching numbers written differently ("61/2018/NĐ-CP" and "61/2018/nd-cp").
    number_key = models.CharField(max_length=80, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = "văn bản pháp luật"
        verbose_name_plural = "văn bản pháp luật"
        constraints = [
            models.UniqueConstraint(fields=["province", "number_key"], name="legal_document_unique_number"),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=models.F("issued_on")),
                name="legal_document_effective_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("documents:legal_detail", args=[self.pk])

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.IN_FORCE


class LegalCitationQuerySet(AgencyQuerySet):
    def for_user(self, user):
        """An agency's citations for its members; province-wide citations (the procedure
        catalogue) for everyone who reads that province's register."""
        if not user.is_authenticated:
            return self.none()
        provinces = LegalDocument.objects.for_user(user).values("province_id")
        return self.filter(
            Q(agency_id__in=user.visible_agency_ids())
            | Q(agency__isnull=True, legal_document__province_id__in=provinces)
        )


class LegalCitation(AgencyOwned):
    """One record citing one legal document as its basis. Any model of any app can cite
    (a document, a process, a step, a procedure version): the target is generic, so the
    legal-change impact finds every citing record without importing the apps above documents."""

    # Overrides AgencyOwned: province-wide records (the TTHC catalogue) cite without an agency.
    agency = models.ForeignKey(
        "orgs.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan",
    )
    legal_document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, related_name="citations", verbose_name="văn bản pháp luật"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    note = models.CharField("điều, khoản", max_length=200, blank=True)

    objects = LegalCitationQuerySet.as_manager()

    class Meta:
        ordering = ["legal_document", "id"]
        verbose_name = "trích dẫn căn cứ pháp lý"
        verbose_name_plural = "trích dẫn căn cứ pháp lý"
        constraints = [
            models.UniqueConstraint(
                fields=["legal_document", "content_type", "object_id"], name="legal_citation_unique_target"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.legal_document} ← {self.content_type.model} #{self.object_id}"


class LegalChangeTask(AgencyOwned):
    """The update an agency owes when a legal document it cites is amended, replaced or expired:
    every affected record, and the deadline of the new text's effective date + 3 months
    (QĐ 19/2014/QĐ-TTg Điều 4.4 a)."""

    class Status(models.TextChoices):
        OPEN = "open", "Đang xử lý"
        CLOSED = "closed", "Đã hoàn thành"

    legal_document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, related_name="change_tasks", verbose_name="văn bản thay đổi"
    )
    change = models.CharField("thay đổi", max_length=20, choices=LegalDocument.Status.choices)
    new_legal_document = models.ForeignKey(
        LegalDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="văn bản mới",
    )
    due_on = models.DateField("hạn cập nhật")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đóng",
    )
    closing_note = models.TextField("ghi chú khi hoàn thành", blank=True)

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = "nhiệm vụ cập nhật theo văn bản pháp luật"
        verbose_name_plural = "nhiệm vụ cập nhật theo văn bản pháp luật"
        constraints = [
            # One task per change: a document amended twice gives two tasks, one per amending text.
            models.UniqueConstraint(
                fields=["agency", "legal_document", "change", "new_legal_document"],
                name="legal_change_task_unique_change",
            )
        ]

    def __str__(self) -> str:
        return f"Cập nhật theo {self.legal_document} ({self.get_change_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("documents:legal_task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on < today


class LegalChangeTaskItem(AgencyOwned):
    """One record a legal change touches, and the new version that brought it up to date."""

    task = models.ForeignKey(LegalChangeTask, on_delete=models.CASCADE, related_name="items")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField("hồ sơ bị ảnh hưởng", max_length=400)
    resolved_version = models.ForeignKey(
        "documents.DocumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phiên bản đã cập nhật",
    )

    class Meta:
        ordering = ["task", "id"]
        verbose_name = "nội dung cần cập nhật"
        verbose_name_plural = "nội dung cần cập nhật"
        constraints = [
            models.UniqueConstraint(
                fields=["task", "content_type", "object_id"], name="legal_change_item_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label
