"""Budget lines of each agency and the province's ISO training sessions (issue 8 part 5).

Provincial reports cite funding and staff turnover as main obstacles, so the province follows
what each agency planned, got approved and spent, and who of its staff was trained."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core.collation import vietnamese
from eiso.core.models import TimeStamped
from eiso.core.tenancy import AgencyOwned
from eiso.oversight.models.common import ProvinceQuerySet


class BudgetLine(AgencyOwned):
    """One funding line of an agency for a year; amounts in whole đồng."""

    class Purpose(models.TextChoices):
        CONSULTANCY = "consultancy", "Thuê tư vấn"
        CONVERSION = "conversion", "Chuyển đổi phiên bản tiêu chuẩn"
        MAINTENANCE = "maintenance", "Duy trì, cải tiến"
        EISO = "eiso", "ISO điện tử"

    year = models.PositiveIntegerField("năm")
    purpose = models.CharField("mục đích", max_length=20, choices=Purpose.choices)
    planned = models.PositiveBigIntegerField("dự toán (đồng)", default=0)
    approved = models.PositiveBigIntegerField("được duyệt (đồng)", default=0)
    spent = models.PositiveBigIntegerField("đã chi (đồng)", default=0)
    source = models.CharField("nguồn, quyết định giao kinh phí", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["-year", vietnamese("agency__name"), vietnamese("purpose")]
        verbose_name = "dòng kinh phí"
        verbose_name_plural = "kinh phí"
        constraints = [
            models.CheckConstraint(
                condition=Q(approved__lte=models.F("planned")), name="budget_approved_le_planned"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_purpose_display()} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:budget_edit", args=[self.pk])


class TrainingSession(TimeStamped):
    """A training course on ISO 9001 held by the province for staff of its agencies."""

    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh"
    )
    topic = models.CharField("chủ đề", max_length=300)
    held_on = models.DateField("ngày tổ chức")
    trainer = models.CharField("giảng viên", max_length=255, blank=True)
    place = models.CharField("địa điểm", max_length=255, blank=True)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "lớp đào tạo"
        verbose_name_plural = "lớp đào tạo"

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("oversight:training_detail", args=[self.pk])


class TrainingAttendance(AgencyOwned):
    """One staff member of an agency who attended a session."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances", verbose_name="lớp đào tạo"
    )
    person_name = models.CharField("họ và tên", max_length=200)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    has_certificate = models.BooleanField("có chứng chỉ ISO", default=False)

    class Meta:
        ordering = [vietnamese("agency__name"), vietnamese("person_name")]
        verbose_name = "học viên"
        verbose_name_plural = "học viên"

    def __str__(self) -> str:
        return f"{self.person_name} ({self.agency})"
