"""The province's dashboard (issue 8): the figures behind its charts, each also shown as a table.

Each figure is composed from the owning app's selectors and grouped in the database (per agency
or per month), so the page costs a fixed number of queries whatever the number of agencies. A
figure with nothing to measure is None, shown as "chưa có dữ liệu" and as a gap in a chart,
never as a made-up 0.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Min, Sum

from eiso.dossiers import selectors as dossiers_selectors
from eiso.improvement import selectors as improvement_selectors
from eiso.improvement.models import Announcement, InternalAudit, ManagementReview
from eiso.orgs.models import Agency, Province
from eiso.oversight import selectors
from eiso.oversight.models import DEFAULT_BANDS, CriteriaSet, Criterion, Inspection, Score

TREND_YEARS = 5
UNBANDED = "Chưa xếp loại"


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent with one decimal (95.2), or None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def as_of(year: int, today: date) -> date | None:
    """The day a year's figures are read at: its 31 December, or today while the year runs;
    None for a year that has not begun."""
    if today < date(year, 1, 1):
        return None
    return min(today, date(year, 12, 31))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- on-time rate by agency kind ------------------------------------------------------------------


@dataclass
class KindOnTime:
    """Dossiers resolved in the year by the agencies of one kind, and how many early or on time."""

    kind: str
    label: str
    resolved: int = 0
    on_time: int = 0  # early or on time

    @property
    def rate(self) -> Decimal | None:
        return share(self.on_time, self.resolved)


def on_time_by_kind(*, user, province: Province, year: int, today: date) -> list[KindOnTime]:
    """Per agency kind of the province: dossiers resolved in the year so far and the share early or
    on time, summed over the kind's agencies (weighted by dossiers, not a mean of the agencies'
    rates). Counting is the dossiers app's (`stats_by`); agencies since closed still count."""
    kinds = dict(Agency.objects.for_user(user).filter(province=province).values_list("pk", "kind"))
    present = set(kinds.values())
    rows = {value: KindOnTime(value, label) for value, label in Agency.Kind.choices if value in present}
    end = as_of(year, today)
    if not kinds or end is None:
        return list(rows.values())
    for row in dossiers_selectors.stats_by(agencies=set(kinds), start=date(year, 1, 1), end=end, by="agency"):
        count = rows[kinds[row["agency_id"]]]
        count.resolved += row["resolved"]
        count.on_time += row["early"] + row["on_time"]
    return list(rows.values())


# --- the ranking summarised -----------------------------------------------------------------------


@dataclass
class BandRow:
    label: str  # the agency kind
    counts: list[int]  # agencies in each band, in the order of BandSummary.bands

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class BandSummary:
    """How many agencies of each kind fall in each band of the year's ranking."""

    criteria_set: CriteriaSet | None
    bands: list[str] = field(default_factory=list)
    rows: list[BandRow] = field(default_factory=list)

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts[index] for row in self.rows) for index in range(len(self.bands))]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def active_criteria_set(*, user, province: Province) -> CriteriaSet | None:
    """The set the ranking page opens with: the province's active set, newest version first."""
    return (
        CriteriaSet.objects.for_user(user)
        .filter(province=province, is_active=True)
        .order_by("-version")
        .first()
    )


def ranking_bands(*, user, province: Province, year: int) -> BandSummary:
    """The year's ranking (`selectors.ranking`, active criteria set) counted per kind and band;
    bands from best to worst, then "Chưa xếp loại" when a score falls below every band."""
    criteria_set = active_criteria_set(user=user, province=province)
    if criteria_set is None:
        return BandSummary(None)
    ranking = selectors.ranking(user=user, province=province, year=year, criteria_set=criteria_set)
    ordered = sorted(criteria_set.bands or DEFAULT_BANDS, key=lambda band: -Decimal(str(band["min"])))
    bands = [band["label"] for band in ordered]
    if any(row.band == "" for rows in ranking.values() for row in rows):
        bands.append(UNBANDED)
    kind_order = {label: index for index, (_, label) in enumerate(Agency.Kind.choices)}
    summary = BandSummary(criteria_set, bands)
    for kind in sorted(ranking, key=lambda label: (kind_order.get(label, len(kind_order)), label)):
        labels = [row.band or UNBANDED for row in ranking[kind]]
        summary.rows.append(BandRow(kind, [labels.count(band) for band in bands]))
    return summary


# --- trends over the years ------------------------------------------------------------------------


