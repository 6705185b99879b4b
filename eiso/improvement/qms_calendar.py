"""The QMS calendar: every recurring obligation of an agency's QMS as a due item with a due date
and an owner, on the province's one clock (core.deadlines).

Obligations that eISO already records are read from their source, never copied: documents due
for their periodic review, risks to re-assess, objectives to set for the year and to measure each
period, internal audits and management reviews planned (or owed by 31/12), legal changes to apply.
Obligations with no other source are `Schedule` rows (the yearly announcement check, training).
A fixed number of queries, whatever the number of agencies.
"""

import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.urls import reverse

from eiso.core import deadlines
from eiso.core.calendar import WorkingCalendar, for_province
from eiso.core.dates import month_end
from eiso.core.roles import Role
from eiso.documents.models import Document, LegalChangeTask
from eiso.improvement.models import CalendarFeed, InternalAudit, ManagementReview, Schedule
from eiso.orgs.models import Agency
from eiso.quality.models import IndicatorValue, QualityObjective, Risk
from eiso.quality.models.objectives import Frequency

DEFAULT_HORIZON_DAYS = 60  # how far ahead the page, the feed and the reminders look
REMINDER_DAYS = 7  # e-mail reminders: items due within a week, and overdue ones
# The year's quality objectives are issued in its first month (the agencies' practice, QĐ 19/2014
# Điều 4 asks for them yearly without a date): a year with none by 31/01 is overdue.
OBJECTIVES_SET_MONTH = 1
KEY_LENGTH = 16  # a feed's public key: 8 random bytes in hex (services.calendar.feed_generate)
HEX_DIGITS = frozenset("0123456789abcdef")


class Kind(models.TextChoices):
    DOCUMENT_REVIEW = "document_review", "Xem xét định kỳ tài liệu"
    RISK_REVIEW = "risk_review", "Đánh giá lại rủi ro, cơ hội"
    OBJECTIVES_SET = "objectives_set", "Thiết lập mục tiêu chất lượng năm"
    OBJECTIVE_MEASURE = "objective_measure", "Đo lường mục tiêu chất lượng"
    INTERNAL_AUDIT = "internal_audit", "Đánh giá nội bộ"
    MANAGEMENT_REVIEW = "management_review", "Xem xét của lãnh đạo"
    LEGAL_UPDATE = "legal_update", "Cập nhật văn bản pháp luật"
    ANNOUNCEMENT_CHECK = Schedule.Kind.ANNOUNCEMENT_CHECK.value, Schedule.Kind.ANNOUNCEMENT_CHECK.label
    TRAINING = Schedule.Kind.TRAINING.value, Schedule.Kind.TRAINING.label
    OTHER = Schedule.Kind.OTHER.value, Schedule.Kind.OTHER.label


# Kinds the province's alerts already count from their own source (oversight.indicators): the
# yearly audit and review, and overdue legal updates; the calendar's alert counts the others.
ALERTED_ELSEWHERE = {Kind.INTERNAL_AUDIT, Kind.MANAGEMENT_REVIEW, Kind.LEGAL_UPDATE}


@dataclass(frozen=True)
class DueItem:
    """One obligation due on a day, with who answers for it: a person, else the head of a unit or
    the holders of a role in the agency."""

    kind: str
    title: str
    due_on: date
    agency_id: int
    agency_name: str
    owner_label: str
    url: str
    uid: str
    owner_id: int | None = None
    owner_unit_id: int | None = None
    owner_role: str = ""

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


@dataclass(frozen=True)
class _Ctx:
    agencies: dict[int, Agency]
    calendars: dict[int, WorkingCalendar]
    today: date
    until: date

    def due(self, agency_id: int, day: date) -> date:
        """A date-only deadline on the agency's province calendar (a day off moves it on)."""
        return deadlines.on_working_day(self.calendars[self.agencies[agency_id].province_id], day)

    def item(self, agency_id: int, **fields) -> DueItem:
        return DueItem(agency_id=agency_id, agency_name=self.agencies[agency_id].name, **fields)


