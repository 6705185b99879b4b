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

from collections import defaultdict
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
    DossierDayCount,
    DossierDelayCount,
    DossierEvent,
    DossierMonthCount,
    DossierStep,
    EventType,
    Outcome,
    PendingEvent,
    Rating,
    Status,
)
from eiso.orgs.models import Agency, Unit
from eiso.procedures.models import Procedure


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


# --- figures from the rollups ---------------------------------------------------------------------
# The pages read DossierDayCount / DossierDelayCount (dossiers.rollups), kept equal to the base-row
# rules above; `stats_reference` holds the same figures counted on the base rows.

FLOW_FIGURES = [
    "received",
    "resolved",
    "early",
    "on_time",
    "late",
    "supplements",
    "refused",
    "extended",
    "late_without_apology",
    "stopped",
    "closed",
    "online",
    "days_count",
    "days_centi",
]
STATE_FIGURES = {"pending": "pending", "awaiting_supplement": "awaiting", "overdue": "overdue"}
ORDER = [
    "received",
    "resolved",
    "early",
    "on_time",
    "late",
    "pending",
    "awaiting_supplement",
    "overdue",
    "supplements",
    "refused",
    "extended",
    "late_without_apology",
    "stopped",
    "closed",
    "online",
]


def agency_ids(agencies) -> list[int]:
    """The ids of `agencies` (an agency, ids or a queryset) as a list: a list of constants is
    estimated right by the planner, where a subquery on orgs_agency was taken for one row."""
    if hasattr(agencies, "pk"):
        return [agencies.pk]
    return list(Agency.objects.filter(pk__in=agencies).order_by("pk").values_list("pk", flat=True))


def rollup_scope(*, agencies, unit=None, procedure=None) -> Q:
    """The rollup rows of the agencies for "every procedure" or the given one(s), "every unit" or
    the given one (0 is the total row, see DossierCounts)."""
    condition = Q(agency_id__in=agency_ids(agencies))
    if isinstance(procedure, QuerySet):
        condition &= Q(procedure_id__in=list(procedure.values_list("pk", flat=True)))
    elif isinstance(procedure, list | tuple | set):
        condition &= Q(procedure_id__in=[_pk(p) for p in procedure])
    else:
        condition &= Q(procedure_id=_pk(procedure) if procedure is not None else 0)
    return condition & Q(unit_id=_pk(unit) if unit is not None else 0)


def _last_whole_month(end: date) -> date:
    """The first day of the last month that ends by `end`."""
    first = end.replace(day=1)
    return first if (end + timedelta(days=1)).day == 1 else add_months(first, -1)


def _spans(start: date, end: date) -> dict:
    """Which rows cover each day exactly once: for the flows of [start, end], month rows of the
    whole months inside and day rows of the days at either edge; for the states (day deltas up to
    `end`), month rows up to the last whole month and day rows after it. None: no row needed."""
    first = start if start.day == 1 else add_months(start.replace(day=1), 1)
    last = _last_whole_month(end)
    if first > last:
        month_flows, day_flows = None, Q(day__range=(start, end))
    else:
        month_flows, day_flows = Q(day__range=(first, last)), None
        if start < first:
            day_flows = Q(day__range=(start, first - timedelta(days=1)))
        if add_months(last, 1) <= end:
            tail = Q(day__range=(add_months(last, 1), end))
            day_flows = tail if day_flows is None else day_flows | tail
    day_states = Q(day__range=(add_months(last, 1), end)) if add_months(last, 1) <= end else None
    return {
        DossierMonthCount: (month_flows, Q(day__lte=last)),
        DossierDayCount: (day_flows, day_states),
    }


def rollup_sums(scope: Q, start: date, end: date, group: str | None = None) -> dict:
    """{group value (None without `group`): {figure: sum}} over the rollup rows of `scope`: flows
    over the days of [start, end], states (day deltas) over every day up to `end`; one query on
    the month rows and, when the period has edge days, one on the day rows."""
    answer: dict = defaultdict(lambda: dict.fromkeys([*FLOW_FIGURES, *STATE_FIGURES], 0))
    for model, (flows, states) in _spans(start, end).items():
        sums = {}
        if flows is not None:
            sums |= {f"r_{name}": Sum(name, filter=flows, default=0) for name in FLOW_FIGURES}
        if states is not None:
            sums |= {
                f"r_{name}": Sum(column, filter=states, default=0) for name, column in STATE_FIGURES.items()
            }
        if not sums:
            continue
        rows = model.objects.filter(scope).filter(flows | states if flows and states else flows or states)
        found = rows.values(group).annotate(**sums).order_by() if group else [rows.aggregate(**sums)]
        for row in found:
            target = answer[row.get(group)]
            for name in sums:
                target[name[2:]] += int(row[name])
    return answer


def _finish_rollup(label: dict, figures: dict) -> dict:
    result = {**label, **{name: figures[name] for name in ORDER}}
    result["on_time_rate"] = rate(result["early"] + result["on_time"], result["resolved"])
    count = figures["days_count"]
    average = Decimal(figures["days_centi"]) / 100 / count if count else None
    result["average_days"] = None if average is None else average.quantize(Decimal("0.01"))
    return result


