"""API of the oversight app: the registry, rollout plans and entries (agencies report progress),
inspections with their scores (the coordinator scores), rankings and report downloads, budget
lines (the agency reports what it spent), training sessions with attendees and per-agency totals.
Every write calls the same service as the pages; every read goes through `for_user`."""

import django_filters
from django import forms
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.mixins import CreateModelMixin, ListModelMixin, RetrieveModelMixin, UpdateModelMixin
from rest_framework.response import Response
from rest_framework.views import APIView

from eiso.api.base import AgencyScopedViewSet
from eiso.core.errors import DomainError
from eiso.core.permissions import DENIED_MESSAGE
from eiso.orgs.models import Agency
from eiso.oversight import selectors, services
from eiso.oversight.models import (
    BudgetLine,
    CriteriaSet,
    Criterion,
    Inspection,
    PlanEntry,
    Report,
    RolloutPlan,
    Score,
    TrainingAttendance,
    TrainingSession,
)
from eiso.oversight.services.common import can_report_for, is_coordinator, is_provincial_reader


def _province_for(request):
    province = selectors.overseen_province(request.user)
    if province is None or not is_provincial_reader(request.user, province):
        raise PermissionDenied(DENIED_MESSAGE)
    return province


def _year(request) -> int:
    """The ?year= of a read (this year when absent); a year no record can have is a 400, not a 500."""
    value = request.query_params.get("year", "")
    if not value:
        return timezone.localdate().year
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise DomainError("Năm không hợp lệ: hãy nhập năm từ 2000 đến 2100.", field="year")
    return int(value)


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
        year = _year(request)
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
            user=request.user, province=province, year=year, criteria_set=criteria_set
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


# Budget lines and training sessions (issue 8 part 8): the coordinator records them, an agency's
# secretary or leader reports what it spent; the same services as the budget and training pages.


def _require_coordinator(user, province) -> None:
    """Refuse before reading the input, as the pages do: a wrong role is 403 whatever it sends."""
    if not is_coordinator(user, province):
        raise PermissionDenied(DENIED_MESSAGE)


