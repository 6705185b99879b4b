"""The Bộ chỉ số 766 of an agency or a province for a period: every group and indicator with its value,
points and maximum, and the total out of 100 (the rules are in `rules`).

Where each figure comes from:
- dossiers (2.1, 2.2, 3.2–3.4, 5.4): the dossiers selectors only (`dossier_stats`, `stats_by`,
  `complaint_stats`), so they count as every other page of eISO (the counting contract, version 2);
- citizens' feedback (5.1, 5.2, and the complaints of 5.4): quality's Feedback records;
- the catalogue (1.3, 3.1, 3.2, 3.4): the agency's competence list (procedures.selectors), the
  province's whole catalogue for the province;
- everything eISO cannot measure: `Index766Entry`, entered by hand. For a period, an agency's entry
  is the one whose period is the same, else the one that overlaps it most (then the latest); the
  province adds up its agencies' numerators and denominators.
A fixed number of queries, whatever the number of dossiers.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet

from eiso.dossiers import selectors as dossiers
from eiso.orgs.models import Agency
from eiso.procedures import selectors as procedures
from eiso.procedures.models import Procedure, ProcedureVersion
from eiso.quality.index766 import rules
from eiso.quality.models import Feedback, Index766Entry

MEASURED = "measured"
ENTERED = "entered"
MISSING = "missing"
NOT_ARISING = "not_arising"
STATUS_LABELS = {
    MEASURED: "Tính từ dữ liệu eISO",
    ENTERED: "Nhập tay",
    MISSING: "Chưa nhập số liệu: 0 điểm",
    NOT_ARISING: "Không phát sinh trong kỳ: không tính",
}
STATUS_BADGES = {MISSING: "text-bg-warning", NOT_ARISING: "text-bg-light", ENTERED: "text-bg-info"}
ONLINE = {"online_full", "online_partial"}
# 5.1: feedback classified as about rules and procedures, or about the civil servants' conduct
# (their attitude, or delays in their handling); "facilities" and "other" are neither.
CLASSIFIED = {
    Feedback.Category.REGULATION,
    Feedback.Category.REQUIREMENTS,
    Feedback.Category.FEES,
    Feedback.Category.ATTITUDE,
    Feedback.Category.DELAY,
}


@dataclass
class Figure:
    """A measured value: the rate (or days) and the counts it came from."""

    value: Decimal | None
    numerator: int | Decimal | None = None
    denominator: int | None = None
    detail: str = ""


@dataclass
class Row:
    indicator: rules.Indicator
    figure: Figure
    status: str
    points: Decimal | None = None
    entries: list[Index766Entry] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def status_badge(self) -> str:
        """Amber when a figure is missing, grey when it does not arise, blue when entered by hand."""
        return STATUS_BADGES.get(self.status, "text-bg-success")

    @property
    def counts(self) -> bool:
        """Whether the row's maximum counts in the total (scored, and arising in the period)."""
        return self.indicator.is_scored and self.status != NOT_ARISING


@dataclass
class GroupResult:
    group: rules.Group
    rows: list[Row]

    @property
    def points(self) -> Decimal:
        return sum((row.points or Decimal(0) for row in self.rows), Decimal(0))

    @property
    def left_out(self) -> Decimal:
        return sum((row.indicator.max_points for row in self.rows if row.status == NOT_ARISING), Decimal(0))

    @property
    def percent(self) -> Decimal | None:
        applicable = self.group.max_points - self.left_out
        if applicable <= 0:
            return None
        return (self.points * rules.HUNDRED / applicable).quantize(Decimal("0.1"))