def _person(user, fallback_role: str = Role.SECRETARY) -> dict:
    if user is not None:
        return {"owner_id": user.pk, "owner_label": user.get_full_name() or user.username}
    return {"owner_role": fallback_role, "owner_label": Role(fallback_role).label}


def _documents(ctx: _Ctx, ids: set[int]) -> Iterable[DueItem]:
    rows = Document.objects.filter(
        agency_id__in=ids, status=Document.Status.ACTIVE, next_review_on__lte=ctx.until
    ).select_related("owner_unit")
    for doc in rows:
        unit = doc.owner_unit
        yield ctx.item(
            doc.agency_id,
            kind=Kind.DOCUMENT_REVIEW,
            title=f"Xem xét định kỳ tài liệu {doc.code} — {doc.title}",
            due_on=ctx.due(doc.agency_id, doc.next_review_on),
            url=doc.get_absolute_url(),
            uid=f"document-{doc.pk}-{doc.next_review_on:%Y%m%d}",
            owner_unit_id=unit.pk if unit else None,
            owner_role=Role.SECRETARY,
            owner_label=unit.name if unit else Role.SECRETARY.label,
        )


def _risks(ctx: _Ctx, ids: set[int]) -> Iterable[DueItem]:
    rows = (
        Risk.objects.filter(agency_id__in=ids, review_on__lte=ctx.until)
        .exclude(status=Risk.Status.CLOSED)
        .select_related("owner")
    )
    for risk in rows:
        yield ctx.item(
            risk.agency_id,
            kind=Kind.RISK_REVIEW,
            title=f"Đánh giá lại: {risk.title}",
            due_on=ctx.due(risk.agency_id, risk.review_on),
            url=risk.get_absolute_url(),
            uid=f"risk-{risk.pk}-{risk.review_on:%Y%m%d}",
            **_person(risk.owner),
        )


def _period_ends(frequency: str, year: int) -> list[tuple[str, date]]:
    """(label, last day) of each measurement period of a year."""
    if frequency == Frequency.MONTHLY:
        return [(f"tháng {m:02d}/{year}", month_end(year, m)) for m in range(1, 13)]
    if frequency == Frequency.QUARTERLY:
        return [(f"quý {q}/{year}", month_end(year, 3 * q)) for q in range(1, 5)]
    return [(f"năm {year}", month_end(year, 12))]


def _objectives(ctx: _Ctx, ids: set[int]) -> Iterable[DueItem]:
    year = ctx.today.year
    years = sorted({year, ctx.until.year})
    rows = list(
        QualityObjective.objects.filter(agency_id__in=ids, year__in=[years[0] - 1, *years]).select_related(
            "owner"
        )
    )
    objectives = [row for row in rows if row.year == year and row.is_active]
    measured = set(
        IndicatorValue.objects.filter(objective__in=objectives).values_list("objective_id", "period_end")
    )
    for objective in objectives:
        for label, end in _period_ends(objective.frequency, year):
            if end > ctx.until or (objective.pk, end) in measured:
                continue
            yield ctx.item(
                objective.agency_id,
                kind=Kind.OBJECTIVE_MEASURE,
                title=f"Đo lường mục tiêu {label}: {objective.indicator}",
                due_on=ctx.due(objective.agency_id, end),
                url=objective.get_absolute_url(),
                uid=f"objective-{objective.pk}-{end:%Y%m%d}",
                **_person(objective.owner),
            )
    # A year's objectives are owed by an agency that set the previous year's: the first ones belong
    # to building the QMS (the rollout plan), not to its yearly rhythm.
    having = {(row.agency_id, row.year) for row in rows}
    for agency_id in ids:
        for each in years:
            end = month_end(each, OBJECTIVES_SET_MONTH)
            if (agency_id, each) in having or (agency_id, each - 1) not in having or end > ctx.until:
                continue
            yield ctx.item(
                agency_id,
                kind=Kind.OBJECTIVES_SET,
                title=f"Thiết lập mục tiêu chất lượng năm {each}",
                due_on=ctx.due(agency_id, end),
                url=reverse("quality:objective_list"),
                uid=f"objectives-set-{agency_id}-{each}",
                **_person(None),
            )


