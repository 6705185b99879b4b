"""Read-only API of the procedure catalogue: /api/v1/procedures/ (scoped to the user's provinces)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from eiso.api.base import AgencyScopedViewSet
from eiso.procedures.filters import ProcedureFilterSet
from eiso.procedures.models import Procedure, ProcedureComponent, ProcedureVersion


class ComponentSerializer(serializers.ModelSerializer):
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


class ProcessingTimeSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=7, decimal_places=2, source="processing_time_amount")
    unit = serializers.CharField(source="processing_time_unit")
    note = serializers.CharField(source="processing_time_note")


class VersionSerializer(serializers.ModelSerializer):
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


class ProcedureListSerializer(serializers.ModelSerializer):
    province = serializers.IntegerField(source="province.division_code")
    name = serializers.CharField(source="current_version.name")
    field = serializers.CharField(source="current_version.field")
    level = serializers.CharField(source="current_version.level")
    version = serializers.IntegerField(source="current_version.number")

    class Meta:
        model = Procedure
        fields = ["id", "code", "province", "name", "field", "level", "version"]


class ProcedureDetailSerializer(ProcedureListSerializer):
    current_version = VersionSerializer()

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

    @extend_schema(responses=VersionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def versions(self, request, pk=None):
        """Every version of the procedure, newest first, with its components."""
        procedure = self.get_object()
        versions = procedure.versions.prefetch_related(
            Prefetch("components", queryset=ProcedureComponent.objects.order_by("order"))
        ).order_by("-number")
        return Response(VersionSerializer(versions, many=True, context={"request": request}).data)


ROUTES = [("procedures", ProcedureViewSet, "procedure")]
URLS: list = []
