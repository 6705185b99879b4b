from django.conf import settings
from django.db import models
from django.urls import reverse

from eiso.core.collation import vietnamese
from eiso.core.models import TimeStamped
from eiso.core.tenancy import AgencyOwned


class Reference(models.TextChoices):
    ISO = "iso", "Tiêu chuẩn TCVN ISO 9001"
    TT26 = "tt26", "TT 26/2014 Điều 36"


class Result(models.TextChoices):
    PENDING = "pending", "Chưa đánh giá"
    CONFORMING = "conforming", "Phù hợp"
    NC_MAJOR = "nc_major", "Không phù hợp nặng"
    NC_MINOR = "nc_minor", "Không phù hợp nhẹ"
    OBSERVATION = "observation", "Điểm lưu ý"
    OFI = "ofi", "Cơ hội cải tiến"


NONCONFORMING = (Result.NC_MAJOR, Result.NC_MINOR)
FINDING_RESULTS = (Result.NC_MAJOR, Result.NC_MINOR, Result.OBSERVATION, Result.OFI)


class ChecklistQuestion(TimeStamped):
    """A question of the province's audit checklist library, referenced to a clause of TCVN ISO
    9001:2015 (4.1–10.3) or an inspection item of TT 26/2014 Điều 36 (ISO 9001:2015 §9.2.2)."""

    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="+", verbose_name="tỉnh"
    )
    reference = models.CharField("căn cứ", max_length=10, choices=Reference.choices)
    clause = models.CharField("điều khoản/mục", max_length=10)
    clause_title = models.CharField("tên điều khoản/mục", max_length=200)
    text = models.TextField("câu hỏi")
    evidence_hint = models.TextField("gợi ý bằng chứng", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["reference", "order", "pk"]
        verbose_name = "câu hỏi đánh giá"
        verbose_name_plural = "thư viện câu hỏi đánh giá"

    def __str__(self) -> str:
        return f"{self.clause} · {self.text[:60]}"


class AuditProgramme(AgencyOwned):
    """An agency's yearly internal audit programme (ISO 9001:2015 §9.2.2; QĐ 19/2014 Điều 4: at least once
    a year). Its audits start only once the leader has approved it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        APPROVED = "approved", "Đã phê duyệt"

    year = models.PositiveIntegerField("năm")
    objectives = models.TextField("mục tiêu chương trình", blank=True)
    risk_basis = models.TextField(
        "căn cứ ưu tiên", blank=True, help_text="Vì sao các quy trình, đơn vị được chọn và thứ tự ưu tiên."
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người phê duyệt",
    )
    approved_on = models.DateField("ngày phê duyệt", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["-year"]
        verbose_name = "chương trình đánh giá nội bộ"
        verbose_name_plural = "chương trình đánh giá nội bộ"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="audit_programme_unique_year"),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_on__isnull=False),
                name="audit_programme_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Chương trình đánh giá nội bộ năm {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("improvement:programme_detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class InternalAudit(AgencyOwned):
    """One internal audit of the programme: scope, criteria, dates, team, checklist and report (ISO
    9001:2015 §9.2)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Đã lập kế hoạch"
        IN_PROGRESS = "in_progress", "Đang đánh giá"
        REPORTED = "reported", "Đã ban hành báo cáo"
        ACKNOWLEDGED = "acknowledged", "Lãnh đạo đã tiếp nhận báo cáo"
        CANCELLED = "cancelled", "Đã hủy"

    programme = models.ForeignKey(AuditProgramme, on_delete=models.PROTECT, related_name="audits")
    code = models.CharField("số hiệu", max_length=30)
    title = models.CharField("tên cuộc đánh giá", max_length=300)
    scope = models.TextField("phạm vi đánh giá")
    criteria = models.TextField("chuẩn mực đánh giá", blank=True)
    # The edition of the standard the checklist and findings cite: the agency's on the day it is planned.
    edition = models.ForeignKey(
        "orgs.StandardEdition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phiên bản tiêu chuẩn",
    )
    units = models.ManyToManyField(
        "orgs.Unit", blank=True, related_name="+", verbose_name="đơn vị được đánh giá"
    )
    processes = models.ManyToManyField(
        "procedures.Process", blank=True, related_name="+", verbose_name="quy trình được đánh giá"
    )
    planned_start_on = models.DateField("từ ngày")
    planned_end_on = models.DateField("đến ngày")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PLANNED)
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="trưởng đoàn đánh giá",
    )
    summary = models.TextField("tóm tắt kết quả", blank=True)
    conclusions = models.TextField("kết luận", blank=True)
    report_number = models.CharField("số báo cáo", max_length=40, blank=True)
    reported_on = models.DateField("ngày ban hành báo cáo", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lãnh đạo tiếp nhận",
    )
    acknowledged_on = models.DateField("ngày tiếp nhận", null=True, blank=True)
    cancel_reason = models.TextField("lý do hủy", blank=True)

    class Meta:
        ordering = ["-planned_start_on", "-pk"]
        verbose_name = "cuộc đánh giá nội bộ"
        verbose_name_plural = "cuộc đánh giá nội bộ"
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="internal_audit_unique_code"),
            models.CheckConstraint(
                condition=models.Q(planned_end_on__gte=models.F("planned_start_on")),
                name="internal_audit_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("improvement:audit_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Planned or under way: the team and the checklist may still change."""
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    @property
    def is_under_way(self) -> bool:
        """Started and not reported: checklist results are recorded now."""
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.REPORTED, self.Status.ACKNOWLEDGED)


class AuditTeamMember(AgencyOwned):
    """An auditor of an internal audit's team (ISO 9001:2015 §9.2.2 c: objectivity and impartiality)."""

    audit = models.ForeignKey(InternalAudit, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="thành viên"
    )
    is_lead = models.BooleanField("trưởng đoàn", default=False)

    class Meta:
        ordering = ["-is_lead", vietnamese("user__full_name")]
        verbose_name = "thành viên đoàn đánh giá"
        verbose_name_plural = "đoàn đánh giá"
        constraints = [models.UniqueConstraint(fields=["audit", "user"], name="audit_team_unique_member")]

    def __str__(self) -> str:
        return str(self.user)


def line_evidence_path(line: "ChecklistLine", filename: str) -> str:
    return f"improvement/audits/{line.agency_id}/{line.audit_id}/{filename}"


class ChecklistLine(AgencyOwned):
    """One question of an audit's checklist with its result and evidence (ISO 9001:2015 §9.2.2 d)."""

    audit = models.ForeignKey(InternalAudit, on_delete=models.CASCADE, related_name="lines")
    question = models.ForeignKey(
        ChecklistQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField("căn cứ", max_length=10, choices=Reference.choices)
    clause = models.CharField("điều khoản/mục", max_length=10)
    text = models.TextField("câu hỏi")
    evidence_hint = models.TextField("gợi ý bằng chứng", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    result = models.CharField("kết quả", max_length=20, choices=Result.choices, default=Result.PENDING)
    evidence_text = models.TextField("bằng chứng", blank=True)
    evidence_file = models.FileField(
        "tệp bằng chứng", upload_to=line_evidence_path, blank=True, max_length=300
    )
    document_version = models.ForeignKey(
        "documents.DocumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phiên bản tài liệu liên quan",
    )
    record_reference = models.CharField(
        "hồ sơ liên quan",
        max_length=100,
        blank=True,
        help_text="Mã hồ sơ TTHC hoặc số hiệu bản ghi trong eISO.",
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đánh giá",
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "dòng danh mục kiểm tra"
        verbose_name_plural = "danh mục kiểm tra"

    def __str__(self) -> str:
        return f"{self.clause} · {self.text[:60]}"


class Finding(AgencyOwned):
    """A finding of an internal audit: nonconformity, observation or opportunity for improvement (ISO
    9001:2015 §9.2.2 c)."""

    audit = models.ForeignKey(InternalAudit, on_delete=models.CASCADE, related_name="findings")
    line = models.OneToOneField(
        ChecklistLine, on_delete=models.CASCADE, null=True, blank=True, related_name="finding"
    )
    kind = models.CharField(
        "loại phát hiện", max_length=20, choices=[c for c in Result.choices if c[0] in FINDING_RESULTS]
    )
    clause = models.CharField("điều khoản/mục", max_length=10)
    statement = models.TextField("nội dung phát hiện")
    evidence = models.TextField("bằng chứng", blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="đơn vị"
    )

    class Meta:
        ordering = ["audit", "pk"]
        verbose_name = "phát hiện đánh giá"
        verbose_name_plural = "phát hiện đánh giá"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.clause}"

    def get_absolute_url(self) -> str:
        return reverse("improvement:audit_detail", args=[self.audit_id]) + f"#finding-{self.pk}"

    @property
    def is_nonconformity(self) -> bool:
        return self.kind in NONCONFORMING
