"""Reads shared by the improvement pages, API, reports and dashboard: lists, the risk-based
audit priorities, overdue corrective actions and the management review's compiled inputs. The QMS
lifecycle, its scope and the announcement prerequisites are read in lifecycle.py (named here too)."""

import importlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from eiso.improvement.lifecycle import announcement_missing as announcement_missing
from eiso.improvement.lifecycle import announcement_prerequisites as announcement_prerequisites
from eiso.improvement.lifecycle import current_scope as current_scope
from eiso.improvement.lifecycle import lifecycle_for as lifecycle_for
from eiso.improvement.lifecycle import scope_change as scope_change
from eiso.improvement.models import (
    AuditProgramme,
    Finding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    NonconformityProposal,
)
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

OPEN_ACTION = (Action.Status.OPEN, Action.Status.IN_PROGRESS)
DOSSIER_GAP = "Chưa có số liệu hồ sơ TTHC: phân hệ hồ sơ chưa cung cấp chỉ số cho eISO."


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


# --- lists -----------------------------------------------------------------------------------------


def audit_list(*, user, year: int | None = None) -> QuerySet[InternalAudit]:
    audits = InternalAudit.objects.for_user(user).select_related("programme", "lead_auditor", "agency")
    if year:
        audits = audits.filter(programme__year=year)
    return audits.annotate(
        finding_count=Count("findings", distinct=True),
        nc_count=Count("findings", filter=Q(findings__kind__in=["nc_major", "nc_minor"]), distinct=True),
    )


def nonconformity_list(*, user, status: str = "", source: str = "") -> QuerySet[Nonconformity]:
    rows = Nonconformity.objects.for_user(user).select_related("unit", "agency")
    if status == "open":
        rows = rows.exclude(status__in=[Nonconformity.Status.CLOSED, Nonconformity.Status.CANCELLED])
    elif status:
        rows = rows.filter(status=status)
    if source:
        rows = rows.filter(source=source)
    return rows


def review_list(*, user) -> QuerySet[ManagementReview]:
    return ManagementReview.objects.for_user(user).select_related("chair", "agency")


def pending_proposals(*, user) -> QuerySet[NonconformityProposal]:
    return NonconformityProposal.objects.for_user(user).filter(status=NonconformityProposal.Status.PENDING)


def source_actions(source) -> QuerySet[Action]:
    return (
        Action.objects.filter(**Action.source_filter(source)).select_related("owner").order_by("due_on", "pk")
    )


def _actions_of(model, agency) -> QuerySet[Action]:
    return Action.objects.filter(agency=agency, source_type=ContentType.objects.get_for_model(model))


def overdue_corrective_actions(*, agency, today: date) -> QuerySet[Action]:
    """Corrective actions of nonconformities still open after their due date."""
    return (
        _actions_of(Nonconformity, agency)
        .filter(status__in=OPEN_ACTION, due_on__lt=today)
        .select_related("owner")
    )


def kpi_overdue_corrective_actions(*, agency, today: date) -> int:
    return overdue_corrective_actions(agency=agency, today=today).count()


# --- dossiers (optional: the dossiers app may not provide its indicators yet) ------------------------


def dossier_selectors():
    """The dossiers app's selectors module, or None while it does not exist."""
    try:
        return importlib.import_module("eiso.dossiers.selectors")
    except ImportError:
        return None


@dataclass(frozen=True)
class LateCount:
    """Late dossiers of one procedure or unit in a period, as the dossiers app counts them."""

    subject: str
    late_count: int
    procedure_id: int | None = None
    unit_id: int | None = None


DOSSIER_KPIS = [
    ("on_time_rate", "Tỷ lệ hồ sơ giải quyết đúng hạn (%)"),
    ("average_processing_time", "Thời gian giải quyết bình quân (ngày làm việc)"),
    ("late_without_apology", "Hồ sơ trễ hạn không có văn bản xin lỗi"),
    ("supplement_rate", "Tỷ lệ hồ sơ phải bổ sung (%)"),
    ("satisfaction", "Tỷ lệ đánh giá hài lòng (%)"),
]


def dossier_figures(*, agency, period_start: date, period_end: date) -> list[tuple[str, object, dict]] | None:
    """(label, value, figures) of the dossiers app's kpi_* selectors for the period; None when it has none."""
    module = dossier_selectors()
    if module is None:
        return None
    rows = []
    for key, label in DOSSIER_KPIS:
        function = getattr(module, f"kpi_{key}", None)
        if function is None:
            continue
        kpi = function(agency=agency, start=period_start, end=period_end)
        rows.append((label, kpi.value, kpi.figures))
    return rows or None


