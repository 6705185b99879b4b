"""Changes of state owned by core: the working calendar of a province."""

from django.db import transaction

from eiso.core import audit
from eiso.core import calendar as work_calendar
from eiso.core.errors import DomainError
from eiso.core.models import CalendarDay, WorkCalendar
from eiso.core.permissions import require_province_role
from eiso.core.roles import Role

OFFICE_FIELDS = ["morning_start", "morning_end", "afternoon_start", "afternoon_end", "cutoff"]


def calendar_get_or_create(*, province) -> WorkCalendar:
    """The calendar row of a province; created with the civil-service defaults when missing."""
    calendar, _ = WorkCalendar.objects.get_or_create(province=province)
    return calendar


@transaction.atomic
def calendar_update(*, province, actor, **office_hours) -> WorkCalendar:
    """Change a province's office hours or the daily cut-off for receiving dossiers."""
    require_province_role(actor, province, Role.ADMIN)
    calendar = calendar_get_or_create(province=province)
    before = audit.snapshot(calendar, OFFICE_FIELDS)
    for name in OFFICE_FIELDS:
        if name in office_hours:
            setattr(calendar, name, office_hours[name])
    if not (
        calendar.morning_start < calendar.morning_end <= calendar.afternoon_start < calendar.afternoon_end
    ):
        raise DomainError(
            "Giờ làm việc phải theo thứ tự: sáng bắt đầu < sáng kết thúc ≤ chiều bắt đầu < chiều kết thúc."
        )
    if calendar.cutoff is not None and not (
        calendar.morning_start < calendar.cutoff <= calendar.afternoon_end
    ):
        raise DomainError("Giờ chốt tính thời hạn phải nằm trong giờ làm việc.", field="cutoff")
    calendar.full_clean()
    calendar.save()
    audit.record(
        actor=actor,
        action="work_calendar.update",
        target=calendar,
        province=province,
        changes=audit.diff(before, audit.snapshot(calendar, OFFICE_FIELDS)),
    )
    return calendar


@transaction.atomic
def calendar_day_add(*, province, actor, date, kind, name, legal_basis="") -> CalendarDay:
    """Record a compensatory day off or a swapped working day announced by the government."""
    require_province_role(actor, province, Role.ADMIN)
    calendar = calendar_get_or_create(province=province)
    if CalendarDay.objects.filter(calendar=calendar, date=date).exists():
        raise DomainError(f"Ngày {date:%d/%m/%Y} đã có trong lịch.", field="date")
    # Any day off (a weekend, or a holiday the Prime Minister moved) may become a working day,
    # and any working day a day off; asking for what the day already is would change nothing.
    is_working = work_calendar.for_province(province).is_working_day(date)
    if kind == CalendarDay.Kind.WORKING_DAY and is_working:
        raise DomainError(f"Ngày {date:%d/%m/%Y} vốn đã là ngày làm việc.", field="date")
    if kind == CalendarDay.Kind.DAY_OFF and not is_working:
        raise DomainError(f"Ngày {date:%d/%m/%Y} vốn đã là ngày nghỉ.", field="date")
    day = CalendarDay(
        calendar=calendar, date=date, kind=kind, name=name.strip(), legal_basis=legal_basis.strip()
    )
    day.full_clean()
    day.save()
    audit.record(
        actor=actor,
        action="calendar_day.add",
        target=day,
        province=province,
        changes={"date": [None, date.isoformat()], "kind": [None, kind], "name": [None, day.name]},
    )
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, actor) -> None:
    province = day.calendar.province
    require_province_role(actor, province, Role.ADMIN)
    audit.record(
        actor=actor,
        action="calendar_day.delete",
        target=day,
        province=province,
        changes={"date": [day.date.isoformat(), None], "kind": [day.kind, None], "name": [day.name, None]},
    )
    day.delete()
