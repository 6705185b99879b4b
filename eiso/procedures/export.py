"""The export of a process for one-stop systems: format "eiso-process/1".

One definition serves three readers: `GET /api/v1/processes/{id}/export`, the OpenAPI document
(drf-spectacular reads these serializers) and the `data` of the "process.published" webhook
event. A one-stop system configures its electronic workflow from it: the steps in order, who
carries each (unit, or another agency for inter-agency steps), the time allotted to each, and
the procedures with their dossier components and forms.

Compatibility: fields may be added within "eiso-process/1"; removing or changing the meaning
of a field makes a new format name.
"""

from rest_framework import serializers

from eiso.core import calendar as work_calendar
from eiso.core.serializers import Serializer
from eiso.documents.models import DocumentVersion
from eiso.procedures import timing
from eiso.procedures.models import ProcedureComponent, ProcedureVersion, Process

FORMAT = "eiso-process/1"


class AgencyRefSerializer(Serializer):
    name = serializers.CharField()
    identifier_code = serializers.CharField(help_text="Mã định danh điện tử của cơ quan (QĐ 20/2020/QĐ-TTg).")


class UnitRefSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField(allow_blank=True)
    is_one_stop = serializers.BooleanField()


class DurationSerializer(Serializer):
    amount = serializers.DecimalField(max_digits=6, decimal_places=2, source="duration_amount")
    unit = serializers.CharField(source="duration_unit", help_text="working_days hoặc working_hours.")
    working_hours = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        help_text="Quy đổi sang giờ làm việc; một ngày làm việc là số giờ hành chính của tỉnh "
        "(time.office_day_hours).",
    )


class RecordsSerializer(Serializer):
    what = serializers.CharField(source="records", allow_blank=True)
    location = serializers.CharField(source="record_location", allow_blank=True)
    retention_years = serializers.IntegerField(source="record_retention_years", allow_null=True)


class StepExportSerializer(Serializer):
    order = serializers.IntegerField()
    key = serializers.CharField(help_text="Mã ổn định của bước qua các phiên bản.")
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    unit = UnitRefSerializer(allow_null=True)
    other_agency = AgencyRefSerializer(allow_null=True, help_text="Cơ quan phối hợp (bước liên thông).")
    role = serializers.CharField(allow_blank=True)
    duration = DurationSerializer(source="*")
    forms = serializers.CharField(allow_blank=True)
    outputs = serializers.CharField(allow_blank=True)
    records = RecordsSerializer(source="*")


class ComponentExportSerializer(Serializer):
    order = serializers.IntegerField()
    name = serializers.CharField()
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()
    form = serializers.CharField(source="form_name", allow_blank=True)


class ProcessingTimeExportSerializer(Serializer):
    amount = serializers.DecimalField(max_digits=7, decimal_places=2, source="processing_time_amount")
    unit = serializers.ChoiceField(choices=ProcedureVersion.TimeUnit.choices, source="processing_time_unit")
    note = serializers.CharField(source="processing_time_note", allow_blank=True)
    cutoff = serializers.TimeField(
        format="%H:%M", allow_null=True, help_text="Giờ chốt tính thời hạn, nếu có."
    )


class ProcedureExportSerializer(Serializer):
    code = serializers.CharField(source="procedure.code")
    version = serializers.IntegerField(source="number")
    name = serializers.CharField()
    field = serializers.CharField()
    level = serializers.CharField()
    processing_time = ProcessingTimeExportSerializer(source="*")
    fees = serializers.CharField(allow_blank=True)
    result = serializers.CharField()
    components = ComponentExportSerializer(many=True)


class ProcessInfoSerializer(Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    effective_on = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    agency = AgencyRefSerializer()
    template = serializers.CharField(allow_null=True, help_text="Ký hiệu quy trình mẫu của tỉnh, nếu có.")


class TimeSummarySerializer(Serializer):
    total_working_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    legal_working_hours = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    slack_working_hours = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    office_day_hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, help_text="Số giờ hành chính của một ngày làm việc ở tỉnh."
    )


class ProcessExportSerializer(Serializer):
    format = serializers.CharField(help_text=f"Luôn là “{FORMAT}”.")
    process = ProcessInfoSerializer()
    procedures = ProcedureExportSerializer(many=True)
    steps = StepExportSerializer(many=True)
    time = TimeSummarySerializer()
    legal_bases = serializers.ListField(
        child=serializers.CharField(), help_text="Số, ký hiệu văn bản căn cứ."
    )


def process_export(*, process: Process, version: DocumentVersion) -> dict:
    """The eiso-process/1 document of one version of a process."""
    from eiso.documents.models import LegalCitation

    procedure_versions = [
        p.current_version
        for p in process.procedures.select_related("current_version").order_by("code")
        if p.current_version_id
    ]
    components = ProcedureComponent.objects.filter(version__in=procedure_versions).order_by("order")
    by_version: dict[int, list] = {}
    for component in components:
        by_version.setdefault(component.version_id, []).append(component)
    for procedure_version in procedure_versions:
        procedure_version.components_list = by_version.get(procedure_version.pk, [])
    steps = list(version.process_steps.select_related("unit", "other_agency").order_by("order"))
    office_day_hours = work_calendar.for_province(process.agency.province_id).office_day_hours
    for step in steps:
        step.working_hours = timing.to_working_hours(
            step.duration_amount, step.duration_unit, office_day_hours
        )
    check = timing.check(
        [(s.duration_amount, s.duration_unit) for s in steps], procedure_versions, office_day_hours
    )
    legal_bases = sorted(
        LegalCitation.objects.filter(content_type__model="document", content_type__app_label="documents")
        .filter(object_id=process.document_id)
        .values_list("legal_document__number", flat=True)
    )
    data = {
        "format": FORMAT,
        "process": {
            "id": process.pk,
            "code": process.code,
            "name": process.name,
            "version": version.number,
            "status": version.status,
            "effective_on": version.effective_on,
            "published_at": version.published_at,
            "agency": process.agency,
            "template": process.template_version.template.code if process.template_version_id else None,
        },
        "procedures": [
            {**_procedure_fields(pv), "components": pv.components_list} for pv in procedure_versions
        ],
        "steps": steps,
        "time": {
            "total_working_hours": check.total_hours,
            "legal_working_hours": check.limit.hours if check.limit else None,
            "slack_working_hours": check.slack_hours,
            "office_day_hours": office_day_hours,
        },
        "legal_bases": legal_bases,
    }
    return ProcessExportSerializer(data).data


def _procedure_fields(version: ProcedureVersion) -> dict:
    return {
        "procedure": version.procedure,
        "number": version.number,
        "name": version.name,
        "field": version.field,
        "level": version.level,
        "processing_time_amount": version.processing_time_amount,
        "processing_time_unit": version.processing_time_unit,
        "processing_time_note": version.processing_time_note,
        "fees": version.fees,
        "result": version.result,
    }
