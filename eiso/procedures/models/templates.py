"""Province templates (quy trình mẫu) and the adopting agencies' answers to their updates.

The province publishes a process as the template for a procedure and a kind of agency (e.g.
every commune People's Committee), so that the same TTHC is handled the same way everywhere
(Thừa Thiên Huế: 79 templates for 174 commune-level TTHC). A template is province-wide, like
the catalogue; each agency adopts it into a Process of its own (Process.template_version).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core.models import TimeStamped
from eiso.core.tenancy import AgencyOwned
from eiso.orgs.models import Agency

__all__ = ["Template", "TemplateVersion", "TemplateDecision"]


class TemplateQuerySet(models.QuerySet):
    def for_user(self, user):
        """Templates of the provinces the user works in (their agencies' or their own)."""
        if not user.is_authenticated:
            return self.none()
        agency_provinces = Agency.objects.filter(pk__in=user.visible_agency_ids()).values("province_id")
        return self.filter(
            Q(province_id__in=user.visible_province_ids()) | Q(province_id__in=agency_provinces)
        )


class Template(TimeStamped):
    """A process the province publishes for every agency of one kind to adopt
    (QĐ 101/QĐ-BKHCN: template work procedures of the framework model)."""

    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh"
    )
    code = models.CharField("ký hiệu", max_length=40, help_text="Ký hiệu quy trình, ví dụ QT.HT.01.")
    name = models.CharField("tên quy trình mẫu", max_length=300)
    agency_kind = models.CharField("áp dụng cho loại cơ quan", max_length=20, choices=Agency.Kind.choices)
    procedures = models.ManyToManyField(
        "procedures.Procedure", related_name="templates", blank=True, verbose_name="thủ tục hành chính"
    )
    # The process the province maintains as the source: each template version is a snapshot
    # of one of its published versions.
    source_process = models.ForeignKey(
        "procedures.Process",
        on_delete=models.PROTECT,
        related_name="templates",
        verbose_name="quy trình nguồn",
    )
    current_version = models.ForeignKey(
        "TemplateVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TemplateQuerySet.as_manager()

    class Meta:
        ordering = ["province", "code"]
        verbose_name = "quy trình mẫu"
        verbose_name_plural = "quy trình mẫu"
        constraints = [models.UniqueConstraint(fields=["province", "code"], name="template_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("procedures:template_detail", args=[self.pk])


class TemplateVersionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(template__in=Template.objects.for_user(user).values("pk"))


class TemplateVersion(TimeStamped):
    """One published version of a template: the steps as they were in the source process
    version it was taken from. Never edited; a change is a new version."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản số")
    steps = models.JSONField("các bước", default=list)
    source_version = models.ForeignKey(
        "documents.DocumentVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="lấy từ phiên bản",
    )
    change_summary = models.TextField("nội dung thay đổi", blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = "phiên bản quy trình mẫu"
        verbose_name_plural = "phiên bản quy trình mẫu"
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.template.code} — phiên bản {self.number}"


class TemplateDecision(AgencyOwned):
    """An adopting agency's answer to a newer template version: applied into a new draft of its
    process, or dismissed with a reason (kept, so the province sees why it stays behind)."""

    class Decision(models.TextChoices):
        APPLIED = "applied", "Đã áp dụng vào bản dự thảo mới"
        DISMISSED = "dismissed", "Không áp dụng"

    process = models.ForeignKey(
        "procedures.Process", on_delete=models.CASCADE, related_name="template_decisions"
    )
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField("quyết định", max_length=20, choices=Decision.choices)
    reason = models.TextField("lý do", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "ý kiến về cập nhật quy trình mẫu"
        verbose_name_plural = "ý kiến về cập nhật quy trình mẫu"
        constraints = [
            models.UniqueConstraint(fields=["process", "template_version"], name="template_decision_unique"),
            models.CheckConstraint(
                condition=~Q(decision="dismissed") | ~Q(reason=""),
                name="template_decision_dismissal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process} — {self.template_version}: {self.get_decision_display()}"
