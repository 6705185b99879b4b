from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.oversight import services
from eiso.oversight.models import PlanEntry, RolloutPlan
from tests.factories import AgencyFactory, ProvinceFactory
from tests.oversight.factories import MilestoneFactory, PlanEntryFactory, RolloutPlanFactory

TODAY = date(2026, 5, 10)


def test_coordinator_creates_the_years_plan_and_the_audit_trail_records_it(province, coordinator):
    plan = services.plan_create(province=province, year=2026, title="Kế hoạch 2026", actor=coordinator)
    assert plan.status == RolloutPlan.Status.DRAFT
    assert AuditEntry.objects.filter(action="rollout_plan.create", target_id=str(plan.pk)).exists()


def test_second_plan_for_the_same_year_is_refused(province, coordinator):
    RolloutPlanFactory(province=province, year=2026)
    with pytest.raises(DomainError, match="đã có kế hoạch"):
        services.plan_create(province=province, year=2026, title="Lần hai", actor=coordinator)


@pytest.mark.parametrize("who", ["steering", "secretary_a", "other_coordinator"])
def test_only_the_coordinator_of_the_province_plans(who, request, province):
    with pytest.raises(PermissionDenied):
        services.plan_create(province=province, year=2026, title="x", actor=request.getfixturevalue(who))


def test_coordinator_adds_an_agency_with_track_consultant_and_budget(province, coordinator, agency_a):
    plan = RolloutPlanFactory(province=province)
    entry = services.entry_save(
        plan=plan,
        agency=agency_a,
        track=PlanEntry.Track.CONVERT,
        actor=coordinator,
        consultant="Công ty tư vấn",
        budget_line="Ngân sách tỉnh",
        budget_amount=Decimal("30000000"),
    )
    assert entry.agency == agency_a and not entry.is_self_registered
    assert AuditEntry.objects.filter(action="plan_entry.register", agency=agency_a).exists()


def test_agency_registers_its_own_entry(province, secretary_a, agency_a):
    plan = RolloutPlanFactory(province=province)
    entry = services.entry_save(plan=plan, agency=agency_a, track=PlanEntry.Track.MAINTAIN, actor=secretary_a)
    assert entry.is_self_registered


def test_agency_cannot_register_another_agency(province, secretary_a, agency_b):
    plan = RolloutPlanFactory(province=province)
    with pytest.raises(PermissionDenied):
        services.entry_save(plan=plan, agency=agency_b, track=PlanEntry.Track.MAINTAIN, actor=secretary_a)


def test_agency_of_another_province_cannot_enter_the_plan(province, coordinator):
    plan = RolloutPlanFactory(province=province)
    stranger = AgencyFactory(province=ProvinceFactory())
    with pytest.raises(PermissionDenied):
        services.entry_save(plan=plan, agency=stranger, track=PlanEntry.Track.MAINTAIN, actor=coordinator)


def test_agency_reports_progress(secretary_a, agency_a):
    entry = PlanEntryFactory(agency=agency_a)
    services.entry_report_progress(
        entry=entry,
        stage=PlanEntry.Stage.APPLYING,
        progress_percent=60,
        progress_note="Đang áp dụng",
        today=TODAY,
        actor=secretary_a,
    )
    entry.refresh_from_db()
    assert (entry.stage, entry.progress_percent, entry.progress_reported_on) == ("applying", 60, TODAY)
    assert AuditEntry.objects.filter(action="plan_entry.report_progress").exists()


def test_progress_over_100_is_refused(secretary_a, agency_a):
    entry = PlanEntryFactory(agency=agency_a)
    with pytest.raises(DomainError, match="0 đến 100"):
        services.entry_report_progress(
            entry=entry,
            stage="applying",
            progress_percent=120,
            progress_note="",
            today=TODAY,
            actor=secretary_a,
        )


def test_staff_cannot_report_progress(staff_a, agency_a):
    entry = PlanEntryFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        services.entry_report_progress(
            entry=entry, stage="applying", progress_percent=10, progress_note="", today=TODAY, actor=staff_a
        )


def test_milestone_must_fall_in_the_plan_year_and_completes_once(secretary_a, agency_a):
    entry = PlanEntryFactory(agency=agency_a)
    with pytest.raises(DomainError, match="trong năm 2026"):
        services.milestone_add(entry=entry, title="Công bố", due_on=date(2027, 1, 5), actor=secretary_a)
    milestone = services.milestone_add(
        entry=entry, title="Công bố", due_on=date(2026, 9, 30), actor=secretary_a
    )
    assert milestone.agency == agency_a
    services.milestone_complete(milestone=milestone, done_on=date(2026, 9, 1), actor=secretary_a)
    with pytest.raises(DomainError):
        services.milestone_complete(milestone=milestone, done_on=date(2026, 9, 2), actor=secretary_a)


def test_milestone_past_due_and_not_done_is_overdue(agency_a):
    milestone = MilestoneFactory(entry=PlanEntryFactory(agency=agency_a), due_on=date(2026, 3, 1))
    assert milestone.is_overdue(TODAY) and not milestone.is_overdue(date(2026, 2, 1))


def test_plan_without_entries_cannot_be_approved(province, coordinator, agency_a):
    plan = RolloutPlanFactory(province=province)
    with pytest.raises(DomainError, match="chưa có cơ quan"):
        services.plan_approve(plan=plan, approved_on=TODAY, actor=coordinator)
    PlanEntryFactory(plan=plan, agency=agency_a)
    services.plan_approve(plan=plan, approved_on=TODAY, actor=coordinator)
    assert plan.status == RolloutPlan.Status.APPROVED and plan.approved_on == TODAY
    assert AuditEntry.objects.filter(action="rollout_plan.approve", target_id=str(plan.pk)).exists()


@pytest.mark.parametrize("who", ["steering", "secretary_a"])
def test_only_the_coordinator_records_the_approval(who, request, province, agency_a):
    plan = RolloutPlanFactory(province=province)
    PlanEntryFactory(plan=plan, agency=agency_a)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, approved_on=TODAY, actor=request.getfixturevalue(who))
