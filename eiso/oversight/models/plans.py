"""The province's yearly rollout plan (kế hoạch triển khai, QĐ 19/2014 Điều 6) and each agency's entry."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core.collation import vietnamese
from eiso.core.models import TimeStamped
from eiso.core.tenancy import AgencyOwned, AgencyQuerySet
from eiso.oversight.models.common import ProvinceOrAgencyQuerySet


class RolloutPlan(TimeStamped):
    """The year's plan of the province for building, converting, maintaining and piloting
    e-ISO in its agencies (QĐ 19/2014/QĐ-TTg Điều 6; TT 26/2014 Điều 12.4)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        APPROVED = "approved", "Đã phê duyệt"

    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh"
    )
    year = models.PositiveIntegerField("năm")
    title = models.CharField("tên kế hoạch", max_length=300)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True, help_text="Ví dụ: 45/KH-SKHCN.")
    approved_on = models.DateField("ngày phê duyệt", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField("ghi chú", blank=True)

    objects = ProvinceOrAgencyQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = "kế hoạch triển khai"
        verbose_name_plural = "kế hoạch triển khai"
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="rollout_plan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("oversight:plan_detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class PlanEntry(AgencyOwned):
    """One agency's line of the rollout plan: its track for the year, consultant, budget line,
    and the progress it reports (QĐ 19/2014 Điều 4 steps, TT 26/2014 Điều 7.2)."""

    class Track(models.TextChoices):
        BUILD_NEW = "build_new", "Xây dựng mới"
        CONVERT = "convert", "Chuyển đổi phiên bản tiêu chuẩn"
        MAINTAIN = "maintain", "Duy trì, cải tiến"
        PILOT_EISO = "pilot_eiso", "Thí điểm ISO điện tử"

    class Stage(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa triển khai"
        PREPARING = "preparing", "Chuẩn bị, đào tạo"
        DOCUMENTING = "documenting", "Xây dựng tài liệu"
        APPLYING = "applying", "Áp dụng"
        EVALUATED = "evaluated", "Đã đánh giá nội bộ, xem xét lãnh đạo"
        ANNOUNCED = "announced", "Đã công bố"

    plan = models.ForeignKey(
        RolloutPlan, on_delete=models.CASCADE, related_name="entries", verbose_name="kế hoạch"
    )
    track = models.CharField("nhiệm vụ trong năm", max_length=20, choices=Track.choices)
    consultant = models.CharField("đơn vị tư vấn", max_length=255, blank=True)
    budget_line = models.CharField("nguồn kinh phí", max_length=255, blank=True)
    budget_amount = models.DecimalField(
        "kinh phí (đồng)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    is_self_registered = models.BooleanField("cơ quan tự đăng ký", default=False)
    stage = models.CharField("giai đoạn", max_length=20, choices=Stage.choices, default=Stage.NOT_STARTED)
    progress_percent = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    progress_note = models.TextField("báo cáo tiến độ", blank=True)
    progress_reported_on = models.DateField("ngày báo cáo tiến độ", null=True, blank=True)
    progress_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", vietnamese("agency__name")]
        verbose_name = "đăng ký kế hoạch của cơ quan"
        verbose_name_plural = "đăng ký kế hoạch của cơ quan"
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="plan_entry_one_per_agency"),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="plan_entry_progress_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_track_display()}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:entry_detail", args=[self.pk])


class Milestone(AgencyOwned):
    """A dated step of an agency's plan entry, e.g. "công bố HTQLCL trước 30/9"."""

    entry = models.ForeignKey(PlanEntry, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("mốc", max_length=300)
    due_on = models.DateField("hạn")
    done_on = models.DateField("hoàn thành ngày", null=True, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "mốc tiến độ"
        verbose_name_plural = "mốc tiến độ"

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%d/%m/%Y})"

    def is_overdue(self, today) -> bool:
        return self.done_on is None and self.due_on < today
