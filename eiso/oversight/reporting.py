"""The content of the province's periodic reports: figures computed from data for the period,
the narrative the coordinator writes, and their rendering as .docx and PDF through
core.rendering (NĐ 30/2020 layout). The section structure follows the Hà Tĩnh six-month
report (direction, results per group with counts, assessment, next plan, recommendations).

Section 1 (direction) opens with what eISO records of the coordinating body's own work — the
year's rollout and inspection plans, the training sessions held in the period, the year's budget —
before the coordinator's prose. Numbers are written the Vietnamese way (core.numbers); a figure
without data says "chưa có …" in a whole sentence. "Đã công bố" counts the announcement register.
"""

from datetime import date

from django.db.models import Count, Q, Sum

from eiso.core import rendering, rich_text
from eiso.core.collation import vietnamese
from eiso.core.numbers import money_text, number_text, percent_text
from eiso.orgs import editions
from eiso.orgs.models import Agency
from eiso.oversight import indicators, selectors
from eiso.oversight.models import (
    BudgetLine,
    CriteriaSet,
    FollowUp,
    Inspection,
    InspectionPlan,
    PlanEntry,
    Report,
    RolloutPlan,
    TrainingAttendance,
    TrainingSession,
)


def period_of(report: Report) -> tuple[date, date]:
    if report.kind == Report.Kind.SIX_MONTH:
        return (
            (date(report.year, 1, 1), date(report.year, 6, 30))
            if report.half == 1
            else (date(report.year, 7, 1), date(report.year, 12, 31))
        )
    return date(report.year, 1, 1), date(report.year, 12, 31)


def compute_figures(*, report: Report, user, today: date) -> dict:
    """The report's figures for its period, as plain JSON (stored on the report, frozen at issue)."""
    start, end = period_of(report)
    as_of = min(today, end)
    agencies = list(
        Agency.objects.filter(province=report.province).active(on=end).order_by("kind", vietnamese("name"))
    )
    entries = list(
        PlanEntry.objects.filter(plan__province=report.province, plan__year=report.year)
        .select_related("agency")
        .prefetch_related("milestones")
    )
    tracks = [
        {
            "label": count.label,
            "total": count.total,
            "announced": count.announced,
            "average_progress": count.average_progress,
            "overdue_milestones": count.overdue_milestones,
        }
        for count in selectors.track_counts(entries, today=as_of)
    ]
    inspections = list(
        Inspection.objects.filter(plan__province=report.province, plan__year=report.year).select_related(
            "agency"
        )
    )
    concluded = [
        i for i in inspections if i.is_concluded and i.concluded_on and start <= i.concluded_on <= end
    ]
    follow_ups = FollowUp.objects.filter(
        inspection__plan__province=report.province, inspection__plan__year=report.year
    )
    statuses = indicators.agency_statuses(user=user, agencies=agencies, year=report.year, today=as_of)
    figures = {
        "period": [start.isoformat(), end.isoformat()],
        "agencies": {
            "total": len(agencies),
            "mandatory": sum(1 for a in agencies if a.obligation == Agency.Obligation.MANDATORY),
            "by_kind": [
                [label, sum(1 for a in agencies if a.kind == value)] for value, label in Agency.Kind.choices
            ],
        },
        "tracks": tracks,
        # Agencies per state of their move to the newer edition of the standard, on the period's last day.
        "editions": editions.state_counts(editions.states([a.pk for a in agencies], on=as_of)),
        "entries": len(entries),
        "inspections": {
            "planned": len(inspections),
            "on_site": sum(1 for i in inspections if i.form == Inspection.Form.ON_SITE),
            "concluded": len(concluded),
            "follow_ups": follow_ups.count(),
            "follow_ups_overdue": sum(1 for f in follow_ups if f.is_overdue(as_of)),
        },
        "legal_overdue": sum(s.overdue_legal_tasks for s in statuses),
        "agencies_with_alerts": sum(1 for s in statuses if s.alerts),
        "objectives": [
            sum(s.objectives_reached for s in statuses),
            sum(s.objectives_total for s in statuses),
        ],
        "missing_sources": list(indicators.UNAVAILABLE.values()),
        "ranking": _ranking_figures(report, user),
        "direction": _direction_figures(report, start, end),
    }
    figures["has_data"] = bool(entries or inspections)
    figures["inspection_rows"] = _inspection_rows(inspections, follow_ups, figures["ranking"], as_of)
    figures["kind_rows"] = _kind_rows(statuses, report.year)
    return figures


