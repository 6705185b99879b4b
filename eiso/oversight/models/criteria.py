"""Criteria sets the province scores agencies against, and the bands of its ranking."""

from decimal import Decimal

from django.db import models
from django.urls import reverse

from eiso.core.collation import vietnamese
from eiso.core.models import TimeStamped
from eiso.oversight.models.common import ProvinceQuerySet

DEFAULT_BANDS = [
    {"label": "Xuất sắc", "min": 90},
    {"label": "Tốt", "min": 80},
    {"label": "Khá", "min": 65},
    {"label": "Trung bình", "min": 50},
    {"label": "Yếu", "min": 0},
]


class CriteriaSet(TimeStamped):
    """A versioned set of criteria with maximum points, by which the province inspects and ranks
    agencies (TT 26/2014/TT-BKHCN Điều 36; provincial ranking criteria, regulations.md §6.1)."""

    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh"
    )
    name = models.CharField("tên bộ tiêu chí", max_length=300)
    version = models.PositiveIntegerField("phiên bản", default=1)
    is_active = models.BooleanField("đang dùng", default=True)
    bands = models.JSONField(
        "xếp loại", default=list, help_text="Các mức xếp loại theo tỷ lệ điểm đạt (%), từ cao xuống thấp."
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = [vietnamese("name"), "-version"]
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name", "version"], name="criteria_set_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (phiên bản {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("oversight:criteria_detail", args=[self.pk])

    def band_for(self, percent: Decimal | None) -> str:
        if percent is None:
            return ""
        for band in sorted(self.bands or DEFAULT_BANDS, key=lambda item: -Decimal(str(item["min"]))):
            if percent >= Decimal(str(band["min"])):
                return band["label"]
        return ""


class CriterionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(criteria_set__in=CriteriaSet.objects.for_user(user).values("pk"))


class Criterion(TimeStamped):
    """One criterion of a set: a group heading (with children) or a scored item with its maximum,
    scored by hand with evidence or by a named automatic rule computed from eISO data."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="nhóm"
    )
    code = models.CharField("mã", max_length=20)
    title = models.CharField("nội dung tiêu chí", max_length=500)
    max_points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2, default=Decimal("0"))
    rule = models.CharField(
        "cách chấm", max_length=60, blank=True, help_text="Để trống: chấm tay kèm bằng chứng."
    )
    order = models.PositiveIntegerField("thứ tự", default=0)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["criteria_set", "order", "code"]
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"
