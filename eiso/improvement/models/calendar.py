"""The QMS calendar's own rows: the recurring obligations that no other record of eISO dates yet,
and each user's secret feed link. Obligations that have a source (documents, risks, objectives,
audits, reviews, legal changes) are derived from it by `improvement.qms_calendar`, never copied."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core.models import TimeStamped
from eiso.core.tenancy import AgencyOwned


class Schedule(AgencyOwned):
    """A recurring QMS obligation with no other source in eISO (the yearly check of the announcement,
    ISO training, …): its owner, its interval and its next due date (ISO 9001:2015 §6.2, §7.2;
    QĐ 19/2014 Điều 4)."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT_CHECK = "announcement_check", "Rà soát công bố HTQLCL hằng năm"
        TRAINING = "training", "Đào tạo, tập huấn ISO"
        OTHER = "other", "Việc định kỳ khác"

    kind = models.CharField("loại việc", max_length=30, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("tên công việc", max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người phụ trách"
    )
    interval_months = models.PositiveSmallIntegerField("chu kỳ (tháng)", default=12)
    next_due_on = models.DateField("hạn lần tới")
    last_done_on = models.DateField("hoàn thành lần gần nhất", null=True, blank=True)
    is_active = models.BooleanField("đang theo dõi", default=True)

    class Meta:
        ordering = ["next_due_on", "id"]
        verbose_name = "việc định kỳ"
        verbose_name_plural = "việc định kỳ"
        constraints = [
            models.CheckConstraint(condition=Q(interval_months__gte=1), name="schedule_interval_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("improvement:calendar")


class CalendarFeed(TimeStamped):
    """A user's secret link to their QMS calendar as an iCalendar feed, read by calendar apps
    without a login; the user regenerates it to revoke the old link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="người dùng"
    )
    # The public half finds the row; the secret half is compared in constant time.
    key = models.CharField("mã tra cứu", max_length=16, unique=True)
    secret = models.CharField("mã bí mật", max_length=64)

    class Meta:
        verbose_name = "liên kết lịch iCalendar"
        verbose_name_plural = "liên kết lịch iCalendar"

    def __str__(self) -> str:
        return f"Lịch HTQLCL của {self.user}"

    @property
    def token(self) -> str:
        return f"{self.key}.{self.secret}"