@dataclass
class TrendYear:
    """The province's figures for one year. A count is None when the province has no record of
    that kind for the year at all (nothing to measure), so its share is a gap, not 0 %."""

    year: int
    mandatory: int = 0  # mandatory agencies active at the year's end
    announced: int | None = None  # of those, with an announcement decided by the year's end
    audited: int | None = None  # of those, with an internal audit reported in the year
    reviewed: int | None = None  # of those, with a management review held in the year
    resolved: int = 0  # dossiers of the province resolved in the year
    on_time: int = 0  # of those, early or on time
    inspection_percents: list[Decimal] = field(default_factory=list)  # concluded, of the year's plan

    def _of_mandatory(self, count: int | None) -> Decimal | None:
        return None if count is None else share(count, self.mandatory)

    @property
    def announced_share(self) -> Decimal | None:
        return self._of_mandatory(self.announced)

    @property
    def audited_share(self) -> Decimal | None:
        return self._of_mandatory(self.audited)

    @property
    def reviewed_share(self) -> Decimal | None:
        return self._of_mandatory(self.reviewed)

    @property
    def on_time_rate(self) -> Decimal | None:
        return share(self.on_time, self.resolved)

    @property
    def inspection_score(self) -> Decimal | None:
        if not self.inspection_percents:
            return None
        mean = sum(self.inspection_percents, Decimal(0)) / len(self.inspection_percents)
        return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _first_announcements(user, province: Province, last: date) -> dict[int, date]:
    """Per agency, the day of its first announcement decision (a superseded one counts: the
    agency was announced from that day)."""
    rows = (
        Announcement.objects.for_user(user)
        .filter(
            agency__province=province,
            status__in=[Announcement.Status.ANNOUNCED, Announcement.Status.SUPERSEDED],
            decided_on__lte=last,
        )
        .order_by()
        .values("agency_id")
        .annotate(first=Min("decided_on"))
    )
    return {row["agency_id"]: row["first"] for row in rows}


def _agencies_by_year(rows) -> dict[int, set[int]]:
    years: dict[int, set[int]] = {}
    for agency_id, day in rows:
        years.setdefault(day.year, set()).add(agency_id)
    return years


def _audits_and_reviews(user, province: Province, first: date, last: date) -> tuple[dict, dict]:
    """Per year, the agencies with an internal audit reported, and with a management review held."""
    done = [InternalAudit.Status.REPORTED, InternalAudit.Status.ACKNOWLEDGED]
    audits = improvement_selectors.audit_list(user=user).filter(
        agency__province=province, status__in=done, reported_on__range=(first, last)
    )
    reviews = improvement_selectors.review_list(user=user).filter(
        agency__province=province, status=ManagementReview.Status.HELD, held_on__range=(first, last)
    )
    return (
        _agencies_by_year(audits.order_by().values_list("agency_id", "reported_on")),
        _agencies_by_year(reviews.order_by().values_list("agency_id", "held_on")),
    )


def _dossiers_by_year(user, province: Province, first: date, last: date) -> dict[int, tuple[int, int]]:
    """Per year, (resolved, early or on time) over the province's dossiers (dossiers' `monthly`)."""
    agencies = Agency.objects.for_user(user).filter(province=province)
    years: dict[int, tuple[int, int]] = {}
    for month in dossiers_selectors.monthly(agencies=agencies, start=first, end=last):
        resolved, on_time = years.get(month["month"].year, (0, 0))
        good = month["early"] + month["on_time"]
        years[month["month"].year] = (resolved + good + month["late"], on_time + good)
    return years


def _inspection_percents(user, province: Province, years: list[int]) -> dict[int, list[Decimal]]:
    """Per plan year, each concluded inspection's score in percent of its set's maximum, counted as
    the ranking counts it (leaf criteria of the inspection's own set; an unscored item is 0)."""
    inspections = Inspection.objects.for_user(user).filter(
        plan__province=province,
        plan__year__in=years,
        status=Inspection.Status.CONCLUDED,
        criteria_set__isnull=False,
    )
    rows = list(inspections.values_list("pk", "plan__year", "criteria_set_id"))
    if not rows:
        return {}
    points = dict(
        Score.objects.filter(
            inspection__in=inspections,
            criterion__criteria_set_id=F("inspection__criteria_set_id"),
            criterion__children__isnull=True,
        )
        .order_by()
        .values("inspection_id")
        .annotate(total=Sum("points"))
        .values_list("inspection_id", "total")
    )
    maxima = dict(
        Criterion.objects.filter(criteria_set_id__in={set_id for _, _, set_id in rows}, children__isnull=True)
        .order_by()
        .values("criteria_set_id")
        .annotate(total=Sum("max_points"))
        .values_list("criteria_set_id", "total")
    )
    percents: dict[int, list[Decimal]] = {}
    for pk, year, set_id in rows:
        maximum = maxima.get(set_id) or Decimal(0)
        if maximum:
            percents.setdefault(year, []).append((points.get(pk) or Decimal(0)) * 100 / maximum)
    return percents


