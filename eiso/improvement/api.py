"""API of the improvement app: audits with their checklist and findings, nonconformities with
their corrective actions, management reviews and announcements.

Writes call the same services as the pages. Each transition of a declared workflow is a POST
action (`/<objects>/<pk>/<transition>/`) whose body is the transition's own form, the one the page
uses (core.workflow_api). An integration names the agency it writes for with `agency` (an id);
it may be left out when the user works in a single agency (`core.tenancy.agency_for_write`).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from eiso.accounts.models import User
from eiso.core.roles import QMS_MANAGERS_AND_AUDITORS
from eiso.core.serializers import ModelSerializer, MultilineCharField, Serializer
from eiso.core.tenancy import agency_for_write
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.core.workflow_api import transition_actions
from eiso.improvement import selectors, services
from eiso.improvement.models import (
    Announcement,
    ChecklistLine,
    Finding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from eiso.orgs.models import Unit
from eiso.quality.models import Action


class ActionSerializer(ModelSerializer):
    owner = serializers.StringRelatedField()

    class Meta:
        model = Action
        fields = [
            "id",
            "title",
            "owner",
            "due_on",
            "status",
            "completed_on",
            "completion_note",
            "verified_on",
        ]


class LineSerializer(ModelSerializer):
    class Meta:
        model = ChecklistLine
        fields = [
            "id",
            "order",
            "reference",
            "clause",
            "text",
            "evidence_hint",
            "result",
            "evidence_text",
            "document_version",
            "record_reference",
        ]


class FindingSerializer(ModelSerializer):
    nonconformity = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["id", "audit", "kind", "clause", "statement", "evidence", "unit", "nonconformity"]

    def get_nonconformity(self, finding) -> int | None:
        nonconformity = getattr(finding, "nonconformity", None)
        return nonconformity.pk if nonconformity else None


class AuditSerializer(ModelSerializer):
    team = serializers.SerializerMethodField()

    class Meta:
        model = InternalAudit
        fields = [
            "id",
            "agency",
            "code",
            "title",
            "scope",
            "criteria",
            "planned_start_on",
            "planned_end_on",
            "status",
            "lead_auditor",
            "team",
            "summary",
            "conclusions",
            "report_number",
            "reported_on",
            "acknowledged_on",
        ]

    def get_team(self, audit) -> list[int]:
        return [member.user_id for member in audit.team.all()]


class AuditViewSet(
    transition_actions(services.INTERNAL_AUDIT, AuditSerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """Internal audits; start, report, acknowledge and cancel are the audit's transitions."""

    queryset = InternalAudit.objects.all()
    serializer_class = AuditSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("team")

    @action(detail=True, methods=["get"])
    def lines(self, request, pk=None):
        return Response(LineSerializer(self.get_object().lines.all(), many=True).data)


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AgencyScopedViewSet):
    queryset = Finding.objects.all()
    serializer_class = FindingSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("nonconformity")


class NonconformitySerializer(ModelSerializer):
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Nonconformity
        fields = [
            "id",
            "agency",
            "code",
            "source",
            "severity",
            "title",
            "description",
            "clause",
            "detected_on",
            "unit",
            "finding",
            "feedback",
            "status",
            "correction",
            "cause_method",
            "cause_analysis",
            "root_cause",
            "effectiveness_criteria",
            "effectiveness_check_on",
            "is_effective",
            "effectiveness_result",
            "closed_on",
            "cancel_reason",
            "report_due_on",
            "actions",
        ]
        read_only_fields = [
            name
            for name in fields
            if name not in ("source", "severity", "title", "description", "clause", "detected_on", "unit")
        ]

    def get_actions(self, nonconformity) -> list[dict]:
        return ActionSerializer(selectors.source_actions(nonconformity), many=True).data