def _yearly(ctx: _Ctx, ids: set[int], kind: str, done: set, planned: set, title: str, role: str, url: str):
    """The yearly audit or review owed by 31/12 when none was done or is planned in the year."""
    for agency_id in ids:
        cal = ctx.calendars[ctx.agencies[agency_id].province_id]
        for year in (ctx.today.year - 1, ctx.today.year):
            due = deadlines.year_end_due(cal, year)
            if due > ctx.until or (agency_id, year) in done or (agency_id, year) in planned:
                continue
            yield ctx.item(
                agency_id,
                kind=kind,
                title=title.format(year=year),
                due_on=due,
                url=url,
                uid=f"{kind}-{agency_id}-{year}",
                **_person(None, role),
            )


def _audits(ctx: _Ctx, ids: set[int]) -> Iterable[DueItem]:
    open_statuses = {InternalAudit.Status.PLANNED, InternalAudit.Status.IN_PROGRESS}
    done_statuses = {InternalAudit.Status.REPORTED, InternalAudit.Status.ACKNOWLEDGED}
    audits = InternalAudit.objects.filter(agency_id__in=ids, programme__year__gte=ctx.today.year - 1)
    done, open_years = set(), set()
    for audit in audits.select_related("lead_auditor", "programme"):
        if audit.status in done_statuses and audit.reported_on is not None:
            done.add((audit.agency_id, audit.reported_on.year))
        if audit.status not in open_statuses:
            continue
        open_years.add((audit.agency_id, audit.programme.year))
        if audit.planned_end_on > ctx.until:
            continue
        yield ctx.item(
            audit.agency_id,
            kind=Kind.INTERNAL_AUDIT,
            title=f"Đánh giá nội bộ {audit.code}: {audit.title}",
            due_on=ctx.due(audit.agency_id, audit.planned_end_on),
            url=audit.get_absolute_url(),
            uid=f"audit-{audit.pk}-{audit.planned_end_on:%Y%m%d}",
            **_person(audit.lead_auditor),
        )
    url = reverse("improvement:audit_list")
    title = "Đánh giá nội bộ HTQLCL năm {year}"
    yield from _yearly(ctx, ids, Kind.INTERNAL_AUDIT, done, open_years, title, Role.SECRETARY, url)


def _reviews(ctx: _Ctx, ids: set[int]) -> Iterable[DueItem]:
    reviews = ManagementReview.objects.filter(agency_id__in=ids).filter(
        Q(status=ManagementReview.Status.PLANNED) | Q(held_on__year__gte=ctx.today.year - 1)
    )
    held, planned_years = set(), set()
    for review in reviews.select_related("chair"):
        if review.status == ManagementReview.Status.HELD:
            if review.held_on is not None:
                held.add((review.agency_id, review.held_on.year))
            continue
        planned_years.add((review.agency_id, review.planned_on.year))
        if review.planned_on > ctx.until:
            continue
        yield ctx.item(
            review.agency_id,
            kind=Kind.MANAGEMENT_REVIEW,
            title=review.title,
            due_on=ctx.due(review.agency_id, review.planned_on),
            url=review.get_absolute_url(),
            uid=f"review-{review.pk}-{review.planned_on:%Y%m%d}",
            **_person(review.chair, Role.LEADER),
        )
    url = reverse("improvement:review_list")
    title = "Xem xét của lãnh đạo năm {year}"
    yield from _yearly(ctx, ids, Kind.MANAGEMENT_REVIEW, held, planned_years, title, Role.LEADER, url)


def _legal(ctx: _Ctx, ids: set[int]) -> Iterable[DueItem]:
    tasks = LegalChangeTask.objects.filter(
        agency_id__in=ids, status=LegalChangeTask.Status.OPEN, due_on__lte=ctx.until
    ).select_related("legal_document")
    for task in tasks:
        yield ctx.item(
            task.agency_id,
            kind=Kind.LEGAL_UPDATE,
            title=str(task),
            due_on=task.due_on,  # already on the clock (core.deadlines.legal_update_due)
            url=task.get_absolute_url(),
            uid=f"legal-{task.pk}",
            **_person(None),
        )


