"""API of the quality app: objectives with their indicator values, risks and feedback.

Writes call the same services as the pages. An integration names the agency it writes for
with `agency` (an id); it may be left out when the user works in a single agency
(`core.tenancy.agency_for_write`).
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from eiso.accounts.models import User
from eiso.core.roles import QMS_MANAGERS
from eiso.core.tenancy import agency_for_write
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.orgs.models import Unit
from eiso.quality import selectors, services
from eiso.quality.models import Feedback, IndicatorValue, QualityObjective, Risk


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key whose choices are the rows the requesting user may see."""

    def get_queryset(self):
        return self.queryset.model.objects.for_user(self.context["request"].user)


class IndicatorValueSerializer(serializers.ModelSerializer):
    attainment = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "objective",
            "label",
            "period_start",
            "period_end",
            "value",
            "figures",
            "source",
            "is_final",
            "computed_at",
            "note",
            "attainment",
        ]

    def get_attainment(self, value) -> str:
        return value.attainment(timezone.localdate())


class ObjectiveSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", required=False)
    unit = ScopedRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    target = serializers.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        model = QualityObjective
        fields = [
            "id",
            "agency",
            "year",
            "unit",
            "statement",
            "work_plan_task",
            "indicator",
            "source",
            "procedure",
            "comparison",
            "target",
            "measure_unit",
            "frequency",
            "owner",
            "is_active",
        ]


class RecalculateSerializer(serializers.Serializer):
    period_start = serializers.DateField(required=False, allow_null=True)


class ObjectiveViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    AgencyScopedViewSet,
):
    """Quality objectives (ISO 9001 §6.2). Filters: `year`. Values: `/values/`; recompute: `/recalculate/`."""

    queryset = QualityObjective.objects.all()
    serializer_class = ObjectiveSerializer
    filterset_fields = ["year", "source", "is_active"]

    def get_queryset(self):
        return super().get_queryset().order_by("-year", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        agency = agency_for_write(self.request, data.pop("agency_id", None), roles=QMS_MANAGERS)
        serializer.instance = services.objective_create(agency=agency, actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("agency_id", None)
        services.objective_update(objective=serializer.instance, actor=self.request.user, **data)

    @extend_schema(responses=IndicatorValueSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def values(self, request, pk=None):
        """The stored values of the objective's indicator, one per period, with their figures."""
        objective = self.get_object()
        rows = objective.values.order_by("period_start")
        return Response(IndicatorValueSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(
        request=RecalculateSerializer,
        responses=IndicatorValueSerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def recalculate(self, request, pk=None):
        """Recompute the periods not yet final; with `period_start`, recompute that final period on
        purpose (recorded in the audit trail)."""
        objective = self.get_object()
        params = RecalculateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        period_start = params.validated_data.get("period_start")
        if period_start:
            rows = [
                services.indicator_recalculate(
                    objective=objective, period_start=period_start, actor=request.user, reopen=True
                )
            ]
        else:
            rows = services.objective_recalculate(objective=objective, actor=request.user)
        return Response(IndicatorValueSerializer(rows, many=True, context={"request": request}).data)


class IndicatorValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AgencyScopedViewSet):
    """Indicator values of every objective the user may see. Filters: `objective`, `objective__year`."""

    queryset = IndicatorValue.objects.all()
    serializer_class = IndicatorValueSerializer
    filterset_fields = ["objective", "objective__year", "is_final"]

    def get_queryset(self):
        return super().get_queryset().select_related("objective").order_by("objective_id", "period_start")


class RiskSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", required=False)
    objective = ScopedRelatedField(queryset=QualityObjective.objects.all(), required=False, allow_null=True)
    score = serializers.IntegerField(read_only=True)
    residual_score = serializers.IntegerField(read_only=True, allow_null=True)
    treatments = serializers.SerializerMethodField()

    class Meta:
        model = Risk
        fields = [
            "id",
            "agency",
            "kind",
            "title",
            "description",
            "process",
            "objective",
            "owner",
            "likelihood",
            "impact",
            "score",
            "residual_likelihood",
            "residual_impact",
            "residual_score",
            "status",
            "review_on",
            "evaluated_on",
            "treatments",
        ]
        read_only_fields = ["residual_likelihood", "residual_impact", "status", "evaluated_on"]

    def get_treatments(self, risk) -> list[dict]:
        return [
            {"id": a.pk, "title": a.title, "owner": a.owner_id, "due_on": a.due_on, "status": a.status}
            for a in selectors.actions_for(risk)
        ]


class RiskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    AgencyScopedViewSet,
):
    """The register of risks and opportunities (ISO 9001 §6.1). Filters: `kind`, `status`."""

    queryset = Risk.objects.all()
    serializer_class = RiskSerializer
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        return super().get_queryset().order_by("pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        agency = agency_for_write(self.request, data.pop("agency_id", None), roles=QMS_MANAGERS)
        serializer.instance = services.risk_create(agency=agency, actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("agency_id", None)
        services.risk_update(risk=serializer.instance, actor=self.request.user, **data)


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feedback
        fields = [
            "id",
            "code",
            "kind",
            "channel",
            "category",
            "content",
            "dossier_code",
            "sender_name",
            "received_on",
            "accept_due_on",
            "status",
            "accepted_on",
            "handle_due_on",
            "handler",
            "unit",
            "refusal_reason",
            "reply",
            "answered_on",
        ]


class FeedbackAcceptSerializer(serializers.Serializer):
    handler = ScopedRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    unit = ScopedRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)


class FeedbackRefuseSerializer(serializers.Serializer):
    reason = serializers.CharField()


class FeedbackReplySerializer(serializers.Serializer):
    reply = serializers.CharField()


class FeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AgencyScopedViewSet):
    """Citizens' feedback (phản ánh, kiến nghị) and how it was handled. Filters: `status`, `kind`.
    Workflow: `/accept/` (starts the 15-working-day limit), `/refuse/`, `/reply/`."""

    queryset = Feedback.objects.all()
    serializer_class = FeedbackSerializer
    filterset_fields = ["status", "kind", "channel"]

    def get_queryset(self):
        return super().get_queryset().order_by("-received_on", "-pk")

    def _step(self, request, params_class, service):
        feedback = self.get_object()
        params = params_class(data=request.data, context={"request": request})
        params.is_valid(raise_exception=True)
        service(feedback=feedback, actor=request.user, **params.validated_data)
        return Response(FeedbackSerializer(feedback, context={"request": request}).data)

    @extend_schema(request=FeedbackAcceptSerializer, responses=FeedbackSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def accept(self, request, pk=None):
        """Accept the feedback for handling, optionally naming the handler and unit."""
        return self._step(request, FeedbackAcceptSerializer, services.feedback_accept)

    @extend_schema(request=FeedbackRefuseSerializer, responses=FeedbackSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def refuse(self, request, pk=None):
        """Refuse to handle the feedback, with the reason the sender will read."""
        return self._step(request, FeedbackRefuseSerializer, services.feedback_refuse)

    @extend_schema(request=FeedbackReplySerializer, responses=FeedbackSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def reply(self, request, pk=None):
        """Record the answer the sender reads by the feedback code."""
        return self._step(request, FeedbackReplySerializer, services.feedback_reply)


ROUTES = [
    ("quality/objectives", ObjectiveViewSet, "quality-objective"),
    ("quality/indicator-values", IndicatorValueViewSet, "quality-indicator-value"),
    ("quality/risks", RiskViewSet, "quality-risk"),
    ("quality/feedback", FeedbackViewSet, "quality-feedback"),
]
URLS: list = []
