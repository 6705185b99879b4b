"""Budget lines and training sessions (issue 8 part 8): the coordinator records them, an agency's
secretary or leader reports what it spent; the same services as the budget and training pages."""

import django_filters
from django import forms
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.mixins import CreateModelMixin, ListModelMixin, RetrieveModelMixin, UpdateModelMixin
from rest_framework.response import Response
from rest_framework.views import APIView

from eiso.core.collation import vietnamese
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.serializers import ModelSerializer, MultilineCharField, Serializer
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.orgs.models import Agency
from eiso.oversight import selectors, services
from eiso.oversight.api.common import province_for, require_coordinator, year_param
from eiso.oversight.models import (
    BudgetLine,
    TrainingAttendance,
    TrainingSession,
)
from eiso.oversight.services.common import can_report_for


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


class BudgetLineSerializer(ModelSerializer):
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


class SpentSerializer(Serializer):
    spent = serializers.IntegerField()
    note = MultilineCharField(required=False, allow_blank=True)


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
            super()
            .get_queryset()
            .select_related("agency")
            .order_by("-year", vietnamese("agency__name"), vietnamese("purpose"), "pk")
        )

    def create(self, request, *args, **kwargs):
        require_coordinator(request.user, province_for(request))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        line = services.budget_line_save(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(line).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        line = self.get_object()
        require_coordinator(request.user, line.agency.province_id)
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


class BudgetSummaryRowSerializer(Serializer):
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
        province = province_for(request)
        rows = selectors.budget_and_training_by_agency(
            user=request.user, province=province, year=year_param(request)
        )
        return Response(BudgetSummaryRowSerializer(rows, many=True).data)


class TrainingSessionFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="held_on", lookup_expr="year")

    class Meta:
        model = TrainingSession
        fields = ["year"]


class AttendeeSerializer(ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = TrainingAttendance
        fields = ["id", "agency", "agency_name", "person_name", "position", "has_certificate"]
        read_only_fields = fields


class AttendeeInputSerializer(Serializer):
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


class TrainingSessionSerializer(ModelSerializer):
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
        province = province_for(request)
        require_coordinator(request.user, province)
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
        require_coordinator(request.user, session.province_id)
        data = AttendeeInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        attendance = services.training_attendee_add(
            session=session, actor=request.user, **data.validated_data
        )
        return Response(AttendeeSerializer(attendance).data, status=status.HTTP_201_CREATED)
