"""Rollout plans: the province plans the year, agencies register their entry and report progress.
The approval of a plan is a transition of its workflow (services/workflows.py)."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.oversight.models import Milestone, PlanEntry, RolloutPlan
from eiso.oversight.services.common import is_coordinator, require_coordinator, require_reporter

PLAN_FIELDS = ["title", "number", "notes"]
ENTRY_FIELDS = ["track", "consultant", "budget_line", "budget_amount"]


@transaction.atomic
def plan_create(*, province, year: int, title: str, actor, number: str = "", notes: str = "") -> RolloutPlan:
    """Open the year's rollout plan of the province; one plan per year."""
    require_coordinator(actor, province)
    if RolloutPlan.objects.filter(province=province, year=year).exists():
        raise DomainError(f"Tỉnh đã có kế hoạch triển khai năm {year}.", field="year")
    plan = RolloutPlan(province=province, year=year, title=title, number=number, notes=notes)
    plan.full_clean()
    plan.save()
    audit.record(
        actor=actor,
        action="rollout_plan.create",
        target=plan,
        province=province,
        changes={"year": [None, year], "title": [None, title]},
    )
    return plan


@transaction.atomic
def plan_update(*, plan: RolloutPlan, actor, **fields) -> RolloutPlan:
    require_coordinator(actor, plan.province)
    before = audit.snapshot(plan, PLAN_FIELDS)
    for name in PLAN_FIELDS:
        if name in fields:
            setattr(plan, name, fields[name])
    plan.full_clean()
    plan.save(update_fields=[*PLAN_FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        action="rollout_plan.update",
        target=plan,
        province=plan.province,
        changes=audit.diff(before, audit.snapshot(plan, PLAN_FIELDS)),
    )
    return plan


@transaction.atomic
def entry_save(
    *,
    plan: RolloutPlan,
    agency,
    track: str,
    actor,
    consultant: str = "",
    budget_line: str = "",
    budget_amount: Decimal | None = None,
) -> PlanEntry:
    """Register (or change) an agency's line of the plan: by the coordinator, or by the agency itself."""
    require_reporter(actor, agency)
    if agency.province_id != plan.province_id:
        raise DomainError("Cơ quan không thuộc tỉnh của kế hoạch.", field="agency")
    entry = PlanEntry.objects.filter(plan=plan, agency=agency).first()
    is_new = entry is None
    if is_new:
        entry = PlanEntry(
            plan=plan, agency=agency, is_self_registered=not is_coordinator(actor, plan.province)
        )
    before = {} if is_new else audit.snapshot(entry, ENTRY_FIELDS)
    entry.track, entry.consultant, entry.budget_line = track, consultant, budget_line
    entry.budget_amount = budget_amount
    entry.full_clean()
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        raise DomainError("Cơ quan đã có trong kế hoạch.") from error
    audit.record(
        actor=actor,
        action="plan_entry.register" if is_new else "plan_entry.update",
        target=entry,
        changes=audit.diff(before, audit.snapshot(entry, ENTRY_FIELDS)),
    )
    return entry


@transaction.atomic
def entry_report_progress(
    *, entry: PlanEntry, stage: str, progress_percent: int, progress_note: str, today: date, actor
) -> PlanEntry:
    """The agency reports where it stands; the percentage cannot exceed 100."""
    require_reporter(actor, entry.agency)
    if not 0 <= progress_percent <= 100:
        raise DomainError("Tiến độ phải từ 0 đến 100 %.", field="progress_percent")
    fields = ["stage", "progress_percent", "progress_note", "progress_reported_on"]
    before = audit.snapshot(entry, fields)
    entry.stage, entry.progress_percent, entry.progress_note = stage, progress_percent, progress_note
    entry.progress_reported_on = today
    entry.progress_reported_by = actor
    entry.full_clean()
    entry.save(update_fields=[*fields, "progress_reported_by", "updated_at"])
    audit.record(
        actor=actor,
        action="plan_entry.report_progress",
        target=entry,
        changes=audit.diff(before, audit.snapshot(entry, fields)),
    )
    return entry


@transaction.atomic
def milestone_add(*, entry: PlanEntry, title: str, due_on: date, actor) -> Milestone:
    require_reporter(actor, entry.agency)
    if due_on.year != entry.plan.year:
        raise DomainError(f"Hạn của mốc phải trong năm {entry.plan.year}.", field="due_on")
    milestone = Milestone(entry=entry, agency=entry.agency, title=title, due_on=due_on)
    milestone.full_clean()
    milestone.save()
    audit.record(
        actor=actor,
        action="milestone.create",
        target=milestone,
        changes={"title": [None, title], "due_on": [None, due_on]},
    )
    return milestone


@transaction.atomic
def milestone_complete(*, milestone: Milestone, done_on: date, actor) -> Milestone:
    require_reporter(actor, milestone.agency)
    if milestone.done_on is not None:
        raise DomainError("Mốc này đã hoàn thành.")
    milestone.done_on = done_on
    milestone.full_clean()
    milestone.save(update_fields=["done_on", "updated_at"])
    audit.record(
        actor=actor, action="milestone.complete", target=milestone, changes={"done_on": [None, done_on]}
    )
    return milestone
