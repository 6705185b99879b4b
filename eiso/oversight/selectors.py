"""Reads of the oversight app shared by its pages, the API and the reports."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from eiso.core.collation import vietnamese, vietnamese_key
from eiso.orgs import editions
from eiso.orgs.models import Agency, Province, StandardEdition
from eiso.oversight import indicators
from eiso.oversight.models import (
    BudgetLine,
    CriteriaSet,
    Criterion,
    FollowUp,
    Inspection,
    InspectionPlan,
    PlanEntry,
    Report,
    RolloutPlan,
    Score,
    TrainingAttendance,
    TrainingSession,
)
from eiso.oversight.services.inspections import leaf_criteria, obligated_agencies, on_site_minimum


def overseen_province(user) -> Province | None:
    """The province whose oversight pages the user reads: the first one where they hold a provincial role."""
    ids = sorted(user.visible_province_ids()) if user.is_authenticated else []
    return Province.objects.filter(pk=ids[0]).first() if ids else None


def _add_editions(statuses: list[indicators.AgencyStatus]) -> None:
    """Each agency's edition and transition state, for the registry's column and chart."""
    default = editions.default_edition()
    known = {edition.pk: edition for edition in StandardEdition.objects.all()}
    states = editions.states([status.agency.pk for status in statuses])
    for status in statuses:
        status.edition = known.get(status.agency.edition_id, default)
        status.transition = states[status.agency.pk]


def registry(
    *,
    user,
    province: Province,
    year: int,
    today: date,
    kind: str = "",
    obligation: str = "",
    stage: str = "",
    alerts_only: bool = False,
) -> list[indicators.AgencyStatus]:
    """Every active agency of the province with its status, filtered; a fixed number of queries."""
    agencies = (
        Agency.objects.for_user(user).filter(province=province).active().order_by("kind", vietnamese("name"))
    )
    if kind:
        agencies = agencies.filter(kind=kind)
    if obligation:
        agencies = agencies.filter(obligation=obligation)
    statuses = indicators.agency_statuses(user=user, agencies=list(agencies), year=year, today=today)
    _add_editions(statuses)
    if stage == "none":
        statuses = [status for status in statuses if status.entry is None]
    elif stage:
        statuses = [status for status in statuses if status.entry and status.entry.stage == stage]
    if alerts_only:
        statuses = [status for status in statuses if status.alerts]
    return statuses


def plan_list(*, user) -> QuerySet[RolloutPlan]:
    return RolloutPlan.objects.for_user(user).annotate(entry_count=Count("entries"))


@dataclass
class TrackCount:
    track: str
    label: str
    total: int = 0
    announced: int = 0
    overdue_milestones: int = 0
    progress_sum: int = 0

    @property
    def average_progress(self) -> int | None:
        return round(self.progress_sum / self.total) if self.total else None


def plan_entries(*, user, plan: RolloutPlan) -> QuerySet[PlanEntry]:
    return (
        PlanEntry.objects.for_user(user)
        .filter(plan=plan)
        .select_related("agency")
        .prefetch_related("milestones")
    )


def announced_agencies(agency_ids, *, on: date) -> set[int]:
    """Agencies with a decision announcing their QMS in the register (improvement) by `on`, whatever
    stage their plan entry reports."""
    from eiso.improvement.models import Announcement

    decided = Announcement.objects.filter(
        agency_id__in=agency_ids,
        status__in=[Announcement.Status.ANNOUNCED, Announcement.Status.SUPERSEDED],
        decided_on__lte=on,
    )
    return set(decided.values_list("agency_id", flat=True))


def track_counts(entries, *, today: date) -> list[TrackCount]:
    """Per track: how many agencies, how many announced (by the announcement register, not the stage
    the agency reports), overdue milestones, average progress."""
    entries = list(entries)
    announced = announced_agencies([entry.agency_id for entry in entries], on=today)
    counts = {value: TrackCount(value, label) for value, label in PlanEntry.Track.choices}
    for entry in entries:
        count = counts[entry.track]
        count.total += 1
        count.announced += entry.agency_id in announced
        count.progress_sum += entry.progress_percent
        count.overdue_milestones += sum(
            1 for milestone in entry.milestones.all() if milestone.is_overdue(today)
        )
    return list(counts.values())


@dataclass
class InspectionPlanSummary:
    obligated: int
    planned: int
    on_site: int
    documents: int
    on_site_minimum: int
    concluded: int


def inspection_plan_list(*, user) -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.for_user(user).annotate(
        inspection_count=Count("inspections"),
        on_site_count=Count("inspections", filter=Q(inspections__form=Inspection.Form.ON_SITE)),
    )


def inspection_plan_summary(plan: InspectionPlan) -> InspectionPlanSummary:
    obligated = obligated_agencies(plan.province).count()
    forms = list(plan.inspections.values_list("form", "status"))
    on_site = sum(1 for form, _ in forms if form == Inspection.Form.ON_SITE)
    return InspectionPlanSummary(
        obligated=obligated,
        planned=len(forms),
        on_site=on_site,
        documents=len(forms) - on_site,
        on_site_minimum=on_site_minimum(obligated),
        concluded=sum(1 for _, status in forms if status == Inspection.Status.CONCLUDED),
    )


def inspection_list(*, user, plan: InspectionPlan | None = None) -> QuerySet[Inspection]:
    queryset = Inspection.objects.for_user(user).select_related("agency", "plan", "criteria_set")
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return queryset


@dataclass
class ChecklistRow:
    criterion: Criterion
    score: Score | None
    is_group: bool
    group_points: Decimal | None = None
    group_max: Decimal | None = None


def checklist(inspection: Inspection) -> list[ChecklistRow]:
    """The criteria of the inspection's set in order, each with its score; groups with their sums."""
    if inspection.criteria_set is None:
        return []
    criteria = list(inspection.criteria_set.criteria.all())
    scores = {score.criterion_id: score for score in inspection.scores.all()}
    leaves = {criterion.pk for criterion in leaf_criteria(inspection.criteria_set)}
    rows = []
    for criterion in criteria:
        row = ChecklistRow(criterion, scores.get(criterion.pk), criterion.pk not in leaves)
        if row.is_group:
            children = [c for c in criteria if c.parent_id == criterion.pk]
            row.group_max = sum((c.max_points for c in children), Decimal(0))
            row.group_points = sum(
                (scores[c.pk].points for c in children if c.pk in scores and scores[c.pk].points is not None),
                Decimal(0),
            )
        rows.append(row)
    return rows


