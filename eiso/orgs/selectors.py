from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from eiso.core.collation import vietnamese
from eiso.core.text import fold
from eiso.orgs.models import Agency, AgencyLineage, Province, Unit


def agency_predecessor_ids(agency_ids: set[int]) -> set[int]:
    """Every agency that became, directly or through a chain of merges, one of `agency_ids`."""
    found: set[int] = set()
    frontier = set(agency_ids)
    while frontier:
        parents = set(
            AgencyLineage.objects.filter(successor_id__in=frontier)
            .exclude(kind=AgencyLineage.Kind.REPARENT)
            .values_list("predecessor_id", flat=True)
        )
        frontier = parents - found - set(agency_ids)
        found |= frontier
    return found


def agency_list(
    *, user, search: str = "", kind: str = "", include_inactive: bool = False
) -> QuerySet[Agency]:
    unit_count = (
        Unit.objects.filter(agency=OuterRef("pk"), is_active=True)
        .order_by()
        .values("agency")
        .annotate(total=Count("pk"))
        .values("total")
    )
    queryset = (
        Agency.objects.for_user(user)
        .select_related("province", "parent")
        .annotate(unit_count=Coalesce(Subquery(unit_count), 0))
    )
    if not include_inactive:
        queryset = queryset.filter(active_to__isnull=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    if search:
        queryset = queryset.filter(search_text__contains=fold(search))
    return queryset


def agency_history(*, agency: Agency) -> list[AgencyLineage]:
    """Lineage links into and out of an agency, newest first."""
    return list(
        AgencyLineage.objects.filter(Q(successor=agency) | Q(predecessor=agency))
        .select_related("predecessor", "successor")
        .order_by("-effective_on")
    )


def unit_list(*, user, agency: Agency | None = None, include_inactive: bool = False) -> QuerySet[Unit]:
    queryset = Unit.objects.for_user(user).select_related("agency")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("-is_active", vietnamese("name"))


def province_list(*, user) -> QuerySet[Province]:
    return Province.objects.filter(pk__in=user.visible_province_ids())
