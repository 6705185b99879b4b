"""The one clock: every due moment of eISO is computed here, on a province's working calendar.

Dossiers (the legal due moment, the steps' dues, the supplement notice, the closure, the online
acceptance, the correction), legal updates, inspection follow-ups and yearly alerts all ask this
module, so a rule of time is written once (regulations.md §4.2, §4.3, §4.9.2).

Rules:
- A period in working days starts the day after the reception (Civil Code 2015 Điều 147) and ends
  at the close of office hours of its last working day (Điều 148.4: work done in an agency).
  A fraction of a working day is that share of the province's office day, in office hours of the
  next working day the period reaches (half a day received on Monday ends mid-Tuesday).
- A period in working hours consumes office hours from the reception (or the next office hour).
- A period in calendar days or months (whole ones) ends at the close of its last day; a last day
  that is a day off moves to the next working day. Date-only deadlines move the same way.
- The time limit counts from the reception moment. The 15:00 rule of NĐ 118/2025 Điều 18.2 moves
  the paper transfer, not the limit; only a procedure whose own text says so (1.001193) has a
  cut-off hour after which, or on a day off, the reception counts from the next working day.
- The steps of a process are budgeted in the procedure's own unit (working hours and working days
  convert through the office day). Step k is due when the period of the first k steps' budgets
  ends, never after the legal due moment, and the last step is due exactly at it.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from eiso.core.calendar import Unit, WorkingCalendar
from eiso.core.dates import add_months

SUPPLEMENT_NOTICE_DAYS = 3  # NĐ 118/2025 Điều 19.5: notice within 03 working days of reception
CLOSURE_DAYS = 15  # Điều 19.5: closed when not supplemented within 15 days of the request
ONLINE_ACCEPTANCE_HOURS = 8  # Điều 17.2: an online dossier is accepted within 08 working hours
CORRECTION_DAYS = 3  # Điều 23: a wrong result is corrected within 03 working days
TRANSFER_CUTOFF = time(15, 0)  # Điều 18.2: received after 15:00, transferred the next working day
LEGAL_UPDATE_MONTHS = 3  # a changed law is reflected in the QMS within 3 months of its effect
INSPECTION_FOLLOW_UP_MONTHS = 2  # TT 26/2014 Điều 37: corrective actions reported within 2 months
EDITION_TRANSITION_MONTHS = 36  # certification bodies allow three years to move to a new edition


def _day_count_start(cal: WorkingCalendar, start: datetime, cutoff: time | None) -> tuple[date, datetime]:
    """(the day a period in days counts from, the moment a period in hours counts from)."""
    local = cal.local(start)
    day = local.date()
    if cutoff is not None and (not cal.is_working_day(day) or local.time() >= cutoff):
        day = cal.next_working_day(day)
        return day, cal.opening_of(day)
    return day, local


def _last_day(cal: WorkingCalendar, day: date, whole: int, unit: str) -> date:
    """The working day a period of `whole` days or months counted from `day` ends on."""
    if unit == Unit.WORKING_DAYS:
        return cal.working_day_on_or_after(cal.add_working_days_to_date(day, whole))
    if unit == Unit.DAYS:
        return cal.working_day_on_or_after(day + timedelta(days=whole))
    return cal.working_day_on_or_after(add_months(day, whole))


def period_end(
    cal: WorkingCalendar, start: datetime, amount, unit: str, *, cutoff: time | None = None
) -> datetime:
    """The due moment of a period of `amount` `unit`s that starts with an event at `start`."""
    amount = Decimal(str(amount))
    if amount < 0:
        raise ValueError("Thời hạn không được âm.")
    if unit not in Unit.ALL:
        raise ValueError(f"Đơn vị thời hạn không hợp lệ: {unit}")
    day, moment = _day_count_start(cal, start, cutoff)
    if unit == Unit.WORKING_HOURS:
        return cal.add_working_hours(moment, amount)
    whole = int(amount)
    fraction = amount - whole
    if fraction and unit != Unit.WORKING_DAYS:
        raise ValueError("Thời hạn tính theo ngày hoặc tháng phải là số nguyên.")
    last = _last_day(cal, day, whole, unit)
    if not fraction:
        return cal.close_of(last)
    # A fraction of a working day is that share of the office day of the next working day the
    # period reaches; when that is the same day (received on a day off), at its close.
    following = _last_day(cal, day, whole + 1, unit)
    if following == last:
        return cal.close_of(last)
    return cal.add_working_hours(cal.opening_of(following), fraction * cal.office_day_hours)


# --- dossiers -----------------------------------------------------------------------------------


def legal_due(cal: WorkingCalendar, start: datetime, amount, unit: str, cutoff: time | None) -> datetime:
    """The legal due moment of a dossier received (or completed after a supplement) at `start`."""
    return period_end(cal, start, amount, unit, cutoff=cutoff)


def step_budget(cal: WorkingCalendar, amount, unit: str, procedure_unit: str) -> Decimal:
    """A step's duration in the unit its dossier is clocked in: the procedure's unit, or working
    days for procedures limited in calendar days or months (steps are kept in working time)."""
    amount = Decimal(str(amount))
    clock_unit = step_clock_unit(procedure_unit)
    if unit == clock_unit:
        return amount
    if unit == Unit.WORKING_HOURS and clock_unit == Unit.WORKING_DAYS:
        return amount / cal.office_day_hours
    if unit == Unit.WORKING_DAYS and clock_unit == Unit.WORKING_HOURS:
        return amount * cal.office_day_hours
    raise ValueError(f"Đơn vị thời gian của bước không hợp lệ: {unit}")


def step_clock_unit(procedure_unit: str) -> str:
    return procedure_unit if procedure_unit in (Unit.WORKING_DAYS, Unit.WORKING_HOURS) else Unit.WORKING_DAYS


def step_hours(cal: WorkingCalendar, amount, unit: str) -> Decimal:
    """A step's duration in office hours, the measure of who used more time than allotted."""
    amount = Decimal(str(amount))
    return amount if unit == Unit.WORKING_HOURS else amount * cal.office_day_hours


