"""Object URLs of the core app, for the tenancy guard (tests/test_tenancy_guard.py).

Announced calendar days belong to a province's calendar: guarded across provinces only.
"""

from datetime import date

from eiso.core.models import CalendarDay, WorkCalendar

AGENCY_URLS: dict = {}


def _announced_day(agency) -> dict:
    calendar, _ = WorkCalendar.objects.get_or_create(province=agency.province)
    day = CalendarDay.objects.create(calendar=calendar, date=date(2026, 1, 5), kind="day_off", name="Nghỉ bù")
    return {"pk": day.pk}


PROVINCE_URLS = {"core:calendar_day_delete": _announced_day}
