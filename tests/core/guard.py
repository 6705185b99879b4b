"""Object URLs of the core app, for the tenancy guard (tests/test_tenancy_guard.py).

Records, disposal lists and archive packages belong to an agency. Announced calendar days belong
to a province's calendar: guarded across provinces only.
"""

from datetime import date

from django.utils import timezone

from eiso.core.models import ArchivePackage, CalendarDay, WorkCalendar
from eiso.core.roles import Role
from tests.core.records_helpers import audit_acknowledged, proposed_list
from tests.factories import MembershipFactory


def _audit(agency) -> dict:
    return {
        "record_type": "improvement.internal_audit",
        "pk": audit_acknowledged(agency, date(2019, 6, 1)).pk,
    }


def _disposal_list(agency) -> dict:
    secretary = MembershipFactory(agency=agency, role=Role.SECRETARY, user__username="guard-secretary-b").user
    return {"pk": proposed_list(agency, secretary, today=timezone.localdate()).pk}


def _package(agency) -> dict:
    requester = MembershipFactory(agency=agency, role=Role.SECRETARY, user__username="guard-packager-b").user
    package = ArchivePackage.objects.create(agency=agency, year=2025, requested_by=requester)
    return {"pk": package.pk}


AGENCY_URLS: dict = {
    "core:record_delete": _audit,
    "core:disposal_detail": _disposal_list,
    "core:disposal_transition": _disposal_list,
    "core:package_progress": _package,
    "core:package_download": _package,
}


def _announced_day(agency) -> dict:
    calendar, _ = WorkCalendar.objects.get_or_create(province=agency.province)
    day = CalendarDay.objects.create(calendar=calendar, date=date(2026, 1, 5), kind="day_off", name="Nghỉ bù")
    return {"pk": day.pk}


PROVINCE_URLS = {"core:calendar_day_delete": _announced_day}
