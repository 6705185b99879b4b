"""The replay: a dossier's state derived from its events, on the one clock (core.deadlines).

Counter work and ingested events are both stored as DossierEvents; `rebuild` replays them in
time order and writes the derived columns that the statistics aggregate (counting contract v2):

- legal due moment: computed from the reception (or given in `received.due`), replaced by each
  `supplement_completed` (its `due`, or recomputed from it); appointment: the extension's `due`
  when there is one, else the legal due moment;
- end of processing: the first `result_ready` or `refused`, else the first `returned`;
  withdrawal: the first `stopped` or `closed`. Whichever comes first wins: the other does not
  count. A withdrawn dossier is never resolved, late, pending or overdue;
- late: ended after the legal due moment, or more than one supplement request, or extended;
  else early when it ended on a date before the due date, else on time;
- an extension is an apology (timely) when made on a date before the due date standing then.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from eiso.core import bulk, deadlines
from eiso.core.calendar import WorkingCalendar, for_province
from eiso.core.errors import DomainError
from eiso.dossiers import rollups
from eiso.dossiers.models import (
    ANSWER_EVENTS,
    WITHDRAWAL_EVENTS,
    Channel,
    Dossier,
    DossierEvent,
    DossierStep,
    EventType,
    Outcome,
    Status,
)

# What `derive` writes on the dossier row.
DERIVED_FIELDS = [
    "received_at",
    "received_on",
    "legal_due",
    "legal_due_on",
    "appointment",
    "extended",
    "apology_timely",
    "supplement_count",
    "refused",
    "returned_at",
    "accepted_at",
    "correction_due",
    "acceptance_due",
    "ended_at",
    "ended_on",
    "withdrawn_at",
    "withdrawn_on",
    "supplement_requested_at",
    "status",
    "outcome",
    "processing_hours",
    "processing_days",
]
# What `derive` reads of an event: a replay fetches only these.
EVENT_FACTS = ("pk", "type", "at", "due", "step_order", "actor_id", "actor_name")
STEP_FIELDS = [
    "started_at",
    "finished_at",
    "started_by",
    "finished_by",
    "actor_name",
    "due",
    "allotted_hours",
    "used_hours",
    "overrun_hours",
]


def calendar_for(agency) -> WorkingCalendar:
    return for_province(agency.province_id)


def cutoff_for(cal: WorkingCalendar, version) -> time | None:
    """The procedure's own cut-off hour, else the province's default (off unless set)."""
    return getattr(version, "cutoff", None) or cal.cutoff


def legal_due_from(cal: WorkingCalendar, version, start: datetime) -> datetime:
    return deadlines.legal_due(
        cal, start, version.processing_time_amount, version.processing_time_unit, cutoff_for(cal, version)
    )


def local_date(cal: WorkingCalendar, moment: datetime | None) -> date | None:
    return None if moment is None else cal.local(moment).date()


def in_order(events) -> list:
    return sorted(events, key=lambda e: (e.at, e.pk or 0))


def legal_due_standing(dossier: Dossier, events, moment: datetime, cal: WorkingCalendar) -> datetime:
    """The legal due moment as it stood just before `moment` (an extension is judged against it)."""
    due = None
    for event in in_order(events):
        if event.at >= moment:
            break
        if event.type in (EventType.RECEIVED, EventType.SUPPLEMENT_COMPLETED):
            due = event.due or legal_due_from(cal, dossier.procedure_version, event.at)
    if due is None:
        raise DomainError("Hồ sơ chưa có sự kiện tiếp nhận trước thời điểm này.")
    return due


def rebuild(dossier: Dossier, cal: WorkingCalendar | None = None) -> Dossier:
    """Derive the dossier's state and its steps' times from its stored events, and save, with
    the rollups of the statistics (in the caller's transaction)."""
    calendars = {dossier.agency.province_id: cal} if cal is not None else None
    rebuild_dossiers([dossier], calendars=calendars)
    return dossier


def rebuild_dossiers(dossiers: list[Dossier], *, calendars: dict | None = None) -> None:
    """Derive many dossiers' state and their steps' times from their stored events and write them:
    the one place where the derived columns are rewritten, for counter work (one dossier) and for
    an ingested batch (every dossier it touched) alike, and so where the statistics' rollups follow
    them. Events and steps are read in one query
    each, the rows written with one bulk update per table; `calendars` (province id -> calendar)
    saves building a calendar the caller holds already. The dossiers need their `agency` and
    `procedure_version` (select_related), and must be locked by the caller's transaction."""
    if not dossiers:
        return
    calendars = dict(calendars or {})
    by_pk = {dossier.pk: dossier for dossier in dossiers}
    events: dict[int, list] = {pk: [] for pk in by_pk}
    facts = DossierEvent.objects.filter(dossier_id__in=by_pk).values_list(
        "dossier_id", *EVENT_FACTS, named=True
    )
    for event in facts:
        events[event.dossier_id].append(event)
    steps: dict[int, dict[int, DossierStep]] = {pk: {} for pk in by_pk}
    for step in DossierStep.objects.filter(dossier_id__in=by_pk):
        steps[step.dossier_id][step.order] = step
    known = {step.pk for rows in steps.values() for step in rows.values()}
    now = timezone.now()
    for dossier in dossiers:
        province = dossier.agency.province_id
        if province not in calendars:
            calendars[province] = calendar_for(dossier.agency)
        derive(dossier, events[dossier.pk], steps[dossier.pk], calendars[province])
        dossier.updated_at = now
    rows = [step for by_order in steps.values() for step in by_order.values()]
    for step in rows:
        step.updated_at = now
    bulk.update(Dossier, dossiers, [*DERIVED_FIELDS, "updated_at"])
    bulk.update(DossierStep, [step for step in rows if step.pk in known], [*STEP_FIELDS, "updated_at"])
    DossierStep.objects.bulk_create([step for step in rows if step.pk not in known])
    # Last: the rollups read the rows just written.
    rollups.apply(dossiers)


def derive(dossier: Dossier, events: list, steps: dict, cal: WorkingCalendar) -> None:
    """Set the dossier's derived columns and its steps' times (`steps`: order -> DossierStep,
    extended with new unsaved rows for steps only the events know) from its events, replayed
    in time order. Pure: writes nothing to the database, so bulk loaders use it too."""
    events = in_order(events)
    received = next((e for e in events if e.type == EventType.RECEIVED), None)
    if received is None:
        raise DomainError("Hồ sơ chưa có sự kiện tiếp nhận.")
    version = dossier.procedure_version
    clock_start = received.at
    legal_due = received.due or legal_due_from(cal, version, received.at)
    extension = None  # (at, due, timely)
    supplements = 0
    waiting_since = None
    answer = withdrawal = returned = None  # (position, event)
    accepted_at = correction_due = None
    started = False
    step_times: dict[int, dict] = {}
    for position, event in enumerate(events):
        kind = event.type
        if kind == EventType.SUPPLEMENT_REQUESTED:
            supplements += 1
            waiting_since = event.at
        elif kind == EventType.SUPPLEMENT_COMPLETED:
            clock_start = event.at
            legal_due = event.due or legal_due_from(cal, version, event.at)
            waiting_since = None
        elif kind == EventType.EXTENDED and extension is None:
            extension = (event.at, event.due, deadlines.is_timely_extension(cal, event.at, legal_due))
        elif kind in ANSWER_EVENTS and answer is None:
            answer = (position, event)
        elif kind == EventType.RETURNED and returned is None:
            returned = (position, event)
        elif kind in WITHDRAWAL_EVENTS and withdrawal is None:
            withdrawal = (position, event)
        elif kind == EventType.ACCEPTED:
            accepted_at = accepted_at or event.at
        elif kind == EventType.CORRECTED:
            correction_due = deadlines.correction_due(cal, event.at)
        elif kind in (EventType.STEP_STARTED, EventType.STEP_FINISHED) and event.step_order is not None:
            started = True
            _note_step(step_times, event)
    end = answer or returned
    if end is not None and withdrawal is not None:
        # Whichever came first stands; the other does not count.
        if withdrawal[0] < end[0]:
            end = None
        else:
            withdrawal = None

    dossier.received_at = received.at
    dossier.received_on = local_date(cal, received.at)
    dossier.legal_due = legal_due
    dossier.legal_due_on = local_date(cal, legal_due)
    dossier.appointment = extension[1] if extension else legal_due
    dossier.extended = extension is not None
    dossier.apology_timely = bool(extension and extension[2])
    dossier.supplement_count = supplements
    dossier.refused = any(e.type == EventType.REFUSED for e in events)
    dossier.returned_at = returned[1].at if returned else None
    dossier.accepted_at = accepted_at
    dossier.correction_due = correction_due
    if dossier.channel == Channel.ONLINE:
        dossier.acceptance_due = deadlines.online_acceptance_due(cal, received.at)
    dossier.ended_at = end[1].at if end else None
    dossier.ended_on = local_date(cal, dossier.ended_at)
    dossier.withdrawn_at = withdrawal[1].at if withdrawal else None
    dossier.withdrawn_on = local_date(cal, dossier.withdrawn_at)
    dossier.supplement_requested_at = waiting_since if end is None and withdrawal is None else None
    dossier.status = _status(end, withdrawal, returned, waiting_since, started)
    dossier.outcome = "" if end is None else _outcome(dossier, cal)
    if end is None:
        dossier.processing_hours = dossier.processing_days = None
    else:
        dossier.processing_hours = cal.working_hours_between(clock_start, dossier.ended_at)
        dossier.processing_days = (dossier.processing_hours / cal.office_day_hours).quantize(Decimal("0.01"))
    cap = min(legal_due, dossier.appointment)
    _derive_steps(dossier, cal, clock_start, cap, step_times, steps)


def _note_step(step_times: dict, event) -> None:
    times = step_times.setdefault(event.step_order, {})
    if event.type == EventType.STEP_STARTED and "start" not in times:
        times.update(start=event.at, started_by=event.actor_id, name=event.actor_name)
    elif event.type == EventType.STEP_FINISHED:
        times.update(finish=event.at, finished_by=event.actor_id)
        times.setdefault("name", event.actor_name)


def _status(end, withdrawal, returned, waiting_since, started) -> str:
    if withdrawal is not None:
        return Status.STOPPED if withdrawal[1].type == EventType.STOPPED else Status.CLOSED
    if end is not None:
        kind = end[1].type
        if kind == EventType.REFUSED:
            return Status.REFUSED
        return Status.RETURNED if returned is not None else Status.RESULT_READY
    if waiting_since is not None:
        return Status.SUPPLEMENT
    return Status.IN_PROGRESS if started else Status.RECEIVED


def _outcome(dossier: Dossier, cal: WorkingCalendar) -> str:
    if dossier.ended_at > dossier.legal_due or dossier.supplement_count > 1 or dossier.extended:
        return Outcome.LATE
    if dossier.ended_on < dossier.legal_due_on:
        return Outcome.EARLY
    return Outcome.ON_TIME


def _derive_steps(
    dossier: Dossier, cal: WorkingCalendar, clock_start: datetime, cap: datetime, times: dict, steps: dict
) -> None:
    for order in times:
        if order not in steps:
            # Ingested events may name steps eISO has no snapshot of: keep them, without time.
            steps[order] = DossierStep(
                agency_id=dossier.agency_id,
                dossier=dossier,
                order=order,
                name=f"Bước {order}",
                allotted_hours=0,
            )
    version = dossier.procedure_version
    ordered = [steps[order] for order in sorted(steps)]
    budgets = [
        deadlines.step_budget(cal, step.duration_amount, step.duration_unit, version.processing_time_unit)
        for step in ordered
    ]
    dues = deadlines.step_dues(
        cal, clock_start, budgets, version.processing_time_unit, cap, cutoff_for(cal, version)
    )
    for step, due in zip(ordered, dues, strict=True):
        row = times.get(step.order, {})
        step.started_at = row.get("start")
        step.finished_at = row.get("finish")
        step.started_by_id = row.get("started_by")
        step.finished_by_id = row.get("finished_by")
        step.actor_name = row.get("name") or step.actor_name
        step.due = due
        step.allotted_hours = deadlines.step_hours(cal, step.duration_amount, step.duration_unit)
        if step.started_at and step.finished_at:
            step.used_hours = cal.working_hours_between(step.started_at, step.finished_at)
            # A step eISO has no budget for (known only from ingested events) overruns nothing.
            step.overrun_hours = (
                max(Decimal(0), step.used_hours - step.allotted_hours) if step.allotted_hours else Decimal(0)
            )
        else:
            step.used_hours = None
            step.overrun_hours = Decimal(0)


def new_event(dossier: Dossier, type: str, *, at: datetime, source: str, source_id: str, **values):
    return DossierEvent(
        agency_id=dossier.agency_id,
        dossier=dossier,
        type=type,
        at=at,
        source=source,
        source_id=source_id,
        **values,
    )
