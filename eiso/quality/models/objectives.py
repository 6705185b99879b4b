from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from eiso.core.numbers import number_text
from eiso.core.tenancy import AgencyOwned


class Comparison(models.TextChoices):
    AT_LEAST = "ge", "≥ (không thấp hơn)"
    AT_MOST = "le", "≤ (không vượt quá)"
    EQUAL = "eq", "= (bằng)"


COMPARISON_SIGNS = {Comparison.AT_LEAST: "≥", Comparison.AT_MOST: "≤", Comparison.EQUAL: "="}


class MeasureUnit(models.TextChoices):
    PERCENT = "%", "%"
    DAYS = "ngày", "ngày"
    HOURS = "giờ", "giờ"
    COUNT = "số lượng", "số lượng"
    SCORE = "điểm", "điểm"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Hằng tháng"
    QUARTERLY = "quarterly", "Hằng quý"
    YEARLY = "yearly", "Hằng năm"


class Attainment(models.TextChoices):
    REACHED = "reached", "Đạt"
    AT_RISK = "at_risk", "Có nguy cơ không đạt"
    MISSED = "missed", "Không đạt"
    NO_DATA = "no_data", "Chưa có dữ liệu"


MANUAL_SOURCE = "manual"


class QualityObjective(AgencyOwned):
    """A measurable yearly quality objective of an agency or one of its units, with its
    indicator and the plan to reach it (ISO 9001:2015 §6.2; QĐ 19/2014 and QĐ 101/QĐ-BKHCN)."""

    year = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phòng/ban",
        help_text="Để trống nếu là mục tiêu chung của cơ quan.",
    )
    statement = models.TextField("mục tiêu")
    work_plan_task = models.CharField(
        "nhiệm vụ trong kế hoạch công tác năm",
        max_length=500,
        blank=True,
        help_text="Nhiệm vụ của kế hoạch năm mà mục tiêu này phục vụ (trích dẫn hoặc số hiệu).",
    )
    indicator = models.CharField("chỉ số đo lường", max_length=300)
    source = models.CharField("nguồn số liệu", max_length=60, default=MANUAL_SOURCE)
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thủ tục hành chính",
        help_text="Chỉ tính trên một thủ tục (tùy chọn).",
    )
    comparison = models.CharField(
        "so sánh", max_length=2, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    target = models.DecimalField("chỉ tiêu", max_digits=12, decimal_places=2)
    measure_unit = models.CharField(
        "đơn vị tính", max_length=20, choices=MeasureUnit.choices, default=MeasureUnit.PERCENT
    )
    frequency = models.CharField(
        "tần suất đo", max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người chịu trách nhiệm",
    )
    is_active = models.BooleanField("đang theo dõi", default=True)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = "mục tiêu chất lượng"
        verbose_name_plural = "mục tiêu chất lượng"
        indexes = [models.Index(fields=["agency", "year"])]

    def __str__(self) -> str:
        return self.statement[:120]

    def get_absolute_url(self) -> str:
        return reverse("quality:objective_detail", args=[self.pk])

    @property
    def is_manual(self) -> bool:
        return self.source == MANUAL_SOURCE

    @property
    def unit_suffix(self) -> str:
        """What follows a number: " %", " ngày"; nothing for counts ("3", not "3 số lượng")."""
        return "" if self.measure_unit == MeasureUnit.COUNT else f" {self.measure_unit}"

    @property
    def target_display(self) -> str:
        return f"{COMPARISON_SIGNS[self.comparison]} {format_number(self.target)}{self.unit_suffix}"

    def meets(self, value: Decimal) -> bool:
        if self.comparison == Comparison.AT_LEAST:
            return value >= self.target
        if self.comparison == Comparison.AT_MOST:
            return value <= self.target
        return value.quantize(Decimal("0.01")) == self.target.quantize(Decimal("0.01"))

    def attainment(self, value: Decimal | None, period_end: date, today: date) -> str:
        """Reached when the value meets the target; while the period runs a shortfall is only a
        risk, once it has ended the objective is missed for that period."""
        if value is None:
            return Attainment.NO_DATA
        if self.meets(value):
            return Attainment.REACHED
        if period_end >= today:
            return Attainment.AT_RISK
        return Attainment.MISSED


class IndicatorValue(AgencyOwned):
    """The measured value of an objective's indicator for one period, with the figures it came
    from (ISO 9001:2015 §9.1.1). Once final, a value changes only by a deliberate recalculation."""

    objective = models.ForeignKey(QualityObjective, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    label = models.CharField("kỳ", max_length=40)
    value = models.DecimalField("giá trị", max_digits=12, decimal_places=2, null=True, blank=True)
    figures = models.JSONField("số liệu gốc", default=dict, blank=True)
    source = models.CharField("nguồn số liệu", max_length=60)
    is_final = models.BooleanField("đã chốt", default=False)
    computed_at = models.DateTimeField("tính lúc", null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    note = models.TextField("ghi chú", blank=True)
    evidence = models.FileField("bằng chứng", upload_to="quality/indicators/%Y/", blank=True, max_length=300)

    class Meta:
        ordering = ["objective", "period_start"]
        verbose_name = "giá trị chỉ số"
        verbose_name_plural = "giá trị chỉ số"
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "period_start"], name="indicator_value_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="indicator_value_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective} — {self.label}"

    def attainment(self, today: date) -> str:
        return self.objective.attainment(self.value, self.period_end, today)


def format_number(value: Decimal | None) -> str:
    """12.50 -> '12,5'; 98.00 -> '98'; 1250 -> '1.250' (core.numbers, at most two decimals)."""
    return number_text(value, 2, trim=True)