@dataclass
class Index766:
    """The index of one scope (an agency, or a province) for [start, end]."""

    label: str
    start: date
    end: date
    groups: list[GroupResult]
    agency: Agency | None = None

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def earned(self) -> Decimal:
        return sum((group.points for group in self.groups), Decimal(0))

    @property
    def left_out(self) -> Decimal:
        return sum((group.left_out for group in self.groups), Decimal(0))

    @property
    def total(self) -> Decimal | None:
        """Out of 100: the points earned, scaled back to 100 when some indicators did not arise."""
        return rules.scaled_total(self.earned, self.left_out)

    @property
    def missing(self) -> list[Row]:
        return [row for row in self.rows if row.status == MISSING]

    def chart_data(self) -> dict:
        """What the page's chart draws: per group, points earned and the rest of its maximum."""
        return {
            "labels": [f"{g.group.number}. {g.group.title}" for g in self.groups],
            "points": [float(g.points) for g in self.groups],
            "rest": [float(g.group.max_points - g.left_out - g.points) for g in self.groups],
            "left_out": [float(g.left_out) for g in self.groups],
        }


# --- the measured figures -----------------------------------------------------------------------------


def _rate(part, whole) -> Decimal | None:
    return dossiers.rate(part, whole)


# The parts a–g of NĐ 63/2010 Điều 8.2 that the catalogue holds, each with its test on a version.
PARTS = (
    ("tên", lambda v: bool(v.name)),
    ("trình tự", lambda v: bool(v.steps)),
    ("cách thức", lambda v: bool(v.channels)),
    ("thành phần hồ sơ", lambda v: bool(v.component_count)),
    ("thời hạn", lambda v: v.processing_time_amount > 0),
    ("đối tượng", lambda v: bool(v.applicants)),
    ("cơ quan thực hiện", lambda v: bool(v.implementing_agency)),
)


def _complete_procedures(procedure_list: list[Procedure]) -> Figure:
    """1.3: the parts a–g of NĐ 63/2010 Điều 8.2 present in the current version of each procedure."""
    versions = ProcedureVersion.objects.filter(
        pk__in=[procedure.current_version_id for procedure in procedure_list]
    ).annotate(component_count=Count("components"))
    complete = 0
    lacking: dict[str, int] = {}
    for version in versions:
        missing = [name for name, present in PARTS if not present(version)]
        complete += not missing
        for name in missing:
            lacking[name] = lacking.get(name, 0) + 1
    total = len(procedure_list)
    detail = f"{complete}/{total} thủ tục đủ các bộ phận a–g"
    if lacking:
        detail += "; thiếu " + ", ".join(f"{name} ({count})" for name, count in lacking.items())
    return Figure(_rate(complete, total), complete, total, detail)


def _offered_online(procedure_list: list[Procedure]) -> list[Procedure]:
    return [p for p in procedure_list if ONLINE & set(p.current_version.channels)]


def _online_procedures(procedure_list, by_procedure: dict[int, dict]) -> tuple[Figure, Figure]:
    """3.1 and 3.2."""
    offered = _offered_online(procedure_list)
    used = sum(1 for p in offered if by_procedure.get(p.pk, {}).get("online"))
    total = len(procedure_list)
    return (
        Figure(
            _rate(len(offered), total),
            len(offered),
            total,
            f"{len(offered)}/{total} thủ tục có cách thức trực tuyến",
        ),
        Figure(
            _rate(used, len(offered)),
            used,
            len(offered),
            f"{used}/{len(offered)} thủ tục có hồ sơ nộp trực tuyến",
        ),
    )


def _online_full_dossiers(agencies, procedure_list, start, end) -> Figure:
    """3.4: online dossiers of the procedures offered fully online [I]."""
    full = [p.pk for p in procedure_list if "online_full" in p.current_version.channels]
    if not full:
        return Figure(None, 0, 0, "Không có thủ tục cung cấp dịch vụ công trực tuyến toàn trình")
    row = dossiers.dossier_stats(agencies=agencies, start=start, end=end, procedure=full)
    detail = f"{row['online']}/{row['received']} hồ sơ của {len(full)} thủ tục toàn trình nộp trực tuyến"
    return Figure(_rate(row["online"], row["received"]), row["online"], row["received"], detail)


