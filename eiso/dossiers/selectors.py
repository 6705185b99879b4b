"""Reads of dossiers: lists, statistics, delay accountability and the measures quality uses.

Counting follows the integration contract, version 2 ("How dossiers are counted"), and is
done in the database: the derived columns on Dossier (received_on, ended_on, withdrawn_on,
legal_due_on, outcome, appointment, supplement_count, extended, apology_timely, refused,
processing_days) are written by `services.rebuild` from the events, and every figure here is
one aggregate over them (`stats_aggregates`). Whether a pending dossier was waiting for the
applicant's supplement at the end of the period is asked of its events.

Stable selectors for the quality app (each returns a `Kpi(value, figures)`; `value` is None
when there is nothing to measure, and `figures` holds the counts it came from):

- `kpi_on_time_rate(*, agency, start, end, unit=None, procedure=None)` — % of dossiers resolved
  in [start, end] that were early or on time; figures: resolved, early, on_time, late.
- `kpi_average_processing_time(*, agency, start, end, unit=None, procedure=None)` — mean
  working days (the province's office day) from reception (or the last supplement completion)
  to the end of processing, over dossiers resolved in the period; figures: resolved, days.
- `kpi_late_without_apology(*, agency, start, end, unit=None, procedure=None)` — number of
  dossiers resolved late in the period without an apology/extension; figures: late, extended.
- `kpi_supplement_rate(*, agency, start, end, unit=None, procedure=None)` — % of dossiers
  received in the period with at least one supplement request; figures: received, supplements.
- `kpi_satisfaction(*, agency, start, end, unit=None, procedure=None)` — % of ratings given to
  dossiers resolved in the period that are satisfied; figures: ratings, satisfied.

`unit` and `procedure` are model instances or ids; a unit narrows to dossiers that had a step
carried by that unit.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from eiso.core.collation import vietnamese
from eiso.core.dates import add_months
from eiso.core.permissions import has_role
from eiso.core.roles import HANDLERS, INGESTERS, Role
from eiso.dossiers.models import (
    OPEN_STATUSES,
    Dossier,
    DossierEvent,
    DossierStep,
    EventType,
    Outcome,
    PendingEvent,
    Rating,
    Status,
)
from eiso.orgs.models import Agency


@dataclass(frozen=True)
class Kpi:
    value: Decimal | None
    figures: dict = field(default_factory=dict)


def _pk(value):
    return getattr(value, "pk", value)


def dossiers_in_scope(*, agencies, unit=None, procedure=None) -> QuerySet[Dossier]:
    """Dossiers of the agencies (an agency, ids or a queryset), narrowed to a unit or procedure."""
    if hasattr(agencies, "pk"):
        queryset = Dossier.objects.filter(agency=agencies)
    else:
        queryset = Dossier.objects.filter(agency__in=agencies)
    if isinstance(procedure, list | tuple | set | QuerySet):
        queryset = queryset.filter(procedure_id__in=procedure)
    elif procedure is not None:
        queryset = queryset.filter(procedure_id=_pk(procedure))
    if unit is not None:
        queryset = queryset.filter(pk__in=DossierStep.objects.filter(unit_id=_pk(unit)).values("dossier_id"))
    return queryset


def end_of(day: date) -> datetime:
    """The first moment after the local day `day`."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def awaiting_supplement_at(moment: datetime) -> Exists:
    """The dossier's last supplement request before `moment` has no completion after it before
    `moment`: its clock was stopped then, waiting for the applicant."""
    completed_since = DossierEvent.objects.filter(
        dossier_id=OuterRef("dossier_id"),
        type=EventType.SUPPLEMENT_COMPLETED,
        at__gt=OuterRef("at"),
        at__lt=moment,
    )
    return Exists(
        DossierEvent.objects.filter(
            dossier_id=OuterRef("pk"), type=EventType.SUPPLEMENT_REQUESTED, at__lt=moment
        ).filter(~Exists(completed_since))
    )


def pending_q(end: date) -> Q:
    """Received by the end of `end`, neither resolved nor withdrawn by then."""
    return (
        Q(received_on__lte=end)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=end))
    )


