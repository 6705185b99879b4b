from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.orgs.models import Agency
from eiso.oversight import services
from eiso.oversight.models import FollowUp, Inspection, InspectionPlan
from eiso.oversight.services.inspections import on_site_minimum
from tests.factories import AgencyFactory
from tests.oversight.factories import FollowUpFactory, InspectionFactory, InspectionPlanFactory

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(("obligated", "minimum"), [(1, 1), (3, 1), (4, 2), (9, 3), (10, 4), (45, 15)])
def test_on_site_minimum_is_a_third_rounded_up(obligated, minimum):
    assert on_site_minimum(obligated) == minimum


def _agencies(province, count):
    return [AgencyFactory(province=province) for _ in range(count)]


def test_proposal_covers_every_obligated_agency_with_a_third_on_site(province, coordinator):
    agencies = _agencies(province, 7)
    AgencyFactory(province=province, obligation=Agency.Obligation.ENCOURAGED)
    plan = InspectionPlanFactory(province=province, year=2026)
    added = services.inspection_plan_propose(plan=plan, actor=coordinator, today=TODAY)
    assert added == 7
    assert set(plan.inspections.values_list("agency_id", flat=True)) == {a.pk for a in agencies}
    assert plan.inspections.filter(form=Inspection.Form.ON_SITE).count() == 3
    assert services.plan_problems(plan) == []


def test_proposal_puts_agencies_not_visited_last_year_on_site_first(province, coordinator):
    visited, fresh = _agencies(province, 2)
    InspectionFactory(
        agency=visited, plan=InspectionPlanFactory(province=province, year=2025), form=Inspection.Form.ON_SITE
    )
    plan = InspectionPlanFactory(province=province, year=2026)
    services.inspection_plan_propose(plan=plan, actor=coordinator, today=TODAY)
    assert plan.inspections.get(agency=fresh).form == Inspection.Form.ON_SITE
    assert plan.inspections.get(agency=visited).form == Inspection.Form.DOCUMENTS


def test_plan_missing_an_obligated_agency_is_refused(province, coordinator):
    first, second = _agencies(province, 2)
    plan = InspectionPlanFactory(province=province, year=2026)
    InspectionFactory(plan=plan, agency=first, form=Inspection.Form.ON_SITE)
    with pytest.raises(DomainError, match=second.name):
        services.inspection_plan_approve(plan=plan, approved_on=TODAY, actor=coordinator)


def test_on_site_share_under_a_third_is_refused_whatever_the_reason(province, coordinator):
    """TT 26/2014 Điều 33 has no exception: no transition records a reason, and a reason left on
    an old plan does not waive the rule."""
    plan = InspectionPlanFactory(province=province, year=2026)
    for agency in _agencies(province, 3):
        InspectionFactory(plan=plan, agency=agency, form=Inspection.Form.DOCUMENTS)
    assert "explain_shortfall" not in services.INSPECTION_PLAN.by_name
    InspectionPlan.objects.filter(pk=plan.pk).update(on_site_shortfall_reason="Thiếu kinh phí")
    plan.refresh_from_db()
    with pytest.raises(DomainError, match="cần ít nhất 1 .*Điều 33"):
        services.inspection_plan_approve(plan=plan, approved_on=TODAY, actor=coordinator)
    plan.inspections.filter(agency=plan.inspections.first().agency).update(form=Inspection.Form.ON_SITE)
    services.inspection_plan_approve(plan=plan, approved_on=TODAY, actor=coordinator)
    plan.refresh_from_db()
    assert plan.status == InspectionPlan.Status.APPROVED and plan.approved_on == TODAY


def test_what_stops_approval_is_the_reason_the_approval_is_blocked(province, coordinator):
    plan = InspectionPlanFactory(province=province, year=2026)
    missing = AgencyFactory(province=province)
    reason = services.INSPECTION_PLAN.blocked(plan, services.INSPECTION_PLAN.get("approve"), coordinator)
    assert missing.name in reason and reason == " ".join(services.plan_problems(plan))


def test_approved_plan_cannot_be_approved_again_nor_receive_agencies(province, coordinator, agency_a):
    plan = InspectionPlanFactory(province=province, year=2026)
    InspectionFactory(plan=plan, agency=agency_a, form=Inspection.Form.ON_SITE)
    AgencyFactory(province=province, obligation=Agency.Obligation.ENCOURAGED)
    services.inspection_plan_approve(plan=plan, approved_on=TODAY, actor=coordinator)
    with pytest.raises(DomainError, match="đã phê duyệt"):
        services.inspection_plan_approve(plan=plan, approved_on=TODAY, actor=coordinator)
    with pytest.raises(DomainError, match="đã phê duyệt"):
        services.inspection_add(
            plan=plan, agency=AgencyFactory(province=province), form="on_site", actor=coordinator
        )


