from django.conf import settings
from django.db import models
from django.urls import reverse

from eiso.core.tenancy import AgencyOwned


class Nonconformity(AgencyOwned):
    """A nonconformity (điểm không phù hợp) and its correction/corrective-action loop (ISO 9001:2015
    §10.2)."""

    class Source(models.TextChoices):
        AUDIT = "audit", "Đánh giá nội bộ"
        INSPECTION = "inspection", "Kiểm tra của tỉnh"
        COMPLAINT = "complaint", "Phản ánh, khiếu nại"
        LATE_DOSSIERS = "late_dossiers", "Hồ sơ trễ hạn"
        REVIEW = "review", "Xem xét của lãnh đạo"
        OTHER = "other", "Khác"

    class Severity(models.TextChoices):
        MAJOR = "major", "Nặng"
        MINOR = "minor", "Nhẹ"

    class Status(models.TextChoices):
        RECORDED = "recorded", "Đã ghi nhận"
        ANALYSED = "analysed", "Đã phân tích nguyên nhân"
        PLANNED = "planned", "Đã lập kế hoạch hành động"
        IN_PROGRESS = "in_progress", "Đang khắc phục"
        EFFECTIVENESS_CHECK = "effectiveness_check", "Chờ kiểm tra hiệu lực"
        CLOSED = "closed", "Đã đóng"
        CANCELLED = "cancelled", "Đã hủy"

    class CauseMethod(models.TextChoices):
        FIVE_WHYS = "five_whys", "5 lần hỏi tại sao"
        CATEGORIES = (
            "categories",
            "Phân nhóm nguyên nhân (con người, phương pháp, tài liệu, thiết bị, môi trường)",
        )

    code = models.CharField("số hiệu", max_length=30)
    source = models.CharField("nguồn phát hiện", max_length=20, choices=Source.choices)
    severity = models.CharField("mức độ", max_length=10, choices=Severity.choices, default=Severity.MINOR)
    title = models.CharField("tóm tắt", max_length=300)
    description = models.TextField("mô tả sự không phù hợp")
    clause = models.CharField("điều khoản liên quan", max_length=10, blank=True)
    # The edition `clause` is numbered in: the agency's on the day the nonconformity is recorded.
    edition = models.ForeignKey(
        "orgs.StandardEdition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phiên bản tiêu chuẩn",
    )
    detected_on = models.DateField("ngày phát hiện")
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="đơn vị"
    )
    process = models.ForeignKey(
        "procedures.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="quy trình",
    )
    finding = models.OneToOneField(
        "improvement.Finding", on_delete=models.PROTECT, null=True, blank=True, related_name="nonconformity"
    )
    feedback = models.ForeignKey(
        "quality.Feedback",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phản ánh",
    )
    review = models.ForeignKey(
        "improvement.ManagementReview", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report_due_on = models.DateField("hạn báo cáo khắc phục", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=30, choices=Status.choices, default=Status.RECORDED)
    correction = models.TextField("khắc phục tức thời (sửa chữa)", blank=True)
    cause_method = models.CharField(
        "phương pháp phân tích", max_length=20, choices=CauseMethod.choices, blank=True
    )
    cause_analysis = models.JSONField("phân tích nguyên nhân", default=list, blank=True)
    root_cause = models.TextField("nguyên nhân gốc", blank=True)
    effectiveness_criteria = models.TextField("tiêu chí đánh giá hiệu lực", blank=True)
    effectiveness_check_on = models.DateField("ngày kiểm tra hiệu lực", null=True, blank=True)
    effectiveness_result = models.TextField("kết quả kiểm tra hiệu lực", blank=True)
    is_effective = models.BooleanField("có hiệu lực", null=True, blank=True)
    effectiveness_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người kiểm tra hiệu lực",
    )
    effectiveness_checked_on = models.DateField("ngày đã kiểm tra", null=True, blank=True)
    closed_on = models.DateField("ngày đóng", null=True, blank=True)
    cancel_reason = models.TextField("lý do hủy", blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người lập",
    )

    class Meta:
        ordering = ["-detected_on", "-pk"]
        verbose_name = "điểm không phù hợp"
        verbose_name_plural = "điểm không phù hợp"
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="nonconformity_unique_code"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False, is_effective=True),
                name="nonconformity_closed_is_effective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("improvement:nonconformity_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CLOSED, self.Status.CANCELLED)

    @property
    def accepts_actions(self) -> bool:
        """Corrective actions are planned once the root cause is known, until the check starts."""
        return self.status in (self.Status.ANALYSED, self.Status.PLANNED, self.Status.IN_PROGRESS)

    def stages(self) -> list[dict]:
        """The stages of the §10.2 loop in order, each saying whether it is the current one or is
        behind; a cancelled nonconformity stands at none of them."""
        order = [status for status in self.Status if status != self.Status.CANCELLED]
        current = order.index(self.status) if self.status in order else -1
        return [
            {"label": status.label, "is_current": index == current, "is_past": index < current}
            for index, status in enumerate(order)
        ]


class NonconformityProposal(AgencyOwned):
    """A nonconformity proposed by the late-dossier rule, for the secretary to accept or dismiss (ISO
    9001:2015 §9.1.3, §10.2)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ xem xét"
        ACCEPTED = "accepted", "Đã lập điểm không phù hợp"
        DISMISSED = "dismissed", "Đã bỏ qua"

    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thủ tục",
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="đơn vị"
    )
    subject = models.CharField("đối tượng", max_length=300)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    late_count = models.PositiveIntegerField("số hồ sơ trễ hạn")
    threshold = models.PositiveIntegerField("ngưỡng")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PENDING)
    dismiss_reason = models.TextField("lý do bỏ qua", blank=True)
    nonconformity = models.OneToOneField(
        Nonconformity, on_delete=models.PROTECT, null=True, blank=True, related_name="proposal"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-late_count"]
        verbose_name = "đề xuất điểm không phù hợp"
        verbose_name_plural = "đề xuất điểm không phù hợp"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "subject", "period_start", "period_end"],
                name="nc_proposal_unique_subject_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.late_count} hồ sơ trễ hạn"

    def get_absolute_url(self) -> str:
        """The nonconformity it became, once accepted; until then its place among the proposals."""
        if self.nonconformity_id is not None:
            return reverse("improvement:nonconformity_detail", args=[self.nonconformity_id])
        return reverse("improvement:nonconformity_list") + f"#proposal-{self.pk}"
