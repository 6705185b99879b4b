"""The administrative-procedure (TTHC) catalogue of a province, with versions.

A Procedure is province-wide, not agency-owned: the Chairman of the provincial People's
Committee announces the list of TTHC for every local level (NĐ 63/2010/NĐ-CP, Điều 13),
so every agency of the province reads the same catalogue. Its content changes over time;
each change is a new ProcedureVersion, and a dossier keeps the version it was received under.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core.models import TimeStamped
from eiso.procedures.content import CHANNELS, LEVELS, TIME_UNITS, amount_text, processing_time_text

__all__ = [
    "Procedure",
    "ProcedureVersion",
    "ProcedureComponent",
    "ProcedureQuerySet",
    "component_form_path",
]


class ProcedureQuerySet(models.QuerySet):
    def for_user(self, user):
        """Procedures of the provinces the user sees: their provincial roles' provinces and
        the provinces of the agencies they belong to. Nobody sees another province's catalogue."""
        if not user.is_authenticated:
            return self.none()
        from eiso.orgs.models import Agency

        agency_provinces = Agency.objects.filter(pk__in=user.visible_agency_ids()).values("province_id")
        return self.filter(
            Q(province_id__in=user.visible_province_ids()) | Q(province_id__in=agency_provinces)
        )


class ProcedureChildQuerySet(models.QuerySet):
    """Versions and components are visible exactly when their procedure is."""

    procedure_path = ""

    def for_user(self, user):
        return self.filter(**{f"{self.procedure_path}__in": Procedure.objects.for_user(user).values("pk")})


class ProcedureVersionQuerySet(ProcedureChildQuerySet):
    procedure_path = "procedure"


class ProcedureComponentQuerySet(ProcedureChildQuerySet):
    procedure_path = "version__procedure"


