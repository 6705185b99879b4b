"""Reads of the quality app shared by pages, the API, the dashboard cards and reports."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from eiso.core import history
from eiso.core.models import AuditEntry
from eiso.documents.models import Document
from eiso.quality.matrix import Matrix, matrix_for
from eiso.quality.models import (
    Action,
    ContextIssue,
    CultureRecord,
    Feedback,
    IndicatorValue,
    InterestedParty,
    QualityObjective,
    Risk,
)
from eiso.quality.models.actions import TO_DO as ACTION_TO_DO
from eiso.quality.models.feedback import OPEN as FEEDBACK_OPEN
from eiso.quality.models.objectives import Attainment
from eiso.quality.periods import Period, periods_of_year


def objective_list(*, user, year: int | None = None, agency=None) -> QuerySet[QualityObjective]:
    """Objectives the user may see, values prefetched: a list costs a fixed number of queries."""
    queryset = QualityObjective.objects.for_user(user).select_related("unit", "owner", "agency")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start"))
    )


@dataclass
class PeriodCell:
    period: Period
    value: IndicatorValue | None
    attainment: str

    @property
    def attainment_label(self) -> str:
        return Attainment(self.attainment).label


@dataclass
class ObjectiveRow:
    """An objective with one cell per period of its year, and its latest status: the summary table."""

    objective: QualityObjective
    cells: list[PeriodCell] = field(default_factory=list)

    @property
    def latest(self) -> PeriodCell | None:
        measured = [cell for cell in self.cells if cell.value is not None and cell.value.value is not None]
        return measured[-1] if measured else None

    @property
    def attainment(self) -> str:
        latest = self.latest
        return latest.attainment if latest else Attainment.NO_DATA

    @property
    def attainment_label(self) -> str:
        return Attainment(self.attainment).label


def objective_rows(objectives, *, today: date) -> list[ObjectiveRow]:
    rows = []
    for objective in objectives:
        by_start = {value.period_start: value for value in objective.values.all()}
        row = ObjectiveRow(objective)
        for period in periods_of_year(objective.year, objective.frequency):
            value = by_start.get(period.start)
            amount = value.value if value is not None else None
            attainment = objective.attainment(amount, period.end, today) if period.start <= today else ""
            row.cells.append(PeriodCell(period, value, attainment))
        rows.append(row)
    return rows


def objective_trend(*, objective: QualityObjective, today: date) -> dict:
    """Labels, values and target per period, for the trend chart (None where there is no data)."""
    row = objective_rows([objective], today=today)[0]
    return {
        "labels": [cell.period.label for cell in row.cells],
        "values": [
            float(cell.value.value) if cell.value and cell.value.value is not None else None
            for cell in row.cells
        ],
        "target": float(objective.target),
        "unit": objective.unit_suffix.strip(),
    }


def objective_years(*, user) -> list[int]:
    return list(
        QualityObjective.objects.for_user(user).values_list("year", flat=True).distinct().order_by("-year")
    )


def actions_for(source) -> QuerySet[Action]:
    return Action.objects.filter(**Action.source_filter(source)).select_related("owner")


def action_list(*, user, agency=None, open_only: bool = False) -> QuerySet[Action]:
    queryset = Action.objects.for_user(user).select_related("owner", "source_type")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if open_only:
        queryset = queryset.filter(status__in=ACTION_TO_DO)
    return queryset


def culture_record_list(*, user, agency=None) -> QuerySet[CultureRecord]:
    queryset = CultureRecord.objects.for_user(user).select_related("leader", "document")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    return queryset


def risk_list(*, user, agency=None, kind: str = "", status: str = "") -> QuerySet[Risk]:
    queryset = Risk.objects.for_user(user).select_related("owner", "objective", "agency")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    band_label: str
    colour: str
    risks: list


def risk_heat_map(*, risks, matrix: Matrix, residual: bool = False) -> list[list[HeatCell]]:
    """The matrix rows (highest likelihood first) with the risks placed on their current rating."""
    placed: dict[tuple[int, int], list] = {}
    for risk in risks:
        if residual and risk.residual_likelihood is not None:
            key = (risk.residual_likelihood, risk.residual_impact)
        else:
            key = (risk.likelihood, risk.impact)
        placed.setdefault(key, []).append(risk)
    return [
        [
            HeatCell(likelihood, impact, band.label, band.colour, placed.get((likelihood, impact), []))
            for likelihood, impact, band in row
        ]
        for row in matrix.rows()
    ]


def top_risks(*, agency, limit: int = 5) -> list[Risk]:
    """The open risks with the highest current rating, for the dashboard."""
    risks = list(Risk.objects.filter(agency=agency, kind=Risk.Kind.RISK).exclude(status=Risk.Status.CLOSED))
    risks.sort(key=lambda risk: (-risk.current_score, -risk.pk))
    return risks[:limit]


def context_issue_list(*, user, agency=None) -> QuerySet[ContextIssue]:
    queryset = ContextIssue.objects.for_user(user)
    return queryset.filter(agency=agency) if agency is not None else queryset


def party_list(*, user, agency=None) -> QuerySet[InterestedParty]:
    queryset = InterestedParty.objects.for_user(user)
    return queryset.filter(agency=agency) if agency is not None else queryset


# The feedback list's filter beside the statuses: every case the agency still owes an answer.
OPEN_FEEDBACK = "open"


def feedback_list(*, user, agency=None, status: str = "") -> QuerySet[Feedback]:
    """Feedback the user may see, in one status, or still open (OPEN_FEEDBACK)."""
    queryset = Feedback.objects.for_user(user).select_related("handler", "unit")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if status == OPEN_FEEDBACK:
        queryset = queryset.filter(status__in=FEEDBACK_OPEN)
    elif status:
        queryset = queryset.filter(status=status)
    return queryset


def feedback_lookup(*, code: str) -> Feedback | None:
    """The public read of one feedback by its code: status and reply, for the sender (no login)."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return Feedback.objects.select_related("agency").filter(code=code).first()


