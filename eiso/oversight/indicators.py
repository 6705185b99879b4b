"""The one place where oversight asks the agency apps for their figures, for every agency of a
province at once.

Each figure comes from the owning app's selector, aggregated per agency in one query, so the
registry costs a constant number of queries whatever the number of agencies. A figure whose
app offers no selector yet is `None` and its column is listed in `UNAVAILABLE`: pages print
"chưa có dữ liệu", never a made-up number, and rules depending on it are left to the inspector.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q

from eiso.core import deadlines
from eiso.core.calendar import for_province
from eiso.documents import selectors as documents_selectors
from eiso.documents.models import LegalChangeTask
from eiso.dossiers import selectors as dossiers_selectors
from eiso.improvement import qms_calendar
from eiso.improvement import selectors as improvement_selectors
from eiso.improvement.models import Announcement, InternalAudit, ManagementReview, QmsLifecycle
from eiso.orgs import editions
from eiso.orgs.models import Agency, StandardEdition
from eiso.oversight.models import FollowUp, Inspection, Milestone, PlanEntry
from eiso.procedures import selectors as procedures_selectors
from eiso.quality import selectors as quality_selectors
from eiso.quality.index766 import selectors as index766_selectors
from eiso.quality.models.objectives import Attainment

NO_DATA = "chưa có dữ liệu"

# Columns whose source app offers no selector yet; pages list them as "chưa có dữ liệu".
# Every column is wired today; the dict stays as the one place to declare a missing source.
UNAVAILABLE: dict[str, str] = {}


@dataclass
class AgencyStatus:
    """What the province knows of one agency for a year, composed from every app."""

    agency: Agency
    year: int
    entry: PlanEntry | None = None
    lifecycle_stage: str = ""
    announced_on: date | None = None
    announcement_current: bool | None = None
    # The notices of that decision (QĐ 19/2014 Điều 4.3), each as known on the status's day.
    notice_sent_on: date | None = None
    posted_at_office_on: date | None = None
    posted_on_website_on: date | None = None
    last_internal_audit: date | None = None
    last_management_review: date | None = None
    open_legal_tasks: int = 0
    overdue_legal_tasks: int = 0
    legal_tasks_due: int = 0  # tasks due in the year
    legal_tasks_on_time: int = 0  # of those, closed by their due date
    open_actions: int = 0
    overdue_actions: int = 0
    on_time_rate: Decimal | None = None
    objectives_total: int = 0
    objectives_reached: int = 0
    milestones_due: int = 0
    milestones_on_time: int = 0
    overdue_milestones: int = 0
    overdue_follow_ups: int = 0
    # Overdue items of the QMS calendar (improvement.qms_calendar) not counted by another alert.
    overdue_calendar_items: int = 0
    last_inspection: Inspection | None = None
    # The last year whose yearly obligations (internal audit, management review) are due by the
    # status's day: the year itself once its 31/12 has passed, else the year before.
    due_year: int = 0
    alerts: list[str] = field(default_factory=list)
    # Competent procedures (procedures.selectors) that no published ISO process handles.
    processes_missing: list = field(default_factory=list)
    # The Bộ chỉ số 766 of the year so far, out of 100 (quality.index766); read for one agency only
    # (`agency_status`), since it costs a dozen queries per agency.
    index_766_total: Decimal | None = None
    # The edition of the standard the agency applies and its move to the next (orgs.editions);
    # set by the registry for every agency it lists, in two queries.
    edition: StandardEdition | None = None
    transition: editions.TransitionState | None = None

    @property
    def stage_label(self) -> str:
        """The stage the agency's QMS is in (improvement), else the one it reported on its plan entry."""
        if self.lifecycle_stage:
            return QmsLifecycle.Stage(self.lifecycle_stage).label
        return self.entry.get_stage_display() if self.entry else "Chưa đăng ký kế hoạch"

    @property
    def objectives_share(self) -> Decimal | None:
        return _share(self.objectives_reached, self.objectives_total)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _by_agency(rows) -> dict[int, dict]:
    return {row["agency_id"]: row for row in rows}