class Procedure(TimeStamped):
    """An administrative procedure (TTHC) of the national catalogue as announced in one province
    (NĐ 63/2010/NĐ-CP, Điều 8): identity and the pointer to its current version."""

    province = models.ForeignKey(
        "orgs.Province", on_delete=models.PROTECT, related_name="procedures", verbose_name="tỉnh"
    )
    code = models.CharField(
        "mã thủ tục", max_length=40, help_text="Mã TTHC trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193."
    )
    current_version = models.ForeignKey(
        "ProcedureVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phiên bản hiện hành",
    )
    # Folded (accent-free, lower-case) code + name + field of the current version; on
    # PostgreSQL a pg_trgm GIN index serves the `contains` lookups of the search boxes.
    search_text = models.TextField(editable=False, default="")

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="procedure_unique_code_in_province")
        ]

    def __str__(self) -> str:
        if self.current_version_id is None:
            return self.code
        return f"{self.code} — {self.current_version.name}"

    def get_absolute_url(self) -> str:
        return reverse("procedures:procedure_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("portal:procedure_page", args=[self.code])


class ProcedureVersion(TimeStamped):
    """One version of a procedure's published content: what to submit, time, fees, legal bases.

    Versions are never edited: a changed content is a new version, and the previous one gets
    `effective_to`. `content_hash` identifies the content, so identical re-imports are no-ops.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", LEVELS["province"]
        COMMUNE = "commune", LEVELS["commune"]
        CENTRAL = "central", LEVELS["central"]
        OTHER = "other", LEVELS["other"]

    class TimeUnit(models.TextChoices):
        WORKING_DAYS = "working_days", TIME_UNITS["working_days"]
        WORKING_HOURS = "working_hours", TIME_UNITS["working_hours"]
        DAYS = "days", TIME_UNITS["days"]
        MONTHS = "months", TIME_UNITS["months"]

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản số")
    effective_from = models.DateField("có hiệu lực từ", null=True, blank=True)
    effective_to = models.DateField(
        "hết hiệu lực từ", null=True, blank=True, help_text="Ngày phiên bản sau bắt đầu có hiệu lực."
    )
    content_hash = models.CharField(max_length=64, editable=False)

    objects = ProcedureVersionQuerySet.as_manager()

    name = models.CharField("tên thủ tục", max_length=500)
    field = models.CharField("lĩnh vực", max_length=200)
    level = models.CharField("cấp thực hiện", max_length=20, choices=Level.choices)
    kind = models.CharField("loại thủ tục", max_length=200, blank=True)
    applicants = models.JSONField("đối tượng thực hiện", default=list, blank=True)
    implementing_agency = models.TextField("cơ quan thực hiện", blank=True)
    competent_agency = models.TextField("cơ quan có thẩm quyền", blank=True)
    channels = models.JSONField("cách thức thực hiện", default=list)
    processing_time_amount = models.DecimalField("thời hạn giải quyết", max_digits=7, decimal_places=2)
    processing_time_unit = models.CharField("đơn vị thời hạn", max_length=20, choices=TimeUnit.choices)
    processing_time_note = models.TextField("ghi chú thời hạn", blank=True)
    # Only where the procedure's own text says so (1.001193: "nhận hồ sơ sau 15 giờ … trả kết quả
    # trong ngày làm việc tiếp theo"): a reception after this hour, or on a day off, counts from
    # the next working day. Otherwise the limit counts from the reception (core.deadlines).
    cutoff = models.TimeField("giờ chốt tính thời hạn", null=True, blank=True)
    fees = models.TextField("phí, lệ phí", blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    result = models.TextField("kết quả thực hiện")
    steps = models.JSONField("trình tự thực hiện", default=list, blank=True)
    announced_by = models.CharField("quyết định công bố", max_length=300, blank=True)
    # Every number as written in the source, in order; those found in the province's register
    # of legal documents are also linked through `legal_documents`.
    legal_basis_numbers = models.JSONField("căn cứ pháp lý (số, ký hiệu)", default=list, blank=True)

    class Meta:
        ordering = ["procedure", "-number"]
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique_number"),
            models.CheckConstraint(
                condition=Q(processing_time_amount__gt=0), name="procedure_version_time_positive"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="procedure_version_effective_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} — phiên bản {self.number}"

    @property
    def processing_time_display(self) -> str:
        return processing_time_text(self.time_dict())

    def channel_labels(self) -> list[str]:
        return [CHANNELS.get(channel, channel) for channel in self.channels]

    def time_dict(self) -> dict:
        time = {
            "amount": amount_text(self.processing_time_amount),
            "unit": self.processing_time_unit,
            "note": self.processing_time_note,
        }
        # Only when set, so the content (and its hash) of every other procedure is unchanged.
        if self.cutoff is not None:
            time["cutoff"] = self.cutoff.strftime("%H:%M")
        return time

    def content(self, components: list["ProcedureComponent"] | None = None) -> dict:
        """The canonical content (procedures.content); pass prefetched components to save a query."""
        rows = components if components is not None else list(self.components.all())
        return {
            "name": self.name,
            "field": self.field,
            "level": self.level,
            "kind": self.kind,
            "applicants": list(self.applicants),
            "implementing_agency": self.implementing_agency,
            "competent_agency": self.competent_agency,
            "channels": list(self.channels),
            "processing_time": self.time_dict(),
            "fees": self.fees,
            "components": [row.as_dict() for row in rows],
            "conditions": self.conditions,
            "result": self.result,
            "legal_bases": list(self.legal_basis_numbers),
            "steps": list(self.steps),
            "announced_by": self.announced_by,
        }


def component_form_path(instance: "ProcedureComponent", filename: str) -> str:
    return f"procedures/forms/{instance.version.procedure.code}/{filename}"


class ProcedureComponent(models.Model):
    """One paper of a procedure's dossier (thành phần hồ sơ): how many originals and copies,
    and the form (mẫu đơn, tờ khai) to fill in, which citizens download from the portal."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.TextField("tên giấy tờ")
    originals = models.PositiveSmallIntegerField("số bản chính", default=0)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    form_name = models.CharField("mẫu đơn, tờ khai", max_length=300, blank=True)
    form_file = models.FileField("tệp mẫu", upload_to=component_form_path, blank=True, max_length=300)

    objects = ProcedureComponentQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order"]
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="procedure_component_unique_order")
        ]

    def __str__(self) -> str:
        return self.name

    def as_dict(self) -> dict:
        return {"name": self.name, "originals": self.originals, "copies": self.copies, "form": self.form_name}