def test_steering_member_cannot_change_the_inspection_plan(province, steering):
    plan = InspectionPlanFactory(province=province, year=2026)
    with pytest.raises(PermissionDenied):
        services.inspection_plan_propose(plan=plan, actor=steering, today=TODAY)


def test_start_needs_a_criteria_set_and_fills_the_automatic_criteria(agency_a, coordinator, criteria_set):
    inspection = InspectionFactory(agency=agency_a)
    with pytest.raises(DomainError, match="bộ tiêu chí"):
        services.inspection_start(inspection=inspection, inspected_on=TODAY, actor=coordinator, today=TODAY)
    services.inspection_update(inspection=inspection, criteria_set=criteria_set, actor=coordinator)
    services.inspection_start(inspection=inspection, inspected_on=TODAY, actor=coordinator, today=TODAY)
    automatic = inspection.scores.get(criterion__code="1.b")
    assert automatic.is_automatic and automatic.points == Decimal("5.00")
    assert not inspection.scores.filter(criterion__code="1.a").exists()


def test_manual_score_over_the_maximum_is_refused(inspection, coordinator):
    criterion = inspection.criteria_set.criteria.get(code="1.a")
    with pytest.raises(DomainError, match="từ 0 đến 10"):
        services.inspection_score(
            inspection=inspection,
            criterion=criterion,
            points=Decimal("10.5"),
            evidence="Biên bản",
            actor=coordinator,
        )
    with pytest.raises(DomainError, match="bằng chứng"):
        services.inspection_score(
            inspection=inspection, criterion=criterion, points=Decimal(8), evidence=" ", actor=coordinator
        )
    score = services.inspection_score(
        inspection=inspection,
        criterion=criterion,
        points=Decimal(8),
        evidence="Biên bản họp",
        actor=coordinator,
    )
    assert score.points == Decimal(8) and not score.is_automatic
    assert AuditEntry.objects.filter(action="inspection.score", agency=inspection.agency).exists()


def test_group_criteria_cannot_be_scored(inspection, coordinator):
    group = inspection.criteria_set.criteria.get(code="1")
    with pytest.raises(DomainError):
        services.inspection_score(
            inspection=inspection, criterion=group, points=Decimal(1), evidence="x", actor=coordinator
        )


def test_conclusion_needs_every_criterion_scored_and_freezes_the_scores(inspection, coordinator):
    criteria = {c.code: c for c in inspection.criteria_set.criteria.all()}
    services.inspection_score(
        inspection=inspection, criterion=criteria["1.b"], points=Decimal(5), evidence="x", actor=coordinator
    )
    with pytest.raises(DomainError, match="1.a"):
        services.inspection_conclude(
            inspection=inspection, conclusion="Đạt", minutes_signed_on=TODAY, actor=coordinator
        )
    services.inspection_score(
        inspection=inspection, criterion=criteria["1.a"], points=Decimal(7), evidence="x", actor=coordinator
    )
    services.inspection_conclude(
        inspection=inspection, conclusion="Đạt", minutes_signed_on=TODAY, actor=coordinator
    )
    with pytest.raises(DomainError, match="đã kết luận"):
        services.inspection_score(
            inspection=inspection,
            criterion=criteria["1.a"],
            points=Decimal(9),
            evidence="x",
            actor=coordinator,
        )


def test_follow_up_is_due_two_months_after_the_minutes(inspection, coordinator):
    inspection.minutes_signed_on = date(2025, 10, 31)
    inspection.save()
    follow_up = services.follow_up_add(
        inspection=inspection, request="Cập nhật quy trình", actor=coordinator, today=TODAY
    )
    assert follow_up.due_on == date(2025, 12, 31)
    assert follow_up.is_overdue(date(2026, 1, 1)) and not follow_up.is_overdue(date(2025, 12, 31))
    assert AuditEntry.objects.filter(action="follow_up.create", target_id=str(follow_up.pk)).exists()


def test_follow_up_due_on_a_day_off_moves_to_the_next_working_day(inspection, coordinator):
    """30/06/2026 + 2 months is Sunday 30/08; the National Day holiday follows (core.deadlines)."""
    inspection.minutes_signed_on = date(2026, 6, 30)
    inspection.save()
    follow_up = services.follow_up_add(
        inspection=inspection, request="Cập nhật quy trình", actor=coordinator, today=TODAY
    )
    assert follow_up.due_on == date(2026, 9, 3)