def follow_up_list(*, user, overdue_on: date | None = None) -> QuerySet[FollowUp]:
    queryset = FollowUp.objects.for_user(user).select_related("agency", "inspection__plan")
    if overdue_on is not None:
        queryset = queryset.filter(status__in=FollowUp.AWAITING_REPORT, due_on__lt=overdue_on)
    return queryset


def criteria_set_list(*, user) -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.for_user(user).annotate(criterion_count=Count("criteria"))


@dataclass
class RankingRow:
    agency: Agency
    inspection: Inspection
    points: Decimal
    max_points: Decimal
    band: str
    rank: int = 0
    groups: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)  # (code, points, max)

    @property
    def percent(self) -> Decimal:
        return (
            (self.points * 100 / self.max_points).quantize(Decimal("0.1")) if self.max_points else Decimal(0)
        )


def ranking(*, user, province: Province, year: int, criteria_set: CriteriaSet) -> dict[str, list[RankingRow]]:
    """Concluded inspections of the year scored with `criteria_set`, ranked within each agency kind
    by percentage; ties by agency name, so the order is stable. Scores are stored, so a past year's
    ranking stays as it was scored."""
    criteria = list(criteria_set.criteria.all())
    leaves = {c.pk: c for c in leaf_criteria(criteria_set)}
    groups = [c for c in criteria if c.parent_id is None and c.pk not in leaves]
    max_total = sum((c.max_points for c in leaves.values()), Decimal(0))
    inspections = (
        Inspection.objects.for_user(user)
        .filter(
            plan__province=province,
            plan__year=year,
            criteria_set=criteria_set,
            status=Inspection.Status.CONCLUDED,
        )
        .select_related("agency")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.only("inspection_id", "criterion_id", "points"))
        )
    )
    by_kind: dict[str, list[RankingRow]] = {}
    for inspection in inspections:
        points_by_criterion = {s.criterion_id: s.points or Decimal(0) for s in inspection.scores.all()}
        total = sum((points_by_criterion.get(pk, Decimal(0)) for pk in leaves), Decimal(0))
        row = RankingRow(inspection.agency, inspection, total, max_total, "")
        row.band = criteria_set.band_for(row.percent)
        for group in groups:
            children = [c for c in leaves.values() if c.parent_id == group.pk]
            row.groups.append(
                (
                    group.code,
                    sum((points_by_criterion.get(c.pk, Decimal(0)) for c in children), Decimal(0)),
                    sum((c.max_points for c in children), Decimal(0)),
                )
            )
        by_kind.setdefault(inspection.agency.get_kind_display(), []).append(row)
    for rows in by_kind.values():
        rows.sort(key=lambda r: (-r.percent, r.agency.name))
        for index, row in enumerate(rows, start=1):
            row.rank = index
    return dict(sorted(by_kind.items()))