def late_counts(*, agency, period_start: date, period_end: date):
    """Late dossiers resolved in the period per procedure and per unit, for the late-dossier rule; None
    without dossier data."""
    module = dossier_selectors()
    if module is None or not hasattr(module, "stats_by"):
        return None
    counts = []
    for row in module.stats_by(agencies=agency, start=period_start, end=period_end, by="procedure"):
        if row["late"]:
            name = row.get("procedure__current_version__name") or ""
            counts.append(
                LateCount(
                    f"Thủ tục {row['procedure__code']} {name}".strip(),
                    row["late"],
                    procedure_id=row["procedure_id"],
                )
            )
    for row in module.stats_by(agencies=agency, start=period_start, end=period_end, by="unit"):
        if row["late"]:
            counts.append(LateCount(row["unit__name"], row["late"], unit_id=row["unit_id"]))
    return counts


def effectiveness_data(nonconformity: Nonconformity, *, today: date) -> str | None:
    """For a nonconformity raised by the late-dossier rule: the late dossiers of its procedure or
    unit since the corrective actions fell due, to check the effectiveness against data."""
    proposal = NonconformityProposal.objects.filter(nonconformity=nonconformity).first()
    if proposal is None or (proposal.procedure_id is None and proposal.unit_id is None):
        return None
    module = dossier_selectors()
    if module is None or not hasattr(module, "dossier_stats"):
        return DOSSIER_GAP
    due_dates = [
        action.due_on for action in source_actions(nonconformity) if action.status != Action.Status.CANCELLED
    ]
    start = max(due_dates, default=nonconformity.detected_on)
    if start >= today:
        return f"Số liệu tự động sẽ có sau hạn hoàn thành các hành động ({_fmt(start)})."
    stats = module.dossier_stats(
        agencies=nonconformity.agency,
        start=start,
        end=today,
        procedure=proposal.procedure_id,
        unit=proposal.unit_id,
    )
    return (
        f"Số liệu tự động ({proposal.subject}): {stats['late']} hồ sơ trễ hạn trên {stats['resolved']} hồ sơ "
        f"giải quyết từ {_fmt(start)} đến {_fmt(today)}."
    )


# --- the risk-based audit programme ------------------------------------------------------------------


@dataclass
class Priority:
    name: str
    score: int
    reasons: list[str] = field(default_factory=list)


def audit_priorities(*, agency, year: int) -> tuple[list[Priority], list[str]]:
    """Units ranked by past findings, open nonconformities and complaints of the last year; and the
    data not available (late dossiers while the dossiers app gives no figures)."""
    from eiso.orgs.models import Unit

    start, end = date(year - 1, 1, 1), date(year, 12, 31)
    priorities = {}
    for unit in Unit.objects.filter(agency=agency, is_active=True):
        priorities[unit.pk] = Priority(unit.name, 0)
    for row in (
        Finding.objects.filter(agency=agency, unit__isnull=False, audit__programme__year__gte=year - 1)
        .values("unit_id")
        .annotate(n=Count("pk"))
    ):
        if row["unit_id"] in priorities:
            priorities[row["unit_id"]].score += 2 * row["n"]
            priorities[row["unit_id"]].reasons.append(f"{row['n']} phát hiện ở lần đánh giá trước")
    open_ncs = Nonconformity.objects.filter(agency=agency, unit__isnull=False).exclude(
        status__in=[Nonconformity.Status.CLOSED, Nonconformity.Status.CANCELLED]
    )
    for row in open_ncs.values("unit_id").annotate(n=Count("pk")):
        if row["unit_id"] in priorities:
            priorities[row["unit_id"]].score += 3 * row["n"]
            priorities[row["unit_id"]].reasons.append(f"{row['n']} điểm không phù hợp chưa đóng")
    complaints = Feedback.objects.filter(agency=agency, unit__isnull=False, received_on__range=(start, end))
    for row in complaints.values("unit_id").annotate(n=Count("pk")):
        if row["unit_id"] in priorities:
            priorities[row["unit_id"]].score += row["n"]
            priorities[row["unit_id"]].reasons.append(f"{row['n']} phản ánh, kiến nghị")
    gaps = []
    late = late_counts(agency=agency, period_start=start, period_end=end)
    if late is None:
        gaps.append(DOSSIER_GAP + " Thứ tự dưới đây chưa tính hồ sơ trễ hạn.")
    for count in late or []:
        if count.unit_id in priorities:
            priorities[count.unit_id].score += 2 * count.late_count
            priorities[count.unit_id].reasons.append(f"{count.late_count} hồ sơ trễ hạn")
    ranked = sorted(priorities.values(), key=lambda p: (-p.score, p.name))
    return ranked, gaps


# --- yearly obligations --------------------------------------------------------------------------------


