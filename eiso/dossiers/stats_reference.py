"""The statistics counted on the base rows (Dossier, DossierStep), one aggregate each: the
reference the rollups must equal. The pages read `selectors` (the rollups); the reconciliation
(`manage.py reconcile_rollups --figures`), the tests and the benchmark compare with these.
"""

from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from eiso.core.collation import vietnamese
from eiso.core.dates import add_months
from eiso.dossiers.models import DossierStep
from eiso.dossiers.selectors import _finish, dossiers_in_scope, late_steps, stats_aggregates


def dossier_stats(*, agencies, start: date, end: date, unit=None, procedure=None) -> dict:
    """The contract's figures for the period, plus `online` and `average_days`, in one query."""
    row = dossiers_in_scope(agencies=agencies, unit=unit, procedure=procedure).aggregate(
        **stats_aggregates(start, end)
    )
    return _finish(row)


def stats_by(*, agencies, start: date, end: date, by: str) -> list[dict]:
    """The same figures grouped by "agency" or "procedure" (one grouped query), or by "unit" (one
    query per unit that carried a step: a dossier passes through several steps, so a join on the
    steps would count it more than once)."""
    queryset = dossiers_in_scope(agencies=agencies)
    if by == "unit":
        units = (
            DossierStep.objects.filter(dossier__in=queryset, unit__isnull=False)
            .values_list("unit_id", "unit__name")
            .distinct()
            .order_by(vietnamese("unit__name"), "unit_id")
        )
        rows = []
        for unit_id, name in units:
            row = dossier_stats(agencies=agencies, start=start, end=end, unit=unit_id)
            rows.append({"unit_id": unit_id, "unit__name": name, **row})
        return [row for row in rows if row["received"] or row["resolved"] or row["pending"]]
    if by == "agency":
        keys = ["agency_id", "agency__name"]
    elif by == "procedure":
        keys = ["procedure_id", "procedure__code", "procedure__current_version__name"]
    else:
        raise ValueError(by)
    rows = queryset.values(*keys).annotate(**stats_aggregates(start, end)).order_by(*keys)
    return [row for row in map(_finish, rows) if row["received"] or row["resolved"] or row["pending"]]


def monthly(*, agencies, start: date, end: date) -> list[dict]:
    """Per month: received, and resolved early / on time / late (two grouped queries, with the
    expressions of `stats_aggregates`)."""
    base = dossiers_in_scope(agencies=agencies)
    figures = stats_aggregates(start, end)
    received = dict(
        base.filter(received_on__range=(start, end))
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=figures["n_received"])
        .values_list("month", "n")
    )
    resolved = (
        base.filter(ended_on__range=(start, end))
        .annotate(month=TruncMonth("ended_on"))
        .values("month")
        .annotate(early=figures["n_early"], on_time=figures["n_on_time"], late=figures["n_late"])
    )
    by_month = {row["month"]: row for row in resolved}
    months = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        row = by_month.get(cursor, {})
        months.append(
            {
                "month": cursor,
                "received": received.get(cursor, 0),
                "early": row.get("early", 0),
                "on_time": row.get("on_time", 0),
                "late": row.get("late", 0),
            }
        )
        cursor = add_months(cursor, 1)
    return months


def delay_ranking(*, agencies, start: date, end: date) -> dict[str, list[dict]]:
    """Where time is lost: overrun steps summed per agency, per unit (or other agency) and per
    person (the agency named on each row, for the province-wide view)."""
    steps = late_steps(agencies=agencies, start=start, end=end)
    by_agency = list(
        steps.values("agency_id", "agency__name")
        .annotate(steps=Count("pk"), dossiers=Count("dossier_id", distinct=True), hours=Sum("overrun_hours"))
        .order_by("-hours", vietnamese("agency__name"))
    )
    by_unit = list(
        steps.values("agency__name", "unit_id", "unit__name", "other_agency__name")
        .annotate(steps=Count("pk"), dossiers=Count("dossier_id", distinct=True), hours=Sum("overrun_hours"))
        .order_by("-hours")
    )
    by_person = list(
        steps.exclude(actor_name="")
        .values("agency__name", "actor_name", "unit__name", "other_agency__name")
        .annotate(steps=Count("pk"), hours=Sum("overrun_hours"))
        .order_by("-hours")[:20]
    )
    return {"agencies": by_agency, "units": by_unit, "people": by_person}
