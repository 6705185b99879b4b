"""Periodic reports of the province on ISO application, in the NĐ 30/2020 layout."""

from django.db import models
from django.urls import reverse

from eiso.core.models import TimeStamped
from eiso.oversight.models.common import ProvinceQuerySet


def report_file_path(report, filename: str) -> str:
    return f"oversight/reports/{report.province_id}/{report.year}/{filename}"


class Report(TimeStamped):
    """A six-month or yearly report, the November inspection summary or the December report to
    the Ministry (QĐ 19/2014 Điều 12.6, TT 26/2014 Điều 38, 42.4): figures computed from data,
    narrative sections written by the coordinator; issued reports are frozen.

    `status` is the report's lifecycle (draft, issued: services.workflows.REPORT); `generation` is
    the state of the background task that computes the figures and renders the files."""

    class Kind(models.TextChoices):
        SIX_MONTH = "six_month", "Báo cáo 6 tháng"
        YEARLY = "yearly", "Báo cáo năm"
        INSPECTION_SUMMARY = "inspection_summary", "Báo cáo tổng hợp kết quả kiểm tra"
        MINISTRY = "ministry", "Báo cáo gửi Bộ Khoa học và Công nghệ"

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ISSUED = "issued", "Đã ban hành"

    class Generation(models.TextChoices):
        NONE = "none", "Chưa tạo tệp"
        RUNNING = "running", "Đang tạo tệp"
        DONE = "done", "Đã tạo tệp"
        FAILED = "failed", "Tạo tệp lỗi"

    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh"
    )
    kind = models.CharField("loại báo cáo", max_length=30, choices=Kind.choices)
    year = models.PositiveIntegerField("năm")
    half = models.PositiveSmallIntegerField(
        "kỳ", null=True, blank=True, choices=[(1, "6 tháng đầu năm"), (2, "6 tháng cuối năm")]
    )
    number = models.CharField("số, ký hiệu", max_length=60, blank=True, help_text="Ví dụ: 566/BC-SKHCN.")
    issuing_agency = models.CharField("cơ quan ban hành", max_length=255, default="Sở Khoa học và Công nghệ")
    place = models.CharField("địa danh", max_length=100, blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, default="KT. GIÁM ĐỐC")
    signer_position = models.CharField("chức vụ người ký", max_length=100, default="PHÓ GIÁM ĐỐC")
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi nơi nhận một dòng.")
    direction = models.TextField("công tác chỉ đạo, điều hành", blank=True)
    strengths = models.TextField("ưu điểm", blank=True)
    weaknesses = models.TextField("tồn tại, hạn chế", blank=True)
    next_plan = models.TextField("kế hoạch kỳ tới", blank=True)
    recommendations = models.TextField("kiến nghị, đề xuất", blank=True)
    figures = models.JSONField("số liệu", default=dict, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    generation = models.CharField(
        "tạo tệp", max_length=20, choices=Generation.choices, default=Generation.NONE
    )
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    error = models.TextField(blank=True)
    docx_file = models.FileField(upload_to=report_file_path, blank=True, max_length=300)
    pdf_file = models.FileField(upload_to=report_file_path, blank=True, max_length=300)
    generated_at = models.DateTimeField("tạo tệp lúc", null=True, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-half", "-created_at"]
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="six_month") | models.Q(half__in=[1, 2]),
                name="report_six_month_has_half",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The report's name, for pages and downloaded files: "Báo cáo 6 tháng đầu năm 2026",
        "Báo cáo năm 2026", "Báo cáo tổng hợp kết quả kiểm tra năm 2026". The kind's label of a
        periodic report already names its period ("Báo cáo 6 tháng", "Báo cáo năm"): joined to
        the period label it said it twice."""
        if self.kind in (self.Kind.SIX_MONTH, self.Kind.YEARLY):
            return f"Báo cáo {self.period_label}"
        return f"{self.get_kind_display()} {self.period_label}"

    def download_name(self, fmt: str) -> str:
        """The name a downloaded file gets: its title, after its number once issued
        ("566-BC-SKHCN Báo cáo 6 tháng đầu năm 2026.pdf"; a "/" cannot be in a file name)."""
        number = self.number.replace("/", "-") if self.is_issued and self.number else ""
        return f"{number} {self.title}.{fmt}".strip()

    def get_absolute_url(self) -> str:
        return reverse("oversight:report_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.kind == self.Kind.SIX_MONTH:
            return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_generating(self) -> bool:
        return self.generation == self.Generation.RUNNING

    @property
    def is_generated(self) -> bool:
        return self.generation == self.Generation.DONE

    @property
    def has_generation_failed(self) -> bool:
        return self.generation == self.Generation.FAILED
