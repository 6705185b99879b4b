from django.conf import settings
from django.db import models
from django.urls import reverse

from eiso.core.tenancy import AgencyOwned


class ManagementReview(AgencyOwned):
    """A management review meeting, its inputs compiled from eISO data and frozen when held,
    and its outputs as Actions (ISO 9001:2015 §9.3; QĐ 19/2014 Điều 4: at least once a year)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Đã lên kế hoạch"
        HELD = "held", "Đã họp"

    title = models.CharField("tên cuộc họp", max_length=300)
    period_start = models.DateField("số liệu từ ngày")
    period_end = models.DateField("số liệu đến ngày")
    planned_on = models.DateField("ngày dự kiến họp")
    location = models.CharField("địa điểm", max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="chủ trì"
    )
    participants = models.TextField("thành phần tham dự", blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PLANNED)
    held_on = models.DateField("ngày họp", null=True, blank=True)
    inputs = models.JSONField("đầu vào", default=list, blank=True)
    inputs_frozen_at = models.DateTimeField("đầu vào chốt lúc", null=True, blank=True)
    conclusions = models.TextField("kết luận", blank=True)
    minutes_number = models.CharField("số biên bản", max_length=40, blank=True)

    class Meta:
        ordering = ["-planned_on", "-pk"]
        verbose_name = "xem xét của lãnh đạo"
        verbose_name_plural = "xem xét của lãnh đạo"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="review_period_in_order"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="held")
                | models.Q(held_on__isnull=False, inputs_frozen_at__isnull=False),
                name="review_held_has_frozen_inputs",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("improvement:review_detail", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD
