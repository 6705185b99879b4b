"""API of the dossiers app: ingest (the integration contract of shared/domain/dossier-events.md),
statistics, dossiers and their step actions, and the citizen's public lookup."""

import json
from datetime import date

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action, api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from eiso.core.api_errors import throttled_body
from eiso.core.db import reading_from_replica
from eiso.core.errors import DomainError
from eiso.core.pagination import KeysetPagination
from eiso.core.query import parse_int
from eiso.core.serializers import ModelSerializer, Serializer
from eiso.core.throttling import AddressRateThrottle
from eiso.core.viewsets import AgencyScopedViewSet
from eiso.core.workflow_api import transition_actions
from eiso.dossiers import public, selectors, services
from eiso.dossiers.filters import EVENT_ORDERING, ORDERING, DossierEventFilterSet, DossierFilterSet
from eiso.dossiers.ingest import MAX_EVENTS, Ingest
from eiso.dossiers.models import Channel, Dossier, DossierEvent, DossierStep
from eiso.orgs.models import Agency


class StepSerializer(ModelSerializer):
    responsible = serializers.CharField(read_only=True)

    class Meta:
        model = DossierStep
        fields = [
            "id",
            "order",
            "name",
            "responsible",
            "allotted_hours",
            "due",
            "started_at",
            "finished_at",
            "actor_name",
            "used_hours",
            "overrun_hours",
        ]


class DossierSerializer(ModelSerializer):
    procedure = serializers.CharField(source="procedure.code", read_only=True)
    agency = serializers.CharField(source="agency.identifier_code", read_only=True)
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "agency",
            "procedure",
            "applicant_name",
            "channel",
            "status",
            "received_at",
            "legal_due",
            "appointment",
            "ended_at",
            "withdrawn_at",
            "outcome",
            "supplement_count",
            "extended",
            "apology_timely",
            "steps",
        ]


class DossierCreateSerializer(Serializer):
    procedure = serializers.CharField(help_text="Mã TTHC, ví dụ 1.001193.")
    agency = serializers.CharField(
        required=False, help_text="Mã định danh cơ quan; mặc định cơ quan của bạn."
    )
    applicant_name = serializers.CharField(max_length=200)
    applicant_phone = serializers.CharField(max_length=20, required=False, default="")
    applicant_address = serializers.CharField(max_length=300, required=False, default="")
    applicant_email = serializers.EmailField(required=False, default="")
    channel = serializers.ChoiceField(choices=Channel.values)
    components = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list
    )
    if_incomplete = serializers.ChoiceField(
        choices=["refuse", "supplement"], required=False, default="refuse"
    )


class DossierViewSet(
    transition_actions(services.DOSSIER, DossierSerializer),
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    AgencyScopedViewSet,
):
    """Dossiers of the user's agencies; POST receives a new one at the counter, and each
    transition of the counter's workflow is a POST action (`/dossiers/{id}/<transition>/`)."""

    queryset = Dossier.objects.all()
    serializer_class = DossierSerializer
    filterset_class = DossierFilterSet
    pagination_class = KeysetPagination
    keyset_ordering = ORDERING

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("agency", "procedure")
            .prefetch_related("steps__unit", "steps__other_agency")
            .order_by(*ORDERING)
        )

    @extend_schema(request=DossierCreateSerializer, responses=DossierSerializer)
    def create(self, request):
        from eiso.procedures.models import Procedure

        data = DossierCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agencies = Agency.objects.filter(pk__in=request.user.visible_agency_ids())
        if values.get("agency"):
            agency = agencies.filter(identifier_code=values.pop("agency")).first()
        else:
            values.pop("agency", None)
            own = [m.agency for m in request.user.active_memberships() if m.agency_id]
            agency = own[0] if len(own) == 1 else None
        if agency is None:
            raise DomainError("Cần chỉ rõ cơ quan tiếp nhận (mã định danh).", field="agency")
        procedure = Procedure.objects.filter(
            province_id=agency.province_id, code=values.pop("procedure")
        ).first()
        if procedure is None:
            raise DomainError("Không có thủ tục này trong danh mục của tỉnh.", field="procedure")
        dossier = services.dossier_receive(agency=agency, procedure=procedure, actor=request.user, **values)
        return Response(DossierSerializer(dossier).data, status=status.HTTP_201_CREATED)

    def _step(self, request, pk):
        dossier = self.get_object()
        order = request.data.get("step")
        order = parse_int(str(order))
        step = dossier.steps.filter(order=order).first() if order is not None and order < 2**31 else None
        if step is None:
            raise DomainError("Không có bước này trong hồ sơ.", field="step")
        return step

    @extend_schema(
        request=inline_serializer("StepAction", {"step": serializers.IntegerField()}),
        responses=DossierSerializer,
    )
    @action(detail=True, methods=["post"], url_path="start-step")
    def start_step(self, request, pk=None):
        step = services.step_start(step=self._step(request, pk), actor=request.user)
        return Response(DossierSerializer(Dossier.objects.get(pk=step.dossier_id)).data)

    @extend_schema(
        request=inline_serializer("StepFinish", {"step": serializers.IntegerField()}),
        responses=DossierSerializer,
    )
    @action(detail=True, methods=["post"], url_path="finish-step")
    def finish_step(self, request, pk=None):
        step = services.step_finish(step=self._step(request, pk), actor=request.user)
        return Response(DossierSerializer(Dossier.objects.get(pk=step.dossier_id)).data)


