"""The province's registry of agencies and the ranking of a year, read by provincial roles."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from eiso.core.query import query_id
from eiso.core.serializers import Serializer
from eiso.oversight import selectors
from eiso.oversight.api.common import province_for, year_param
from eiso.oversight.models import (
    CriteriaSet,
)


class AgencyStatusSerializer(Serializer):
    agency_id = serializers.IntegerField(source="agency.pk")
    agency = serializers.CharField(source="agency.name")
    kind = serializers.CharField(source="agency.kind")
    obligation = serializers.CharField(source="agency.obligation")
    stage = serializers.CharField(source="stage_label")
    announced_on = serializers.DateField(allow_null=True)
    announcement_current = serializers.BooleanField(allow_null=True)
    last_internal_audit = serializers.DateField(allow_null=True)
    last_management_review = serializers.DateField(allow_null=True)
    open_legal_tasks = serializers.IntegerField()
    overdue_legal_tasks = serializers.IntegerField()
    overdue_actions = serializers.IntegerField()
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    objectives_reached = serializers.IntegerField()
    objectives_total = serializers.IntegerField()
    overdue_follow_ups = serializers.IntegerField()
    alerts = serializers.ListField(child=serializers.CharField())


class RegistryView(APIView):
    """Every agency of the province with its status for a year (?year=, ?kind=, ?obligation=)."""

    @extend_schema(
        responses=AgencyStatusSerializer(many=True),
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("kind", str),
            OpenApiParameter("obligation", str),
        ],
    )
    def get(self, request):
        province = province_for(request)
        statuses = selectors.registry(
            user=request.user,
            province=province,
            year=year_param(request),
            today=timezone.localdate(),
            kind=request.query_params.get("kind", ""),
            obligation=request.query_params.get("obligation", ""),
        )
        return Response(AgencyStatusSerializer(statuses, many=True).data)


class RankingRowSerializer(Serializer):
    kind = serializers.CharField()
    rank = serializers.IntegerField()
    agency_id = serializers.IntegerField(source="agency.pk")
    agency = serializers.CharField(source="agency.name")
    points = serializers.DecimalField(max_digits=7, decimal_places=2)
    max_points = serializers.DecimalField(max_digits=7, decimal_places=2)
    percent = serializers.DecimalField(max_digits=5, decimal_places=1)
    band = serializers.CharField()
    groups = serializers.ListField(child=serializers.ListField())


class RankingView(APIView):
    """The ranking of a year by a criteria set (?year=, ?criteria_set=; default the active set)."""

    @extend_schema(
        responses=RankingRowSerializer(many=True),
        parameters=[OpenApiParameter("year", int), OpenApiParameter("criteria_set", int)],
    )
    def get(self, request):
        province = province_for(request)
        year = year_param(request)
        sets = CriteriaSet.objects.for_user(request.user).filter(province=province)
        set_id = query_id(request, "criteria_set", label="Bộ tiêu chí")
        criteria_set = (
            sets.filter(pk=set_id).first()
            if set_id is not None
            else sets.filter(is_active=True).order_by("-version").first()
        )
        if criteria_set is None:
            return Response([])
        rows = []
        for kind, ranked in selectors.ranking(
            user=request.user, province=province, year=year, criteria_set=criteria_set
        ).items():
            for row in ranked:
                row.kind = kind
                rows.append(row)
        return Response(RankingRowSerializer(rows, many=True).data)
