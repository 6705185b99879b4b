"""API endpoints of the core app: due-date computation on the caller's working calendar, and the
audit trail by keyset pages."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from eiso.core import calendar as work_calendar
from eiso.core import deadlines, selectors
from eiso.core.models import AuditEntry
from eiso.core.pagination import KeysetPagination
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.serializers import ModelSerializer, Serializer
from eiso.core.text import clean_text


class DueQuerySerializer(Serializer):
    start = serializers.CharField(error_messages={"required": "Thiếu thời điểm bắt đầu (start)."})
    amount = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=0,
        max_value=10000,
        error_messages={
            "required": "Thiếu thời hạn (amount).",
            "invalid": "Thời hạn (amount) phải là một số.",
            "min_value": "Thời hạn (amount) không được âm.",
            "max_value": "Thời hạn (amount) quá lớn.",
        },
    )
    unit = serializers.ChoiceField(
        choices=work_calendar.Unit.ALL,
        error_messages={
            "invalid_choice": "Đơn vị (unit) phải là working_days, working_hours, days hoặc months."
        },
    )

    def validate_start(self, value: str) -> datetime:
        try:
            moment = datetime.fromisoformat(value.strip().replace(" ", "+").replace("Z", "+00:00"))
        except ValueError as exc:
            raise serializers.ValidationError(
                "Thời điểm bắt đầu (start) phải theo ISO 8601, ví dụ 2026-02-13T09:00:00+07:00."
            ) from exc
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


def caller_province_id(user) -> int | None:
    for membership in user.active_memberships():
        if membership.province_id:
            return membership.province_id
        if membership.agency_id:
            return membership.agency.province_id
    return None


@extend_schema(
    parameters=[
        OpenApiParameter("start", str, description="Thời điểm phát sinh (ISO 8601)", required=True),
        OpenApiParameter("amount", float, description="Thời hạn", required=True),
        OpenApiParameter("unit", str, enum=list(work_calendar.Unit.ALL), required=True),
    ],
    responses=inline_serializer("Due", {"due": serializers.DateTimeField()}),
)
@api_view(["GET"])
def calendar_due(request):
    """The due moment of a period, counted on the working calendar of the caller's province."""
    query = DueQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    calendar = work_calendar.for_province(caller_province_id(request.user))
    try:
        due = deadlines.period_end(
            calendar,
            query.validated_data["start"],
            query.validated_data["amount"],
            query.validated_data["unit"],
        )
    except ValueError as exc:
        raise ValidationError({"amount": [str(exc)]}) from exc
    return Response({"due": due.isoformat(), "unit": query.validated_data["unit"]})


class AuditEntrySerializer(ModelSerializer):
    actor = serializers.CharField(source="actor_repr", read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "chain",
            "sequence",
            "agency",
            "province",
            "actor",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "changes",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Người thực hiện hoặc đối tượng chứa chuỗi này"),
            OpenApiParameter("action", str, description="Mã thao tác bắt đầu bằng chuỗi này, ví dụ unit."),
        ]
    )
)
class AuditEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The audit trail the user may read (as on the page "Nhật ký thay đổi"), newest first, by
    cursor. Not AgencyScopedViewSet: entries of the province and the deployment have no agency;
    selectors.audit_entry_list scopes them."""

    serializer_class = AuditEntrySerializer
    pagination_class = KeysetPagination
    keyset_ordering = selectors.AUDIT_TRAIL_ORDERING
    filter_backends: list = []

    def get_queryset(self):
        user = self.request.user
        if not selectors.may_read_audit_trail(user):
            raise PermissionDenied(DENIED_MESSAGE)
        params = self.request.query_params
        return selectors.audit_entry_list(
            user=user,
            action=clean_text(params.get("action", ""), single_line=True).strip(),
            search=clean_text(params.get("q", ""), single_line=True).strip(),
        )


ROUTES: list = [("audit-trail", AuditEntryViewSet, "audit-entry")]
URLS = [path("calendar/due", calendar_due, name="calendar_due")]