def trends(*, user, province: Province, year: int, today: date) -> list[TrendYear]:
    """The last TREND_YEARS years up to `year`, each read at its end (today for the running year):
    shares of mandatory agencies active then that were announced, audited and reviewed; the
    province's on-time rate; the mean score of the year's concluded inspections. A fixed number of
    queries: each source is read once for the whole span and split by year."""
    rows = [TrendYear(y) for y in range(year - TREND_YEARS + 1, year + 1)]
    ends = {row.year: as_of(row.year, today) for row in rows}
    last = max((end for end in ends.values() if end), default=None)
    if last is None:
        return rows
    first = date(rows[0].year, 1, 1)
    mandatory = list(
        Agency.objects.for_user(user)
        .filter(province=province, obligation=Agency.Obligation.MANDATORY)
        .values_list("pk", "active_from", "active_to")
    )
    announced_on = _first_announcements(user, province, last)
    audits, reviews = _audits_and_reviews(user, province, first, last)
    dossiers = _dossiers_by_year(user, province, first, last)
    percents = _inspection_percents(user, province, [row.year for row in rows])
    for row in rows:
        end = ends[row.year]
        if end is None:
            continue
        # Agency.active(on=…) in Python: started by the day, not yet stopped on it.
        active = {
            pk
            for pk, start, stop in mandatory
            if (start is None or start <= end) and (stop is None or stop > end)
        }
        row.mandatory = len(active)
        if any(day <= end for day in announced_on.values()):
            row.announced = sum(1 for pk in active if pk in announced_on and announced_on[pk] <= end)
        if row.year in audits:
            row.audited = len(active & audits[row.year])
        if row.year in reviews:
            row.reviewed = len(active & reviews[row.year])
        row.resolved, row.on_time = dossiers.get(row.year, (0, 0))
        row.inspection_percents = percents.get(row.year, [])
    return rows


# --- the page -------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    year: int
    registry: dict  # selectors.registry_charts
    on_time: list[KindOnTime]
    bands: BandSummary
    trends: list[TrendYear]

    @property
    def stage_rows(self) -> list[tuple[str, int]]:
        return list(zip(self.registry["stages"]["labels"], self.registry["stages"]["values"], strict=True))

    @property
    def announcement_rows(self) -> list[tuple[str, int, int, Decimal | None]]:
        """(kind, announced, not announced, share announced)."""
        data = self.registry["announcement"]
        columns = zip(data["labels"], data["announced"], data["missing"], strict=True)
        return [(label, yes, no, share(yes, yes + no)) for label, yes, no in columns]

    @property
    def has_on_time(self) -> bool:
        return any(row.resolved for row in self.on_time)

    @property
    def has_trends(self) -> bool:
        return any(
            value is not None
            for row in self.trends
            for value in (
                row.announced_share,
                row.audited_share,
                row.reviewed_share,
                row.on_time_rate,
                row.inspection_score,
            )
        )

    def chart_data(self) -> dict:
        """What the page script draws; percentages as numbers, gaps as null."""
        return {
            "onTime": {
                "labels": [row.label for row in self.on_time],
                "values": [_float(row.rate) for row in self.on_time],
            },
            "bands": {
                "labels": [row.label for row in self.bands.rows],
                "bands": self.bands.bands,
                "counts": [[row.counts[i] for row in self.bands.rows] for i in range(len(self.bands.bands))],
            },
            "trends": {
                "labels": [row.year for row in self.trends],
                "series": [
                    {"label": label, "values": [_float(getattr(row, name)) for row in self.trends]}
                    for name, label in TREND_SERIES
                ],
            },
        }


TREND_SERIES = [
    ("announced_share", "Đã công bố HTQLCL"),
    ("audited_share", "Đã đánh giá nội bộ"),
    ("reviewed_share", "Đã xem xét của lãnh đạo"),
    ("on_time_rate", "Hồ sơ đúng hạn"),
    ("inspection_score", "Điểm kiểm tra bình quân"),
]


def dashboard(*, user, province: Province, year: int, today: date) -> Dashboard:
    """Every figure of the dashboard page for the year; a fixed number of queries."""
    statuses = selectors.registry(user=user, province=province, year=year, today=today)
    return Dashboard(
        year=year,
        registry=selectors.registry_charts(statuses),
        on_time=on_time_by_kind(user=user, province=province, year=year, today=today),
        bands=ranking_bands(user=user, province=province, year=year),
        trends=trends(user=user, province=province, year=year, today=today),
    )