@dataclass
class YearStatus:
    year: int
    audits_planned: int
    audits_done: int
    reviews_held: int
    overdue_actions: int
    open_nonconformities: int


def year_status(*, agency, today: date) -> YearStatus:
    audits = InternalAudit.objects.filter(agency=agency, programme__year=today.year).exclude(
        status=InternalAudit.Status.CANCELLED
    )
    return YearStatus(
        year=today.year,
        audits_planned=audits.count(),
        audits_done=audits.filter(
            status__in=[InternalAudit.Status.REPORTED, InternalAudit.Status.ACKNOWLEDGED]
        ).count(),
        reviews_held=ManagementReview.objects.filter(
            agency=agency, status=ManagementReview.Status.HELD, held_on__year=today.year
        ).count(),
        overdue_actions=kpi_overdue_corrective_actions(agency=agency, today=today),
        open_nonconformities=Nonconformity.objects.filter(agency=agency)
        .exclude(status__in=[Nonconformity.Status.CLOSED, Nonconformity.Status.CANCELLED])
        .count(),
    )


# --- the management review's inputs (ISO 9001:2015 §9.3.2) -------------------------------------------


def _section(key: str, clause: str, title: str, lines: list[str], gap: str = "") -> dict:
    return {"key": key, "clause": clause, "title": title, "lines": lines, "gap": gap, "note": ""}


def _status_counts(rows, labels) -> str:
    counts = Counter(rows)
    return ", ".join(f"{labels[key]}: {value}" for key, value in sorted(counts.items())) or "không có"