def dossier_stats(*, agencies, start: date, end: date, unit=None, procedure=None) -> dict:
    """The contract's figures for the period, plus `online` and `average_days`, in one query."""
    scope = rollup_scope(agencies=agencies, unit=unit, procedure=procedure)
    return _finish_rollup({}, rollup_sums(scope, start, end)[None])


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
    """The same figures grouped by "agency", "procedure" or "unit" (a dossier counts under every
    unit that carried one of its steps), in one grouped query; groups with nothing received,
    resolved or pending are left out."""
    scope = Q(agency_id__in=agency_ids(agencies))
    if by == "agency":
        scope &= Q(procedure_id=0, unit_id=0)
    elif by == "procedure":
        scope &= Q(unit_id=0) & ~Q(procedure_id=0)
    elif by == "unit":
        scope &= Q(procedure_id=0) & ~Q(unit_id=0)
    else:
        raise ValueError(by)
    figures = rollup_sums(scope, start, end, group=f"{by}_id")
    # Labels of the groups found only: a subquery on the rollups would read every day ever counted.
    if by == "agency":
        labels = {
            pk: {"agency_id": pk, "agency__name": name}
            for pk, name in Agency.objects.filter(pk__in=list(figures))
            .order_by("pk")
            .values_list("pk", "name")
        }
    elif by == "procedure":
        procedures = Procedure.objects.filter(pk__in=list(figures)).order_by("pk")
        labels = {
            pk: {"procedure_id": pk, "procedure__code": code, "procedure__current_version__name": name}
            for pk, code, name in procedures.values_list("pk", "code", "current_version__name")
        }
    else:
        units = Unit.objects.filter(pk__in=list(figures)).order_by(vietnamese("name"), "pk")
        labels = {pk: {"unit_id": pk, "unit__name": name} for pk, name in units.values_list("pk", "name")}
    answer = [_finish_rollup(label, figures[pk]) for pk, label in labels.items()]
    return [row for row in answer if row["received"] or row["resolved"] or row["pending"]]


def monthly(*, agencies, start: date, end: date) -> list[dict]:
    """Per month: received, and resolved early / on time / late (a grouped query on the month
    rows, and one on the day rows when the period has edge days)."""
    scope = rollup_scope(agencies=agencies)
    names = ("received", "early", "on_time", "late")
    by_month: dict = defaultdict(lambda: dict.fromkeys(names, 0))
    for model, (flows, _) in _spans(start, end).items():
        if flows is None:
            continue
        rows = (
            model.objects.filter(scope)
            .filter(flows)
            .annotate(month=TruncMonth("day"))
            .values("month")
            .annotate(**{name: Sum(name) for name in names})
            .order_by()
        )
        for row in rows:
            for name in names:
                by_month[row["month"]][name] += int(row[name] or 0)
    months = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        months.append({"month": cursor, **by_month.get(cursor, dict.fromkeys(names, 0))})
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


def _hours(centihours) -> Decimal:
    return (Decimal(int(centihours)) / 100).quantize(Decimal("0.01"))


def delay_ranking(*, agencies, start: date, end: date) -> dict[str, list[dict]]:
    """Where time is lost: overrun steps of the dossiers resolved late in the period, summed per
    agency, per unit (or other agency) and per person (the agency named on each row, for the
    province-wide view), from the DossierDelayCount rollup."""
    ids = agency_ids(agencies)
    rows = DossierDelayCount.objects.filter(agency_id__in=ids, day__range=(start, end))
    sums = {"steps": Sum("steps"), "dossiers": Sum("dossiers"), "hours": Sum("overrun_centihours")}
    by_agency = [
        {**row, "steps": int(row["steps"]), "dossiers": int(row["dossiers"]), "hours": _hours(row["hours"])}
        for row in rows.filter(level=DossierDelayCount.LEVEL_AGENCY)
        .values("agency_id", "agency__name")
        .annotate(**sums)
        .order_by("-hours", vietnamese("agency__name"))
        if row["steps"]  # a row emptied by later rewrites of its dossiers
    ]
    units = rows.filter(level=DossierDelayCount.LEVEL_UNIT).values("agency_id", "unit_id", "other_agency_id")
    people = rows.filter(level=DossierDelayCount.LEVEL_PERSON).values(
        "agency_id", "unit_id", "other_agency_id", "actor_name"
    )
    units, people = list(units.annotate(**sums)), list(people.annotate(**sums))
    agency_names = dict(
        Agency.objects.filter(
            pk__in={row["agency_id"] for row in units + people}
            | {row["other_agency_id"] for row in units + people}
        ).values_list("pk", "name")
    )
    unit_names = dict(
        Unit.objects.filter(pk__in={row["unit_id"] for row in units + people}).values_list("pk", "name")
    )

    def merged(rows, key) -> list[dict]:
        # Grouped by names, as the base-row query groups them.
        groups: dict[tuple, dict] = {}
        for row in rows:
            names = {
                "agency__name": agency_names[row["agency_id"]],
                "unit_id": row["unit_id"] or None,
                "actor_name": row.get("actor_name"),
                "unit__name": unit_names.get(row["unit_id"]),
                "other_agency__name": agency_names.get(row["other_agency_id"]),
            }
            names = {name: names[name] for name in key}
            group = groups.setdefault(tuple(names.values()), {**names, "steps": 0, "dossiers": 0, "hours": 0})
            for figure in ("steps", "dossiers", "hours"):
                group[figure] += int(row[figure])
        answer = sorted(
            (group for group in groups.values() if group["steps"]), key=lambda group: -group["hours"]
        )
        for group in answer:
            group["hours"] = _hours(group["hours"])
        return answer

    by_unit = merged(units, ["agency__name", "unit_id", "unit__name", "other_agency__name"])
    by_person = merged(people, ["agency__name", "actor_name", "unit__name", "other_agency__name"])[:20]
    for row in by_person:
        del row["dossiers"]
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
