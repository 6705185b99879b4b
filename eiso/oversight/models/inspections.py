"""Inspections of agencies by the province (TT 26/2014/TT-BKHCN Chương V, Điều 33–40)."""

from django.db import models
from django.urls import reverse

from eiso.core.collation import vietnamese
from eiso.core.models import TimeStamped
from eiso.core.tenancy import AgencyOwned
from eiso.oversight.models.common import ProvinceQuerySet


class InspectionPlan(TimeStamped):
    """The yearly inspection plan (Mẫu 19. KHKT, TT 26/2014 Điều 34): every obligated agency is
    inspected through documents and at least a third of them on site (Điều 33)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        APPROVED = "approved", "Đã phê duyệt"

    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh"
    )
    year = models.PositiveIntegerField("năm")
    number = models.CharField("số, ký hiệu", max_length=60, blank=True, help_text="Ví dụ: 12/KH-SKHCN.")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField("ngày phê duyệt", null=True, blank=True)
    issuing_agency = models.CharField("cơ quan ban hành", max_length=255, default="Sở Khoa học và Công nghệ")
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, default="KT. GIÁM ĐỐC", blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=100, default="PHÓ GIÁM ĐỐC")
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    # Read only: plans approved before the rule became strict could record why fewer than a third
    # were inspected on site. Điều 33 has no exception: nothing writes it now and approval ignores
    # it; it stays so that an old plan's Mẫu 19 reads as it was approved.
    on_site_shortfall_reason = models.TextField(
        "lý do kiểm tra tại trụ sở dưới một phần ba (kế hoạch cũ)", blank=True, editable=False
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = "kế hoạch kiểm tra"
        verbose_name_plural = "kế hoạch kiểm tra"
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="inspection_plan_one_per_year")
        ]

    def __str__(self) -> str:
        return f"Kế hoạch kiểm tra năm {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:inspection_plan_detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Inspection(AgencyOwned):
    """The inspection of one agency in the year's plan: its form, decision and team (Mẫu 20),
    the checklist scores with evidence, the minutes (Mẫu 21) and the conclusion (Điều 36–37)."""

    class Form(models.TextChoices):
        DOCUMENTS = "documents", "Qua hồ sơ, báo cáo"
        ON_SITE = "on_site", "Tại trụ sở"

    class Status(models.TextChoices):
        PLANNED = "planned", "Đã lên kế hoạch"
        IN_PROGRESS = "in_progress", "Đang kiểm tra"
        CONCLUDED = "concluded", "Đã kết luận"

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="inspections")
    form = models.CharField("hình thức", max_length=20, choices=Form.choices, default=Form.DOCUMENTS)
    planned_on = models.DateField("thời gian dự kiến", null=True, blank=True)
    inspecting_unit = models.CharField("đơn vị kiểm tra", max_length=255, blank=True)
    cooperating_unit = models.CharField(
        "đơn vị phối hợp",
        max_length=255,
        blank=True,
        help_text="Đơn vị phối hợp kiểm tra (TT 26/2014 Điều 34.b), ví dụ: Sở Nội vụ.",
    )
    budget_amount = models.DecimalField(
        "kinh phí (đồng)", max_digits=14, decimal_places=0, null=True, blank=True
    )
    decision_number = models.CharField("số quyết định kiểm tra", max_length=60, blank=True)
    decided_on = models.DateField("ngày quyết định kiểm tra", null=True, blank=True)
    team = models.TextField(
        "đoàn kiểm tra", blank=True, help_text="Trưởng đoàn và thành viên, mỗi người một dòng."
    )
    # Điều 35: the written request that the agency report on its QMS, with evidence, by a date.
    report_request_number = models.CharField("số văn bản đề nghị báo cáo", max_length=60, blank=True)
    report_requested_on = models.DateField("ngày văn bản đề nghị báo cáo", null=True, blank=True)
    report_due_on = models.DateField("hạn gửi báo cáo", null=True, blank=True)
    criteria_set = models.ForeignKey(
        "oversight.CriteriaSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bộ tiêu chí",
    )
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PLANNED)
    inspected_on = models.DateField("ngày kiểm tra", null=True, blank=True)
    # How an inspection ends (Điều 37): on site, the minutes (Mẫu 21) signed by both sides; through
    # documents, the written request to fix the gaps found (or saying none were found).
    minutes_number = models.CharField("số biên bản kiểm tra", max_length=60, blank=True)
    minutes_signed_on = models.DateField("ngày ký biên bản", null=True, blank=True)
    result_letter_number = models.CharField(
        "số văn bản thông báo kết quả, đề nghị khắc phục", max_length=60, blank=True
    )
    result_letter_on = models.DateField(
        "ngày văn bản thông báo kết quả, đề nghị khắc phục", null=True, blank=True
    )
    agency_representative = models.CharField(
        "đại diện cơ quan được kiểm tra",
        max_length=255,
        blank=True,
        help_text="Họ tên, chức vụ người ký biên bản thay mặt cơ quan, ví dụ: Nguyễn Văn An, Giám đốc.",
    )
    conclusion = models.TextField("kết luận", blank=True)

    class Meta:
        ordering = ["plan", vietnamese("agency__name")]
        verbose_name = "cuộc kiểm tra"
        verbose_name_plural = "cuộc kiểm tra"
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="inspection_one_per_agency_in_plan")
        ]

    def __str__(self) -> str:
        return f"Kiểm tra {self.agency} năm {self.plan.year}" if self.plan_id else "Kiểm tra"

    def get_absolute_url(self) -> str:
        return reverse("oversight:inspection_detail", args=[self.pk])

    @property
    def province(self):
        """The province that inspects (the plan's): provincial roles are checked over it."""
        return self.plan.province

    @property
    def has_started(self) -> bool:
        return self.status != self.Status.PLANNED

    @property
    def is_concluded(self) -> bool:
        return self.status == self.Status.CONCLUDED

    @property
    def is_on_site(self) -> bool:
        return self.form == self.Form.ON_SITE

    @property
    def concluded_on(self):
        """The day of the document that ends the inspection: the minutes signed on site, the written
        request for an inspection through documents. Follow-ups count their two months from it."""
        return self.minutes_signed_on if self.is_on_site else self.result_letter_on


class Score(AgencyOwned):
    """The points an inspection gives one criterion, with the evidence (or the figures an
    automatic rule used); frozen once the inspection is concluded."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("oversight.Criterion", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("điểm", max_digits=6, decimal_places=2, null=True, blank=True)
    evidence = models.TextField("bằng chứng", blank=True)
    is_automatic = models.BooleanField("chấm tự động", default=False)
    figures = models.JSONField("số liệu", default=dict, blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion__code"]
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "criterion"], name="score_one_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"


class FollowUp(AgencyOwned):
    """A request the inspection leaves the agency (fix a gap, report corrective action), due at most
    two months after the minutes or the written request, on a working day (TT 26/2014 Điều 37)."""

    class Status(models.TextChoices):
        OPEN = "open", "Chưa báo cáo"
        REPORTED = "reported", "Đã báo cáo khắc phục"
        ACCEPTED = "accepted", "Đã chấp nhận"
        REJECTED = "rejected", "Không chấp nhận hành động khắc phục"

    # The agency still owes a report: never reported, or its corrective action was not accepted.
    AWAITING_REPORT = (Status.OPEN, Status.REJECTED)

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="follow_ups")
    request = models.TextField("yêu cầu")
    due_on = models.DateField("hạn báo cáo")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField("báo cáo khắc phục", blank=True)
    reported_on = models.DateField("ngày báo cáo", null=True, blank=True)
    # Set when the improvement app turns this request into a nonconformity of the agency.
    nonconformity_id = models.PositiveBigIntegerField("điểm không phù hợp", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "yêu cầu khắc phục sau kiểm tra"
        verbose_name_plural = "yêu cầu khắc phục sau kiểm tra"

    def __str__(self) -> str:
        return self.request[:80]

    def get_absolute_url(self) -> str:
        return f"{self.inspection.get_absolute_url()}#follow-up-{self.pk}"

    @property
    def province(self):
        return self.inspection.province

    @property
    def is_awaiting_report(self) -> bool:
        return self.status in self.AWAITING_REPORT

    def is_overdue(self, today) -> bool:
        return self.is_awaiting_report and self.due_on < today