def stats_aggregates(start: date, end: date) -> dict:
    """The aggregate expressions of the contract's counting rules for the period [start, end]."""
    received = Q(received_on__range=(start, end))
    resolved = Q(ended_on__range=(start, end))
    withdrawn = Q(withdrawn_on__range=(start, end))
    pending = pending_q(end)
    awaiting = pending & Q(awaiting_supplement_at(end_of(end)))
    late = resolved & Q(outcome=Outcome.LATE)
    return {
        "n_received": Count("pk", filter=received),
        "n_resolved": Count("pk", filter=resolved),
        "n_early": Count("pk", filter=resolved & Q(outcome=Outcome.EARLY)),
        "n_on_time": Count("pk", filter=resolved & Q(outcome=Outcome.ON_TIME)),
        "n_late": Count("pk", filter=late),
        "n_pending": Count("pk", filter=pending),
        "n_awaiting_supplement": Count("pk", filter=awaiting),
        "n_overdue": Count("pk", filter=pending & ~awaiting & Q(appointment__lt=end_of(end))),
        "n_supplements": Count("pk", filter=received & Q(supplement_count__gte=1)),
        "n_refused": Count("pk", filter=received & Q(refused=True)),
        "n_extended": Count("pk", filter=received & Q(extended=True)),
        "n_late_without_apology": Count("pk", filter=late & Q(apology_timely=False)),
        "n_stopped": Count("pk", filter=withdrawn & Q(status=Status.STOPPED)),
        "n_closed": Count("pk", filter=withdrawn & Q(status=Status.CLOSED)),
        "n_online": Count("pk", filter=received & Q(channel="online")),
        "n_days": Avg("processing_days", filter=resolved),
    }


def overdue_now_q(now: datetime) -> Q:
    """Open dossiers whose clock runs (not waiting for a supplement) and whose appointment has
    passed: the contract's "overdue" at this moment, for lists and warnings."""
    return Q(status__in=[Status.RECEIVED, Status.IN_PROGRESS], appointment__lt=now)


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _finish(row: dict) -> dict:
    # Aggregates are named n_<figure>: some figures share a name with a field of Dossier.
    row = {key[2:] if key.startswith("n_") else key: value for key, value in row.items()}
    row["on_time_rate"] = rate(row["early"] + row["on_time"], row["resolved"])
    days = row.pop("days")
    row["average_days"] = None if days is None else Decimal(days).quantize(Decimal("0.01"))
    return row


def dossier_stats(*, agencies, start: date, end: date, unit=None, procedure=None) -> dict:
    """The contract's figures for the period, plus `online` and `average_days`, in one query."""
    row = dossiers_in_scope(agencies=agencies, unit=unit, procedure=procedure).aggregate(
        **stats_aggregates(start, end)
    )
    return _finish(row)


def complaint_stats(*, agencies, start: date, end: date, complaint_codes) -> dict:
    """The contract's figures (as `dossier_stats`) over the dossiers that drew a complaint — their code
    is among `complaint_codes` (a queryset or list; quality's feedback records) — or an unsatisfied
    rating: the "hồ sơ có phản ánh, kiến nghị hoặc đánh giá không hài lòng" of indicator 5.4 of the
    Bộ chỉ số 766. A dossier counts once, however many complaints it drew."""
    queryset = dossiers_in_scope(agencies=agencies).filter(
        Q(code__in=complaint_codes) | Q(rating__satisfied=False)
    )
    return _finish(queryset.aggregate(**stats_aggregates(start, end)))


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
            .order_by(vietnamese("unit__name"))
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


# --- delay accountability -------------------------------------------------------------------------


def late_steps(*, agencies, start: date, end: date, unit=None) -> QuerySet[DossierStep]:
    """Steps that overran their allotted time, of dossiers resolved late in the period."""
    queryset = DossierStep.objects.filter(
        dossier__in=dossiers_in_scope(agencies=agencies).filter(
            ended_on__range=(start, end), outcome=Outcome.LATE
        ),
        overrun_hours__gt=0,
    )
    if unit is not None:
        queryset = queryset.filter(unit_id=_pk(unit))
    return queryset.select_related("agency", "dossier", "unit", "other_agency", "finished_by").order_by(
        "-overrun_hours"
    )


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


# --- lists ----------------------------------------------------------------------------------------


def dossier_list(*, user) -> QuerySet[Dossier]:
    """The dossiers the user may see, with what a row shows, in a constant number of queries; the
    list page and the API narrow it with dossiers.filters.DossierFilterSet."""
    queryset = Dossier.objects.for_user(user).select_related("agency", "procedure", "procedure_version")
    return queryset.order_by("-received_at", "-pk")


def late_q(now: datetime) -> Q:
    """Resolved late, or open and past the appointment now: the list's "trễ hạn"."""
    return Q(outcome=Outcome.LATE) | overdue_now_q(now)


