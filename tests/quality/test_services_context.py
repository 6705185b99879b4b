"""The context register: issues and interested parties, and their yearly review."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from eiso.quality import selectors, services
from tests.quality.factories import ContextIssueFactory, InterestedPartyFactory
from tests.quality.helpers import last_entry

pytestmark = pytest.mark.django_db


def test_secretary_records_an_external_issue(agency_a, secretary_a):
    issue = services.context_issue_create(
        agency=agency_a,
        actor=secretary_a,
        kind="external",
        category="legal",
        description="NĐ 118/2025 thay đổi quy trình một cửa",
        reviewed_on=date(2026, 2, 1),
    )
    assert issue.reviewed_on == date(2026, 2, 1)
    assert last_entry("context_issue.create").changes["category"] == [None, "legal"]


def test_staff_may_not_change_the_context(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.party_create(
            agency=agency_a, actor=staff_a, name="Người dân", category="citizens", requirements="X"
        )


def test_a_review_is_due_a_year_after_the_last(agency_a, secretary_a):
    issue = ContextIssueFactory(agency=agency_a, reviewed_on=date(2025, 3, 1))
    party = InterestedPartyFactory(agency=agency_a, reviewed_on=date(2025, 6, 1))
    assert selectors.review_due_counts(agency=agency_a, today=date(2026, 3, 1)) == {"issues": 1, "parties": 0}
    services.context_issue_review(issue=issue, actor=secretary_a, today=date(2026, 3, 1))
    assert not issue.is_review_due(date(2026, 3, 1))
    assert last_entry("context_issue.review").changes == {"reviewed_on": ["2025-03-01", "2026-03-01"]}
    services.party_update(party=party, actor=secretary_a, requirements="Trả kết quả đúng hẹn")
    assert last_entry("interested_party.update").changes["requirements"][1] == "Trả kết quả đúng hẹn"


def test_a_leap_day_review_falls_due_on_28_february():
    issue = ContextIssueFactory.build(reviewed_on=date(2028, 2, 29))
    assert issue.is_review_due(date(2029, 2, 28))