def _schedules(ctx: _Ctx, ids: set[int]) -> Iterable[DueItem]:
    rows = Schedule.objects.filter(agency_id__in=ids, is_active=True, next_due_on__lte=ctx.until)
    for row in rows.select_related("owner"):
        yield ctx.item(
            row.agency_id,
            kind=row.kind,
            title=row.title,
            due_on=ctx.due(row.agency_id, row.next_due_on),
            url=reverse("improvement:calendar"),
            uid=f"schedule-{row.pk}-{row.next_due_on:%Y%m%d}",
            **_person(row.owner),
        )


SOURCES = (_documents, _risks, _objectives, _audits, _reviews, _legal, _schedules)


def due_items(
    *,
    agency_ids: Iterable[int] = (),
    agencies: Iterable[Agency] = (),
    today: date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[DueItem]:
    """Every obligation of these agencies (by id, or the rows a caller holds already) overdue on
    `today` or due within `horizon_days`, soonest first. Callers scope them to what the reader may see."""
    given = {agency.pk: agency for agency in agencies}
    ids = set(agency_ids) - set(given)
    agencies = {**given, **(Agency.objects.in_bulk(ids) if ids else {})}
    if not agencies:
        return []
    calendars = {pid: for_province(pid) for pid in {a.province_id for a in agencies.values()}}
    ctx = _Ctx(
        agencies=agencies, calendars=calendars, today=today, until=today + timedelta(days=horizon_days)
    )
    items = [item for source in SOURCES for item in source(ctx, set(agencies))]
    return sorted(items, key=lambda item: (item.due_on, item.agency_name, item.title))


def agency_items(*, user, agency, today: date, horizon_days: int = DEFAULT_HORIZON_DAYS) -> list[DueItem]:
    """The calendar of one agency the user may see (none otherwise)."""
    if agency is None or agency.pk not in user.visible_agency_ids():
        return []
    return due_items(agencies=[agency], today=today, horizon_days=horizon_days)


def is_owned_by(item: DueItem, user) -> bool:
    """Whether the item is the user's: theirs by name, or their unit's as its head, or, with no one
    named, their role's in the item's agency."""
    if item.owner_id is not None:
        return item.owner_id == user.pk
    for membership in user.active_memberships():
        if membership.agency_id != item.agency_id:
            continue
        if item.owner_unit_id and membership.is_unit_head and membership.unit_id == item.owner_unit_id:
            return True
        if item.owner_role and membership.role == item.owner_role:
            return True
    return False


def user_items(*, user, today: date, horizon_days: int = DEFAULT_HORIZON_DAYS) -> list[DueItem]:
    """The items a user answers for, in the agencies they are a member of."""
    agency_ids = {m.agency_id for m in user.active_memberships() if m.agency_id}
    items = due_items(agency_ids=agency_ids, today=today, horizon_days=horizon_days)
    return [item for item in items if is_owned_by(item, user)]


def overdue_counts(*, agencies: Iterable[Agency], today: date) -> dict[int, int]:
    """Per agency, its overdue items that the province's other alerts do not already count."""
    counts: dict[int, int] = {}
    for item in due_items(agencies=agencies, today=today, horizon_days=0):
        if item.is_overdue(today) and item.kind not in ALERTED_ELSEWHERE:
            counts[item.agency_id] = counts.get(item.agency_id, 0) + 1
    return counts


def feed_user(token: str):
    """The user whose feed link this is, or None. The key finds the row; the secret is compared in
    constant time, so its characters cannot be guessed one by one from the response time."""
    key, _, secret = token.partition(".")
    # Only a well-formed key reaches the database (a NUL byte in the path is refused by PostgreSQL).
    well_formed = len(key) == KEY_LENGTH and all(c in HEX_DIGITS for c in key) and secret.isascii()
    feed = CalendarFeed.objects.select_related("user").filter(key=key).first() if well_formed else None
    if feed is None or not hmac.compare_digest(feed.secret.encode(), secret.encode()):
        return None
    return feed.user if feed.user.is_active else None


def feed_of(user) -> CalendarFeed | None:
    """The user's current feed link, if they made one."""
    return CalendarFeed.objects.filter(user=user).first()