def report_list(*, user) -> QuerySet[Report]:
    return Report.objects.for_user(user)


def registry_charts(statuses: list[indicators.AgencyStatus]) -> dict:
    """Chart data of the registry: agencies per QMS stage, and announced / not per agency kind."""
    stages: dict[str, int] = {}
    for status in statuses:
        stages[status.stage_label] = stages.get(status.stage_label, 0) + 1
    kinds = [
        (value, label)
        for value, label in Agency.Kind.choices
        if any(s.agency.kind == value for s in statuses)
    ]
    transitions = editions.state_counts({s.agency.pk: s.transition for s in statuses if s.transition})
    return {
        "stages": {"labels": list(stages), "values": list(stages.values())},
        "transitions": {"labels": list(transitions), "values": list(transitions.values())},
        "announcement": {
            "labels": [label for _, label in kinds],
            "announced": [
                sum(1 for s in statuses if s.agency.kind == v and s.announced_on) for v, _ in kinds
            ],
            "missing": [
                sum(1 for s in statuses if s.agency.kind == v and not s.announced_on) for v, _ in kinds
            ],
        },
    }


@dataclass
class AgencyBudgetTraining:
    agency: Agency
    planned: int = 0
    approved: int = 0
    spent: int = 0
    trained: int = 0


def budget_lines(*, user, year: int, purpose: str = "", agency: Agency | None = None) -> QuerySet[BudgetLine]:
    lines = BudgetLine.objects.for_user(user).filter(year=year).select_related("agency")
    if purpose:
        lines = lines.filter(purpose=purpose)
    if agency is not None:
        lines = lines.filter(agency=agency)
    return lines


def budget_totals_by_purpose(lines) -> list[dict]:
    """One row per purpose (label, planned, approved, spent) plus the overall total last."""
    rows = {
        value: {"label": label, "planned": 0, "approved": 0, "spent": 0}
        for value, label in BudgetLine.Purpose.choices
    }
    total = {"label": "Tổng cộng", "planned": 0, "approved": 0, "spent": 0}
    for line in lines:
        for key in ("planned", "approved", "spent"):
            rows[line.purpose][key] += getattr(line, key)
            total[key] += getattr(line, key)
    return [*rows.values(), total]


def trained_staff_count(*, user, agency: Agency, year: int | None = None) -> int:
    """Distinct people of the agency who attended a session (in the year, if given)."""
    attendances = TrainingAttendance.objects.for_user(user).filter(agency=agency)
    if year is not None:
        attendances = attendances.filter(session__held_on__year=year)
    return len({name.casefold() for name in attendances.values_list("person_name", flat=True)})


def budget_and_training_by_agency(*, user, province: Province, year: int) -> list[AgencyBudgetTraining]:
    """Per agency of the province with a budget line or a trained person in the year: budget
    totals and the number of distinct staff trained (by name, case-insensitive)."""
    rows: dict[int, AgencyBudgetTraining] = {}
    agencies = Agency.objects.filter(province=province)
    for line in budget_lines(user=user, year=year).filter(agency__in=agencies):
        row = rows.setdefault(line.agency_id, AgencyBudgetTraining(agency=line.agency))
        row.planned += line.planned
        row.approved += line.approved
        row.spent += line.spent
    names: dict[int, set[str]] = {}
    attendances = (
        TrainingAttendance.objects.for_user(user)
        .filter(agency__in=agencies, session__held_on__year=year)
        .select_related("agency")
    )
    for attendance in attendances:
        rows.setdefault(attendance.agency_id, AgencyBudgetTraining(agency=attendance.agency))
        names.setdefault(attendance.agency_id, set()).add(attendance.person_name.casefold())
    for agency_id, people in names.items():
        rows[agency_id].trained = len(people)
    return sorted(rows.values(), key=lambda row: vietnamese_key(row.agency.name))


def training_sessions(*, user) -> QuerySet[TrainingSession]:
    # Django leaves Meta.ordering out of queries that aggregate: order again, newest first.
    return (
        TrainingSession.objects.for_user(user)
        .annotate(attendee_count=Count("attendances"))
        .order_by("-held_on", "-id")
    )
