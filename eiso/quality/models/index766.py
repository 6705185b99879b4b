"""Figures of the Bộ chỉ số 766 that eISO cannot measure from its own data, entered by hand."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eiso.core.tenancy import AgencyOwned
from eiso.quality.index766.rules import MANUAL_CHOICES


class Index766Entry(AgencyOwned):
    """One figure of the Bộ chỉ số 766 (QĐ 766/QĐ-TTg; NĐ 118/2025 Điều 32) for an agency and a period,
    that eISO cannot measure (online payment, digitisation, synchronisation with the national portal…):
    entered as numerator and denominator, as the national portal shows them, by the agency's ISO
    secretary or the province's coordinator (ISO 9001:2015 §9.1.3)."""

    indicator = models.CharField("chỉ số", max_length=10, choices=MANUAL_CHOICES)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    numerator = models.PositiveIntegerField("tử số")
    denominator = models.PositiveIntegerField(
        "mẫu số", help_text="0 khi chỉ số không phát sinh trong kỳ (không tính vào tổng điểm)."
    )
    source = models.CharField(
        "nguồn số liệu",
        max_length=300,
        blank=True,
        help_text="Ví dụ: Cổng DVCQG, trang 766, ngày 05/01/2027.",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )

    class Meta:
        ordering = ["agency", "indicator", "-ends_on"]
        verbose_name = "số liệu Bộ chỉ số 766 nhập tay"
        verbose_name_plural = "số liệu Bộ chỉ số 766 nhập tay"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "indicator", "starts_on", "ends_on"], name="index766_entry_unique_period"
            ),
            models.CheckConstraint(condition=Q(numerator__lte=F("denominator")), name="index766_entry_ratio"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="index766_entry_period"),
        ]

    def __str__(self) -> str:
        period = f"{self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"
        return f"Chỉ số {self.indicator}: {self.numerator}/{self.denominator} ({period})"