def _plan_figures(plan: RolloutPlan | InspectionPlan, **extra) -> dict:
    return {
        "number": plan.number,
        "approved_on": plan.approved_on.isoformat() if plan.approved_on else None,
        "is_approved": plan.is_approved,
        **extra,
    }


def _direction_figures(report: Report, start: date, end: date) -> dict:
    """What eISO records of the coordinating body's own work: the year's rollout and inspection
    plans, the training sessions of the period with their attendees, and the year's budget lines."""
    province = report.province
    rollout = RolloutPlan.objects.filter(province=province, year=report.year).first()
    inspection_plan = InspectionPlan.objects.filter(province=province, year=report.year).first()
    sessions = (
        TrainingSession.objects.filter(province=province, held_on__range=(start, end))
        .annotate(
            attendees=Count("attendances"),
            certified=Count("attendances", filter=Q(attendances__has_certificate=True)),
        )
        .order_by("held_on", "pk")
    )
    attendances = TrainingAttendance.objects.filter(session__in=sessions)
    budget = BudgetLine.objects.filter(agency__province=province, year=report.year).aggregate(
        planned=Sum("planned"),
        approved=Sum("approved"),
        spent=Sum("spent"),
        agencies=Count("agency", distinct=True),
    )
    return {
        "rollout_plan": _plan_figures(rollout, title=rollout.title) if rollout else None,
        "inspection_plan": _plan_figures(
            inspection_plan,
            inspections=inspection_plan.inspections.count(),
            on_site=inspection_plan.inspections.filter(form=Inspection.Form.ON_SITE).count(),
        )
        if inspection_plan
        else None,
        "trainings": [
            {
                "topic": session.topic,
                "held_on": session.held_on.isoformat(),
                "attendees": session.attendees,
                "certified": session.certified,
            }
            for session in sessions
        ],
        "trained_agencies": attendances.order_by().values("agency_id").distinct().count(),
        "budget": budget if budget["agencies"] else None,
    }


def _inspection_rows(inspections, follow_ups, ranking: list, today: date) -> list:
    """One line per inspection of the year: form, date, result and follow-ups (November summary)."""
    results = {row[2]: (row[4], row[5]) for row in ranking}
    open_follow_ups: dict[int, int] = {}
    overdue: dict[int, int] = {}
    for follow_up in follow_ups:
        if follow_up.status in FollowUp.AWAITING_REPORT:
            open_follow_ups[follow_up.inspection_id] = open_follow_ups.get(follow_up.inspection_id, 0) + 1
            overdue[follow_up.inspection_id] = overdue.get(follow_up.inspection_id, 0) + follow_up.is_overdue(
                today
            )
    rows = []
    for inspection in inspections:
        percent, band = results.get(inspection.agency.name, ("", ""))
        rows.append(
            [
                inspection.agency.name,
                inspection.get_form_display(),
                inspection.inspected_on.strftime("%d/%m/%Y") if inspection.inspected_on else "",
                inspection.get_status_display(),
                percent,
                band,
                f"{open_follow_ups.get(inspection.pk, 0)} ({overdue.get(inspection.pk, 0)} quá hạn)",
            ]
        )
    return rows


def _kind_rows(statuses, year: int) -> list:
    """Per kind of agency: how many, obligated, announced, audited and reviewed this year (Phụ lục II)."""
    rows = []
    for value, label in Agency.Kind.choices:
        group = [s for s in statuses if s.agency.kind == value]
        if not group:
            continue
        rows.append(
            [
                label,
                len(group),
                sum(1 for s in group if s.agency.obligation == Agency.Obligation.MANDATORY),
                sum(1 for s in group if s.announced_on is not None),
                sum(1 for s in group if s.announced_on is not None and not s.announcement_current),
                sum(1 for s in group if s.last_internal_audit and s.last_internal_audit.year == year),
                sum(1 for s in group if s.last_management_review and s.last_management_review.year == year),
            ]
        )
    return rows


