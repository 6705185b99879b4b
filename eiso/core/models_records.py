"""The models of records retention (core.retention): the periods a province changed, disposal lists
and archive packages. Imported by core.models, so that Django finds them in the core app."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from eiso.core.tenancy import AgencyOwned


class RetentionRule(models.Model):
    """A province's own period for a record type whose default is an ISO or provincial one
    (ISO 9001:2015 §7.5.3.2: retention of documented information); set by the administrator."""

    province = models.ForeignKey("orgs.Province", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("loại hồ sơ", max_length=60)
    years = models.PositiveSmallIntegerField("số năm lưu", default=0)
    is_permanent = models.BooleanField("lưu vĩnh viễn", default=False)
    source = models.CharField("căn cứ", max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["province", "key"], name="retention_rule_unique_key")]
        verbose_name = "thời hạn lưu hồ sơ"
        verbose_name_plural = "thời hạn lưu hồ sơ"

    def __str__(self) -> str:
        return f"{self.key}: {'vĩnh viễn' if self.is_permanent else f'{self.years} năm'}"


class DisposalList(AgencyOwned):
    """A list of records whose retention has ended, proposed for destruction by the ISO secretary
    and approved or rejected by the agency's leader (danh mục tài liệu hết giá trị, Luật Lưu trữ 2024)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Chờ lãnh đạo duyệt"
        APPROVED = "approved", "Đã duyệt, đã huỷ"
        REJECTED = "rejected", "Không duyệt"

    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PROPOSED)
    reason = models.TextField("lý do đề nghị huỷ", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người lập"
    )
    proposed_on = models.DateField("ngày lập")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt",
    )
    decided_on = models.DateField("ngày duyệt", null=True, blank=True)
    decision_number = models.CharField("số quyết định huỷ", max_length=60, blank=True)
    decision_note = models.TextField("ý kiến của lãnh đạo", blank=True)

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = "danh mục tài liệu hết giá trị"
        verbose_name_plural = "danh mục tài liệu hết giá trị"

    def __str__(self) -> str:
        return f"Danh mục tài liệu hết giá trị lập ngày {self.proposed_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("core:disposal_detail", args=[self.pk])


class DisposalItem(AgencyOwned):
    """One record of a disposal list. Once the list is approved and the record destroyed, this row
    is what remains of it: the register of destroyed records (code, title, dates, decision)."""

    disposal = models.ForeignKey(DisposalList, on_delete=models.CASCADE, related_name="items")
    record_type = models.CharField("loại hồ sơ", max_length=60)
    record_id = models.PositiveBigIntegerField()
    code = models.CharField("số, ký hiệu", max_length=120)
    title = models.CharField("tiêu đề", max_length=300)
    ended_on = models.DateField("ngày kết thúc công việc")
    kept_until = models.DateField("lưu đến")
    period = models.CharField("thời hạn lưu", max_length=40)
    source = models.CharField("căn cứ", max_length=300)
    destroyed_at = models.DateTimeField("huỷ lúc", null=True, blank=True)

    class Meta:
        ordering = ["record_type", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["disposal", "record_type", "record_id"], name="disposal_item_unique_record"
            )
        ]
        verbose_name = "hồ sơ trong danh mục hết giá trị"
        verbose_name_plural = "hồ sơ trong danh mục hết giá trị"

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


def package_path(package, filename: str) -> str:
    return f"archives/{package.agency_id}/{package.year}/{filename}"


class ArchivePackage(AgencyOwned):
    """The records of one agency whose work ended in one year, packed for the archive: PDF/A
    renditions, original files, a metadata file per record and a manifest with SHA-256 checksums."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ tạo"
        RUNNING = "running", "Đang tạo gói"
        DONE = "done", "Đã tạo gói"
        FAILED = "failed", "Tạo gói lỗi"

    year = models.PositiveSmallIntegerField("năm")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField("số hồ sơ", default=0)
    done = models.PositiveIntegerField("đã đóng gói", default=0)
    file = models.FileField(upload_to=package_path, blank=True, max_length=300)
    sha256 = models.CharField("mã băm SHA-256 của gói", max_length=64, blank=True)
    error = models.CharField("lỗi", max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người yêu cầu"
    )
    built_at = models.DateTimeField("tạo xong lúc", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = "gói lưu trữ"
        verbose_name_plural = "gói lưu trữ"

    def __str__(self) -> str:
        return f"Gói lưu trữ năm {self.year}"

    @property
    def is_building(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