def _visible_agencies(request):
    return Agency.objects.for_user(request.user) if request is not None else Agency.objects.none()


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    """A whole year from 1 to 9999: anything else is a 400, never a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=9999, **kwargs)


class BudgetLineFilterSet(django_filters.FilterSet):
    year = YearFilter()
    purpose = django_filters.ChoiceFilter(choices=BudgetLine.Purpose.choices)
    agency = django_filters.ModelChoiceFilter(queryset=_visible_agencies)

    class Meta:
        model = BudgetLine
        fields = ["year", "purpose", "agency"]


class BudgetLineSerializer(serializers.ModelSerializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.none())
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    purpose_label = serializers.CharField(source="get_purpose_display", read_only=True)
    # No bounds here: the service refuses negative amounts and approved > planned in Vietnamese.
    planned = serializers.IntegerField(required=False)
    approved = serializers.IntegerField(required=False)
    spent = serializers.IntegerField(required=False)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "agency",
            "agency_name",
            "year",
            "purpose",
            "purpose_label",
            "planned",
            "approved",
            "spent",
            "source",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            agencies = Agency.objects.for_user(request.user)
            # A new line goes to an active agency (as on the page); an existing one keeps its own.
            self.fields["agency"].queryset = agencies.active() if self.instance is None else agencies


class SpentSerializer(serializers.Serializer):
    spent = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True)


class BudgetLineViewSet(
    ListModelMixin, RetrieveModelMixin, CreateModelMixin, UpdateModelMixin, AgencyScopedViewSet
):
    """Budget lines the user may see: their agency's, or every agency's of the province for provincial
    roles. Filters: `year`, `purpose`, `agency`. The coordinator creates and edits lines; the agency's
    secretary or leader (or the coordinator) records the spending through `spent`."""

    queryset = BudgetLine.objects.all()
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilterSet

    def get_queryset(self):
        return (
            super().get_queryset().select_related("agency").order_by("-year", "agency__name", "purpose", "pk")
        )

    def create(self, request, *args, **kwargs):
        _require_coordinator(request.user, _province_for(request))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        line = services.budget_line_save(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(line).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        line = self.get_object()
        _require_coordinator(request.user, line.agency.province_id)
        serializer = self.get_serializer(line, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        agency = fields.pop("agency", line.agency)
        line = services.budget_line_save(agency=agency, line=line, actor=request.user, **fields)
        return Response(self.get_serializer(line).data)

    @extend_schema(request=SpentSerializer, responses=BudgetLineSerializer)
    @action(detail=True, methods=["post"])
    def spent(self, request, pk=None):
        """The agency reports what it spent on the line (and why, when over the approved amount)."""
        line = self.get_object()
        if not can_report_for(request.user, line.agency):
            raise PermissionDenied(DENIED_MESSAGE)
        data = SpentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        line = services.budget_line_record_spent(line=line, actor=request.user, **data.validated_data)
        return Response(self.get_serializer(line).data)


class BudgetSummaryRowSerializer(serializers.Serializer):
    agency_id = serializers.IntegerField(source="agency.pk")
    agency = serializers.CharField(source="agency.name")
    planned = serializers.IntegerField()
    approved = serializers.IntegerField()
    spent = serializers.IntegerField()
    trained = serializers.IntegerField()


class BudgetSummaryView(APIView):
    """Per agency of the province with a budget line or a trained person in a year (?year=): budget
    totals and the number of distinct staff trained. Provincial roles only."""

    @extend_schema(
        responses=BudgetSummaryRowSerializer(many=True), parameters=[OpenApiParameter("year", int)]
    )
    def get(self, request):
        province = _province_for(request)
        rows = selectors.budget_and_training_by_agency(
            user=request.user, province=province, year=_year(request)
        )
        return Response(BudgetSummaryRowSerializer(rows, many=True).data)


class TrainingSessionFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="held_on", lookup_expr="year")

    class Meta:
        model = TrainingSession
        fields = ["year"]


class AttendeeSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = TrainingAttendance
        fields = ["id", "agency", "agency_name", "person_name", "position", "has_certificate"]
        read_only_fields = fields


class AttendeeInputSerializer(serializers.Serializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.none())
    # Blank is let through: the service refuses it with its Vietnamese message.
    person_name = serializers.CharField(max_length=200, allow_blank=True)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    has_certificate = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["agency"].queryset = Agency.objects.for_user(request.user).active()


class TrainingSessionSerializer(serializers.ModelSerializer):
    topic = serializers.CharField(max_length=300, allow_blank=True)
    attendee_count = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = ["id", "topic", "held_on", "trainer", "place", "attendee_count"]

    def get_attendee_count(self, session) -> int:
        count = getattr(session, "attendee_count", None)
        return session.attendances.count() if count is None else count


class TrainingSessionDetailSerializer(TrainingSessionSerializer):
    attendees = AttendeeSerializer(source="attendances", many=True, read_only=True)

    class Meta(TrainingSessionSerializer.Meta):
        fields = [*TrainingSessionSerializer.Meta.fields, "attendees"]


class TrainingSessionViewSet(ListModelMixin, RetrieveModelMixin, CreateModelMixin, AgencyScopedViewSet):
    """ISO training sessions of the user's province (provincial roles). Filter: `year`. The
    coordinator creates sessions and adds attendees through `attendees`."""

    queryset = TrainingSession.objects.all()
    serializer_class = TrainingSessionSerializer
    filterset_class = TrainingSessionFilterSet

    def get_queryset(self):
        attendances = TrainingAttendance.objects.for_user(self.request.user).select_related("agency")
        # The attendee count groups the rows, which drops Meta.ordering: order explicitly.
        return (
            selectors.training_sessions(user=self.request.user)
            .prefetch_related(Prefetch("attendances", queryset=attendances))
            .order_by("-held_on", "-id")
        )

    def get_serializer_class(self):
        if self.action in ("retrieve", "create"):
            return TrainingSessionDetailSerializer
        return TrainingSessionSerializer

    def create(self, request, *args, **kwargs):
        province = _province_for(request)
        _require_coordinator(request.user, province)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.training_session_create(
            province=province, actor=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendeeInputSerializer, responses={201: AttendeeSerializer})
    @action(detail=True, methods=["post"])
    def attendees(self, request, pk=None):
        """The coordinator adds a staff member of one of the province's agencies to the session."""
        session = self.get_object()
        _require_coordinator(request.user, session.province_id)
        data = AttendeeInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        attendance = services.training_attendee_add(
            session=session, actor=request.user, **data.validated_data
        )
        return Response(AttendeeSerializer(attendance).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("oversight/plans", RolloutPlanViewSet, "oversight-plan"),
    ("oversight/plan-entries", PlanEntryViewSet, "oversight-plan-entry"),
    ("oversight/inspections", InspectionViewSet, "oversight-inspection"),
    ("oversight/reports", ReportViewSet, "oversight-report"),
    ("oversight/budget-lines", BudgetLineViewSet, "oversight-budget-line"),
    ("oversight/training-sessions", TrainingSessionViewSet, "oversight-training-session"),
]
URLS = [
    path("oversight/registry/", RegistryView.as_view(), name="oversight-registry"),
    path("oversight/ranking/", RankingView.as_view(), name="oversight-ranking"),
    path("oversight/budget-summary/", BudgetSummaryView.as_view(), name="oversight-budget-summary"),
]
