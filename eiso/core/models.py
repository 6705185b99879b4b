from datetime import time

from django.conf import settings
from django.db import models

from eiso.core.collation import vietnamese


class TimeStamped(models.Model):
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class AuditChain(models.Model):
    """The head of one hash chain of the audit trail: one per agency, one per province, one global.

    Locking this row serialises writers of the same chain, so the chain never forks.
    """

    key = models.CharField(max_length=40, unique=True)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.key} #{self.last_sequence}"


class AuditEntry(models.Model):
    """One append-only entry of the audit trail (ISO 9001:2015 §7.5.3.2: control of changes).

    Entries are hash-chained per chain key so that an edited or deleted row is detected
    by `manage.py verify_audit_trail`. Written only by `core.audit.record`.
    """

    chain = models.CharField(max_length=40, db_index=True)
    sequence = models.PositiveBigIntegerField()
    # Not AgencyOwned: province-wide and deployment-wide actions have no agency.
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_repr = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(db_index=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["chain", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_entry_chain_sequence")
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # The trail page's keyset (core.pagination): newest first, the id breaking ties.
            models.Index(fields=["at", "id"], name="audit_entry_at_id"),
        ]
        verbose_name = "bản ghi nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_repr} {self.action} {self.target_repr}"


class WorkCalendar(models.Model):
    """The working-day calendar of a province: office hours and the daily cut-off for dossiers.

    Public holidays come from the `holidays` package; compensatory days off and swapped
    working days announced each year are `CalendarDay` rows.
    """

    province = models.OneToOneField("orgs.Province", on_delete=models.CASCADE, related_name="work_calendar")
    morning_start = models.TimeField("giờ bắt đầu buổi sáng", default=time(7, 30))
    morning_end = models.TimeField("giờ kết thúc buổi sáng", default=time(11, 30))
    afternoon_start = models.TimeField("giờ bắt đầu buổi chiều", default=time(13, 30))
    afternoon_end = models.TimeField("giờ kết thúc buổi chiều", default=time(17, 0))
    # Off by default: the 15:00 rule of NĐ 118/2025 Điều 18.2 moves the paper transfer, not the
    # time limit. A province may still set a default for every procedure; a procedure whose own
    # text says so carries its own cut-off.
    cutoff = models.TimeField(
        "giờ chốt tính thời hạn (mặc định của tỉnh)",
        null=True,
        blank=True,
        help_text="Để trống: thời hạn tính từ lúc tiếp nhận. Đặt giờ: hồ sơ nhận sau giờ này (hoặc vào "
        "ngày nghỉ) được tính từ ngày làm việc tiếp theo cho mọi thủ tục không có giờ chốt riêng.",
    )

    class Meta:
        verbose_name = "lịch làm việc"
        verbose_name_plural = "lịch làm việc"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(morning_start__lt=models.F("morning_end"))
                & models.Q(morning_end__lte=models.F("afternoon_start"))
                & models.Q(afternoon_start__lt=models.F("afternoon_end")),
                name="work_calendar_office_hours_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"Lịch làm việc {self.province}"


class CalendarDay(models.Model):
    """A day that differs from the default rule: a compensatory day off or a swapped working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Ngày nghỉ"
        WORKING_DAY = "working_day", "Ngày làm việc bù"

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("ngày")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    name = models.CharField("tên", max_length=200)
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="calendar_day_unique_date")]
        verbose_name = "ngày nghỉ bù / làm bù"
        verbose_name_plural = "ngày nghỉ bù / làm bù"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name}"


class TrustedRoot(models.Model):
    """A root certificate the province trusts for digital signatures on PDFs, such as the root of
    the Government Cipher Committee's specialised public-service CA (VGCA); set by the administrator."""

    name = models.CharField("tên", max_length=200)
    certificate = models.TextField("chứng thư (PEM)")
    subject = models.CharField("chủ thể", max_length=500)
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    valid_until = models.DateTimeField("hiệu lực đến")
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)

    class Meta:
        ordering = [vietnamese("name")]
        verbose_name = "chứng thư gốc tin cậy"
        verbose_name_plural = "chứng thư gốc tin cậy"

    def __str__(self) -> str:
        return self.name


class RevocationList(models.Model):
    """A certificate revocation list (CRL) the administrator uploaded, so that a province whose
    servers cannot reach the CAs still checks revocation; one per issuer, the newest kept."""

    issuer = models.CharField("cơ quan cấp", max_length=500)
    issuer_key = models.CharField("mã cơ quan cấp", max_length=64, unique=True)
    data = models.TextField("danh sách (PEM)")
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    this_update = models.DateTimeField("ban hành lúc")
    next_update = models.DateTimeField("cập nhật tiếp theo", null=True, blank=True)
    revoked_count = models.PositiveIntegerField("số chứng thư bị thu hồi", default=0)
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)

    class Meta:
        ordering = [vietnamese("issuer")]
        verbose_name = "danh sách chứng thư bị thu hồi (CRL)"
        verbose_name_plural = "danh sách chứng thư bị thu hồi (CRL)"

    def __str__(self) -> str:
        return self.issuer


class FileSignatures(models.Model):
    """What the digital signatures embedded in one PDF say, by the file's content (SHA-256), as
    validated on the basis of the moment (`basis`: the trusted roots, the uploaded CRLs and the
    revocation mode): a change of any of them makes it stale."""

    class Verdict(models.TextChoices):
        NONE = "none", "Không có chữ ký số"
        VALID = "valid", "Chữ ký số hợp lệ"
        UNTRUSTED = "untrusted", "Chữ ký số không thuộc chứng thư gốc tin cậy"
        ALTERED = "altered", "Tệp đã bị thay đổi sau khi ký"
        REVOKED = "revoked", "Chứng thư ký đã bị thu hồi"
        BROKEN = "broken", "Chữ ký số hỏng, không kiểm tra được"

    sha256 = models.CharField(max_length=64, unique=True)
    verdict = models.CharField("kết quả", max_length=20, choices=Verdict.choices)
    signatures = models.JSONField("các chữ ký", default=list)
    basis = models.CharField("căn cứ kiểm tra", max_length=64)
    checked_at = models.DateTimeField("kiểm tra lúc")

    class Meta:
        verbose_name = "kết quả kiểm tra chữ ký số"
        verbose_name_plural = "kết quả kiểm tra chữ ký số"

    def __str__(self) -> str:
        return self.get_verdict_display()

    @property
    def shown(self) -> bool:
        return self.verdict != self.Verdict.NONE

    @property
    def badge_class(self) -> str:
        """Green when valid, amber when only the trust is missing, red when the content is in doubt."""
        return {self.Verdict.VALID: "text-bg-success", self.Verdict.UNTRUSTED: "text-bg-warning"}.get(
            self.verdict, "text-bg-danger"
        )


# Records retention (core.retention) keeps its models beside, in a module of their own: they are
# agency-owned, and core.tenancy (which they need) itself needs TimeStamped from this module.
from eiso.core.models_records import (  # noqa: E402
    ArchivePackage,
    DisposalItem,
    DisposalList,
    RetentionRule,
)

__all__ = [
    "ArchivePackage",
    "AuditChain",
    "AuditEntry",
    "CalendarDay",
    "DisposalItem",
    "DisposalList",
    "FileSignatures",
    "RetentionRule",
    "TimeStamped",
    "TrustedRoot",
    "WorkCalendar",
]
