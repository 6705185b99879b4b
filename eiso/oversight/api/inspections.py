"""Inspection plans and inspections with their scores; the coordinator scores through the same
service as the page. The plan (Mẫu 19), the decision (Mẫu 20) and the minutes (Mẫu 21) download
as .docx or PDF, rendered by the same code as the pages' links."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from eiso.core.downloads import document_attachment
from eiso.core.errors import DomainError
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.oversight import paperwork, selectors, services
from eiso.oversight.models import Criterion, Inspection, InspectionPlan, Score

FILE_RESPONSE = {(200, "application/octet-stream"): bytes}


def _file(paper: paperwork.Paper, fmt: str):
    return document_attachment(paper.render, stem=paper.filename, fmt=fmt)


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

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], url_path=r"decision/(?P<fmt>docx|pdf)")
    def decision(self, request, pk=None, fmt="docx"):
        """Mẫu 20. QĐKT, for an on-site inspection."""
        inspection = self.get_object()
        if inspection.form != Inspection.Form.ON_SITE:
            raise DomainError("Quyết định kiểm tra (Mẫu 20) chỉ lập cho cuộc kiểm tra tại trụ sở.")
        return _file(paperwork.inspection_decision(inspection, today=timezone.localdate()), fmt)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], url_path=r"minutes/(?P<fmt>docx|pdf)")
    def minutes(self, request, pk=None, fmt="docx"):
        """Mẫu 21. BBKT, once the inspection has started."""
        inspection = self.get_object()
        if inspection.status == Inspection.Status.PLANNED:
            raise DomainError("Cuộc kiểm tra chưa bắt đầu nên chưa có biên bản.")
        return _file(paperwork.inspection_minutes(inspection, today=timezone.localdate()), fmt)


class SamplingSerializer(serializers.Serializer):
    """The plan against TT 26/2014 Điều 33: every obligated agency, at least a third on site."""

    obligated = serializers.IntegerField()
    planned = serializers.IntegerField()
    documents = serializers.IntegerField()
    on_site = serializers.IntegerField()
    on_site_minimum = serializers.IntegerField()
    concluded = serializers.IntegerField()


class InspectionPlanSerializer(serializers.ModelSerializer):
    sampling = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "year",
            "number",
            "status",
            "approved_on",
            "issuing_agency",
            "on_site_shortfall_reason",
            "sampling",
            "problems",
        ]

    @extend_schema_field(SamplingSerializer)
    def get_sampling(self, plan: InspectionPlan) -> dict:
        return SamplingSerializer(selectors.inspection_plan_summary(plan)).data

    def get_problems(self, plan: InspectionPlan) -> list[str]:
        """What stops a draft plan from being approved, in words."""
        return services.plan_problems(plan) if plan.status == InspectionPlan.Status.DRAFT else []


class InspectionPlanViewSet(ListModelMixin, RetrieveModelMixin, AgencyScopedViewSet):
    """The province's yearly inspection plans with the sampling figures and what stops approval;
    `document/docx` and `document/pdf` give Mẫu 19."""

    queryset = InspectionPlan.objects.all()
    serializer_class = InspectionPlanSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("province")

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], url_path=r"document/(?P<fmt>docx|pdf)")
    def document(self, request, pk=None, fmt="docx"):
        return _file(paperwork.inspection_plan(self.get_object(), today=timezone.localdate()), fmt)
