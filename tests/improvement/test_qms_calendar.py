"""The QMS calendar's due items come from the records eISO already holds, on the one clock, each
with an owner; schedules cover obligations with no other source (issue 21, item 4)."""

import datetime

import pytest

from eiso.core.roles import Role
from eiso.documents.models import Document
from eiso.improvement import qms_calendar
from eiso.improvement.qms_calendar import Kind
from tests.documents.factories import DocumentFactory, LegalChangeTaskFactory
from tests.factories import MembershipFactory
from tests.improvement.factories import (
    AuditProgrammeFactory,
    InternalAuditFactory,
    ManagementReviewFactory,
    ScheduleFactory,
)
from tests.quality.factories import IndicatorValueFactory, QualityObjectiveFactory, RiskFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)  # a Monday


def _items(agency, **kwargs):
    return qms_calendar.due_items(agency_ids=[agency.pk], today=TODAY, **kwargs)


def _kinds(items):
    return {item.kind for item in items}


def test_documents_risks_legal_tasks_and_schedules_are_read_from_their_records(agency_a, staff_a, unit_a):
    DocumentFactory(
        agency=agency_a, code="QT-91", next_review_on=datetime.date(2026, 11, 20), owner_unit=unit_a
    )
    DocumentFactory(agency=agency_a, next_review_on=datetime.date(2027, 6, 1))  # beyond the horizon
    DocumentFactory(agency=agency_a, next_review_on=TODAY, status=Document.Status.OBSOLETE)
    RiskFactory(agency=agency_a, owner=staff_a, review_on=datetime.date(2026, 12, 15))
    LegalChangeTaskFactory(agency=agency_a, due_on=datetime.date(2026, 12, 1))
    ScheduleFactory(agency=agency_a, owner=staff_a, next_due_on=datetime.date(2026, 12, 21))

    items = [
        item for item in _items(agency_a) if item.kind not in (Kind.INTERNAL_AUDIT, Kind.MANAGEMENT_REVIEW)
    ]

    document, legal, risk, schedule = [i for i in items if i.kind != Kind.OBJECTIVES_SET]
    assert (document.kind, document.due_on, document.owner_label) == (
        Kind.DOCUMENT_REVIEW,
        datetime.date(2026, 11, 20),
        unit_a.name,
    )
    assert document.is_overdue(TODAY) and legal.is_overdue(TODAY)
    assert (risk.kind, risk.owner_id) == (Kind.RISK_REVIEW, staff_a.pk)
    assert (schedule.kind, schedule.owner_id, schedule.is_overdue(TODAY)) == (
        Kind.TRAINING,
        staff_a.pk,
        False,
    )
    assert (legal.owner_role, legal.owner_label) == (Role.SECRETARY, "Thư ký ISO")


def test_a_due_date_on_a_day_off_moves_to_the_next_working_day(agency_a):
    DocumentFactory(agency=agency_a, next_review_on=datetime.date(2026, 12, 12))  # a Saturday
    (item,) = [i for i in _items(agency_a) if i.kind == Kind.DOCUMENT_REVIEW]
    assert item.due_on == datetime.date(2026, 12, 14)


def test_each_unmeasured_period_of_an_objective_is_due_and_a_measured_one_is_not(agency_a, staff_a):
    objective = QualityObjectiveFactory(agency=agency_a, year=2026, owner=staff_a, frequency="quarterly")
    IndicatorValueFactory(objective=objective, period_end=datetime.date(2026, 3, 31))
    items = [i for i in _items(agency_a) if i.kind == Kind.OBJECTIVE_MEASURE]
    assert [i.due_on for i in items] == [
        datetime.date(2026, 6, 30),
        datetime.date(2026, 9, 30),
        datetime.date(2026, 12, 31),
    ]
    assert all(i.owner_id == staff_a.pk for i in items)
    titles = {i.title for i in _items(agency_a) if i.kind == Kind.OBJECTIVES_SET}
    assert titles == {"Thiết lập mục tiêu chất lượng năm 2027"}  # this year's objectives are set


