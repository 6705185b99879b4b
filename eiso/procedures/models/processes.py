"""ISO processes (quy trình nội bộ giải quyết TTHC) and their steps.

A Process is a controlled document: it is one `documents.Document` of the procedure kind, and
its versions are that document's versions, drafted, approved and published by the documents
workflow. The steps belong to one DocumentVersion, so each version has its own steps and a
published version's steps never change; a new draft starts from a copy of the current steps.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core.tenancy import AgencyOwned
from eiso.procedures import timing

__all__ = ["Process", "ProcessStep"]


class Process(AgencyOwned):
    """How one agency handles one or more procedures, step by step (ISO 9001:2015 §8.1, §8.5.1;
    TT 01/2018/TT-VPCP Điều 8: the internal process behind the electronic workflow)."""

    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="process", verbose_name="tài liệu"
    )
    procedures = models.ManyToManyField(
        "procedures.Procedure", related_name="processes", blank=True, verbose_name="thủ tục hành chính"
    )
    template_version = models.ForeignKey(
        "procedures.TemplateVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name="theo quy trình mẫu",
    )
    # Set when a procedure it handles gets a new version in the catalogue; cleared when a new
    # version of the process is published.
    needs_review = models.BooleanField("cần rà soát", default=False)
    review_note = models.TextField("lý do rà soát", blank=True)

    class Meta:
        ordering = ["agency", "document__code"]
        verbose_name = "quy trình ISO"
        verbose_name_plural = "quy trình ISO"

    def __str__(self) -> str:
        return str(self.document)

    def get_absolute_url(self) -> str:
        return reverse("procedures:process_detail", args=[self.pk])

    @property
    def code(self) -> str:
        return self.document.code

    @property
    def name(self) -> str:
        return self.document.title


class ProcessStep(AgencyOwned):
    """One step of one version of a process: who does what, in how much time, with which forms,
    and which records are kept where and for how long (QĐ 101/QĐ-BKHCN; regulations.md §3.3)."""

    class DurationUnit(models.TextChoices):
        WORKING_DAYS = timing.WORKING_DAYS, "ngày làm việc"
        WORKING_HOURS = timing.WORKING_HOURS, "giờ làm việc"

    version = models.ForeignKey(
        "documents.DocumentVersion", on_delete=models.CASCADE, related_name="process_steps"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    # Stable across versions and template copies: the same step keeps its key when renamed or
    # moved, which is how template changes and an agency's deviations are matched.
    key = models.CharField(max_length=40, editable=False)
    name = models.CharField("tên bước", max_length=300)
    description = models.TextField("nội dung công việc", blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_steps",
        verbose_name="đơn vị thực hiện",
    )
    other_agency = models.ForeignKey(
        "orgs.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owed_process_steps",
        verbose_name="cơ quan phối hợp thực hiện (liên thông)",
    )
    role = models.CharField(
        "người thực hiện", max_length=200, blank=True, help_text="Ví dụ: Công chức một cửa."
    )
    duration_amount = models.DecimalField("thời gian", max_digits=6, decimal_places=2)
    duration_unit = models.CharField(
        "đơn vị thời gian", max_length=20, choices=DurationUnit.choices, default=DurationUnit.WORKING_DAYS
    )
    forms = models.TextField("biểu mẫu sử dụng", blank=True)
    outputs = models.TextField("kết quả của bước", blank=True)
    records = models.TextField("hồ sơ cần lưu", blank=True)
    record_location = models.CharField("nơi lưu", max_length=200, blank=True)
    record_retention_years = models.PositiveSmallIntegerField("thời gian lưu (năm)", null=True, blank=True)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = "bước quy trình"
        verbose_name_plural = "bước quy trình"
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="process_step_unique_order"),
            models.UniqueConstraint(fields=["version", "key"], name="process_step_unique_key"),
            models.CheckConstraint(
                condition=Q(duration_amount__gte=0), name="process_step_duration_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(other_agency__isnull=True),
                name="process_step_unit_or_other_agency",
            ),
        ]

    def __str__(self) -> str:
        # Read where no context is around it (legal-change tasks list the citing items).
        return f"{self.version.document.code} lần {self.version.number}, B{self.order}. {self.name}"

    @property
    def label(self) -> str:
        return f"B{self.order}"

    @property
    def is_inter_agency(self) -> bool:
        return self.other_agency_id is not None

    @property
    def responsible(self) -> str:
        """Who carries the step, as the flowchart's lane shows it."""
        if self.other_agency_id:
            return str(self.other_agency)
        if self.unit_id:
            return str(self.unit)
        return self.role or "Chưa phân công"

    @property
    def duration_display(self) -> str:
        return timing.duration_text(self.duration_amount, self.duration_unit)
