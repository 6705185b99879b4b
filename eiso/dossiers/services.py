"""State changes of dossiers. Every action appends a DossierEvent and `rebuild` derives the
dossier's state from all its events in time order: counter work in eISO and ingested events
(ingest.py) go through the same replay, so there is one way to count.

Rules (NĐ 118/2025/NĐ-CP; regulations.md §4.2, §4.9.2): supplement request within 03 working
days of receipt (or of the last completion), the processing time restarts from zero when the
applicant completes the dossier; closure when not completed within 15 days of the request;
apology with extension at least one day before the due date, only once; a wrong result is
corrected within 03 working days.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from eiso.core import audit
from eiso.core.calendar import WorkingCalendar, for_province
from eiso.core.errors import DomainError
from eiso.core.permissions import require_role
from eiso.dossiers.models import (
    ENDING_EVENTS,
    OPEN_STATUSES,
    Channel,
    DailyCounter,
    Dossier,
    DossierEvent,
    DossierStep,
    EventType,
    Handover,
    Outcome,
    Rating,
    Status,
)
from eiso.procedures import timing

COUNTER_ROLES = ("one_stop_officer", "leader")
HANDLER_ROLES = ("staff", "leader", "one_stop_officer", "secretary")
SUPPLEMENT_NOTICE_DAYS = 3
CLOSURE_DAYS = 15
CORRECTION_DAYS = 3
ONLINE_ACCEPTANCE_HOURS = 8

CODE_PATTERN = re.compile(r"^(?P<identifier>.+)-(?P<day>\d{6})-(?P<serial>\d{4,})$")


# --- code -----------------------------------------------------------------------------------------


def parse_code(code: str) -> tuple[str, date | None, int | None]:
    """(identifier, reception date, serial) of a dossier code; the code itself is kept opaque,
    so a code that does not parse (another system's layout) is still accepted."""
    match = CODE_PATTERN.match(code or "")
    if not match:
        return "", None, None
    raw = match["day"]
    try:
        day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError:
        return "", None, None
    return match["identifier"], day, int(match["serial"])


def next_serial(agency, day: date) -> int:
    """The next serial of the day for the agency. The counter row is locked until the caller's
    transaction ends, so two receptions at the same second get consecutive numbers."""
    try:
        with transaction.atomic():
            DailyCounter.objects.get_or_create(agency=agency, day=day)
    except IntegrityError:
        pass  # created by a concurrent reception in the meantime: lock it below
    counter = DailyCounter.objects.select_for_update().get(agency=agency, day=day)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last


def make_code(agency, day: date, serial: int) -> str:
    return f"{agency.identifier_code}-{day:%y%m%d}-{serial:04d}"


# --- the replay -----------------------------------------------------------------------------------


def calendar_for(agency) -> WorkingCalendar:
    return for_province(agency.province_id)


def legal_due_from(cal: WorkingCalendar, version, start: datetime) -> datetime:
    return cal.due(start, version.processing_time_amount, version.processing_time_unit)


def _local_date(cal: WorkingCalendar, moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(cal.tz).date()


def rebuild(dossier: Dossier, cal: WorkingCalendar | None = None) -> Dossier:
    """Derive the dossier's state and its steps' times from its stored events, and save."""
    cal = cal or calendar_for(dossier.agency)
    steps = {step.order: step for step in dossier.steps.all()}
    known = set(steps)
    derive(dossier, list(dossier.events.all()), steps, cal)
    dossier.save()
    DossierStep.objects.bulk_create([step for order, step in steps.items() if order not in known])
    DossierStep.objects.bulk_update(
        [step for order, step in steps.items() if order in known],
        [
            "started_at",
            "finished_at",
            "started_by",
            "finished_by",
            "actor_name",
            "due",
            "used_hours",
            "overrun_hours",
        ],
    )
    return dossier


def derive(dossier: Dossier, events: list, steps: dict, cal: WorkingCalendar) -> None:
    """Set the dossier's derived columns and its steps' times (`steps`: order -> DossierStep,
    extended with new unsaved rows for steps only the events know) from its events, replayed
    in time order. Pure: writes nothing to the database, so bulk loaders can use it too."""
    events = sorted(events, key=lambda e: (e.at, e.pk or 0))
    received = next((e for e in events if e.type == EventType.RECEIVED), None)
    if received is None:
        raise DomainError("Hồ sơ chưa có sự kiện tiếp nhận.")
    version = dossier.procedure_version
    received_at = received.at
    clock_start = received_at
    legal_due = received.due or legal_due_from(cal, version, received_at)
    extension_due = None
    supplements = 0
    supplement_open_at = None
    ended_at = ended_type = returned_at = accepted_at = correction_due = None
    started = False
    step_times: dict[int, dict] = {}
    for event in events:
        kind = event.type
        if kind == EventType.SUPPLEMENT_REQUESTED:
            supplements += 1
            supplement_open_at = event.at
        elif kind == EventType.SUPPLEMENT_COMPLETED:
            clock_start = event.at
            legal_due = event.due or legal_due_from(cal, version, event.at)
            supplement_open_at = None
        elif kind == EventType.EXTENDED:
            extension_due = event.due
        elif kind in ENDING_EVENTS:
            if ended_at is None:
                ended_at, ended_type = event.at, kind
        elif kind == EventType.RETURNED:
            returned_at = returned_at or event.at
        elif kind == EventType.ACCEPTED:
            accepted_at = accepted_at or event.at
        elif kind == EventType.CORRECTED:
            correction_due = cal.add_working_days(event.at, CORRECTION_DAYS)
        elif kind in (EventType.STEP_STARTED, EventType.STEP_FINISHED) and event.step_order is not None:
            started = True
            times = step_times.setdefault(event.step_order, {})
            if kind == EventType.STEP_STARTED and "start" not in times:
                times.update(start=event.at, started_by=event.actor_id, name=event.actor_name)
            elif kind == EventType.STEP_FINISHED:
                times.update(finish=event.at, finished_by=event.actor_id)
                times.setdefault("name", event.actor_name)
    if ended_at is None and returned_at is not None:
        ended_at, ended_type = returned_at, EventType.RETURNED

    dossier.received_at = received_at
    dossier.received_on = _local_date(cal, received_at)
    dossier.legal_due = legal_due
    dossier.legal_due_on = _local_date(cal, legal_due)
    dossier.appointment = extension_due or legal_due
    dossier.extended = extension_due is not None
    dossier.supplement_count = supplements
    dossier.supplement_requested_at = supplement_open_at if ended_at is None else None
    dossier.refused = ended_type == EventType.REFUSED
    dossier.ended_at = ended_at
    dossier.ended_on = _local_date(cal, ended_at)
    dossier.returned_at = returned_at
    dossier.accepted_at = accepted_at
    dossier.correction_due = correction_due
    if dossier.channel == Channel.ONLINE:
        dossier.acceptance_due = cal.add_working_hours(received_at, ONLINE_ACCEPTANCE_HOURS)
    if ended_at is None:
        dossier.status = (
            Status.SUPPLEMENT if supplement_open_at else (Status.IN_PROGRESS if started else Status.RECEIVED)
        )
        dossier.outcome = ""
        dossier.processing_hours = None
    else:
        dossier.status = {
            EventType.RESULT_READY: Status.RETURNED if returned_at else Status.RESULT_READY,
            EventType.REFUSED: Status.REFUSED,
            EventType.STOPPED: Status.STOPPED,
            EventType.CLOSED: Status.CLOSED,
            EventType.RETURNED: Status.RETURNED,
        }[ended_type]
        if ended_at > legal_due or supplements > 1 or dossier.extended:
            dossier.outcome = Outcome.LATE
        elif dossier.ended_on < dossier.legal_due_on:
            dossier.outcome = Outcome.EARLY
        else:
            dossier.outcome = Outcome.ON_TIME
        dossier.processing_hours = cal.working_hours_between(clock_start, ended_at)
    _derive_steps(dossier, cal, clock_start, step_times, steps)


def _derive_steps(
    dossier: Dossier, cal: WorkingCalendar, clock_start: datetime, times: dict, steps: dict
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
    planned = clock_start
    for order in sorted(steps):
        step = steps[order]
        row = times.get(order, {})
        step.started_at = row.get("start")
        step.finished_at = row.get("finish")
        step.started_by_id = row.get("started_by")
        step.finished_by_id = row.get("finished_by")
        step.actor_name = row.get("name") or step.actor_name
        begin = step.started_at or planned
        step.due = cal.add_working_hours(begin, step.allotted_hours)
        planned = step.finished_at or step.due
        if step.started_at and step.finished_at:
            step.used_hours = cal.working_hours_between(step.started_at, step.finished_at)
            step.overrun_hours = (
                max(Decimal(0), step.used_hours - step.allotted_hours) if step.allotted_hours else Decimal(0)
            )
        else:
            step.used_hours = None
            step.overrun_hours = Decimal(0)


def _event_id() -> str:
    import uuid

    return uuid.uuid4().hex


def add_event(dossier: Dossier, type: str, *, at: datetime, actor=None, **values) -> DossierEvent:
    """Append a counter event (source "eiso") and re-derive the dossier."""
    event = DossierEvent.objects.create(
        agency=dossier.agency,
        dossier=dossier,
        type=type,
        at=at,
        source="eiso",
        source_id=_event_id(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=values.pop("actor_name", "") or (actor.get_full_name() or actor.username if actor else ""),
        **values,
    )
    return event


# --- reception ------------------------------------------------------------------------------------


def process_for(agency, procedure):
    """The agency's process for the procedure and its published version in use, or (None, None)."""
    from eiso.procedures.models import Process

    process = (
        Process.objects.filter(agency=agency, procedures=procedure, document__current_version__isnull=False)
        .select_related("document__current_version")
        .order_by("pk")
        .first()
    )
    if process is None:
        return None, None
    return process, process.document.current_version


def _snapshot_steps(dossier: Dossier, version) -> None:
    rows = [
        DossierStep(
            agency=dossier.agency,
            dossier=dossier,
            order=step.order,
            key=step.key,
            name=step.name,
            unit_id=step.unit_id,
            other_agency_id=step.other_agency_id,
            role=step.role,
            allotted_hours=timing.to_working_hours(step.duration_amount, step.duration_unit),
        )
        for step in version.process_steps.order_by("order")
    ]
    DossierStep.objects.bulk_create(rows)


def missing_components(version, received_orders) -> list[str]:
    have = {int(order) for order in received_orders}
    return [c.name for c in version.components.order_by("order") if c.order not in have]


@transaction.atomic
def dossier_receive(
    *,
    agency,
    procedure,
    applicant_name: str,
    channel: str,
    actor,
    components=(),
    applicant_address: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_id_number: str = "",
    sets: int = 1,
    return_place: str = "",
    received_at: datetime | None = None,
    if_incomplete: str = "refuse",
    supplement_items: str = "",
) -> Dossier:
    """Receive a dossier at the counter: code, snapshot of the process, legal due moment.

    With missing components the reception is refused with the list, or (if_incomplete="supplement")
    the dossier is received and a supplement request (form 02) is issued at once."""
    require_role(actor, agency, *COUNTER_ROLES)
    if procedure.province_id != agency.province_id or procedure.current_version_id is None:
        raise DomainError("Thủ tục hành chính không thuộc danh mục của tỉnh.", field="procedure")
    if channel not in Channel.values:
        raise DomainError("Hình thức nộp hồ sơ không hợp lệ.", field="channel")
    if not applicant_name.strip():
        raise DomainError("Cần nhập họ tên người nộp hồ sơ.", field="applicant_name")
    version = procedure.current_version
    missing = missing_components(version, components)
    if missing and if_incomplete != "supplement":
        raise DomainError("Hồ sơ còn thiếu thành phần: " + "; ".join(missing) + ".", field="components")
    received_at = received_at or timezone.now()
    cal = calendar_for(agency)
    day = _local_date(cal, received_at)
    serial = next_serial(agency, day)
    # A code already taken by a dossier ingested from the province's system is passed over.
    while Dossier.objects.filter(code=make_code(agency, day, serial)).exists():
        serial = next_serial(agency, day)
    _, process_version = process_for(agency, procedure)
    chosen = {int(order) for order in components}
    dossier = Dossier(
        agency=agency,
        code=make_code(agency, day, serial),
        code_identifier=agency.identifier_code,
        code_date=day,
        code_serial=serial,
        procedure=procedure,
        procedure_version=version,
        process_version=process_version,
        received_by=actor,
        applicant_name=applicant_name.strip(),
        applicant_address=applicant_address,
        applicant_phone=applicant_phone,
        applicant_email=applicant_email,
        applicant_id_number=applicant_id_number,
        channel=channel,
        components=[
            {"order": c.order, "name": c.name, "originals": c.originals, "copies": c.copies}
            for c in version.components.order_by("order")
            if c.order in chosen
        ],
        sets=sets,
        return_place=return_place,
        received_at=received_at,
        received_on=day,
        legal_due=received_at,
        legal_due_on=day,
        appointment=received_at,
    )
    dossier.full_clean(exclude=["legal_due", "appointment"])
    dossier.save()
    if process_version is not None:
        _snapshot_steps(dossier, process_version)
    add_event(dossier, EventType.RECEIVED, at=received_at, actor=actor)
    Handover.objects.create(
        agency=agency,
        dossier=dossier,
        at=received_at,
        given_by=dossier.applicant_name,
        received_by=_name(actor),
        to_place="Bộ phận Một cửa",
    )
    if missing:
        add_event(
            dossier,
            EventType.SUPPLEMENT_REQUESTED,
            at=received_at,
            actor=actor,
            reason=supplement_items or "Bổ sung: " + "; ".join(missing),
            data={"items": missing},
        )
    rebuild(dossier, cal)
    audit.record(
        actor=actor, action="dossier.receive", target=dossier, changes={"code": [None, dossier.code]}
    )
    return dossier


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


# --- guards ---------------------------------------------------------------------------------------


def _require_counter(dossier, actor):
    require_role(actor, dossier.agency, *COUNTER_ROLES)


def _require_open(dossier):
    if dossier.status not in OPEN_STATUSES:
        raise DomainError(f"Hồ sơ đã kết thúc xử lý ({dossier.get_status_display().lower()}).")


def _require_not_waiting(dossier):
    if dossier.status == Status.SUPPLEMENT:
        raise DomainError("Hồ sơ đang chờ người nộp bổ sung: chưa thể xử lý tiếp.")


def _finish(dossier, actor, action, changes=None):
    dossier.refresh_from_db()
    rebuild(dossier)
    audit.record(
        actor=actor, action=action, target=dossier, changes=changes or {"status": [None, dossier.status]}
    )
    return dossier


def _now(at):
    return at or timezone.now()


# --- online acceptance ----------------------------------------------------------------------------


@transaction.atomic
def dossier_accept(*, dossier: Dossier, actor, at=None) -> Dossier:
    """Accept an online dossier (within 8 working hours of its arrival, NĐ 118/2025 Điều 17)."""
    _require_counter(dossier, actor)
    if dossier.channel != Channel.ONLINE:
        raise DomainError("Chỉ hồ sơ nộp trực tuyến mới cần tiếp nhận chính thức.")
    if dossier.accepted_at:
        raise DomainError("Hồ sơ đã được tiếp nhận chính thức.")
    add_event(dossier, EventType.ACCEPTED, at=_now(at), actor=actor)
    return _finish(dossier, actor, "dossier.accept")


# --- steps and handovers --------------------------------------------------------------------------


def can_handle_step(user, step: DossierStep) -> bool:
    """Someone of the responsible unit (a leader of the agency too), or of the other agency for
    an inter-agency step."""
    agency_id = step.other_agency_id or step.agency_id
    for membership in user.active_memberships() if user.is_authenticated else []:
        if membership.agency_id != agency_id or membership.role not in HANDLER_ROLES:
            continue
        if step.other_agency_id or step.unit_id is None or membership.role == "leader":
            return True
        if membership.unit_id == step.unit_id:
            return True
    return False


@transaction.atomic
def step_start(*, step: DossierStep, actor, at=None) -> DossierStep:
    """Take the dossier for a step: the handover from the previous holder is recorded."""
    dossier = Dossier.objects.select_for_update().get(pk=step.dossier_id)
    step.refresh_from_db()
    if not can_handle_step(actor, step):
        raise DomainError(f"Bạn không thuộc đơn vị thực hiện bước này ({step.responsible}).")
    _require_open(dossier)
    _require_not_waiting(dossier)
    if step.started_at:
        raise DomainError("Bước này đã được bắt đầu.")
    previous = dossier.steps.filter(order__lt=step.order).order_by("-order").first()
    if previous is not None and previous.finished_at is None:
        raise DomainError(f"Bước trước ({previous}) chưa hoàn thành.")
    at = _now(at)
    giver = (previous.actor_name if previous else "") or (
        _name(dossier.received_by) if dossier.received_by else "Bộ phận Một cửa"
    )
    add_event(
        dossier, EventType.STEP_STARTED, at=at, actor=actor, step_order=step.order, receiver_name=_name(actor)
    )
    Handover.objects.create(
        agency=dossier.agency,
        dossier=dossier,
        step=step,
        at=at,
        given_by=giver,
        received_by=_name(actor),
        from_place=previous.responsible if previous else "Bộ phận Một cửa",
        to_place=step.responsible,
    )
    _finish(dossier, actor, "dossier.step_start", {"step": [None, step.order]})
    step.refresh_from_db()
    return step


@transaction.atomic
def step_finish(*, step: DossierStep, actor, at=None) -> DossierStep:
    dossier = Dossier.objects.select_for_update().get(pk=step.dossier_id)
    step.refresh_from_db()
    if not can_handle_step(actor, step):
        raise DomainError(f"Bạn không thuộc đơn vị thực hiện bước này ({step.responsible}).")
    _require_open(dossier)
    if step.started_at is None:
        raise DomainError("Bước này chưa được bắt đầu.")
    if step.finished_at:
        raise DomainError("Bước này đã hoàn thành.")
    add_event(dossier, EventType.STEP_FINISHED, at=_now(at), actor=actor, step_order=step.order)
    _finish(dossier, actor, "dossier.step_finish", {"step": [None, step.order]})
    step.refresh_from_db()
    return step


# --- supplement, refusal, extension, stop ---------------------------------------------------------


@transaction.atomic
def supplement_request(*, dossier: Dossier, items: str, actor, reason: str = "", at=None) -> Dossier:
    """Form 02: ask the applicant to complete the dossier, once and fully; the clock stops."""
    _require_counter(dossier, actor)
    _require_open(dossier)
    if dossier.status == Status.SUPPLEMENT:
        raise DomainError("Hồ sơ đang chờ bổ sung theo yêu cầu trước.")
    if not items.strip():
        raise DomainError("Cần ghi rõ nội dung phải bổ sung, hoàn thiện.", field="items")
    at = _now(at)
    cal = calendar_for(dossier.agency)
    restart = (
        dossier.events.filter(type=EventType.SUPPLEMENT_COMPLETED)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    start = restart or dossier.received_at
    if at > cal.add_working_days(start, SUPPLEMENT_NOTICE_DAYS):
        raise DomainError(
            "Đã quá 03 ngày làm việc kể từ ngày tiếp nhận: không được yêu cầu bổ sung hồ sơ nữa."
        )
    add_event(
        dossier, EventType.SUPPLEMENT_REQUESTED, at=at, actor=actor, reason=reason, data={"items": items}
    )
    return _finish(dossier, actor, "dossier.supplement_request")


@transaction.atomic
def supplement_complete(*, dossier: Dossier, actor, at=None) -> Dossier:
    """The applicant completed the dossier: the processing time restarts from zero."""
    _require_counter(dossier, actor)
    if dossier.status != Status.SUPPLEMENT:
        raise DomainError("Hồ sơ không ở trạng thái chờ bổ sung.")
    add_event(dossier, EventType.SUPPLEMENT_COMPLETED, at=_now(at), actor=actor)
    return _finish(dossier, actor, "dossier.supplement_complete")


def closure_due(dossier: Dossier, cal=None) -> datetime | None:
    if dossier.status != Status.SUPPLEMENT or dossier.supplement_requested_at is None:
        return None
    cal = cal or calendar_for(dossier.agency)
    return cal.due(dossier.supplement_requested_at, CLOSURE_DAYS, "days")


@transaction.atomic
def dossier_close(*, dossier: Dossier, actor, at=None) -> Dossier:
    """End a dossier not completed within 15 days of the supplement request (NĐ 118 Điều 19.5)."""
    if actor is not None:
        _require_counter(dossier, actor)
    at = _now(at)
    due = closure_due(dossier)
    if due is None:
        raise DomainError("Chỉ kết thúc được hồ sơ đang chờ bổ sung.")
    if at <= due:
        raise DomainError(
            f"Chưa hết 15 ngày kể từ ngày yêu cầu bổ sung (đến {timezone.localtime(due):%H:%M %d/%m/%Y})."
        )
    add_event(dossier, EventType.CLOSED, at=at, actor=actor, reason="Không bổ sung hồ sơ trong 15 ngày")
    return _finish(dossier, actor, "dossier.close")


@transaction.atomic
def dossier_refuse(*, dossier: Dossier, reason: str, actor, at=None) -> Dossier:
    """Form 03: refusal with its reasons; ends processing."""
    _require_counter(dossier, actor)
    _require_open(dossier)
    if not reason.strip():
        raise DomainError("Cần nêu rõ lý do từ chối.", field="reason")
    add_event(dossier, EventType.REFUSED, at=_now(at), actor=actor, reason=reason.strip())
    return _finish(dossier, actor, "dossier.refuse")


def extension_deadline(dossier: Dossier) -> date:
    """The last day an apology with extension may be issued: one day before the due date."""
    return dossier.legal_due_on - timedelta(days=1)


@transaction.atomic
def dossier_extend(*, dossier: Dossier, new_appointment: datetime, reason: str, actor, at=None) -> Dossier:
    """Form 04: apology and request for extension, at least one day before the due date, once."""
    _require_counter(dossier, actor)
    _require_open(dossier)
    at = _now(at)
    if dossier.extended:
        raise DomainError("Hồ sơ đã được gia hạn một lần: không được gia hạn lần thứ hai.")
    if timezone.localtime(at).date() > extension_deadline(dossier):
        raise DomainError(
            "Phải xin lỗi và đề nghị gia hạn chậm nhất 01 ngày trước ngày hẹn trả "
            f"({dossier.legal_due_on:%d/%m/%Y})."
        )
    if not reason.strip():
        raise DomainError("Cần nêu rõ lý do chậm.", field="reason")
    if new_appointment <= dossier.appointment:
        raise DomainError("Ngày hẹn mới phải sau ngày hẹn hiện tại.", field="new_appointment")
    add_event(dossier, EventType.EXTENDED, at=at, actor=actor, due=new_appointment, reason=reason.strip())
    return _finish(
        dossier, actor, "dossier.extend", {"appointment": [str(dossier.appointment), str(new_appointment)]}
    )


@transaction.atomic
def dossier_stop(*, dossier: Dossier, reason: str, actor, at=None) -> Dossier:
    """Form 05: stop at the applicant's request, while no decision has been issued."""
    _require_counter(dossier, actor)
    _require_open(dossier)
    add_event(dossier, EventType.STOPPED, at=_now(at), actor=actor, reason=reason.strip())
    return _finish(dossier, actor, "dossier.stop")


# --- result and return ----------------------------------------------------------------------------


@transaction.atomic
def dossier_result_ready(*, dossier: Dossier, actor, at=None) -> Dossier:
    _require_counter(dossier, actor)
    _require_open(dossier)
    _require_not_waiting(dossier)
    pending = dossier.steps.filter(finished_at__isnull=True).order_by("order").first()
    if pending is not None:
        raise DomainError(f"Còn bước chưa hoàn thành: {pending}.")
    add_event(dossier, EventType.RESULT_READY, at=_now(at), actor=actor)
    return _finish(dossier, actor, "dossier.result_ready")


@transaction.atomic
def dossier_return(*, dossier: Dossier, actor, at=None) -> Dossier:
    _require_counter(dossier, actor)
    if dossier.status != Status.RESULT_READY:
        raise DomainError("Chưa có kết quả để trả cho người nộp.")
    at = _now(at)
    add_event(dossier, EventType.RETURNED, at=at, actor=actor)
    Handover.objects.create(
        agency=dossier.agency,
        dossier=dossier,
        at=at,
        given_by=_name(actor),
        received_by=dossier.applicant_name,
        from_place="Bộ phận Một cửa",
    )
    return _finish(dossier, actor, "dossier.return")


@transaction.atomic
def dossier_correct(*, dossier: Dossier, reason: str, actor, at=None) -> Dossier:
    """A wrong result: the agency corrects it within 03 working days (NĐ 118 Điều 23)."""
    _require_counter(dossier, actor)
    if dossier.status != Status.RETURNED:
        raise DomainError("Chỉ đính chính kết quả đã trả.")
    if not reason.strip():
        raise DomainError("Cần nêu rõ sai sót cần đính chính.", field="reason")
    add_event(dossier, EventType.CORRECTED, at=_now(at), actor=actor, reason=reason.strip())
    return _finish(dossier, actor, "dossier.correct")


# --- rating ---------------------------------------------------------------------------------------


RATING_FIELDS = (
    "time_score",
    "agencies_contacted",
    "contacts_needed",
    "information_score",
    "conduct_score",
    "costs_score",
)


@transaction.atomic
def rating_submit(*, dossier: Dossier, values: dict, comment: str = "") -> Rating:
    """The applicant's rating (NĐ 118/2025 Điều 33), once per dossier, after the result."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.ended_at is None:
        raise DomainError("Hồ sơ chưa giải quyết xong: chưa thể đánh giá.")
    if Rating.objects.filter(dossier=dossier).exists():
        raise DomainError("Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần.")
    scores = [values[name] for name in ("time_score", "information_score", "conduct_score", "costs_score")]
    rating = Rating(
        agency=dossier.agency,
        dossier=dossier,
        comment=comment,
        satisfied=min(scores) >= 2 and sum(scores) >= 10,
        **{name: values[name] for name in RATING_FIELDS},
    )
    rating.full_clean()
    rating.save()
    audit.record(
        actor=None, action="dossier.rate", target=dossier, changes={"satisfied": [None, rating.satisfied]}
    )
    return rating
