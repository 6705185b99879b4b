"""API of the procedures app: the TTHC catalogue (read-only, scoped to the user's provinces),
processes with their workflow and export, process steps, and province templates with adoption.
Every write calls the same service as the pages."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eiso.accounts.permissions import require_province_role
from eiso.core.errors import DomainError
from eiso.core.query import query_id, query_int
from eiso.core.roles import QMS_MANAGERS, Role
from eiso.core.serializers import ModelSerializer, MultilineCharField, Serializer
from eiso.core.tenancy import agency_for_write
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.documents.api import VersionTransitionActions
from eiso.documents.services import DOCUMENT_VERSION
from eiso.orgs.models import Agency, Unit
from eiso.procedures import selectors, services
from eiso.procedures.export import ProcessExportSerializer, process_export
from eiso.procedures.filters import ProcedureFilterSet
from eiso.procedures.models import (
    Procedure,
    ProcedureComponent,
    ProcedureVersion,
    Process,
    ProcessStep,
    Template,
)


class ComponentSerializer(ModelSerializer):
    form = serializers.CharField(source="form_name")
    form_file = serializers.SerializerMethodField()

    class Meta:
        model = ProcedureComponent
        fields = ["order", "name", "originals", "copies", "form", "form_file"]

    def get_form_file(self, component) -> str | None:
        if not component.form_file:
            return None
        request = self.context.get("request")
        url = component.form_file.url
        return request.build_absolute_uri(url) if request else url


class ProcessingTimeSerializer(Serializer):
    amount = serializers.DecimalField(max_digits=7, decimal_places=2, source="processing_time_amount")
    unit = serializers.CharField(source="processing_time_unit")
    note = MultilineCharField(source="processing_time_note")


class ProcedureVersionSerializer(ModelSerializer):
    processing_time = ProcessingTimeSerializer(source="*")
    legal_bases = serializers.ListField(child=serializers.CharField(), source="legal_basis_numbers")
    components = ComponentSerializer(many=True)

    class Meta:
        model = ProcedureVersion
        fields = [
            "number",
            "effective_from",
            "effective_to",
            "name",
            "field",
            "level",
            "kind",
            "applicants",
            "implementing_agency",
            "competent_agency",
            "channels",
            "processing_time",
            "fees",
            "components",
            "conditions",
            "result",
            "legal_bases",
            "steps",
            "announced_by",
            "content_hash",
        ]


class ProcedureListSerializer(ModelSerializer):
    province = serializers.IntegerField(source="province.division_code")
    name = serializers.CharField(source="current_version.name")
    field = serializers.CharField(source="current_version.field")
    level = serializers.CharField(source="current_version.level")
    version = serializers.IntegerField(source="current_version.number")

    class Meta:
        model = Procedure
        fields = ["id", "code", "province", "name", "field", "level", "version"]


class ProcedureDetailSerializer(ProcedureListSerializer):
    current_version = ProcedureVersionSerializer()

    class Meta(ProcedureListSerializer.Meta):
        fields = [*ProcedureListSerializer.Meta.fields, "current_version"]


class ProcedureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AgencyScopedViewSet):
    """The province's TTHC catalogue. Filters: `q` (code, name, field; diacritics optional),
    `field` (exact lĩnh vực), `level` (province, commune, central, other)."""

    queryset = Procedure.objects.all()
    filterset_class = ProcedureFilterSet

    def get_queryset(self):
        queryset = super().get_queryset().filter(current_version__isnull=False)
        queryset = queryset.select_related("province", "current_version").order_by("code")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("current_version__components")
        return queryset

    def get_serializer_class(self):
        return ProcedureDetailSerializer if self.action == "retrieve" else ProcedureListSerializer

    @extend_schema(responses=ProcedureVersionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def versions(self, request, pk=None):
        """Every version of the procedure, newest first, with its components."""
        procedure = self.get_object()
        versions = procedure.versions.prefetch_related(
            Prefetch("components", queryset=ProcedureComponent.objects.order_by("order"))
        ).order_by("-number")
        return Response(ProcedureVersionSerializer(versions, many=True, context={"request": request}).data)


# --- processes, steps, templates -------------------------------------------------------------


class ProcessSerializer(ModelSerializer):
    code = serializers.CharField(source="document.code", read_only=True)
    name = serializers.CharField(source="document.title", read_only=True)
    agency = serializers.CharField(source="agency.identifier_code", read_only=True)
    procedures = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    current_version = serializers.IntegerField(
        source="document.current_version.number", allow_null=True, read_only=True
    )
    template = serializers.SerializerMethodField()

    class Meta:
        model = Process
        fields = ["id", "code", "name", "agency", "procedures", "current_version", "template", "needs_review"]

    def get_template(self, process) -> dict | None:
        if process.template_version_id is None:
            return None
        return {"code": process.template_version.template.code, "version": process.template_version.number}


class ProcessCreateSerializer(Serializer):
    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=300)
    procedures = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class ProcessStepSerializer(ModelSerializer):
    version = serializers.IntegerField(source="version.number", read_only=True)
    process = serializers.IntegerField(source="version.document.process.pk", read_only=True)

    class Meta:
        model = ProcessStep
        fields = [
            "id",
            "process",
            "version",
            "order",
            "key",
            "name",
            "description",
            "unit",
            "other_agency",
            "role",
            "duration_amount",
            "duration_unit",
            "forms",
            "outputs",
            "records",
            "record_location",
            "record_retention_years",
        ]
        read_only_fields = ["order", "key"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Scope the choices: units of the user's agencies, partner agencies of their provinces.
            self.fields["unit"].queryset = Unit.objects.for_user(request.user)
            self.fields["other_agency"].queryset = Agency.objects.filter(
                province_id__in=Agency.objects.for_user(request.user).values("province_id")
            )

    def validate(self, attrs):
        # The service checks the business rules; the model's own validation needs the version.
        return attrs


class ProcessStepCreateSerializer(ProcessStepSerializer):
    process = serializers.IntegerField(write_only=True)

    class Meta(ProcessStepSerializer.Meta):
        pass


def _step_values(data: dict) -> dict:
    return {name: data.get(name, default) for name, default in STEP_DEFAULTS.items()}


STEP_DEFAULTS = {
    "name": "",
    "description": "",
    "unit": None,
    "other_agency": None,
    "role": "",
    "duration_amount": None,
    "duration_unit": ProcessStep.DurationUnit.WORKING_DAYS,
    "forms": "",
    "outputs": "",
    "records": "",
    "record_location": "",
    "record_retention_years": None,
}


class TemplateDismissSerializer(Serializer):
    reason = MultilineCharField(allow_blank=True, default="")


class ProcessViewSet(
    VersionTransitionActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, AgencyScopedViewSet
):
    """ISO processes of the user's agencies (the province's for provincial roles). Creating one
    calls the same service as the page. A process's lifecycle is its versions': POST
    `/{id}/submit|approve|request-changes|publish/` runs that transition of the documents workflow
    on the process's open version, and answers the version."""

    queryset = Process.objects.all()
    serializer_class = ProcessSerializer

    def get_object(self):
        """The process; for a workflow action, the version it acts on (the open one), so the
        generated actions of the documents workflow serve the process's URL unchanged."""
        process = super().get_object()
        if self.action not in DOCUMENT_VERSION.by_name:
            return process
        version = services.open_version(process)
        if version is None:
            raise DomainError("Quy trình không có bản dự thảo nào đang xử lý.")
        return version

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("agency", "document__current_version", "template_version__template")
            .prefetch_related("procedures")
            .order_by("agency_id", "document__code")
        )

    @extend_schema(request=ProcessCreateSerializer, responses=ProcessSerializer)
    def create(self, request):
        agency = agency_for_write(request, roles=QMS_MANAGERS)
        data = ProcessCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        codes = data.validated_data["procedures"]
        procedures = list(
            Procedure.objects.for_user(request.user).filter(province=agency.province, code__in=codes)
        )
        if len(procedures) != len(set(codes)):
            raise DomainError("Có mã thủ tục không có trong danh mục của tỉnh.", field="procedures")
        process = services.process_create(
            agency=agency,
            code=data.validated_data["code"],
            title=data.validated_data["title"],
            procedures=procedures,
            actor=request.user,
        )
        return Response(ProcessSerializer(process).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses=ProcessExportSerializer,
        parameters=[
            OpenApiParameter("version", int, description="Lần ban hành; mặc định phiên bản hiện hành.")
        ],
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="export", pagination_class=None)
    def export(self, request, pk=None):
        """The process in the documented, versioned format eiso-process/1 for one-stop systems."""
        process = self.get_object()
        number = query_int(request, "version", label="Lần ban hành", minimum=1, maximum=10_000)
        if number is not None:
            version = process.document.versions.filter(number=number).first()
        else:
            version = services.current_version(process)
        if version is None:
            raise Http404
        return Response(process_export(process=process, version=version))

    @extend_schema(request=None, responses=ProcessSerializer)
    @action(detail=True, methods=["post"], url_path="new-draft")
    def new_draft(self, request, pk=None):
        process = self.get_object()
        services.process_new_draft(process=process, actor=request.user)
        return Response(ProcessSerializer(process).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ProcessSerializer)
    @action(detail=True, methods=["post"], url_path="template-update/apply")
    def template_update_apply(self, request, pk=None):
        """Apply the newer template version into a new draft, keeping the agency's deviations."""
        process = self.get_object()
        services.template_update_apply(process=process, actor=request.user)
        process.refresh_from_db()
        return Response(ProcessSerializer(process).data)

    @extend_schema(request=TemplateDismissSerializer, responses=ProcessSerializer)
    @action(detail=True, methods=["post"], url_path="template-update/dismiss")
    def template_update_dismiss(self, request, pk=None):
        """Keep the process on its template version, with a reason the province sees."""
        process = self.get_object()
        data = TemplateDismissSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.template_update_dismiss(
            process=process, reason=data.validated_data["reason"], actor=request.user
        )
        return Response(ProcessSerializer(process).data)


class ProcessStepViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    AgencyScopedViewSet,
):
    """Steps of processes. Writes go to the process's open draft only and must keep the steps
    within the legal processing time; filter with `?process=ID` (and `&version=N`)."""

    queryset = ProcessStep.objects.all()
    serializer_class = ProcessStepSerializer

    def get_serializer_class(self):
        return ProcessStepCreateSerializer if self.action == "create" else ProcessStepSerializer

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("version__document__process")
            .order_by("version_id", "order")
        )
        process = query_id(self.request, "process", label="Quy trình")
        if process is not None:
            queryset = queryset.filter(version__document__process__pk=process)
        version = query_int(self.request, "version", label="Lần ban hành", minimum=1, maximum=10_000)
        if version is not None:
            queryset = queryset.filter(version__number=version)
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        process = Process.objects.for_user(self.request.user).filter(pk=data["process"]).first()
        if process is None:
            raise Http404
        version = services.open_version(process)
        if version is None:
            raise DomainError("Quy trình không có bản dự thảo đang soạn: hãy tạo bản dự thảo mới.")
        serializer.instance = services.step_add(
            version=version, actor=self.request.user, **_step_values(data)
        )

    def perform_update(self, serializer):
        values = {name: getattr(serializer.instance, name) for name in STEP_DEFAULTS}
        values.update(serializer.validated_data)
        serializer.instance = services.step_update(
            step=serializer.instance, actor=self.request.user, **_step_values(values)
        )

    def perform_destroy(self, instance):
        services.step_delete(step=instance, actor=self.request.user)