def review_inputs_compile(*, agency, period_start: date, period_end: date, exclude_review=None) -> list[dict]:
    """The §9.3.2 inputs compiled from eISO data for the period; sections without data say so."""
    span = (period_start, period_end)
    action_labels = dict(Action.Status.choices)
    sections = []

    previous = _actions_of(ManagementReview, agency)
    if exclude_review is not None:
        previous = previous.exclude(source_id=exclude_review.pk)
    previous = list(previous)
    lines = [
        (
            f"{len(previous)} hành động từ các lần xem xét trước — "
            f"{_status_counts([a.status for a in previous], action_labels)}"
        )
    ]
    lines += [f"Chưa xong: {a.title} (hạn {_fmt(a.due_on)})" for a in previous if a.status in OPEN_ACTION]
    sections.append(
        _section("previous_actions", "9.3.2 a", "Tình trạng các hành động từ lần xem xét trước", lines)
    )

    issues = list(ContextIssue.objects.filter(agency=agency, updated_at__date__range=span))
    parties = list(InterestedParty.objects.filter(agency=agency, updated_at__date__range=span))
    lines = [f"{len(issues)} vấn đề bối cảnh và {len(parties)} bên quan tâm được cập nhật trong kỳ"]
    lines += [
        f"{i.get_kind_display()} – {i.get_category_display()}: {i.description[:150]}" for i in issues[:10]
    ]
    sections.append(_section("context", "9.3.2 b", "Thay đổi của các vấn đề bên ngoài và nội bộ", lines))

    feedback = list(Feedback.objects.filter(agency=agency, received_on__range=span))
    feedback_labels = dict(Feedback.Status.choices)
    lines = [
        (
            f"{len(feedback)} phản ánh, kiến nghị tiếp nhận trong kỳ — "
            f"{_status_counts([f.status for f in feedback], feedback_labels)}"
        )
    ]
    sections.append(_section("feedback", "9.3.2 c1", "Sự hài lòng và phản hồi của người dân, tổ chức", lines))

    objectives = QualityObjective.objects.filter(
        agency=agency, year__range=(period_start.year, period_end.year)
    )
    lines = []
    for objective in objectives:
        latest = objective.values.filter(period_end__lte=period_end).order_by("-period_end").first()
        if latest is None or latest.value is None:
            lines.append(f"{objective.statement[:120]}: chưa có dữ liệu")
        else:
            reached = "đạt" if objective.meets(latest.value) else "chưa đạt"
            lines.append(
                f"{objective.statement[:120]}: {latest.value} {objective.measure_unit} ({latest.label}) — "
                f"{reached}"
            )
    sections.append(
        _section(
            "objectives",
            "9.3.2 c2",
            "Mức độ đạt mục tiêu chất lượng",
            lines or ["Không có mục tiêu trong kỳ"],
        )
    )

    figures = dossier_figures(agency=agency, period_start=period_start, period_end=period_end)
    if figures is None:
        sections.append(
            _section(
                "process_performance",
                "9.3.2 c3",
                "Kết quả thực hiện quá trình, giải quyết hồ sơ TTHC",
                [],
                DOSSIER_GAP,
            )
        )
    else:
        lines = [f"{label}: {'chưa có dữ liệu' if value is None else value}" for label, value, _ in figures]
        sections.append(
            _section(
                "process_performance", "9.3.2 c3", "Kết quả thực hiện quá trình, giải quyết hồ sơ TTHC", lines
            )
        )

    ncs = list(Nonconformity.objects.filter(agency=agency, detected_on__range=span))
    corrective = list(_actions_of(Nonconformity, agency).filter(source_id__in=[n.pk for n in ncs]))
    lines = [
        f"{len(ncs)} điểm không phù hợp phát hiện trong kỳ — "
        f"{_status_counts([n.status for n in ncs], dict(Nonconformity.Status.choices))}",
        f"Theo nguồn: {_status_counts([n.source for n in ncs], dict(Nonconformity.Source.choices))}",
        f"{len(corrective)} hành động khắc phục — "
        f"{_status_counts([a.status for a in corrective], action_labels)}",
    ]
    sections.append(_section("nonconformities", "9.3.2 c4", "Sự không phù hợp và hành động khắc phục", lines))

    values = IndicatorValue.objects.filter(
        agency=agency, period_end__range=span, value__isnull=False
    ).select_related("objective")
    lines = [
        f"{v.objective.indicator} ({v.label}): {v.value} {v.objective.measure_unit}" for v in values[:20]
    ]
    sections.append(
        _section(
            "monitoring",
            "9.3.2 c5",
            "Kết quả theo dõi và đo lường",
            lines or ["Chưa có số liệu đo lường trong kỳ"],
        )
    )

    audits = list(InternalAudit.objects.filter(agency=agency, reported_on__range=span))
    findings = list(Finding.objects.filter(audit__in=audits))
    lines = [f"{len(audits)} cuộc đánh giá nội bộ đã báo cáo trong kỳ"]
    lines += [f"{a.code}: {a.conclusions[:150]}" for a in audits]
    lines.append(
        "Phát hiện: "
        + _status_counts([f.kind for f in findings], dict(Finding._meta.get_field("kind").choices))
    )
    sections.append(_section("audits", "9.3.2 c6", "Kết quả đánh giá nội bộ và kiểm tra", lines))

    sections.append(
        _section(
            "providers",
            "9.3.2 c7",
            "Kết quả thực hiện của nhà cung cấp bên ngoài",
            [],
            "eISO không theo dõi nhà cung cấp bên ngoài: trình bày tại cuộc họp.",
        )
    )
    sections.append(
        _section(
            "resources",
            "9.3.2 d",
            "Sự đầy đủ của nguồn lực",
            [],
            "eISO không có số liệu về nguồn lực: trình bày tại cuộc họp.",
        )
    )

    risks = list(Risk.objects.filter(agency=agency).exclude(status=Risk.Status.CLOSED))
    treatments = list(_actions_of(Risk, agency).filter(due_on__range=span))
    lines = [
        f"{sum(1 for r in risks if r.kind == Risk.Kind.RISK)} rủi ro và "
        f"{sum(1 for r in risks if r.kind == Risk.Kind.OPPORTUNITY)} cơ hội đang theo dõi",
        f"{len(treatments)} hành động xử lý đến hạn trong kỳ — "
        f"{_status_counts([a.status for a in treatments], action_labels)}",
    ]
    sections.append(_section("risks", "9.3.2 e", "Hiệu lực của hành động giải quyết rủi ro và cơ hội", lines))

    culture = list(
        CultureRecord.objects.filter(agency=agency, recorded_on__range=span).select_related("document")
    )
    kinds = dict(CultureRecord.Kind.choices)
    lines = [f"{len(culture)} hồ sơ trong kỳ — {_status_counts([c.kind for c in culture], kinds)}"]
    lines += [
        f"{kinds[c.kind]} ({_fmt(c.recorded_on)}): {c.title[:150]}"
        + (f" — {c.participants} người tham gia" if c.participants else "")
        + (f" — tài liệu {c.document.code}" if c.document else "")
        for c in culture[:10]
    ]
    sections.append(_section("culture", "5.1.1, 7.3", "Văn hóa chất lượng và hành vi đạo đức", lines))

    ofis = [f for f in findings if f.kind in ("ofi", "observation")]
    lines = [f"Điều khoản {f.clause}: {f.statement[:150]}" for f in ofis]
    sections.append(
        _section(
            "improvement", "9.3.2 f", "Cơ hội cải tiến", lines or ["Không có cơ hội cải tiến được ghi nhận"]
        )
    )
    return sections


# --- the QMS lifecycle and the announcement prerequisites: eiso/improvement/lifecycle.py ----------------


def programme_for(agency, year: int) -> AuditProgramme | None:
    return AuditProgramme.objects.filter(agency=agency, year=year).first()