def _legal_counts(user, agency_ids: set[int], year: int, today: date) -> dict[int, dict]:
    open_status = LegalChangeTask.Status.OPEN
    closed_in_time = Q(status=LegalChangeTask.Status.CLOSED, closed_at__date__lte=F("due_on"))
    rows = (
        documents_selectors.legal_task_list(user=user)
        .filter(agency_id__in=agency_ids)
        .order_by()
        .values("agency_id")
        .annotate(
            open=Count("id", filter=Q(status=open_status), distinct=True),
            overdue=Count("id", filter=Q(status=open_status, due_on__lt=today), distinct=True),
            due=Count("id", filter=Q(due_on__year=year, due_on__lte=today), distinct=True),
            on_time=Count(
                "id", filter=Q(due_on__year=year, due_on__lte=today) & closed_in_time, distinct=True
            ),
        )
    )
    return _by_agency(rows)


def _action_counts(user, agency_ids: set[int], today: date) -> dict[int, dict]:
    rows = (
        quality_selectors.action_list(user=user, open_only=True)
        .filter(agency_id__in=agency_ids)
        .order_by()
        .values("agency_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    )
    return _by_agency(rows)


def _objective_counts(user, agency_ids: set[int], year: int, today: date) -> dict[int, tuple[int, int]]:
    objectives = quality_selectors.objective_list(user=user, year=year).filter(
        agency_id__in=agency_ids, is_active=True
    )
    counts: dict[int, tuple[int, int]] = {}
    for row in quality_selectors.objective_rows(objectives, today=today):
        reached, total = counts.get(row.objective.agency_id, (0, 0))
        counts[row.objective.agency_id] = (reached + (row.attainment == Attainment.REACHED), total + 1)
    return counts


def _on_time_rates(agency_ids: set[int], year: int, today: date) -> dict[int, Decimal | None]:
    """Share of dossiers resolved early or on time in the year so far (dossiers' counting rules)."""
    start, end = date(year, 1, 1), min(today, date(year, 12, 31))
    if end < start:
        return {}
    rows = dossiers_selectors.stats_by(agencies=agency_ids, start=start, end=end, by="agency")
    return {row["agency_id"]: row["on_time_rate"] for row in rows}


def _milestone_counts(agency_ids: set[int], year: int, today: date) -> dict[int, dict]:
    rows = (
        Milestone.objects.filter(agency_id__in=agency_ids, entry__plan__year=year)
        .order_by()
        .values("agency_id")
        .annotate(
            due=Count("id", filter=Q(due_on__lte=today)),
            on_time=Count("id", filter=Q(due_on__lte=today, done_on__isnull=False, done_on__lte=F("due_on"))),
            overdue=Count("id", filter=Q(due_on__lt=today, done_on__isnull=True)),
        )
    )
    return _by_agency(rows)


def _overdue_follow_ups(agency_ids: set[int], today: date) -> dict[int, int]:
    rows = (
        FollowUp.objects.filter(
            agency_id__in=agency_ids,
            status__in=FollowUp.AWAITING_REPORT,
            due_on__lt=today,
        )
        .order_by()
        .values("agency_id")
        .annotate(count=Count("id"))
    )
    return {row["agency_id"]: row["count"] for row in rows}


def _last_inspections(agency_ids: set[int], today: date) -> dict[int, Inspection]:
    last: dict[int, Inspection] = {}
    concluded = Inspection.objects.filter(
        agency_id__in=agency_ids, status=Inspection.Status.CONCLUDED, inspected_on__lte=today
    )
    for inspection in concluded.select_related("plan").order_by("plan__year", "inspected_on", "id"):
        last[inspection.agency_id] = inspection
    return last


def _latest(rows, field: str) -> dict[int, date]:
    latest: dict[int, date] = {}
    for agency_id, day in rows.values_list("agency_id", field):
        if day is not None and (agency_id not in latest or day > latest[agency_id]):
            latest[agency_id] = day
    return latest


def _last_announcements(user, agency_ids: set[int], today: date) -> dict[int, Announcement]:
    """Per agency, the last decision taken by `today` (in force then, though a later one may have
    superseded it since)."""
    # improvement offers no list selector for announcements; read them scoped to the user.
    decisions = Announcement.objects.for_user(user).filter(
        agency_id__in=agency_ids,
        status__in=[Announcement.Status.ANNOUNCED, Announcement.Status.SUPERSEDED],
        decided_on__lte=today,
    )
    last: dict[int, Announcement] = {}
    for decision in decisions.order_by("decided_on", "pk"):
        last[decision.agency_id] = decision
    return last


def _known(day: date | None, today: date) -> date | None:
    return day if day is not None and day <= today else None


def _improvement(user, agency_ids: set[int], today: date) -> tuple[dict, dict, dict, dict]:
    """Last internal audit reported, last management review held, last announcement, lifecycle,
    as known on `today`: a status read for a past day (an inspection's scores) cites nothing later."""
    done = [InternalAudit.Status.REPORTED, InternalAudit.Status.ACKNOWLEDGED]
    audits = improvement_selectors.audit_list(user=user).filter(
        agency_id__in=agency_ids, status__in=done, reported_on__lte=today
    )
    reviews = improvement_selectors.review_list(user=user).filter(
        agency_id__in=agency_ids, status=ManagementReview.Status.HELD, held_on__lte=today
    )
    # improvement offers no list selector for lifecycles; read them scoped to the user.
    lifecycles = {
        row.agency_id: row for row in QmsLifecycle.objects.for_user(user).filter(agency_id__in=agency_ids)
    }
    return (
        _latest(audits.order_by(), "reported_on"),
        _latest(reviews.order_by(), "held_on"),
        _last_announcements(user, agency_ids, today),
        lifecycles,
    )


def _due_year(cal, year: int, today: date) -> int:
    """The internal audit and the management review of a year are due by its 31/12 (on a working
    day, core.deadlines): before that day has passed, the year owed is the one before."""
    return year if today > deadlines.year_end_due(cal, year) else year - 1


def _alerts(status: AgencyStatus) -> list[str]:
    """Obligations already due and not met; an obligation whose deadline is still ahead (this
    year's audit at mid-year, the first announcement of an agency building its QMS under this
    year's plan, whose milestone alerts when overdue) is not an alert."""
    alerts = []
    mandatory = status.agency.obligation == Agency.Obligation.MANDATORY
    building = status.entry is not None and status.entry.track == PlanEntry.Track.BUILD_NEW
    if mandatory and status.announced_on is None and not building:
        alerts.append("Chưa công bố HTQLCL")
    if mandatory and status.announced_on is not None and status.announcement_current is False:
        alerts.append("Cần công bố lại HTQLCL")
    due = status.due_year
    if mandatory and (status.last_internal_audit is None or status.last_internal_audit.year < due):
        alerts.append(f"Chưa đánh giá nội bộ năm {due}")
    if mandatory and (status.last_management_review is None or status.last_management_review.year < due):
        alerts.append(f"Chưa xem xét của lãnh đạo năm {due}")
    if status.overdue_legal_tasks:
        alerts.append(f"{status.overdue_legal_tasks} nhiệm vụ cập nhật văn bản pháp luật quá 3 tháng")
    if status.overdue_follow_ups:
        alerts.append(f"{status.overdue_follow_ups} yêu cầu khắc phục sau kiểm tra quá hạn 2 tháng")
    if status.overdue_milestones:
        alerts.append(f"{status.overdue_milestones} mốc kế hoạch quá hạn")
    if status.overdue_actions:
        alerts.append(f"{status.overdue_actions} hành động quá hạn")
    if status.overdue_calendar_items:
        alerts.append(f"{status.overdue_calendar_items} việc định kỳ HTQLCL quá hạn")
    return alerts


def _index_766_total(agency: Agency, year: int, today: date) -> Decimal | None:
    """The agency's Bộ chỉ số 766 from 1 January to the day read (31 December for a past year)."""
    start, end = date(year, 1, 1), min(today, date(year, 12, 31))
    if end < start:
        return None
    return index766_selectors.agency_index(agency=agency, start=start, end=end, today=today).total


def agency_statuses(
    *, user, agencies: list[Agency], year: int, today: date, with_index_766: bool = False
) -> list[AgencyStatus]:
    """One status per agency, composed from the apps' selectors; a fixed number of queries (plus the
    Bộ chỉ số 766 per agency when `with_index_766`)."""
    ids = {agency.pk for agency in agencies}
    entries = {
        entry.agency_id: entry
        for entry in PlanEntry.objects.for_user(user)
        .filter(agency_id__in=ids, plan__year=year)
        .select_related("plan")
    }
    legal = _legal_counts(user, ids, year, today)
    actions = _action_counts(user, ids, today)
    objectives = _objective_counts(user, ids, year, today)
    milestones = _milestone_counts(ids, year, today)
    follow_ups = _overdue_follow_ups(ids, today)
    inspections = _last_inspections(ids, today)
    audits, reviews, announcements, lifecycles = _improvement(user, ids, today)
    on_time = _on_time_rates(ids, year, today)
    calendar_overdue = qms_calendar.overdue_counts(agencies=agencies, today=today)
    missing = procedures_selectors.procedures_missing_process(agency_ids=ids)
    due_years: dict[int, int] = {}
    statuses = []
    for agency in agencies:
        status = AgencyStatus(agency=agency, year=year, entry=entries.get(agency.pk))
        if agency.province_id not in due_years:
            due_years[agency.province_id] = _due_year(for_province(agency.province_id), year, today)
        status.due_year = due_years[agency.province_id]
        counts = legal.get(agency.pk, {})
        status.open_legal_tasks = counts.get("open", 0)
        status.overdue_legal_tasks = counts.get("overdue", 0)
        status.legal_tasks_due = counts.get("due", 0)
        status.legal_tasks_on_time = counts.get("on_time", 0)
        status.open_actions = actions.get(agency.pk, {}).get("open", 0)
        status.overdue_actions = actions.get(agency.pk, {}).get("overdue", 0)
        status.objectives_reached, status.objectives_total = objectives.get(agency.pk, (0, 0))
        status.milestones_due = milestones.get(agency.pk, {}).get("due", 0)
        status.milestones_on_time = milestones.get(agency.pk, {}).get("on_time", 0)
        status.overdue_milestones = milestones.get(agency.pk, {}).get("overdue", 0)
        status.overdue_follow_ups = follow_ups.get(agency.pk, 0)
        status.overdue_calendar_items = calendar_overdue.get(agency.pk, 0)
        status.last_inspection = inspections.get(agency.pk)
        status.on_time_rate = on_time.get(agency.pk)
        status.last_internal_audit = audits.get(agency.pk)
        status.last_management_review = reviews.get(agency.pk)
        decision = announcements.get(agency.pk)
        if decision is not None:
            status.announced_on = decision.decided_on
            status.notice_sent_on = _known(decision.notice_sent_on, today)
            status.posted_at_office_on = _known(decision.posted_at_office_on, today)
            status.posted_on_website_on = _known(decision.posted_on_website_on, today)
        lifecycle = lifecycles.get(agency.pk)
        status.lifecycle_stage = lifecycle.stage if lifecycle else ""
        status.announcement_current = status.announced_on is not None and not (
            lifecycle is not None and lifecycle.needs_reannouncement
        )
        status.processes_missing = missing.get(agency.pk, [])
        if with_index_766:
            status.index_766_total = _index_766_total(agency, year, today)
        status.alerts = _alerts(status)
        statuses.append(status)
    return statuses


def agency_status(*, user, agency: Agency, year: int, today: date) -> AgencyStatus:
    return agency_statuses(user=user, agencies=[agency], year=year, today=today, with_index_766=True)[0]