def _feedback_figures(
    feedback: QuerySet[Feedback], start: date, end: date, today: date
) -> tuple[Figure, Figure]:
    """5.1 (classified) and 5.2 (handled on time, or still within its time at the end of the period)."""
    rows = list(
        feedback.filter(received_on__range=(start, end)).only(
            "status", "category", "accept_due_on", "accepted_on", "handle_due_on", "answered_on"
        )
    )
    as_of = min(end, today)
    classified = sum(1 for f in rows if f.category in CLASSIFIED)
    on_time = 0
    for item in rows:
        accepted_in_time = item.accepted_on is None or item.accepted_on <= item.accept_due_on
        if item.is_open:
            due = item.due_on()
            on_time += accepted_in_time and (due is None or due >= as_of)
        else:
            on_time += accepted_in_time and bool(item.was_handled_on_time())
    total = len(rows)
    return (
        Figure(
            _rate(classified, total),
            classified,
            total,
            f"{classified}/{total} phản ánh, kiến nghị được phân loại",
        ),
        Figure(_rate(on_time, total), on_time, total, f"{on_time}/{total} phản ánh, kiến nghị đúng hạn"),
    )


def _satisfaction_in_dossiers(agencies, feedback, stats: dict, start, end) -> Figure:
    """5.4 = 100 % − (% late + % with complaints or dislikes), over the dossiers resolved in the period."""
    resolved = stats["resolved"]
    if not resolved:
        return Figure(None, None, 0, "Không có hồ sơ kết thúc xử lý trong kỳ")
    codes = feedback.filter(kind=Feedback.Kind.COMPLAINT).exclude(dossier_code="").values("dossier_code")
    complained = dossiers.complaint_stats(agencies=agencies, start=start, end=end, complaint_codes=codes)[
        "resolved"
    ]
    late_share = _rate(stats["late"], resolved)
    complained_share = _rate(complained, resolved)
    value = max(rules.HUNDRED - late_share - complained_share, Decimal(0))
    detail = (
        f"100 % − {late_share} % quá hạn ({stats['late']}/{resolved}) − {complained_share} % có phản ánh "
        f"hoặc không hài lòng ({complained}/{resolved})"
    )
    return Figure(value, None, resolved, detail)


def _measured(agencies, procedure_list, feedback, start: date, end: date, today: date) -> dict[str, Figure]:
    stats = dossiers.dossier_stats(agencies=agencies, start=start, end=end)
    by_procedure = {
        row["procedure_id"]: row
        for row in dossiers.stats_by(agencies=agencies, start=start, end=end, by="procedure")
    }
    offered, used = _online_procedures(procedure_list, by_procedure)
    classified, handled = _feedback_figures(feedback, start, end, today)
    on_time = stats["early"] + stats["on_time"]
    return {
        "1.3": _complete_procedures(procedure_list),
        "2.1": Figure(
            stats["on_time_rate"],
            on_time,
            stats["resolved"],
            f"{on_time}/{stats['resolved']} hồ sơ trước hạn, đúng hạn",
        ),
        "2.2": Figure(
            stats["average_days"], None, stats["resolved"], f"{stats['resolved']} hồ sơ kết thúc xử lý"
        ),
        "3.1": offered,
        "3.2": used,
        "3.3": Figure(
            _rate(stats["online"], stats["received"]),
            stats["online"],
            stats["received"],
            f"{stats['online']}/{stats['received']} hồ sơ nộp trực tuyến",
        ),
        "3.4": _online_full_dossiers(agencies, procedure_list, start, end),
        "5.1": classified,
        "5.2": handled,
        "5.4": _satisfaction_in_dossiers(agencies, feedback, stats, start, end),
    }


# --- the figures entered by hand -----------------------------------------------------------------------


def _overlap(entry: Index766Entry, start: date, end: date) -> int:
    return (min(entry.ends_on, end) - max(entry.starts_on, start)).days + 1