@dataclass
class QualitySummary:
    """The numbers of the agency quality dashboard card; each links to the list behind it."""

    objectives: int
    reached: int
    at_risk: int
    missed: int
    no_data: int
    open_risks: int
    high_risks: int
    open_feedback: int
    overdue_feedback: int
    open_actions: int
    overdue_actions: int


def quality_summary(*, agency, today: date) -> QualitySummary:
    objectives = QualityObjective.objects.filter(
        agency=agency, year=today.year, is_active=True
    ).prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start")))
    rows = objective_rows(objectives, today=today)
    counts = {status: sum(1 for row in rows if row.attainment == status) for status in Attainment.values}
    matrix = matrix_for(agency)
    open_risks = list(
        Risk.objects.filter(agency=agency, kind=Risk.Kind.RISK).exclude(status=Risk.Status.CLOSED)
    )
    high_floor = matrix.bands[-2].low if len(matrix.bands) > 1 else matrix.bands[-1].low
    feedback = Feedback.objects.filter(agency=agency, status__in=FEEDBACK_OPEN)
    actions = Action.objects.filter(agency=agency, status__in=ACTION_TO_DO)
    return QualitySummary(
        objectives=len(rows),
        reached=counts[Attainment.REACHED],
        at_risk=counts[Attainment.AT_RISK],
        missed=counts[Attainment.MISSED],
        no_data=counts[Attainment.NO_DATA],
        open_risks=len(open_risks),
        high_risks=sum(1 for risk in open_risks if risk.current_score >= high_floor),
        open_feedback=feedback.count(),
        overdue_feedback=sum(1 for item in feedback if item.is_overdue(today)),
        open_actions=actions.count(),
        overdue_actions=actions.filter(due_on__lt=today).count(),
    )


def review_due_counts(*, agency, today: date) -> dict[str, int]:
    issues = [
        issue
        for issue in ContextIssue.objects.filter(agency=agency, is_active=True)
        if issue.is_review_due(today)
    ]
    parties = [
        party
        for party in InterestedParty.objects.filter(agency=agency, is_active=True)
        if party.is_review_due(today)
    ]
    return {"issues": len(issues), "parties": len(parties)}


def quality_policy(*, agency) -> Document | None:
    """The agency's quality policy in force: a controlled document of the documents app (§5.2)."""
    return (
        Document.objects.filter(
            agency=agency,
            kind=Document.Kind.QUALITY_POLICY,
            status=Document.Status.ACTIVE,
            current_version__isnull=False,
        )
        .select_related("current_version")
        .order_by("-current_version__effective_on", "-pk")
        .first()
    )


def indicator_value_history(*, objective: QualityObjective, limit: int = 50) -> list[AuditEntry]:
    """Audit-trail entries of the objective's values (entries, computations, deliberate
    recalculations of closed periods), newest first, each with the `period_label` it concerns."""
    labels = {str(pk): label for pk, label in objective.values.values_list("pk", "label")}
    entries = list(
        AuditEntry.objects.filter(target_type="quality.indicatorvalue", target_id__in=list(labels))
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )
    # Said as the change histories say it (core.history): the person's name, the value with a comma.
    for entry, line in zip(entries, history.render(entries), strict=True):
        entry.period_label = labels[entry.target_id]
        entry.actor_name = line.actor
        entry.value_change = next((change for change in line.changes if change.key == "value"), None)
    return entries
