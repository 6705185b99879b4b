"""Document control models (ISO 9001:2015 §7.5): documents, their versions, the approval
chain each version goes through, and the read-and-acknowledge rows of published versions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core.collation import vietnamese
from eiso.core.tenancy import AgencyOwned

__all__ = [
    "Approver",
    "Document",
    "DocumentVersion",
    "ApprovalChain",
    "ApprovalStep",
    "ApprovalSignoff",
    "Acknowledgement",
]


class Approver(models.TextChoices):
    """Who signs one step of an approval chain."""

    UNIT_HEAD = "unit_head", "Trưởng phòng/ban chủ trì"
    SECRETARY = "secretary", "Thư ký ISO"
    LEADER = "leader", "Lãnh đạo cơ quan"


class Document(AgencyOwned):
    """A controlled document of the agency's QMS (ISO 9001:2015 §7.5.2): its identity, owner
    and the pointer to the version in use. The content lives in its versions."""

    class Kind(models.TextChoices):
        QUALITY_POLICY = "quality_policy", "Chính sách chất lượng"
        QUALITY_OBJECTIVES = "quality_objectives", "Mục tiêu chất lượng"
        QUALITY_MANUAL = "quality_manual", "Sổ tay chất lượng"
        PROCEDURE = "procedure", "Quy trình"
        WORK_INSTRUCTION = "work_instruction", "Hướng dẫn công việc"
        FORM = "form", "Biểu mẫu"
        RECORD_LIST = "record_list", "Danh mục hồ sơ"
        EXTERNAL = "external", "Tài liệu bên ngoài"

    class Status(models.TextChoices):
        ACTIVE = "active", "Đang kiểm soát"
        OBSOLETE = "obsolete", "Hết hiệu lực"

    code = models.CharField(
        "mã tài liệu", max_length=40, help_text="Ví dụ QT-01, BM-01; không trùng trong cơ quan."
    )
    title = models.CharField("tên tài liệu", max_length=300)
    kind = models.CharField("loại tài liệu", max_length=30, choices=Kind.choices)
    owner_unit = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị chủ trì",
    )
    review_period_months = models.PositiveSmallIntegerField("chu kỳ xem xét (tháng)", default=12)
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phiên bản hiện hành",
    )
    next_review_on = models.DateField("ngày xem xét định kỳ tiếp theo", null=True, blank=True)
    withdrawn_on = models.DateField("ngày thu hồi", null=True, blank=True)
    withdrawal_reason = models.TextField("lý do thu hồi", blank=True)
    # Folded (accent-free, lower-case) code, title and text of the current version; a pg_trgm
    # index serves the `contains` lookups on PostgreSQL.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["agency", "code"]
        verbose_name = "tài liệu"
        verbose_name_plural = "tài liệu"
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="document_unique_code_in_agency"),
            models.CheckConstraint(
                condition=Q(review_period_months__gte=1), name="document_review_period_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("documents:document_detail", args=[self.pk])

    @property
    def is_obsolete(self) -> bool:
        return self.status == self.Status.OBSOLETE

    def is_review_due(self, today) -> bool:
        return not self.is_obsolete and self.next_review_on is not None and self.next_review_on <= today


def version_file_path(instance: "DocumentVersion", filename: str) -> str:
    return f"documents/{instance.agency_id}/{instance.document_id}/v{instance.number}/{filename}"


class DocumentVersion(AgencyOwned):
    """One version of a Document (ISO 9001:2015 §7.5.3): drafted, reviewed and approved along
    the agency's approval chain, then published; a published version never changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        IN_REVIEW = "in_review", "Đang trình duyệt"
        CHANGES_REQUESTED = "changes_requested", "Yêu cầu sửa đổi"
        APPROVED = "approved", "Đã phê duyệt"
        PUBLISHED = "published", "Đang hiệu lực"
        SUPERSEDED = "superseded", "Đã thay thế"
        OBSOLETE = "obsolete", "Hết hiệu lực"

    # Statuses of a version still being worked on: a document has at most one such version.
    OPEN_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name="tài liệu"
    )
    number = models.PositiveIntegerField("lần ban hành")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    body = models.TextField("nội dung", blank=True)
    file = models.FileField("tệp đính kèm", upload_to=version_file_path, blank=True, max_length=300)
    # Text read from the attached file (.docx, .pdf, .xlsx), for search and for comparing versions.
    file_text = models.TextField(editable=False, default="")
    change_summary = models.TextField("tóm tắt nội dung sửa đổi", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người soạn thảo"
    )
    # Bumped by every save of a draft: a save carrying an older revision was made on a stale
    # copy and is refused instead of overwriting someone else's changes.
    revision = models.PositiveIntegerField("lần lưu", default=1)
    # The approval chain frozen at submission ("unit_head", "secretary", "leader"), and the
    # index of the step now waiting; a later change of the agency's chain does not move it.
    approval_steps = models.JSONField("các bước phê duyệt", default=list, blank=True)
    current_step = models.PositiveSmallIntegerField("bước đang chờ", default=0)
    submitted_at = models.DateTimeField("trình lúc", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người phê duyệt",
    )
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ban hành",
    )
    published_at = models.DateTimeField("ban hành lúc", null=True, blank=True)
    effective_on = models.DateField("ngày hiệu lực", null=True, blank=True)
    next_review_on = models.DateField("ngày xem xét định kỳ", null=True, blank=True)
    superseded_at = models.DateTimeField("bị thay thế lúc", null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = "phiên bản tài liệu"
        verbose_name_plural = "phiên bản tài liệu"
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique_number"),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status__in=["draft", "in_review", "changes_requested", "approved"]),
                name="document_version_one_open_draft",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} — lần {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("documents:version_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_published(self) -> bool:
        """The version in use, which staff read and acknowledge."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED

    @property
    def has_changes_requested(self) -> bool:
        """Sent back to its author by an approver, with what to change."""
        return self.status == self.Status.CHANGES_REQUESTED

    @property
    def waiting_for(self) -> str | None:
        """The approver kind whose sign-off the version is waiting for, while in review."""
        if self.status != self.Status.IN_REVIEW or self.current_step >= len(self.approval_steps):
            return None
        return self.approval_steps[self.current_step]

    @property
    def waiting_for_label(self) -> str:
        waiting = self.waiting_for
        return Approver(waiting).label if waiting else ""

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class ApprovalChain(AgencyOwned):
    """The sequence of sign-offs an agency requires before a document of one kind is approved
    (QĐ 19/2014/QĐ-TTg Điều 4: documents apply once approved by the head of the agency).
    A chain with an empty kind applies to every kind that has no chain of its own."""

    kind = models.CharField("loại tài liệu", max_length=30, choices=Document.Kind.choices, blank=True)

    class Meta:
        ordering = ["agency", "kind"]
        verbose_name = "quy trình phê duyệt"
        verbose_name_plural = "quy trình phê duyệt"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="approval_chain_unique_kind")]

    def __str__(self) -> str:
        return self.get_kind_display() or "Mọi loại tài liệu"


class ApprovalStep(AgencyOwned):
    """One step of an approval chain: who signs, in which order."""

    chain = models.ForeignKey(ApprovalChain, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự")
    approver = models.CharField("người ký", max_length=20, choices=Approver.choices)

    class Meta:
        ordering = ["chain", "order"]
        verbose_name = "bước phê duyệt"
        verbose_name_plural = "bước phê duyệt"
        constraints = [models.UniqueConstraint(fields=["chain", "order"], name="approval_step_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_approver_display()}"


class ApprovalSignoff(AgencyOwned):
    """A sign-off of one step of a version's approval: who decided what, when, with a comment
    (ISO 9001:2015 §7.5.2 c: review and approval for suitability and adequacy)."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Đồng ý"
        CHANGES_REQUESTED = "changes_requested", "Yêu cầu sửa đổi"

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="signoffs")
    step = models.PositiveSmallIntegerField("bước")
    approver = models.CharField("vai trò ký", max_length=20, choices=Approver.choices)
    decision = models.CharField("ý kiến", max_length=20, choices=Decision.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người ký"
    )
    signed_at = models.DateTimeField("ký lúc")
    comment = models.TextField("nhận xét", blank=True)

    class Meta:
        ordering = ["version", "signed_at", "id"]
        verbose_name = "ý kiến phê duyệt"
        verbose_name_plural = "ý kiến phê duyệt"

    def __str__(self) -> str:
        return f"{self.version} — {self.get_approver_display()}: {self.get_decision_display()}"


class Acknowledgement(AgencyOwned):
    """A request to a staff member to read one exact published version, and their
    acknowledgement (ISO 9001:2015 §7.3 awareness, §7.5.3.1 a availability)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    acknowledged_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    reminded_at = models.DateTimeField("nhắc lần cuối lúc", null=True, blank=True)

    class Meta:
        ordering = ["version", vietnamese("user__full_name")]
        verbose_name = "xác nhận đã đọc"
        verbose_name_plural = "xác nhận đã đọc"
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="acknowledgement_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.version}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None