def chosen_entries(agencies, start: date, end: date) -> dict[str, list[Index766Entry]]:
    """Per indicator, each agency's entry for the period: the same period, else the one overlapping it
    most, then the latest."""
    best: dict[tuple[int, str], Index766Entry] = {}
    entries = Index766Entry.objects.filter(agency__in=agencies, starts_on__lte=end, ends_on__gte=start)
    for entry in entries.select_related("entered_by"):
        key = (entry.agency_id, entry.indicator)
        exact = (entry.starts_on, entry.ends_on) == (start, end)
        rank = (exact, _overlap(entry, start, end), entry.ends_on)
        current = best.get(key)
        if current is None or rank > (
            (current.starts_on, current.ends_on) == (start, end),
            _overlap(current, start, end),
            current.ends_on,
        ):
            best[key] = entry
    chosen: dict[str, list[Index766Entry]] = {}
    for (_, code), entry in sorted(best.items()):
        chosen.setdefault(code, []).append(entry)
    return chosen


def _entered(entries: list[Index766Entry]) -> Figure:
    numerator = sum(entry.numerator for entry in entries)
    denominator = sum(entry.denominator for entry in entries)
    periods = sorted({f"{e.starts_on:%d/%m/%Y}–{e.ends_on:%d/%m/%Y}" for e in entries})
    detail = f"{numerator}/{denominator}, số liệu kỳ {', '.join(periods)}"
    if len(entries) > 1:
        detail += f", cộng {len(entries)} cơ quan đã nhập"
    return Figure(_rate(numerator, denominator), numerator, denominator, detail)


# --- composing the index ------------------------------------------------------------------------------


def _row(indicator: rules.Indicator, measured: dict[str, Figure], entries: dict) -> Row:
    if indicator.measured:
        figure = measured[indicator.code]
        status = MEASURED
        chosen: list[Index766Entry] = []
    else:
        chosen = entries.get(indicator.code, [])
        if not chosen:
            return Row(
                indicator,
                Figure(None, detail="Chưa nhập số liệu của kỳ"),
                MISSING,
                Decimal(0) if indicator.is_scored else None,
            )
        figure = _entered(chosen)
        status = ENTERED
    if figure.value is None:
        return Row(indicator, figure, NOT_ARISING, None, chosen)
    points = rules.points_for(figure.value, indicator) if indicator.is_scored else None
    return Row(indicator, figure, status, points, chosen)


def _compose(*, label, agencies, procedure_list, start, end, today, agency=None) -> Index766:
    feedback = Feedback.objects.filter(agency__in=agencies)
    measured = _measured(agencies, procedure_list, feedback, start, end, today)
    entries = chosen_entries(agencies, start, end)
    groups = [
        GroupResult(group, [_row(indicator, measured, entries) for indicator in group.indicators])
        for group in rules.GROUPS
    ]
    return Index766(label=label, start=start, end=end, groups=groups, agency=agency)


def agency_index(*, agency: Agency, start: date, end: date, today: date) -> Index766:
    """The agency's index for [start, end] (its dossiers, feedback, competence list and entries)."""
    return _compose(
        label=agency.name,
        agencies=Agency.objects.filter(pk=agency.pk),
        procedure_list=list(procedures.competent_procedures(agency)),
        start=start,
        end=end,
        today=today,
        agency=agency,
    )


def province_index(*, province, agencies: QuerySet[Agency], start: date, end: date, today: date) -> Index766:
    """The province's index: every dossier, feedback and entry of `agencies` (the province's agencies
    the reader may see), over the province's whole catalogue."""
    catalogue = Procedure.objects.filter(province=province, current_version__isnull=False).select_related(
        "current_version"
    )
    return _compose(
        label=f"Toàn {province.in_sentence}",
        agencies=agencies,
        procedure_list=list(catalogue),
        start=start,
        end=end,
        today=today,
    )