def test_a_follow_up_due_later_than_two_months_after_the_minutes_is_refused(inspection, coordinator):
    inspection.minutes_signed_on = date(2025, 10, 31)
    inspection.save()
    with pytest.raises(
        DomainError, match="tối đa 02 tháng kể từ ngày biên bản kiểm tra .*chậm nhất 31/12/2025"
    ):
        services.follow_up_add(
            inspection=inspection,
            request="Cập nhật",
            actor=coordinator,
            today=TODAY,
            due_on=date(2027, 6, 30),
        )
    with pytest.raises(DomainError, match="không được trước ngày biên bản kiểm tra"):
        services.follow_up_add(
            inspection=inspection,
            request="Cập nhật",
            actor=coordinator,
            today=TODAY,
            due_on=date(2025, 10, 1),
        )
    assert not FollowUp.objects.exists()


def test_a_follow_up_due_on_a_day_off_moves_to_the_next_working_day(inspection, coordinator):
    inspection.minutes_signed_on = date(2026, 6, 30)
    inspection.save()
    saturday = services.follow_up_add(
        inspection=inspection, request="a", actor=coordinator, today=TODAY, due_on=date(2026, 8, 15)
    )
    assert saturday.due_on == date(2026, 8, 17)
    # Sunday 30/08 is the last day of the two months: it moves with them past the National Day.
    sunday = services.follow_up_add(
        inspection=inspection, request="b", actor=coordinator, today=TODAY, due_on=date(2026, 8, 30)
    )
    assert sunday.due_on == date(2026, 9, 3)


def test_the_follow_up_of_a_documents_inspection_counts_from_its_written_request(agency_a, coordinator):
    inspection = InspectionFactory(
        agency=agency_a, status=Inspection.Status.CONCLUDED, result_letter_on=date(2025, 10, 31)
    )
    follow_up = services.follow_up_add(inspection=inspection, request="x", actor=coordinator, today=TODAY)
    assert follow_up.due_on == date(2025, 12, 31)
    with pytest.raises(DomainError, match="kể từ ngày văn bản đề nghị khắc phục"):
        services.follow_up_add(
            inspection=inspection, request="y", actor=coordinator, today=TODAY, due_on=date(2026, 1, 5)
        )


def test_a_documents_inspection_ends_with_a_written_request_not_minutes(agency_a, coordinator, criteria_set):
    inspection = InspectionFactory(agency=agency_a, criteria_set=criteria_set)
    services.inspection_start(inspection=inspection, inspected_on=TODAY, actor=coordinator, today=TODAY)
    services.inspection_score(
        inspection=inspection,
        criterion=criteria_set.criteria.get(code="1.a"),
        points=Decimal(9),
        evidence="Báo cáo",
        actor=coordinator,
    )
    with pytest.raises(DomainError, match="không lập biên bản"):
        services.inspection_conclude(
            inspection=inspection, conclusion="Đạt", minutes_signed_on=TODAY, actor=coordinator
        )
    services.inspection_conclude(
        inspection=inspection,
        conclusion="Đạt",
        result_letter_on=date(2026, 3, 5),
        result_letter_number=" 120/SKHCN-TĐC ",
        actor=coordinator,
    )
    inspection.refresh_from_db()
    assert inspection.is_concluded and inspection.minutes_signed_on is None
    assert (inspection.result_letter_number, inspection.concluded_on) == ("120/SKHCN-TĐC", date(2026, 3, 5))
    entry = AuditEntry.objects.get(action="inspection.conclude", target_id=str(inspection.pk))
    assert entry.changes["result_letter_on"] == [None, "2026-03-05"]


def test_the_migration_moves_a_documents_inspections_minutes_date_to_its_written_request(agency_a, agency_b):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("eiso.oversight.migrations.0005_inspection_paperwork")
    documents = InspectionFactory(agency=agency_a, minutes_signed_on=date(2025, 10, 3))
    on_site = InspectionFactory(
        agency=agency_b,
        plan=documents.plan,
        form=Inspection.Form.ON_SITE,
        minutes_signed_on=date(2025, 10, 4),
    )
    migration.minutes_of_documents_inspections_to_result_letters(apps, None)
    documents.refresh_from_db()
    on_site.refresh_from_db()
    assert (documents.minutes_signed_on, documents.result_letter_on) == (None, date(2025, 10, 3))
    assert (on_site.minutes_signed_on, on_site.result_letter_on) == (date(2025, 10, 4), None)


def test_follow_up_before_the_minutes_counts_from_today(inspection, coordinator):
    follow_up = services.follow_up_add(
        inspection=inspection, request="Cập nhật quy trình", actor=coordinator, today=date(2026, 3, 2)
    )
    assert follow_up.due_on == date(2026, 5, 4)  # 02/05/2026 is a Saturday


