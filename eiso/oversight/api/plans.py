"""Rollout plans and the agencies' entries; an agency reports its progress on its entry."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from eiso.core.serializers import ModelSerializer, MultilineCharField, Serializer
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.core.workflow_api import transition_actions
from eiso.oversight import services
from eiso.oversight.models import (
    PlanEntry,
    RolloutPlan,
)


class MilestoneSerializer(Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class PlanEntrySerializer(ModelSerializer):
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


class ProgressSerializer(Serializer):
    stage = serializers.ChoiceField(choices=PlanEntry.Stage.choices)
    progress_percent = serializers.IntegerField(min_value=0, max_value=100)
    progress_note = MultilineCharField(allow_blank=True, required=False, default="")


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


class RolloutPlanSerializer(ModelSerializer):
    class Meta:
        model = RolloutPlan
        fields = ["id", "year", "title", "number", "status", "approved_on", "notes"]


class RolloutPlanViewSet(
    transition_actions(services.ROLLOUT_PLAN, RolloutPlanSerializer),
    ListModelMixin,
    RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """Rollout plans of the user's province; the coordinator records the approval (`approve`)."""

    queryset = RolloutPlan.objects.all()
    serializer_class = RolloutPlanSerializer