def step_dues(
    cal: WorkingCalendar,
    start: datetime,
    budgets: list[Decimal],
    procedure_unit: str,
    due: datetime,
    cutoff: time | None = None,
) -> list[datetime]:
    """The due moment of each step, from the clock's start: the end of the period of the budgets
    so far, never after the legal due moment `due`, the last one exactly at it."""
    clock_unit = step_clock_unit(procedure_unit)
    dues, total = [], Decimal(0)
    for budget in budgets:
        total += budget
        dues.append(min(period_end(cal, start, total, clock_unit, cutoff=cutoff), due))
    if dues:
        dues[-1] = due
    return dues


def supplement_notice_due(cal: WorkingCalendar, start: datetime) -> datetime:
    """The last moment to ask for a supplement: 03 working days after reception (or completion)."""
    return period_end(cal, start, SUPPLEMENT_NOTICE_DAYS, Unit.WORKING_DAYS)


def closure_due(cal: WorkingCalendar, requested_at: datetime) -> datetime:
    """After this moment a dossier still waiting for its supplement may be closed."""
    return period_end(cal, requested_at, CLOSURE_DAYS, Unit.DAYS)


def transfer_due(cal: WorkingCalendar, received_at: datetime) -> datetime:
    """When a paper dossier must have gone from the counter to the handling unit: by the close of
    the reception day, or, received after 15:00 or on a day off, by the end of the first session of
    the next working day ("chuyển ngay trong ngày … hoặc đầu giờ ngày làm việc tiếp theo",
    NĐ 118/2025 Điều 18.2)."""
    local = cal.local(received_at)
    day = local.date()
    if cal.is_working_day(day) and local.time() <= TRANSFER_CUTOFF:
        return cal.close_of(day)
    return cal.sessions(cal.next_working_day(day))[0][1]


def online_acceptance_due(cal: WorkingCalendar, received_at: datetime) -> datetime:
    return period_end(cal, received_at, ONLINE_ACCEPTANCE_HOURS, Unit.WORKING_HOURS)


def correction_due(cal: WorkingCalendar, at: datetime) -> datetime:
    return period_end(cal, at, CORRECTION_DAYS, Unit.WORKING_DAYS)


def extension_last_day(cal: WorkingCalendar, due: datetime) -> date:
    """The last date an apology with extension is timely: at least one day before the due date."""
    return cal.local(due).date() - timedelta(days=1)


def is_timely_extension(cal: WorkingCalendar, at: datetime, due: datetime) -> bool:
    return cal.local(at).date() <= extension_last_day(cal, due)


def extension_appointment_error(cal: WorkingCalendar, appointment: datetime, due: datetime) -> str:
    """Why `appointment` cannot be the new appointment of an extension ("" when it can): it must be
    after the legal due moment, on a working day."""
    if appointment <= due:
        return "Ngày hẹn mới phải sau thời hạn giải quyết theo quy định."
    if not cal.is_working_day(cal.local(appointment).date()):
        return "Ngày hẹn mới phải là ngày làm việc."
    return ""


# --- date-only deadlines ------------------------------------------------------------------------


def on_working_day(cal: WorkingCalendar, day: date) -> date:
    """A date-only deadline: when it falls on a day off, the next working day."""
    return cal.working_day_on_or_after(day)


def months_after(cal: WorkingCalendar, day: date, months: int) -> date:
    return on_working_day(cal, add_months(day, months))


def working_days_after(cal: WorkingCalendar, day: date, amount: int) -> date:
    """The `amount`-th working day after `day` (feedback deadlines and the like)."""
    return cal.add_working_days_to_date(day, amount)


def legal_update_due(cal: WorkingCalendar, effective_on: date) -> date:
    """A legal change is reflected in the QMS within three months of its effect."""
    return months_after(cal, effective_on, LEGAL_UPDATE_MONTHS)


def inspection_follow_up_due(cal: WorkingCalendar, concluded_on: date) -> date:
    """An inspected agency reports its corrective actions within two months of the minutes."""
    return months_after(cal, concluded_on, INSPECTION_FOLLOW_UP_MONTHS)


def year_end_due(cal: WorkingCalendar, year: int) -> date:
    """A yearly obligation (internal audit, management review, report) is due by 31/12."""
    return on_working_day(cal, date(year, 12, 31))


def edition_transition_due(cal: WorkingCalendar, started_on: date) -> date:
    """A move to a new edition of the standard is planned over the three years certification
    bodies allow for it."""
    return months_after(cal, started_on, EDITION_TRANSITION_MONTHS)