def test_follow_up_is_requested_only_once_the_inspection_has_started(agency_a, coordinator):
    with pytest.raises(DomainError, match="chưa bắt đầu"):
        services.follow_up_add(
            inspection=InspectionFactory(agency=agency_a), request="x", actor=coordinator, today=TODAY
        )


def test_agency_reports_and_coordinator_rejects_then_the_request_is_open_again(
    agency_a, secretary_a, coordinator
):
    follow_up = FollowUpFactory(inspection=InspectionFactory(agency=agency_a))
    services.follow_up_report(follow_up=follow_up, response="Đã sửa", reported_on=TODAY, actor=secretary_a)
    assert follow_up.status == FollowUp.Status.REPORTED and not follow_up.is_overdue(date(2027, 1, 1))
    assert (follow_up.response, follow_up.reported_on) == ("Đã sửa", TODAY)
    services.follow_up_decide(follow_up=follow_up, accepted=False, actor=coordinator)
    assert follow_up.status == FollowUp.Status.REJECTED and follow_up.is_overdue(date(2027, 1, 1))
    services.follow_up_report(
        follow_up=follow_up, response="Đã sửa lại", reported_on=TODAY, actor=secretary_a
    )
    services.follow_up_decide(follow_up=follow_up, accepted=True, actor=coordinator)
    assert follow_up.status == FollowUp.Status.ACCEPTED
    actions = AuditEntry.objects.filter(target_id=str(follow_up.pk)).order_by("pk")
    assert list(actions.values_list("action", flat=True)) == [
        "follow_up.report",
        "follow_up.reject",
        "follow_up.report",
        "follow_up.accept",
    ]


def test_a_report_without_its_corrective_action_is_refused(agency_a, secretary_a):
    follow_up = FollowUpFactory(inspection=InspectionFactory(agency=agency_a))
    with pytest.raises(DomainError, match="nội dung khắc phục"):
        services.follow_up_report(follow_up=follow_up, response=" ", reported_on=TODAY, actor=secretary_a)


def test_only_a_reported_follow_up_is_accepted(agency_a, coordinator):
    follow_up = FollowUpFactory(inspection=InspectionFactory(agency=agency_a))
    with pytest.raises(DomainError, match="chưa báo cáo"):
        services.follow_up_decide(follow_up=follow_up, accepted=True, actor=coordinator)


@pytest.mark.parametrize("who", ["staff_a", "steering"])
def test_only_the_agencys_managers_and_the_coordinator_report(who, request, agency_a):
    follow_up = FollowUpFactory(inspection=InspectionFactory(agency=agency_a))
    with pytest.raises(PermissionDenied):
        services.follow_up_report(
            follow_up=follow_up, response="x", reported_on=TODAY, actor=request.getfixturevalue(who)
        )


def test_agency_cannot_accept_its_own_corrective_action(agency_a, secretary_a, leader_a):
    follow_up = FollowUpFactory(inspection=InspectionFactory(agency=agency_a))
    services.follow_up_report(follow_up=follow_up, response="Đã sửa", reported_on=TODAY, actor=secretary_a)
    with pytest.raises(PermissionDenied):
        services.follow_up_decide(follow_up=follow_up, accepted=True, actor=leader_a)


def test_other_agency_cannot_report_on_a_follow_up(agency_a, secretary_b):
    follow_up = FollowUpFactory(inspection=InspectionFactory(agency=agency_a))
    with pytest.raises(PermissionDenied):
        services.follow_up_report(follow_up=follow_up, response="x", reported_on=TODAY, actor=secretary_b)


def test_automatic_scores_are_refreshed_only_while_inspecting(agency_a, coordinator, criteria_set):
    inspection = InspectionFactory(agency=agency_a, criteria_set=criteria_set)
    with pytest.raises(DomainError, match="đã lên kế hoạch"):
        services.inspection_refresh_automatic(inspection=inspection, actor=coordinator)
    services.inspection_start(inspection=inspection, inspected_on=TODAY, actor=coordinator)
    services.inspection_refresh_automatic(inspection=inspection, actor=coordinator)
    entry = AuditEntry.objects.filter(action="inspection.refresh_scores").get()
    assert entry.changes == {"automatic_scores": [None, 1]}


def test_steering_member_cannot_start_an_inspection(agency_a, steering, criteria_set):
    inspection = InspectionFactory(agency=agency_a, criteria_set=criteria_set)
    with pytest.raises(PermissionDenied):
        services.inspection_start(inspection=inspection, inspected_on=TODAY, actor=steering)
