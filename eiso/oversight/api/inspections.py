"""Inspections with their scores; the coordinator scores through the same service as the page."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from eiso.api.base import AgencyScopedViewSet
from eiso.oversight import services
from eiso.oversight.models import (
    Criterion,
    Inspection,
    Score,
)


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