class TemplateSerializer(ModelSerializer):
    version = serializers.IntegerField(source="current_version.number")
    steps = serializers.JSONField(source="current_version.steps")
    procedures = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Template
        fields = ["id", "code", "name", "agency_kind", "procedures", "version", "steps"]


class CoverageRowSerializer(Serializer):
    agency = serializers.CharField(source="agency.identifier_code")
    agency_name = serializers.CharField(source="agency.name")
    status = serializers.ChoiceField(choices=list(selectors.COVERAGE_LABELS))
    process = serializers.IntegerField(source="process.pk", allow_null=True, default=None)
    version_number = serializers.IntegerField(allow_null=True)
    dismissed_reason = serializers.CharField(allow_blank=True)


class TemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AgencyScopedViewSet):
    """Province templates; `adopt` creates the current agency's process from one, `coverage`
    (coordinators) shows which agencies adopted, adapted, are behind or have nothing."""

    queryset = Template.objects.all()
    serializer_class = TemplateSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("current_version")
            .prefetch_related("procedures")
            .order_by("code")
        )

    @extend_schema(request=None, responses=ProcessSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        template = self.get_object()
        agency = agency_for_write(request, roles=QMS_MANAGERS)
        process = services.template_adopt(template=template, agency=agency, actor=request.user)
        return Response(ProcessSerializer(process).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=CoverageRowSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def coverage(self, request, pk=None):
        template = self.get_object()
        require_province_role(request.user, template.province, Role.COORDINATOR)
        return Response(CoverageRowSerializer(selectors.template_coverage(template=template), many=True).data)


URLS: list = []
ROUTES = [
    ("procedures", ProcedureViewSet, "procedure"),
    ("processes", ProcessViewSet, "process"),
    ("process-steps", ProcessStepViewSet, "process-step"),
    ("templates", TemplateViewSet, "template"),
]
