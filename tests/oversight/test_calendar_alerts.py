"""Overdue items of the QMS calendar feed the province's alerts (issue 21, item 4), without counting
twice what another alert already counts (the yearly audit and review, legal updates)."""

from datetime import date

import pytest

from eiso.oversight import indicators
from tests.documents.factories import DocumentFactory, LegalChangeTaskFactory
from tests.improvement.factories import ScheduleFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 30)


def test_overdue_calendar_items_are_an_alert(coordinator, agency_a, agency_b, staff_a):
    DocumentFactory(agency=agency_a, next_review_on=date(2026, 5, 4))
    ScheduleFactory(agency=agency_a, owner=staff_a, next_due_on=date(2026, 3, 2))
    ScheduleFactory(agency=agency_a, owner=staff_a, next_due_on=date(2026, 7, 15))  # not yet due
    LegalChangeTaskFactory(agency=agency_a, due_on=date(2026, 6, 1))
    statuses = indicators.agency_statuses(
        user=coordinator, agencies=[agency_a, agency_b], year=2026, today=TODAY
    )
    alerts = {status.agency: status.alerts for status in statuses}
    assert "2 việc định kỳ HTQLCL quá hạn" in alerts[agency_a]
    assert "1 nhiệm vụ cập nhật văn bản pháp luật quá 3 tháng" in alerts[agency_a]
    assert not any("việc định kỳ" in alert for alert in alerts[agency_b])