def _ranking_figures(report: Report, user) -> list:
    rows = []
    criteria_set = (
        CriteriaSet.objects.filter(province=report.province, is_active=True).order_by("-version").first()
    )
    if report.kind == Report.Kind.SIX_MONTH or criteria_set is None:
        return rows
    for kind, ranked in selectors.ranking(
        user=user, province=report.province, year=report.year, criteria_set=criteria_set
    ).items():
        for row in ranked:
            rows.append(
                [
                    kind,
                    row.rank,
                    row.agency.name,
                    number_text(row.points),
                    number_text(row.percent, 1),
                    row.band,
                ]
            )
    return rows


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _prose(text: str, empty: str) -> list[str]:
    """A narrative section written in the editor (or plain text from before it) as the paragraphs of
    the official document, whose typography NĐ 30/2020 fixes: list items and table rows become lines."""
    return rich_text.text_lines(text) or [empty]


def _first_letter_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _subject(title: str) -> str:
    """'Kế hoạch xây dựng … năm 2026' -> 'xây dựng … năm 2026', to follow 'Kế hoạch số … về'."""
    return _first_letter_lower(title.removeprefix("Kế hoạch ").removeprefix("kế hoạch "))


def _day(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _plan_reference(plan: dict, kind: str) -> str:
    """'Kế hoạch số 45/KH-SKHCN ngày 20/01/2026', or what is missing of it, in words."""
    text = kind + (f" số {plan['number']}" if plan["number"] else "")
    if plan["approved_on"]:
        text += f" ngày {_day(plan['approved_on'])}"
    return text + ("" if plan["is_approved"] else " (dự thảo, chưa phê duyệt)")


def _training_line(direction: dict) -> str:
    trainings = direction["trainings"]
    if not trainings:
        return "- Trong kỳ chưa có lớp đào tạo, tập huấn nào về HTQLCL được ghi nhận trên eISO."
    attendees = sum(t["attendees"] for t in trainings)
    certified = sum(t["certified"] for t in trainings)
    sessions = "; ".join(
        f"{t['topic']} ({_day(t['held_on'])}, {number_text(t['attendees'])} học viên)" for t in trainings
    )
    line = (
        f"- Tổ chức {number_text(len(trainings))} lớp đào tạo, tập huấn về HTQLCL cho "
        f"{number_text(attendees)} lượt cán bộ, công chức của {number_text(direction['trained_agencies'])} "
        f"cơ quan: {sessions}"
    )
    if certified:
        line += f"; {number_text(certified)} học viên được cấp chứng chỉ"
    return line + "."


def _budget_line(direction: dict, year: int) -> str:
    budget = direction["budget"]
    if not budget:
        return f"- Chưa có số liệu kinh phí năm {year} của các cơ quan trên eISO."
    line = (
        f"- Kinh phí năm {year} của {number_text(budget['agencies'])} cơ quan: dự toán "
        f"{money_text(budget['planned'])} đồng, được duyệt {money_text(budget['approved'])} đồng, "
        f"đã chi {money_text(budget['spent'])} đồng"
    )
    if budget["approved"]:
        line += f" ({percent_text(budget['spent'] * 100 / budget['approved'], 1)} kinh phí được duyệt)"
    return line + "."


def direction_text(report: Report) -> list[str]:
    """Section 1 from eISO's records: the year's plans, the period's training, the year's budget."""
    direction = report.figures.get("direction")
    if direction is None:  # figures computed before section 1 was drawn from records
        return []
    rollout, inspections = direction["rollout_plan"], direction["inspection_plan"]
    lines = [
        f"- {_plan_reference(rollout, 'Kế hoạch')} về {_subject(rollout['title'])}."
        if rollout
        else f"- Năm {report.year} chưa có kế hoạch triển khai trên eISO.",
        f"- {_plan_reference(inspections, 'Kế hoạch kiểm tra')}: {number_text(inspections['inspections'])} "
        f"cơ quan, trong đó {number_text(inspections['on_site'])} cơ quan kiểm tra tại trụ sở."
        if inspections
        else f"- Năm {report.year} chưa có kế hoạch kiểm tra trên eISO.",
    ]
    if report.kind != Report.Kind.INSPECTION_SUMMARY:
        lines += [_training_line(direction), _budget_line(direction, report.year)]
    return lines


def results_text(report: Report) -> list[str]:
    figures = report.figures
    if not figures.get("has_data"):
        return [
            "Trong kỳ báo cáo chưa có số liệu: tỉnh chưa lập kế hoạch triển khai và chưa có "
            f"cuộc kiểm tra nào trên eISO cho năm {report.year}."
        ]
    tracks = [t for t in figures["tracks"] if t["total"]]
    if tracks:
        summary = "; ".join(
            f"{_first_letter_lower(t['label'])} tại {number_text(t['total'])} cơ quan" for t in tracks
        )
        lines = [f"Theo kế hoạch năm {report.year}, triển khai {summary}; kết quả cụ thể như sau:"]
    else:
        lines = [f"Năm {report.year} chưa có kế hoạch triển khai trên eISO; kết quả cụ thể như sau:"]
    for track in tracks:
        progress = (
            f"tiến độ bình quân {percent_text(track['average_progress'])}"
            if track["average_progress"] is not None
            else "chưa báo cáo tiến độ"
        )
        lines.append(
            f"* {track['label']}: {number_text(track['total'])} cơ quan, trong đó "
            f"{number_text(track['announced'])} cơ quan đã công bố HTQLCL; {progress}; "
            + (
                f"{number_text(track['overdue_milestones'])} mốc kế hoạch quá hạn."
                if track["overdue_milestones"]
                else "không có mốc kế hoạch quá hạn."
            )
        )
    moves = figures.get("editions") or {}
    if any(moves.values()):
        lines.append(
            "* Chuyển đổi phiên bản tiêu chuẩn: "
            + "; ".join(
                f"{_first_letter_lower(label)} {number_text(count)} cơ quan" for label, count in moves.items()
            )
            + "."
        )
    inspections = figures["inspections"]
    if inspections["planned"]:
        lines.append(
            f"* Kiểm tra: {number_text(inspections['planned'])} cơ quan trong kế hoạch kiểm tra, "
            f"{number_text(inspections['on_site'])} tại trụ sở; {number_text(inspections['concluded'])} cuộc "
            f"đã kết luận trong kỳ; {number_text(inspections['follow_ups'])} yêu cầu khắc phục, "
            f"{number_text(inspections['follow_ups_overdue'])} yêu cầu quá hạn 2 tháng."
        )
    else:
        lines.append(f"* Kiểm tra: năm {report.year} chưa có kế hoạch kiểm tra trên eISO.")
    reached, total = figures["objectives"]
    objectives = (
        f"{number_text(reached)}/{number_text(total)} mục tiêu chất lượng đạt"
        if total
        else "chưa có mục tiêu chất lượng nào được đo trong năm"
    )
    lines.append(
        f"* {number_text(figures['legal_overdue'])} nhiệm vụ cập nhật văn bản pháp luật quá 3 tháng; "
        f"{objectives}; {number_text(figures['agencies_with_alerts'])} cơ quan có cảnh báo "
        "(nghĩa vụ đã đến hạn chưa thực hiện)."
    )
    if figures.get("missing_sources"):
        lines.append("Chưa tổng hợp được từ eISO: " + "; ".join(figures["missing_sources"]) + ".")
    return lines


def body(report: Report) -> list[rendering.Block]:
    """The report's body in the Hà Tĩnh structure: numbered sections, the figures' tables inside
    the results section, and the closing sentence."""
    period = report.period_label
    if report.kind == Report.Kind.SIX_MONTH:
        next_period = (
            f"6 tháng cuối năm {report.year}" if report.half == 1 else f"6 tháng đầu năm {report.year + 1}"
        )
    else:
        next_period = f"năm {report.year + 1}"
    first = (
        "1. Công tác tổ chức kiểm tra"
        if report.kind == Report.Kind.INSPECTION_SUMMARY
        else "1. Công tác chỉ đạo, điều hành của cơ quan đầu mối"
    )
    direction = direction_text(report)
    blocks: list[rendering.Block] = [
        rendering.Heading(f"I. KẾT QUẢ THỰC HIỆN {period.upper()}"),
        rendering.Heading(first),
        *direction,
        *(
            rich_text.text_lines(report.direction)
            if direction
            else _prose(report.direction, "(Chưa nhập nội dung.)")
        ),
        rendering.Heading("2. Kết quả thực hiện tại các cơ quan"),
        *results_text(report),
    ]
    filled = [(caption, table_) for caption, table_ in tables(report) if table_.rows]
    for number, (caption, table_) in enumerate(filled, start=1):
        blocks += [rendering.Paragraph(f"Bảng {number}. {caption}", italic=True), table_]
    blocks += [
        rendering.Heading("3. Đánh giá chung"),
        rendering.Heading("3.1. Ưu điểm"),
        *_prose(report.strengths, "(Chưa nhập nội dung.)"),
        rendering.Heading("3.2. Tồn tại, hạn chế"),
        *_prose(report.weaknesses, "(Chưa nhập nội dung.)"),
        rendering.Heading(f"II. KẾ HOẠCH {next_period.upper()}"),
        *_prose(report.next_plan, "(Chưa nhập nội dung.)"),
        rendering.Heading("III. KIẾN NGHỊ, ĐỀ XUẤT"),
        *_prose(report.recommendations, "(Chưa nhập nội dung.)"),
        _closing(report),
    ]
    return blocks


def _closing(report: Report) -> str:
    """'Trên đây là báo cáo tình hình … của Sở Khoa học và Công nghệ./.' (the Hà Tĩnh report's close)."""
    title = summary(report)
    return f"Trên đây là báo cáo {title[:1].lower()}{title[1:]} của {report.issuing_agency}./."


def tables(report: Report) -> list[tuple[str, rendering.Table]]:
    """The tables of the results section, each with its caption."""
    figures = report.figures
    if report.kind == Report.Kind.INSPECTION_SUMMARY:
        columns = [
            "Cơ quan",
            "Hình thức",
            "Ngày kiểm tra",
            "Trạng thái",
            "Tỷ lệ điểm (%)",
            "Xếp loại",
            "Yêu cầu khắc phục chưa xong",
        ]
        return [
            (
                "Kết quả kiểm tra tại từng cơ quan",
                rendering.Table(columns=columns, rows=figures.get("inspection_rows", [])),
            )
        ]
    if report.kind == Report.Kind.MINISTRY:
        # Phụ lục II of QĐ 19/2014 as far as its content is known (regulations.md §1.7): replaceable here.
        columns = [
            "Loại cơ quan",
            "Số cơ quan",
            "Thuộc diện bắt buộc",
            "Đã công bố",
            "Cần công bố lại",
            "Đã đánh giá nội bộ trong năm",
            "Đã xem xét của lãnh đạo trong năm",
        ]
        return [
            (
                "Tình hình xây dựng và áp dụng HTQLCL theo loại cơ quan",
                rendering.Table(columns=columns, rows=figures.get("kind_rows", [])),
            )
        ]
    track_rows = [
        [
            t["label"],
            t["total"],
            t["announced"],
            t["average_progress"] if t["average_progress"] is not None else "chưa báo cáo",
            t["overdue_milestones"],
        ]
        for t in figures.get("tracks", [])
        if t["total"]
    ]
    result = [
        (
            "Kết quả theo nhóm cơ quan trong kế hoạch",
            rendering.Table(
                columns=["Nhóm cơ quan", "Số cơ quan", "Đã công bố", "Tiến độ bình quân (%)", "Mốc quá hạn"],
                rows=track_rows,
            ),
        )
    ]
    if figures.get("ranking"):
        result.append(
            (
                "Kết quả chấm điểm, xếp hạng các cơ quan",
                rendering.Table(
                    columns=["Loại cơ quan", "Xếp hạng", "Cơ quan", "Điểm", "Tỷ lệ (%)", "Xếp loại"],
                    rows=figures["ranking"],
                ),
            )
        )
    return result


def header(report: Report, today: date) -> rendering.OfficialHeader:
    return rendering.OfficialHeader(
        parent_agency=rendering.province_line(report.province),
        agency=report.issuing_agency,
        number=report.number or "…/BC-SKHCN",
        place=report.place or report.province.place_name,
        day=report.issued_on or today,
        type_name="BÁO CÁO",
        summary=summary(report),
    )


def summary(report: Report) -> str:
    if report.kind == Report.Kind.INSPECTION_SUMMARY:
        return f"Kết quả kiểm tra việc áp dụng HTQLCL theo TCVN ISO 9001 năm {report.year}"
    return (
        f"Tình hình xây dựng và áp dụng HTQLCL theo TCVN ISO 9001 tại các cơ quan hành chính nhà nước "
        f"trên địa bàn {report.province.in_sentence} {report.period_label}"
    )


def signature(report: Report) -> rendering.Signature:
    return rendering.Signature(
        authority=report.signer_authority,
        position=report.signer_position,
        name=report.signer_name,
        recipients=_lines(report.recipients) or ["UBND tỉnh (để b/c);", "Lưu: VT."],
    )


def render_docx(report: Report, today: date) -> bytes:
    return rendering.official_docx(
        header=header(report, today), signature=signature(report), body=body(report)
    )


def render_pdf(report: Report, today: date) -> bytes:
    return rendering.official_pdf(
        header=header(report, today), signature=signature(report), body=body(report)
    )