def test_next_years_objectives_are_due_by_the_end_of_january(agency_a, agency_b):
    QualityObjectiveFactory(agency=agency_a, year=2026)
    QualityObjectiveFactory(agency=agency_a, year=2025)
    # An agency that never set objectives owes its first ones to its rollout, not to the calendar.
    assert Kind.OBJECTIVES_SET not in _kinds(_items(agency_b))
    (item,) = [i for i in _items(agency_a) if i.kind == Kind.OBJECTIVES_SET]
    # 31/01/2027 is a Sunday: due on the next working day.
    assert (item.title, item.due_on) == ("Thiết lập mục tiêu chất lượng năm 2027", datetime.date(2027, 2, 1))


def test_planned_audits_and_reviews_are_due_and_the_yearly_ones_only_when_missing(
    agency_a, auditor_a, leader_a
):
    programme = AuditProgrammeFactory(agency=agency_a, year=2026)
    InternalAuditFactory(
        programme=programme,
        planned_start_on=datetime.date(2026, 12, 10),
        planned_end_on=datetime.date(2026, 12, 11),
        lead_auditor=auditor_a,
    )
    ManagementReviewFactory(agency=agency_a, planned_on=datetime.date(2026, 12, 18), chair=leader_a)
    items = _items(agency_a)
    audits = [i for i in items if i.kind == Kind.INTERNAL_AUDIT]
    reviews = [i for i in items if i.kind == Kind.MANAGEMENT_REVIEW]
    # Last year's audit and review were never done: owed by 31/12/2025, overdue.
    assert [(i.due_on, i.owner_id) for i in audits] == [
        (datetime.date(2025, 12, 31), None),
        (datetime.date(2026, 12, 11), auditor_a.pk),
    ]
    assert [(i.due_on, i.owner_id) for i in reviews] == [
        (datetime.date(2025, 12, 31), None),
        (datetime.date(2026, 12, 18), leader_a.pk),
    ]
    assert reviews[0].owner_role == Role.LEADER


def test_other_agencies_items_are_not_included(agency_a, agency_b):
    DocumentFactory(agency=agency_b, next_review_on=TODAY)
    assert Kind.DOCUMENT_REVIEW not in _kinds(_items(agency_a))


def test_an_item_is_owned_by_its_person_its_unit_head_or_its_role(agency_a, unit_a, secretary_a, staff_a):
    head = MembershipFactory(agency=agency_a, role=Role.STAFF, unit=unit_a, is_unit_head=True).user
    DocumentFactory(agency=agency_a, next_review_on=TODAY, owner_unit=unit_a)
    RiskFactory(agency=agency_a, owner=staff_a, review_on=TODAY)
    document, risk = [i for i in _items(agency_a) if i.kind in (Kind.DOCUMENT_REVIEW, Kind.RISK_REVIEW)]
    assert qms_calendar.is_owned_by(document, head) and qms_calendar.is_owned_by(document, secretary_a)
    assert not qms_calendar.is_owned_by(document, staff_a)
    assert qms_calendar.is_owned_by(risk, staff_a) and not qms_calendar.is_owned_by(risk, secretary_a)


def test_overdue_counts_leave_out_what_the_province_alerts_already_count(agency_a, agency_b, staff_a):
    DocumentFactory(agency=agency_a, next_review_on=datetime.date(2026, 11, 2))
    ScheduleFactory(agency=agency_a, owner=staff_a, next_due_on=datetime.date(2026, 10, 1))
    ScheduleFactory(agency=agency_a, owner=staff_a, next_due_on=datetime.date(2026, 12, 20))  # not yet due
    LegalChangeTaskFactory(agency=agency_a, due_on=datetime.date(2026, 12, 1))  # alerted by oversight
    counts = qms_calendar.overdue_counts(agencies=[agency_a, agency_b], today=TODAY)
    assert counts == {agency_a.pk: 2}  # the document and the schedule


def test_the_calendar_costs_a_fixed_number_of_queries(django_assert_max_num_queries, agency_a, staff_a):
    for _ in range(5):
        DocumentFactory(agency=agency_a, next_review_on=TODAY)
        RiskFactory(agency=agency_a, owner=staff_a, review_on=TODAY)
        ScheduleFactory(agency=agency_a, owner=staff_a, next_due_on=TODAY)
    with django_assert_max_num_queries(11):
        assert len(_items(agency_a)) > 15