class RecordSerializer(Serializer):
    agency = serializers.IntegerField(required=False)
    source = serializers.ChoiceField(choices=Nonconformity.Source.choices)
    severity = serializers.ChoiceField(choices=Nonconformity.Severity.choices, default="minor")
    title = serializers.CharField(max_length=300)
    description = MultilineCharField()
    clause = serializers.CharField(max_length=10, required=False, default="")
    detected_on = serializers.DateField()
    unit = serializers.IntegerField(required=False, allow_null=True)


class ActionInputSerializer(Serializer):
    title = serializers.CharField(max_length=500)
    due_on = serializers.DateField()
    owner = serializers.IntegerField()
    description = MultilineCharField(allow_blank=True, required=False, default="")


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class NonconformityViewSet(
    transition_actions(services.NONCONFORMITY, NonconformitySerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    AgencyScopedViewSet,
):
    """Nonconformities: POST records one; each stage of the §10.2 loop is a transition (analyse,
    plan, start, request-check, check, close, cancel); POST `actions/` adds a corrective action."""

    queryset = Nonconformity.objects.all()
    serializer_class = NonconformitySerializer

    def create(self, request, *args, **kwargs):
        data = _valid(RecordSerializer, request)
        agency = agency_for_write(request, data.pop("agency", None), roles=QMS_MANAGERS_AND_AUDITORS)
        unit_id = data.pop("unit", None)
        unit = (
            get_object_or_404(Unit.objects.for_user(request.user), pk=unit_id, agency=agency)
            if unit_id
            else None
        )
        nonconformity = services.nonconformity_record(agency=agency, actor=request.user, unit=unit, **data)
        return Response(NonconformitySerializer(nonconformity).data, status=201)

    @extend_schema(request=ActionInputSerializer, responses=NonconformitySerializer)
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        """Not a transition: the corrective action is a quality.Action with its own lifecycle."""
        nc = self.get_object()
        data = _valid(ActionInputSerializer, request)
        data["owner"] = get_object_or_404(User.objects.for_user(request.user), pk=data["owner"])
        services.nonconformity_add_action(nonconformity=nc, actor=request.user, **data)
        return Response(NonconformitySerializer(nc).data)


class ReviewSerializer(ModelSerializer):
    outputs = serializers.SerializerMethodField()

    class Meta:
        model = ManagementReview
        fields = [
            "id",
            "agency",
            "title",
            "period_start",
            "period_end",
            "planned_on",
            "location",
            "chair",
            "participants",
            "status",
            "held_on",
            "inputs",
            "inputs_frozen_at",
            "conclusions",
            "minutes_number",
            "outputs",
        ]

    def get_outputs(self, review) -> list[dict]:
        return ActionSerializer(selectors.source_actions(review), many=True).data


class ReviewViewSet(
    transition_actions(services.MANAGEMENT_REVIEW, ReviewSerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """Management reviews; `hold/` records the meeting and freezes its inputs."""

    queryset = ManagementReview.objects.all()
    serializer_class = ReviewSerializer


class AnnouncementSerializer(ModelSerializer):
    class Meta:
        model = Announcement
        fields = [
            "id",
            "agency",
            "kind",
            "status",
            "number",
            "decided_on",
            "signer_name",
            "signer_position",
            "scope",
            "change_note",
            "notice_reference",
            "notice_sent_on",
            "posted_at_office_on",
            "website_url",
            "posted_on_website_on",
        ]


class AnnouncementViewSet(
    transition_actions(services.ANNOUNCEMENT, AnnouncementSerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """Announcements of conformity; `announce/` issues the decision, `record-notices/` its notices."""

    queryset = Announcement.objects.all()
    serializer_class = AnnouncementSerializer


ROUTES = [
    ("improvement/audits", AuditViewSet, "audit"),
    ("improvement/findings", FindingViewSet, "finding"),
    ("improvement/nonconformities", NonconformityViewSet, "nonconformity"),
    ("improvement/reviews", ReviewViewSet, "review"),
    ("improvement/announcements", AnnouncementViewSet, "announcement"),
]
URLS: list = []