class DossierEventSerializer(ModelSerializer):
    dossier_code = serializers.CharField(source="dossier.code", read_only=True)
    actor_name = serializers.CharField(source="person", read_only=True)

    class Meta:
        model = DossierEvent
        fields = [
            "id",
            "dossier",
            "dossier_code",
            "type",
            "at",
            "source",
            "source_id",
            "step_order",
            "due",
            "reason",
            "actor_name",
            "receiver_name",
        ]


class DossierEventViewSet(mixins.ListModelMixin, AgencyScopedViewSet):
    """The events of the user's dossiers (recorded at the counter or ingested), newest first, by
    cursor. Filters: `dossier` (its id), `type`, `source`."""

    queryset = DossierEvent.objects.all()
    serializer_class = DossierEventSerializer
    filterset_class = DossierEventFilterSet
    pagination_class = KeysetPagination
    keyset_ordering = EVENT_ORDERING

    def get_queryset(self):
        return super().get_queryset().select_related("dossier", "actor").order_by(*EVENT_ORDERING)


# --- ingest ---------------------------------------------------------------------------------------


BULK_RESPONSE = inline_serializer(
    "DossierEventsBulkResult",
    {
        "accepted": serializers.IntegerField(),
        "duplicates": serializers.ListField(child=serializers.CharField()),
        "rejected": serializers.ListField(child=serializers.DictField()),
    },
)


def _problem(message: str, code: int) -> Response:
    return Response({"detail": message}, status=code)


@extend_schema(
    summary="Nhận lô sự kiện hồ sơ từ hệ thống thông tin giải quyết TTHC",
    description="Hợp đồng tích hợp: xem shared/domain/dossier-events.md. Idempotent theo (source, id); "
    "áp dụng theo thứ tự thời điểm; sự kiện lỗi bị từ chối kèm chỉ số và lý do.",
    request=inline_serializer(
        "DossierEventsBulk",
        {"source": serializers.CharField(), "events": serializers.ListField(child=serializers.DictField())},
    ),
    responses={200: BULK_RESPONSE},
)
@api_view(["POST"])
def events_bulk(request):
    try:
        body = request.body
    except RequestDataTooBig:
        return _problem("Dữ liệu gửi lên vượt quá giới hạn cho phép.", 413)
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _problem("Nội dung không phải JSON hợp lệ.", 400)
    if not isinstance(data, dict):
        return _problem("Nội dung phải là đối tượng JSON có 'source' và 'events'.", 400)
    source, events = data.get("source"), data.get("events")
    if not isinstance(source, str) or not source.strip() or len(source) > 60:
        return _problem("Trường 'source' phải là chuỗi (tối đa 60 ký tự).", 400)
    if not isinstance(events, list):
        return _problem("Trường 'events' phải là một danh sách.", 400)
    if set(data) - {"source", "events"}:
        return _problem("Chỉ chấp nhận các trường 'source' và 'events'.", 400)
    if len(events) > MAX_EVENTS:
        return _problem(f"Mỗi lô tối đa {MAX_EVENTS} sự kiện.", 413)
    return Response(Ingest(source=source.strip(), user=request.user).run(events))


# --- statistics -----------------------------------------------------------------------------------

# The figures of the contract (version 2), in its order.
STAT_KEYS = (
    "received",
    "resolved",
    "early",
    "on_time",
    "late",
    "pending",
    "overdue",
    "awaiting_supplement",
    "on_time_rate",
    "supplements",
    "refused",
    "extended",
    "late_without_apology",
    "stopped",
    "closed",
)


