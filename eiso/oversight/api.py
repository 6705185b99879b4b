"""API of the oversight app: the registry, rollout plans and entries (agencies report progress),
inspections with their scores (the coordinator scores), rankings and report downloads.
Every write calls the same service as the pages; every read goes through `for_user`."""

from django.http import FileResponse, Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response
from rest_framework.views import APIView

from eiso.api.base import AgencyScopedViewSet
from eiso.core.permissions import DENIED_MESSAGE
from eiso.oversight import selectors, services
from eiso.oversight.models import CriteriaSet, Criterion, Inspection, PlanEntry, Report, RolloutPlan, Score
from eiso.oversight.services.common import is_provincial_reader


def _province_for(request):
    province = selectors.overseen_province(request.user)
    if province is None or not is_provincial_reader(request.user, province):
        raise PermissionDenied(DENIED_MESSAGE)
    return province


def _year(request) -> int:
    value = request.query_params.get("year", "")
    return int(value) if value.isdigit() else timezone.localdate().year


class AgencyStatusSerializer(serializers.Serializer):
    agency_id = serializers.IntegerField(source="agency.pk")
    agency = serializers.CharField(source="agency.name")
    kind = serializers.CharField(source="agency.kind")
    obligation = serializers.CharField(source="agency.obligation")
    stage = serializers.CharField(source="stage_label")
    announced_on = serializers.DateField(allow_null=True)
    announcement_current = serializers.BooleanField(allow_null=True)
    last_internal_audit = serializers.DateField(allow_null=True)
    last_management_review = serializers.DateField(allow_null=True)
    open_legal_tasks = serializers.IntegerField()
    overdue_legal_tasks = serializers.IntegerField()
    overdue_actions = serializers.IntegerField()
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    objectives_reached = serializers.IntegerField()
    objectives_total = serializers.IntegerField()
    overdue_follow_ups = serializers.IntegerField()
    alerts = serializers.ListField(child=serializers.CharField())


class RegistryView(APIView):
    """Every agency of the province with its status for a year (?year=, ?kind=, ?obligation=)."""

    @extend_schema(
        responses=AgencyStatusSerializer(many=True),
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("kind", str),
            OpenApiParameter("obligation", str),
        ],
    )
    def get(self, request):
        province = _province_for(request)
        statuses = selectors.registry(
            user=request.user,
            province=province,
            year=_year(request),
            today=timezone.localdate(),
            kind=request.query_params.get("kind", ""),
            obligation=request.query_params.get("obligation", ""),
        )
        return Response(AgencyStatusSerializer(statuses, many=True).data)


class RankingRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    rank = serializers.IntegerField()
    agency_id = serializers.IntegerField(source="agency.pk")
    agency = serializers.CharField(source="agency.name")
    points = serializers.DecimalField(max_digits=7, decimal_places=2)
    max_points = serializers.DecimalField(max_digits=7, decimal_places=2)
    percent = serializers.DecimalField(max_digits=5, decimal_places=1)
    band = serializers.CharField()
    groups = serializers.ListField(child=serializers.ListField())


class RankingView(APIView):
    """The ranking of a year by a criteria set (?year=, ?criteria_set=; default the active set)."""

    @extend_schema(
        responses=RankingRowSerializer(many=True),
        parameters=[OpenApiParameter("year", int), OpenApiParameter("criteria_set", int)],
    )
    def get(self, request):
        province = _province_for(request)
        sets = CriteriaSet.objects.for_user(request.user).filter(province=province)
        set_id = request.query_params.get("criteria_set", "")
        criteria_set = (
            sets.filter(pk=set_id).first()
            if set_id.isdigit()
            else sets.filter(is_active=True).order_by("-version").first()
        )
        if criteria_set is None:
            return Response([])
        rows = []
        for kind, ranked in selectors.ranking(
            user=request.user, province=province, year=_year(request), criteria_set=criteria_set
        ).items():
            for row in ranked:
                row.kind = kind
                rows.append(row)
        return Response(RankingRowSerializer(rows, many=True).data)


class MilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class PlanEntrySerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = PlanEntry
        fields = [
            "id",
            "plan",
            "agency",
            "agency_name",
            "track",
            "consultant",
            "budget_line",
            "budget_amount",
            "is_self_registered",
            "stage",
            "progress_percent",
            "progress_note",
            "progress_reported_on",
            "milestones",
        ]
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=PlanEntry.Stage.choices)
    progress_percent = serializers.IntegerField(min_value=0, max_value=100)
    progress_note = serializers.CharField(allow_blank=True, required=False, default="")


class PlanEntryViewSet(ListModelMixin, RetrieveModelMixin, AgencyScopedViewSet):
    """Plan entries the user may see: their agency's, or every agency's for provincial roles."""

    queryset = PlanEntry.objects.all()
    serializer_class = PlanEntrySerializer

    def get_queryset(self):
        return super().get_queryset().select_related("agency").prefetch_related("milestones")

    @extend_schema(request=ProgressSerializer, responses=PlanEntrySerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """The agency reports its progress on its plan entry."""
        entry = self.get_object()
        data = ProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.entry_report_progress(
            entry=entry, actor=request.user, today=timezone.localdate(), **data.validated_data
        )
        return Response(PlanEntrySerializer(entry).data)


class RolloutPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = RolloutPlan
        fields = ["id", "year", "title", "number", "status", "approved_on", "notes"]


class RolloutPlanViewSet(ListModelMixin, RetrieveModelMixin, AgencyScopedViewSet):
    """Rollout plans of the user's province."""

    queryset = RolloutPlan.objects.all()
    serializer_class = RolloutPlanSerializer


class ScoreSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="criterion.code", read_only=True)
    max_points = serializers.DecimalField(
        source="criterion.max_points", max_digits=6, decimal_places=2, read_only=True
    )

    class Meta:
        model = Score
        fields = ["criterion", "code", "max_points", "points", "evidence", "is_automatic", "figures"]


class InspectionSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    year = serializers.IntegerField(source="plan.year", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "year",
            "agency",
            "agency_name",
            "form",
            "status",
            "planned_on",
            "inspected_on",
            "decision_number",
            "criteria_set",
            "minutes_signed_on",
            "conclusion",
            "scores",
        ]
        read_only_fields = fields


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2)
    evidence = serializers.CharField()


class InspectionViewSet(ListModelMixin, RetrieveModelMixin, AgencyScopedViewSet):
    """Inspections the user may see, with their scores; the coordinator scores through `score`."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("agency", "plan").prefetch_related("scores__criterion")

    @extend_schema(request=ScoreInputSerializer, responses=ScoreSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        inspection = self.get_object()
        data = ScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        criterion = Criterion.objects.filter(
            criteria_set_id=inspection.criteria_set_id, pk=data.validated_data["criterion"]
        ).first()
        if criterion is None:
            raise Http404
        score = services.inspection_score(
            inspection=inspection,
            criterion=criterion,
            actor=request.user,
            points=data.validated_data["points"],
            evidence=data.validated_data["evidence"],
        )
        return Response(ScoreSerializer(score).data)


class ReportSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "kind", "kind_label", "year", "half", "number", "status", "issued_on", "figures"]


class ReportViewSet(ListModelMixin, RetrieveModelMixin, AgencyScopedViewSet):
    """Reports of the user's province; `download/docx` and `download/pdf` give the files."""

    queryset = Report.objects.all()
    serializer_class = ReportSerializer

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path=r"download/(?P<fmt>docx|pdf)")
    def download(self, request, pk=None, fmt="docx"):
        report = self.get_object()
        file = report.docx_file if fmt == "docx" else report.pdf_file
        if not file:
            raise Http404
        return FileResponse(file.open("rb"), as_attachment=True, filename=f"bao-cao-{report.pk}.{fmt}")


ROUTES = [
    ("oversight/plans", RolloutPlanViewSet, "oversight-plan"),
    ("oversight/plan-entries", PlanEntryViewSet, "oversight-plan-entry"),
    ("oversight/inspections", InspectionViewSet, "oversight-inspection"),
    ("oversight/reports", ReportViewSet, "oversight-report"),
]
URLS = [
    path("oversight/registry/", RegistryView.as_view(), name="oversight-registry"),
    path("oversight/ranking/", RankingView.as_view(), name="oversight-ranking"),
]
