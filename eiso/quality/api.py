"""API of the quality app: objectives with their indicator values, risks, feedback and actions.

Writes call the same services as the pages; the workflows' transitions are one POST action each,
built from their declarations (core.workflow_api), with the same forms as the pages. An
integration names the agency it writes for with `agency` (an id); it may be left out when the
user works in a single agency (`core.tenancy.agency_for_write`).
"""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from eiso.core.roles import QMS_MANAGERS
from eiso.core.serializers import ModelSerializer, Serializer
from eiso.core.tenancy import agency_for_write
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.core.workflow_api import transition_actions
from eiso.orgs.models import Unit
from eiso.quality import selectors, services
from eiso.quality.models import Action, Feedback, IndicatorValue, QualityObjective, Risk


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key whose choices are the rows the requesting user may see."""

    def get_queryset(self):
        return self.queryset.model.objects.for_user(self.context["request"].user)


class IndicatorValueSerializer(ModelSerializer):
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


class ObjectiveSerializer(ModelSerializer):
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


class RecalculateSerializer(Serializer):
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


class RiskSerializer(ModelSerializer):
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
    transition_actions(services.RISK, RiskSerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    AgencyScopedViewSet,
):
    """The register of risks and opportunities (ISO 9001 §6.1). Filters: `kind`, `status`. Workflow
    (one POST per transition): `/treat/`, `/evaluate/` (the residual rating), `/close/`."""

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


class FeedbackSerializer(ModelSerializer):
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


class FeedbackViewSet(
    transition_actions(services.FEEDBACK, FeedbackSerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """Citizens' feedback (phản ánh, kiến nghị) and how it was handled. Filters: `status`, `kind`.
    Workflow (one POST per transition): `/accept/` (starts the 15-working-day limit), `/refuse/`,
    `/reply/`."""

    queryset = Feedback.objects.all()
    serializer_class = FeedbackSerializer
    filterset_fields = ["status", "kind", "channel"]

    def get_queryset(self):
        return super().get_queryset().order_by("-received_on", "-pk")


def source_kind(content_type: ContentType) -> str:
    """How the API names the kind of record an action belongs to: `<app>.<model>`."""
    return f"{content_type.app_label}.{content_type.model}"


class ActionDetailSerializer(ModelSerializer):
    """An action (a risk treatment, an objective's plan item, a corrective action, a review output)."""

    source_kind = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "agency",
            "source_kind",
            "source_id",
            "title",
            "description",
            "owner",
            "resources",
            "due_on",
            "evaluation_method",
            "status",
            "is_overdue",
            "completed_on",
            "completion_note",
            "evidence",
            "verified_by",
            "verified_on",
            "verification_note",
        ]

    def get_source_kind(self, action) -> str:
        return source_kind(action.source_type)

    def get_is_overdue(self, action) -> bool:
        return action.is_overdue(timezone.localdate())


class ActionFilterSet(django_filters.FilterSet):
    source_kind = django_filters.CharFilter(
        method="filter_source_kind",
        label="Loại bản ghi nguồn: improvement.nonconformity, improvement.managementreview, quality.risk, "
        "quality.qualityobjective",
    )

    class Meta:
        model = Action
        fields = ["status", "source_kind", "source_id"]

    def filter_source_kind(self, queryset, name, value):
        app_label, _, model = value.lower().partition(".")
        return queryset.filter(source_type__app_label=app_label, source_type__model=model)


class ActionViewSet(
    transition_actions(services.ACTION, ActionDetailSerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """Actions of every kind: risk treatments, objectives' plans, corrective actions of
    nonconformities, outputs of management reviews (ISO 9001 §6.1, §6.2, §10.2, §9.3). Filters:
    `source_kind` (`improvement.nonconformity`…), `source_id`, `status`. Workflow (one POST per
    transition): `/start/`, `/complete/` (multipart, with the `evidence` file), `/verify/`
    (`is_effective`, and a `note` when not effective), `/cancel/`."""

    queryset = Action.objects.all()
    serializer_class = ActionDetailSerializer
    filterset_class = ActionFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("source_type").order_by("due_on", "pk")


ROUTES = [
    ("quality/objectives", ObjectiveViewSet, "quality-objective"),
    ("quality/indicator-values", IndicatorValueViewSet, "quality-indicator-value"),
    ("quality/risks", RiskViewSet, "quality-risk"),
    ("quality/feedback", FeedbackViewSet, "quality-feedback"),
    ("quality/actions", ActionViewSet, "quality-action"),
]
URLS: list = []