@extend_schema(
    summary="Thống kê hồ sơ theo quy tắc đếm của hợp đồng tích hợp (phiên bản 2)",
    description="Hồ sơ dừng theo đề nghị (stopped) hoặc kết thúc do không bổ sung (closed) không bao giờ "
    "được tính là đã giải quyết, trễ hạn, đang giải quyết hay quá hạn; hồ sơ đang chờ người nộp bổ sung "
    "(awaiting_supplement) không bao giờ quá hạn; gia hạn muộn hơn 01 ngày trước hạn không được tính là "
    "xin lỗi (late_without_apology). Chi tiết: docs/integration.md.",
    parameters=[
        OpenApiParameter(
            "agency", str, description="Mã định danh cơ quan; bỏ trống = cả tỉnh (vai trò cấp tỉnh)."
        ),
        OpenApiParameter("procedure", str, description="Mã TTHC."),
        OpenApiParameter("from", date, required=True),
        OpenApiParameter("to", date, required=True),
    ],
    responses={
        200: inline_serializer(
            "DossierStats",
            {k: serializers.IntegerField() for k in STAT_KEYS if k != "on_time_rate"}
            | {"on_time_rate": serializers.FloatField(allow_null=True)},
        )
    },
)
@api_view(["GET"])
def stats(request):
    try:
        start = date.fromisoformat(request.query_params.get("from", ""))
        end = date.fromisoformat(request.query_params.get("to", ""))
    except ValueError:
        raise DomainError("Tham số 'from' và 'to' phải là ngày dạng YYYY-MM-DD.") from None
    if end < start:
        raise DomainError("Ngày 'to' phải từ ngày 'from' trở đi.")
    user = request.user
    code = request.query_params.get("agency", "").strip()
    if code:
        agency = Agency.objects.filter(identifier_code=code, pk__in=user.visible_agency_ids()).first()
        if agency is None:
            raise Http404
        agencies = agency
    else:
        if not user.visible_province_ids():
            raise PermissionDenied("Cần chỉ rõ cơ quan (tham số agency).")
        agencies = Agency.objects.filter(province_id__in=user.visible_province_ids())
    procedure = None
    if request.query_params.get("procedure"):
        from eiso.procedures.models import Procedure

        # The same TTHC code exists once per province; a provincial role may see several.
        procedure = list(
            Procedure.objects.filter(code=request.query_params["procedure"]).values_list("pk", flat=True)
        )
        if not procedure:
            raise DomainError("Không có thủ tục mang mã này.")
    # After authentication (the token is the primary's): only the figures come from the replica.
    with reading_from_replica():
        row = selectors.dossier_stats(agencies=agencies, start=start, end=end, procedure=procedure)
    answer = {key: row[key] for key in STAT_KEYS}
    answer["on_time_rate"] = None if row["on_time_rate"] is None else float(row["on_time_rate"])
    return Response(answer)


# --- public lookup --------------------------------------------------------------------------------


class LookupThrottle(AddressRateThrottle):
    scope = "dossier_lookup"
    rate = "10/min"


class PublicSupplementSerializer(Serializer):
    """What a dossier waiting for its supplement lacks (form 02), and until when it may be completed."""

    requested_at = serializers.DateTimeField()
    items = serializers.ListField(child=serializers.CharField())
    closure_due = serializers.DateTimeField(allow_null=True)
    contact_name = serializers.CharField(allow_blank=True)
    contact_phone = serializers.CharField(allow_blank=True)


class PublicDossierSerializer(Serializer):
    """What a citizen sees of a dossier after giving its code and the last 4 digits of the phone."""

    code = serializers.CharField()
    procedure = serializers.CharField()
    agency = serializers.CharField()
    status = serializers.CharField()
    status_text = serializers.CharField()
    received_at = serializers.DateTimeField()
    appointment = serializers.DateTimeField()
    late = serializers.BooleanField()
    apology = serializers.CharField()
    can_rate = serializers.BooleanField()
    supplement = PublicSupplementSerializer(allow_null=True)


@extend_schema(
    summary="Tra cứu hồ sơ (công khai): mã hồ sơ và 4 số cuối điện thoại",
    description=(
        "Mã sai và số sai nhận cùng một câu trả lời 404. Giới hạn: 10 lần mỗi phút cho mỗi địa chỉ; "
        "mỗi mã hồ sơ chỉ nhận 5 lần trả lời sai mỗi giờ và 10 lần mỗi ngày, từ mọi địa chỉ cộng lại. "
        "Quá giới hạn: 429 với thời gian chờ (`Retry-After`)."
    ),
    parameters=[OpenApiParameter("phone4", str, required=True)],
    responses={200: PublicDossierSerializer},
    auth=[],
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([LookupThrottle])
def public_lookup(request, code: str):
    try:
        view = public.public_view(code=code, phone4=request.query_params.get("phone4", ""))
    except public.TooManyTries as error:
        return Response(
            throttled_body(error.retry_after, error.message),
            status=429,
            headers={"Retry-After": str(error.retry_after)},
        )
    if view is None:
        return Response({"detail": "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập."}, status=404)
    return Response(view)


ROUTES = [("dossiers", DossierViewSet, "dossier"), ("dossier-events", DossierEventViewSet, "dossier-event")]
URLS = [
    path("dossier-events/bulk", events_bulk, name="dossier-events-bulk"),
    path("stats/dossiers", stats, name="dossier-stats"),
    path("public/dossiers/<str:code>", public_lookup, name="public-dossier"),
]
