"""Each automatic rule against fixtures of the apps it reads, through indicators.agency_status."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from eiso.documents.models import LegalChangeTask
from eiso.improvement.models import InternalAudit, ManagementReview, QmsLifecycle
from eiso.oversight import indicators, scoring
from eiso.quality.models import Action
from tests.documents.factories import LegalChangeTaskFactory
from tests.dossiers.factories import OneStopCounter, at
from tests.improvement.factories import AnnouncementFactory, InternalAuditFactory, ManagementReviewFactory
from tests.oversight.factories import MilestoneFactory, PlanEntryFactory, RolloutPlanFactory
from tests.quality.factories import ActionFactory, IndicatorValueFactory, QualityObjectiveFactory

TODAY = date(2026, 11, 20)


def _status(coordinator, agency):
    return indicators.agency_status(user=coordinator, agency=agency, year=2026, today=TODAY)


def _rule(key, coordinator, agency):
    return scoring.RULES[key].compute(_status(coordinator, agency))


def test_legal_updates_on_time_is_the_share_closed_by_the_due_date(coordinator, agency_a):
    LegalChangeTaskFactory(
        agency=agency_a,
        due_on=date(2026, 6, 1),
        status=LegalChangeTask.Status.CLOSED,
        closed_at=timezone.make_aware(datetime(2026, 5, 20)),
    )
    LegalChangeTaskFactory(
        agency=agency_a,
        due_on=date(2026, 7, 1),
        status=LegalChangeTask.Status.CLOSED,
        closed_at=timezone.make_aware(datetime(2026, 8, 20)),
    )
    LegalChangeTaskFactory(agency=agency_a, due_on=date(2026, 8, 1))
    LegalChangeTaskFactory(agency=agency_a, due_on=date(2026, 12, 31))  # not due yet
    result = _rule("legal_updates_on_time", coordinator, agency_a)
    assert result.share == Decimal(1) / 3 and result.figures == {"due": 3, "on_time": 1}


def test_no_overdue_legal_updates(coordinator, agency_a, agency_b):
    LegalChangeTaskFactory(agency=agency_a, due_on=date(2026, 8, 1))
    LegalChangeTaskFactory(agency=agency_b, due_on=date(2026, 12, 31))
    assert _rule("no_overdue_legal_updates", coordinator, agency_a).share == 0
    assert _rule("no_overdue_legal_updates", coordinator, agency_b).share == 1


def test_no_overdue_actions(coordinator, agency_a, agency_b):
    ActionFactory(risk__agency=agency_a, due_on=date(2026, 10, 1))
    ActionFactory(
        risk__agency=agency_b,
        due_on=date(2026, 10, 1),
        status=Action.Status.DONE,
        completed_on=date(2026, 9, 1),
    )
    assert _rule("no_overdue_actions", coordinator, agency_a).share == 0
    assert _rule("no_overdue_actions", coordinator, agency_b).share == 1


def test_objectives_reached_share_and_no_objectives_leaves_it_manual(coordinator, agency_a, agency_b):
    reached = QualityObjectiveFactory(agency=agency_a, frequency="yearly")
    IndicatorValueFactory(objective=reached, period_end=date(2026, 12, 31), value=Decimal(97), label="2026")
    missed = QualityObjectiveFactory(agency=agency_a, frequency="yearly")
    IndicatorValueFactory(objective=missed, period_end=date(2026, 12, 31), value=Decimal(50), label="2026")
    result = _rule("objectives_reached", coordinator, agency_a)
    assert result.figures == {"reached": 1, "total": 2} and result.share == Decimal("0.5")
    assert _rule("objectives_reached", coordinator, agency_b).share is None


def test_plan_milestones_on_time(coordinator, agency_a):
    entry = PlanEntryFactory(agency=agency_a)
    MilestoneFactory(entry=entry, due_on=date(2026, 6, 30), done_on=date(2026, 6, 1))
    MilestoneFactory(entry=entry, due_on=date(2026, 9, 30), done_on=date(2026, 10, 5))
    MilestoneFactory(entry=entry, due_on=date(2026, 12, 15))
    result = _rule("plan_milestones_on_time", coordinator, agency_a)
    assert result.figures == {"due": 2, "on_time": 1}


def test_internal_audit_and_review_this_year(coordinator, agency_a, agency_b):
    InternalAuditFactory(
        programme__agency=agency_a, status=InternalAudit.Status.REPORTED, reported_on=date(2026, 5, 10)
    )
    ManagementReviewFactory(
        agency=agency_a,
        status=ManagementReview.Status.HELD,
        held_on=date(2025, 11, 10),
        inputs_frozen_at=timezone.now(),
    )
    assert _rule("internal_audit_this_year", coordinator, agency_a).share == 1
    review = _rule("management_review_this_year", coordinator, agency_a)
    assert review.share == 0 and "10/11/2025" in review.evidence
    assert _rule("internal_audit_this_year", coordinator, agency_b).share == 0


def test_a_status_read_for_a_past_day_cites_nothing_later(coordinator, agency_a):
    # Scores of minutes signed on 05/10 cannot cite an audit reported, a review held or a
    # decision announced after that day.
    InternalAuditFactory(
        programme__agency=agency_a, status=InternalAudit.Status.REPORTED, reported_on=date(2026, 10, 20)
    )
    ManagementReviewFactory(
        agency=agency_a,
        status=ManagementReview.Status.HELD,
        held_on=date(2026, 12, 15),
        inputs_frozen_at=timezone.now(),
    )
    AnnouncementFactory(agency=agency_a, status="announced", number="12/QĐ-STP", decided_on=date(2026, 11, 1))
    status = indicators.agency_status(user=coordinator, agency=agency_a, year=2026, today=date(2026, 10, 5))
    assert (status.last_internal_audit, status.last_management_review, status.announced_on) == (
        None,
        None,
        None,
    )
    assert scoring.RULES["internal_audit_this_year"].compute(status).share == 0


NOTIFIED = {
    "notice_sent_on": date(2025, 3, 5),
    "posted_at_office_on": date(2025, 3, 5),
    "posted_on_website_on": date(2025, 3, 6),
}


def test_announcement_current_unless_reannouncement_is_pending(coordinator, agency_a, agency_b):
    for agency, number in ((agency_a, "12/QĐ-STP"), (agency_b, "13/QĐ-SNV")):
        AnnouncementFactory(
            agency=agency, status="announced", number=number, decided_on=date(2025, 3, 1), **NOTIFIED
        )
    QmsLifecycle.objects.create(
        agency=agency_b, stage=QmsLifecycle.Stage.ANNOUNCED, needs_reannouncement=True
    )
    assert _rule("announcement_current", coordinator, agency_a).share == 1
    assert _rule("announcement_current", coordinator, agency_b).share == 0
    assert "Cần công bố lại HTQLCL" in _status(coordinator, agency_b).alerts


def test_2c_needs_the_notice_and_both_postings_each_with_its_date(coordinator, agency_a):
    AnnouncementFactory(
        agency=agency_a,
        status="announced",
        number="12/QĐ-STP",
        decided_on=date(2025, 3, 1),
        notice_sent_on=date(2025, 3, 5),
        website_url="https://stp.hatinh.gov.vn/iso",  # a link, but no date of posting
    )
    result = _rule("announcement_current", coordinator, agency_a)
    assert result.share == 0
    assert "chưa có ngày niêm yết tại trụ sở, đăng trên trang thông tin điện tử" in result.evidence
    assert result.figures == {
        "announced_on": "2025-03-01",
        "notice_sent_on": "2025-03-05",
        "posted_at_office_on": None,
        "posted_on_website_on": None,
    }


def test_2c_full_score_cites_each_date(coordinator, agency_a):
    AnnouncementFactory(
        agency=agency_a, status="announced", number="12/QĐ-STP", decided_on=date(2025, 3, 1), **NOTIFIED
    )
    result = _rule("announcement_current", coordinator, agency_a)
    assert result.share == 1
    assert result.evidence == (
        "Đã công bố ngày 01/03/2025, còn phù hợp; thông báo bằng văn bản cho Sở KH&CN ngày 05/03/2025; "
        "niêm yết tại trụ sở ngày 05/03/2025; đăng trên trang thông tin điện tử ngày 06/03/2025."
    )


def test_2c_read_for_a_past_day_ignores_notices_dated_later(coordinator, agency_a):
    AnnouncementFactory(
        agency=agency_a, status="announced", number="12/QĐ-STP", decided_on=date(2025, 3, 1), **NOTIFIED
    )
    status = indicators.agency_status(user=coordinator, agency=agency_a, year=2025, today=date(2025, 3, 5))
    result = scoring.RULES["announcement_current"].compute(status)
    assert result.share == 0 and "chưa có ngày đăng trên trang thông tin điện tử" in result.evidence


def test_2c_of_a_past_day_reads_the_decision_then_in_force(coordinator, agency_a):
    AnnouncementFactory(
        agency=agency_a, status="superseded", number="12/QĐ-STP", decided_on=date(2025, 3, 1), **NOTIFIED
    )
    AnnouncementFactory(agency=agency_a, status="announced", number="40/QĐ-STP", decided_on=date(2026, 9, 1))
    status = indicators.agency_status(user=coordinator, agency=agency_a, year=2026, today=date(2026, 6, 1))
    assert status.announced_on == date(2025, 3, 1)
    assert scoring.RULES["announcement_current"].compute(status).share == 1


def test_on_time_rate_from_real_dossiers(coordinator, agency_a, agency_b, province):
    from tests.factories import AgencyFactory

    counter = OneStopCounter(agency_a)
    # A procedure of 3 working days: resolved the next day is early, after 14 working days late.
    counter.dossier(agency_a, at(2026, 3, 2, 9), at(2026, 3, 3, 10))
    counter.dossier(agency_b, at(2026, 3, 2, 9), at(2026, 3, 3, 10))
    counter.dossier(agency_b, at(2026, 3, 2, 9), at(2026, 3, 20, 9))
    counter.dossier(agency_b, at(2026, 3, 2, 9))  # still being handled: not counted
    all_early = _rule("on_time_rate_95", coordinator, agency_a)
    assert all_early.share == 1 and all_early.figures == {"on_time_rate": "100.00"}
    half_late = _rule("on_time_rate_95", coordinator, agency_b)
    assert half_late.share == 0 and "50.00 %" in half_late.evidence and "chưa đạt" in half_late.evidence
    no_dossiers = _rule("on_time_rate_95", coordinator, AgencyFactory(province=province))
    assert no_dossiers.share is None and "chưa có dữ liệu" in no_dossiers.evidence.lower()


@pytest.mark.parametrize(("rate", "share"), [("95.00", 1), ("94.99", 0)])
def test_on_time_rate_reaches_the_target_at_95_percent(agency_a, rate, share):
    status = indicators.AgencyStatus(agency=agency_a, year=2026, on_time_rate=Decimal(rate))
    assert scoring.RULES["on_time_rate_95"].compute(status).share == share


@given(
    share=st.decimals(min_value=0, max_value=1, places=4),
    maximum=st.decimals(min_value=0, max_value=100, places=2),
)
def test_points_stay_within_zero_and_the_maximum(share, maximum):
    points = scoring.points_for(share, maximum)
    assert Decimal(0) <= points <= maximum


def test_default_set_totals_100_points_and_names_only_known_rules():
    leaves = [child for *_, children in scoring.DEFAULT_CRITERIA for child in children]
    assert sum(points for _, _, points, _ in leaves) == 100
    assert {rule for *_, rule in leaves if rule} <= set(scoring.RULES)


@pytest.mark.parametrize("count", [2, 20])
def test_registry_costs_a_fixed_number_of_queries(
    count, coordinator, province, django_assert_max_num_queries
):
    from eiso.oversight import selectors
    from tests.factories import AgencyFactory

    plan = RolloutPlanFactory(province=province)
    for _ in range(count):
        agency = AgencyFactory(province=province)
        LegalChangeTaskFactory(agency=agency, due_on=date(2026, 8, 1))
        PlanEntryFactory(agency=agency, plan=plan)
    # One more than the apps' aggregates: the province's calendar, for the year's due date; the QMS
    # calendar's sources (improvement.qms_calendar), a fixed 8 queries for its overdue items; and the
    # editions' column (orgs.editions: the default edition, the agencies' editions, their transitions);
    # the dossier figures read the statistics' rollups: the agencies' ids, then month and edge-day rows.
    with django_assert_max_num_queries(30):
        statuses = selectors.registry(user=coordinator, province=province, year=2026, today=TODAY)
        assert len(statuses) == count


def test_alerts_only_for_yearly_obligations_already_due(coordinator, agency_a):
    """At mid-year the year's audit and review are not due yet (31/12): last year's are."""
    InternalAuditFactory(
        programme__agency=agency_a, status=InternalAudit.Status.REPORTED, reported_on=date(2025, 10, 20)
    )
    ManagementReviewFactory(
        agency=agency_a,
        status=ManagementReview.Status.HELD,
        held_on=date(2025, 12, 15),
        inputs_frozen_at=timezone.now(),
    )
    AnnouncementFactory(
        agency=agency_a, status="announced", number="12/QĐ-STP", decided_on=date(2025, 12, 20)
    )
    mid_year = indicators.agency_status(user=coordinator, agency=agency_a, year=2026, today=date(2026, 6, 30))
    assert mid_year.due_year == 2025 and mid_year.alerts == []
    # 31/12/2026 is a Thursday: from 01/01/2027 the 2026 audit and review are overdue.
    on_the_day = indicators.agency_status(
        user=coordinator, agency=agency_a, year=2026, today=date(2026, 12, 31)
    )
    assert on_the_day.alerts == []
    after = indicators.agency_status(user=coordinator, agency=agency_a, year=2026, today=date(2027, 1, 4))
    assert after.alerts == ["Chưa đánh giá nội bộ năm 2026", "Chưa xem xét của lãnh đạo năm 2026"]


def test_an_agency_that_never_audited_owes_last_years_audit(coordinator, agency_a):
    status = indicators.agency_status(user=coordinator, agency=agency_a, year=2026, today=date(2026, 6, 30))
    assert "Chưa đánh giá nội bộ năm 2025" in status.alerts and "Chưa công bố HTQLCL" in status.alerts


def test_an_agency_building_its_qms_under_this_years_plan_owes_no_announcement_yet(coordinator, agency_a):
    PlanEntryFactory(agency=agency_a, plan=RolloutPlanFactory(province=agency_a.province), track="build_new")
    status = indicators.agency_status(user=coordinator, agency=agency_a, year=2026, today=date(2026, 6, 30))
    assert "Chưa công bố HTQLCL" not in status.alerts
