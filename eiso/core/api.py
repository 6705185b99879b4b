"""API endpoints of the core app: due-date computation on the caller's working calendar."""

from datetime import datetime

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from eiso.core import calendar as work_calendar
from eiso.core import deadlines
from eiso.core.serializers import Serializer


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


ROUTES: list = []
URLS = [path("calendar/due", calendar_due, name="calendar_due")]
