"""Inspection plans, inspections with their scores, and the follow-up requests they leave the
agencies. Each transition of their workflows (approve a plan; start, score, conclude an inspection;
report on, accept or reject a follow-up) is a POST action with the same form as the page
(core.workflow_api). The plan (Mẫu 19), the decision (Mẫu 20) and the minutes (Mẫu 21) of an
on-site inspection, the request to report (Điều 35) and the closing request (Điều 37) of one
through documents, download as .docx or PDF, rendered by the same code as the pages' links."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin

from eiso.core.downloads import document_attachment
from eiso.core.errors import DomainError
from eiso.core.serializers import ModelSerializer, Serializer
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.core.workflow_api import transition_actions
from eiso.oversight import paperwork, selectors, services
from eiso.oversight.models import FollowUp, Inspection, InspectionPlan, Score

FILE_RESPONSE = {(200, "application/octet-stream"): bytes}


def _file(paper: paperwork.Paper, fmt: str):
    return document_attachment(paper.render, stem=paper.filename, fmt=fmt)


class ScoreSerializer(ModelSerializer):
    code = serializers.CharField(source="criterion.code", read_only=True)
    max_points = serializers.DecimalField(
        source="criterion.max_points", max_digits=6, decimal_places=2, read_only=True
    )

    class Meta:
        model = Score
        fields = ["criterion", "code", "max_points", "points", "evidence", "is_automatic", "figures"]


class InspectionSerializer(ModelSerializer):
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
            "inspecting_unit",
            "cooperating_unit",
            "inspected_on",
            "report_request_number",
            "report_requested_on",
            "report_due_on",
            "decision_number",
            "criteria_set",
            "minutes_number",
            "minutes_signed_on",
            "result_letter_number",
            "result_letter_on",
            "conclusion",
            "scores",
        ]
        read_only_fields = fields


class InspectionViewSet(
    transition_actions(services.INSPECTION, InspectionSerializer),
    ListModelMixin,
    RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """Inspections the user may see, with their scores; the coordinator starts, scores and concludes
    them through the transitions of their workflow (`/inspections/{id}/<transition>/`)."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("agency", "plan").prefetch_related("scores__criterion")

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], url_path=r"decision/(?P<fmt>docx|pdf)")
    def decision(self, request, pk=None, fmt="docx"):
        """Mẫu 20. QĐKT, for an on-site inspection."""
        inspection = self.get_object()
        if not inspection.is_on_site:
            raise DomainError("Quyết định kiểm tra (Mẫu 20) chỉ lập cho cuộc kiểm tra tại trụ sở.")
        return _file(paperwork.inspection_decision(inspection, today=timezone.localdate()), fmt)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], url_path=r"minutes/(?P<fmt>docx|pdf)")
    def minutes(self, request, pk=None, fmt="docx"):
        """Mẫu 21. BBKT of an on-site inspection, once it has started."""
        inspection = self.get_object()
        if not inspection.is_on_site:
            raise DomainError("Biên bản kiểm tra (Mẫu 21) chỉ lập cho cuộc kiểm tra tại trụ sở.")
        if not inspection.has_started:
            raise DomainError("Cuộc kiểm tra chưa bắt đầu nên chưa có biên bản.")
        return _file(paperwork.inspection_minutes(inspection, today=timezone.localdate()), fmt)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], url_path=r"report-request/(?P<fmt>docx|pdf)")
    def report_request(self, request, pk=None, fmt="docx"):
        """The request of Điều 35 that an agency inspected through documents report, with evidence."""
        inspection = self.get_object()
        if inspection.is_on_site:
            raise DomainError("Văn bản đề nghị báo cáo dành cho cuộc kiểm tra qua hồ sơ, báo cáo.")
        return _file(paperwork.report_request(inspection, today=timezone.localdate()), fmt)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], url_path=r"result-letter/(?P<fmt>docx|pdf)")
    def result_letter(self, request, pk=None, fmt="docx"):
        """The written request that ends an inspection through documents (Điều 37), once started."""
        inspection = self.get_object()
        if inspection.is_on_site:
            raise DomainError("Cuộc kiểm tra tại trụ sở kết thúc bằng biên bản kiểm tra (Mẫu 21).")
        if not inspection.has_started:
            raise DomainError("Cuộc kiểm tra chưa bắt đầu nên chưa có văn bản đề nghị khắc phục.")
        return _file(paperwork.result_letter(inspection, today=timezone.localdate()), fmt)


class SamplingSerializer(Serializer):
    """The plan against TT 26/2014 Điều 33: every obligated agency, at least a third on site."""

    obligated = serializers.IntegerField()
    planned = serializers.IntegerField()
    documents = serializers.IntegerField()
    on_site = serializers.IntegerField()
    on_site_minimum = serializers.IntegerField()
    concluded = serializers.IntegerField()


class InspectionPlanSerializer(ModelSerializer):
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
        # A reason recorded on a plan approved before the one-third rule became strict; read only.
        read_only_fields = ["on_site_shortfall_reason"]

    @extend_schema_field(SamplingSerializer)
    def get_sampling(self, plan: InspectionPlan) -> dict:
        return SamplingSerializer(selectors.inspection_plan_summary(plan)).data

    def get_problems(self, plan: InspectionPlan) -> list[str]:
        """What stops a draft plan from being approved, in words."""
        return [] if plan.is_approved else services.plan_problems(plan)


class InspectionPlanViewSet(
    transition_actions(services.INSPECTION_PLAN, InspectionPlanSerializer),
    ListModelMixin,
    RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """The province's yearly inspection plans with the sampling figures and what stops approval;
    `approve` is the transition of its workflow; `document/docx` and
    `document/pdf` give Mẫu 19."""

    queryset = InspectionPlan.objects.all()
    serializer_class = InspectionPlanSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("province")

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], url_path=r"document/(?P<fmt>docx|pdf)")
    def document(self, request, pk=None, fmt="docx"):
        return _file(paperwork.inspection_plan(self.get_object(), today=timezone.localdate()), fmt)


class FollowUpSerializer(ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "inspection",
            "agency",
            "agency_name",
            "request",
            "due_on",
            "status",
            "response",
            "reported_on",
            "nonconformity_id",
        ]
        read_only_fields = fields


class FollowUpViewSet(
    transition_actions(services.FOLLOW_UP, FollowUpSerializer),
    ListModelMixin,
    RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """The requests inspections leave the agencies the user may see; the agency reports its
    corrective action through `report`, the coordinator answers through `accept` or `reject`."""

    queryset = FollowUp.objects.all()
    serializer_class = FollowUpSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("agency")
