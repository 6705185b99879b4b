from django.conf import settings
from django.db import models
from django.urls import reverse

from eiso.core.tenancy import AgencyOwned


class QmsLifecycle(AgencyOwned):
    """Where an agency's QMS stands in the QĐ 19/2014 Điều 4 steps: build, apply, announce, maintain."""

    class Stage(models.TextChoices):
        BUILD = "build", "Xây dựng"
        APPLY = "apply", "Áp dụng"
        ANNOUNCED = "announced", "Đã công bố"
        MAINTAIN = "maintain", "Duy trì, cải tiến"

    stage = models.CharField("giai đoạn", max_length=20, choices=Stage.choices, default=Stage.BUILD)
    internal_activities = models.TextField(
        "hoạt động nội bộ trong phạm vi",
        blank=True,
        help_text="Các hoạt động nội bộ áp dụng HTQLCL (QĐ 19/2014 Điều 11.2).",
    )
    effectiveness_confirmed_on = models.DateField("ngày xác nhận hiệu lực", null=True, blank=True)
    effectiveness_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đứng đầu xác nhận",
    )
    needs_reannouncement = models.BooleanField("cần công bố lại", default=False)
    reannouncement_reason = models.TextField("lý do công bố lại", blank=True)

    class Meta:
        verbose_name = "vòng đời HTQLCL"
        verbose_name_plural = "vòng đời HTQLCL"
        constraints = [models.UniqueConstraint(fields=["agency"], name="qms_lifecycle_one_per_agency")]

    def __str__(self) -> str:
        return f"HTQLCL: {self.get_stage_display()}"


class Announcement(AgencyOwned):
    """The decision announcing that the QMS conforms to TCVN ISO 9001:2015, with its scope annex
    and the notices that follow (QĐ 19/2014 Điều 4.3 and Phụ lục I; TT 26/2014 Điều 7.2 h, l)."""

    class Kind(models.TextChoices):
        FIRST = "first", "Công bố lần đầu"
        ADJUST = "adjust", "Công bố lại: điều chỉnh phạm vi"
        EXPAND = "expand", "Công bố lại: mở rộng phạm vi"
        NARROW = "narrow", "Công bố lại: thu hẹp phạm vi"

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ANNOUNCED = "announced", "Đã công bố"
        SUPERSEDED = "superseded", "Đã được thay thế"

    kind = models.CharField("hình thức", max_length=20, choices=Kind.choices, default=Kind.FIRST)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField("số quyết định", max_length=40, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=150, default="Giám đốc")
    scope = models.JSONField("phạm vi (phụ lục)", default=dict, blank=True)
    change_note = models.TextField("thay đổi phạm vi", blank=True)
    notice_reference = models.CharField("số văn bản thông báo Sở KH&CN", max_length=60, blank=True)
    notice_sent_on = models.DateField("ngày gửi thông báo", null=True, blank=True)
    posted_at_office_on = models.DateField("ngày niêm yết tại trụ sở", null=True, blank=True)
    website_url = models.URLField("đường dẫn đăng trên trang thông tin điện tử", blank=True)
    posted_on_website_on = models.DateField("ngày đăng trên trang thông tin điện tử", null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = "công bố HTQLCL"
        verbose_name_plural = "công bố HTQLCL"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["announced", "superseded"])
                | (models.Q(decided_on__isnull=False) & ~models.Q(number="")),
                name="announcement_announced_has_decision",
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(status="draft"),
                name="announcement_one_draft_per_agency",
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"Quyết định {self.number} ({self.get_kind_display().lower()})"
        return f"Dự thảo quyết định công bố ({self.get_kind_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("improvement:announcement_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        """Not yet decided: its scope is today's, not the one it froze when announced."""
        return self.status == self.Status.DRAFT