def steps_handled_by_q(user) -> Q:
    """Steps the user may take or finish: the query form of `services.can_handle_step` (a test
    holds the two together). A handler (roles.HANDLERS) of the step's agency takes a step of their
    unit, a step without a unit, or any step when they lead the agency; a step carried by another
    agency is taken by that agency's handlers."""
    condition = Q(pk__in=[])
    for membership in user.active_memberships() if user.is_authenticated else []:
        if membership.agency_id is None or membership.role not in HANDLERS:
            continue
        own = Q(other_agency__isnull=True, agency_id=membership.agency_id)
        if membership.role != Role.LEADER:
            own &= Q(unit__isnull=True) | Q(unit_id=membership.unit_id)
        condition |= own | Q(other_agency_id=membership.agency_id)
    return condition


def assigned_q(user) -> Q:
    """Open dossiers whose current step (the first one not finished) the user may take or finish:
    the staff's "hồ sơ được giao"."""
    earlier_open = DossierStep.objects.filter(
        dossier_id=OuterRef("dossier_id"), order__lt=OuterRef("order"), finished_at__isnull=True
    )
    current = DossierStep.objects.filter(finished_at__isnull=True).filter(~Exists(earlier_open))
    mine = current.filter(steps_handled_by_q(user))
    return Q(status__in=OPEN_STATUSES) & Q(Exists(mine.filter(dossier_id=OuterRef("pk"))))


def pending_events(*, user) -> QuerySet[PendingEvent]:
    """Kept events of the agencies where the user may feed dossier events (or administers the
    province), oldest first: what waits for a reception that has not come."""
    agencies = Agency.objects.filter(pk__in=user.visible_agency_ids()).only("pk", "province_id")
    agency_ids = [agency.pk for agency in agencies if has_role(user, agency, *INGESTERS)]
    return (
        PendingEvent.objects.filter(agency_id__in=agency_ids)
        .select_related("agency", "sender")
        .order_by("created_at", "pk")
    )


def timeline(dossier: Dossier) -> list:
    return list(dossier.events.select_related("actor").order_by("at", "pk"))


# --- measures for quality -------------------------------------------------------------------------


def kpi_on_time_rate(*, agency, start: date, end: date, unit=None, procedure=None) -> Kpi:
    row = dossier_stats(agencies=agency, start=start, end=end, unit=unit, procedure=procedure)
    return Kpi(row["on_time_rate"], {k: row[k] for k in ("resolved", "early", "on_time", "late")})


def kpi_average_processing_time(*, agency, start: date, end: date, unit=None, procedure=None) -> Kpi:
    row = dossier_stats(agencies=agency, start=start, end=end, unit=unit, procedure=procedure)
    return Kpi(row["average_days"], {"resolved": row["resolved"], "days": row["average_days"]})


def kpi_late_without_apology(*, agency, start: date, end: date, unit=None, procedure=None) -> Kpi:
    row = dossier_stats(agencies=agency, start=start, end=end, unit=unit, procedure=procedure)
    return Kpi(
        Decimal(row["late_without_apology"]),
        {
            "late": row["late"],
            "resolved": row["resolved"],
            "late_without_apology": row["late_without_apology"],
        },
    )


def kpi_supplement_rate(*, agency, start: date, end: date, unit=None, procedure=None) -> Kpi:
    row = dossier_stats(agencies=agency, start=start, end=end, unit=unit, procedure=procedure)
    return Kpi(
        rate(row["supplements"], row["received"]),
        {"received": row["received"], "supplements": row["supplements"]},
    )


def kpi_satisfaction(*, agency, start: date, end: date, unit=None, procedure=None) -> Kpi:
    dossiers = dossiers_in_scope(agencies=agency, unit=unit, procedure=procedure).filter(
        ended_on__range=(start, end)
    )
    row = Rating.objects.filter(dossier__in=dossiers).aggregate(
        ratings=Count("pk"), satisfied=Count("pk", filter=Q(satisfied=True))
    )
    return Kpi(rate(row["satisfied"], row["ratings"]), row)


def online_to_accept() -> QuerySet[Dossier]:
    """Online dossiers still open and not yet accepted (NĐ 118/2025 Điều 17)."""
    return Dossier.objects.filter(
        channel="online", accepted_at__isnull=True, status__in=[Status.RECEIVED, Status.IN_PROGRESS]
    )


def online_waiting(*, agency, now=None) -> dict:
    """Online dossiers not yet accepted: how many, and how many past their 8-working-hour limit."""
    now = now or timezone.now()
    queryset = online_to_accept().filter(agency=agency)
    return queryset.aggregate(waiting=Count("pk"), late=Count("pk", filter=Q(acceptance_due__lt=now)))
