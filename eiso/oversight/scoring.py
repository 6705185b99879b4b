"""Automatic scoring rules: each named rule turns an agency's composed status into a share of a
criterion's maximum, with the figures it used. A rule whose data is missing returns no share:
the criterion is then left to the inspector, who scores it by hand with evidence.

Also the default criteria set eISO ships: the content of inspection of TT 26/2014/TT-BKHCN
Điều 36 and the obligations of QĐ 19/2014/QĐ-TTg, in our own words, on a 100-point scale.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from eiso.oversight.indicators import AgencyStatus


@dataclass(frozen=True)
class RuleResult:
    share: Decimal | None  # 0..1 of the maximum; None = no data, score by hand
    evidence: str
    figures: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    compute: Callable[[AgencyStatus], RuleResult]


def _ratio(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole)


def _legal_on_time(status: AgencyStatus) -> RuleResult:
    figures = {"due": status.legal_tasks_due, "on_time": status.legal_tasks_on_time}
    if not status.legal_tasks_due:
        return RuleResult(
            Decimal(1), "Trong năm không có nhiệm vụ cập nhật văn bản pháp luật đến hạn.", figures
        )
    return RuleResult(
        _ratio(status.legal_tasks_on_time, status.legal_tasks_due),
        f"{status.legal_tasks_on_time}/{status.legal_tasks_due} nhiệm vụ cập nhật văn bản pháp luật "
        "hoàn thành trong 3 tháng.",
        figures,
    )


def _no_overdue_legal(status: AgencyStatus) -> RuleResult:
    figures = {"overdue": status.overdue_legal_tasks}
    if status.overdue_legal_tasks:
        return RuleResult(Decimal(0), f"Còn {status.overdue_legal_tasks} nhiệm vụ cập nhật quá hạn.", figures)
    return RuleResult(Decimal(1), "Không có nhiệm vụ cập nhật văn bản pháp luật quá hạn.", figures)


def _no_overdue_actions(status: AgencyStatus) -> RuleResult:
    figures = {"open": status.open_actions, "overdue": status.overdue_actions}
    if status.overdue_actions:
        return RuleResult(Decimal(0), f"{status.overdue_actions} hành động quá hạn chưa hoàn thành.", figures)
    return RuleResult(
        Decimal(1), f"Không có hành động quá hạn ({status.open_actions} đang mở trong hạn).", figures
    )


def _objectives_reached(status: AgencyStatus) -> RuleResult:
    figures = {"reached": status.objectives_reached, "total": status.objectives_total}
    if not status.objectives_total:
        return RuleResult(None, "Cơ quan chưa có mục tiêu chất lượng trong năm: chấm tay.", figures)
    return RuleResult(
        _ratio(status.objectives_reached, status.objectives_total),
        f"{status.objectives_reached}/{status.objectives_total} mục tiêu chất lượng đạt.",
        figures,
    )


def _milestones_on_time(status: AgencyStatus) -> RuleResult:
    figures = {"due": status.milestones_due, "on_time": status.milestones_on_time}
    if not status.milestones_due:
        return RuleResult(None, "Chưa có mốc kế hoạch đến hạn: chấm tay.", figures)
    return RuleResult(
        _ratio(status.milestones_on_time, status.milestones_due),
        f"{status.milestones_on_time}/{status.milestones_due} mốc kế hoạch hoàn thành đúng hạn.",
        figures,
    )


ON_TIME_TARGET = Decimal(95)


def _on_time_rate(status: AgencyStatus) -> RuleResult:
    figures = {"on_time_rate": str(status.on_time_rate) if status.on_time_rate is not None else None}
    if status.on_time_rate is None:
        return RuleResult(
            None, "Chưa có dữ liệu hồ sơ đã giải quyết trong năm: chấm tay kèm bằng chứng.", figures
        )
    reached = status.on_time_rate >= ON_TIME_TARGET
    return RuleResult(
        Decimal(1) if reached else Decimal(0),
        f"Tỷ lệ hồ sơ giải quyết đúng hạn {status.on_time_rate} % ({'đạt' if reached else 'chưa đạt'} 95 %).",
        figures,
    )


NOTICES = [
    ("notice_sent_on", "thông báo bằng văn bản cho Sở KH&CN"),
    ("posted_at_office_on", "niêm yết tại trụ sở"),
    ("posted_on_website_on", "đăng trên trang thông tin điện tử"),
]


def _index_766(status: AgencyStatus) -> RuleResult:
    """The Bộ chỉ số 766 of the year so far (quality.index766), as a share of its 100 points."""
    total = status.index_766_total
    figures = {"index_766_total": str(total) if total is not None else None}
    if total is None:
        return RuleResult(None, "Chưa tính được Bộ chỉ số 766 của năm: chấm tay kèm bằng chứng.", figures)
    return RuleResult(
        (total / Decimal(100)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
        f"Bộ chỉ số 766 năm {status.year} (tính đến ngày chấm): {total} / 100 điểm.",
        figures,
    )


def _announcement(status: AgencyStatus) -> RuleResult:
    """TT 26/2014 Điều 36.2.c: the decision in force, the written notice to the Sở KH&CN, the posting
    at the office and on the website (QĐ 19/2014 Điều 4.3), each with its date; all or nothing."""
    figures = {"announced_on": status.announced_on.isoformat() if status.announced_on else None}
    for name, _ in NOTICES:
        day = getattr(status, name)
        figures[name] = day.isoformat() if day else None
    if not status.announced_on:
        return RuleResult(Decimal(0), "Chưa có quyết định công bố HTQLCL trong eISO.", figures)
    decision = f"Đã công bố ngày {status.announced_on:%d/%m/%Y}"
    if not status.announcement_current:
        return RuleResult(Decimal(0), f"{decision} nhưng cần công bố lại.", figures)
    done = [
        f"{label} ngày {getattr(status, name):%d/%m/%Y}" for name, label in NOTICES if getattr(status, name)
    ]
    missing = [label for name, label in NOTICES if not getattr(status, name)]
    if missing:
        return RuleResult(
            Decimal(0),
            f"{decision}, còn phù hợp; chưa có ngày " + ", ".join(missing) + " (QĐ 19/2014 Điều 4.3).",
            figures,
        )
    return RuleResult(Decimal(1), f"{decision}, còn phù hợp; " + "; ".join(done) + ".", figures)


def _done_in_year(label: str, attribute: str) -> Callable[[AgencyStatus], RuleResult]:
    def compute(status: AgencyStatus) -> RuleResult:
        day = getattr(status, attribute)
        figures = {"last": day.isoformat() if day else None, "year": status.year}
        if day is not None and day.year == status.year:
            return RuleResult(Decimal(1), f"Đã {label} ngày {day:%d/%m/%Y}.", figures)
        last = f" (lần gần nhất {day:%d/%m/%Y})" if day else ""
        return RuleResult(Decimal(0), f"Chưa {label} trong năm {status.year}{last}.", figures)

    return compute


RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in [
        Rule("legal_updates_on_time", "Tỷ lệ cập nhật văn bản pháp luật trong 3 tháng", _legal_on_time),
        Rule("no_overdue_legal_updates", "Không có cập nhật văn bản pháp luật quá hạn", _no_overdue_legal),
        Rule("no_overdue_actions", "Không có hành động khắc phục quá hạn", _no_overdue_actions),
        Rule("objectives_reached", "Tỷ lệ mục tiêu chất lượng đạt", _objectives_reached),
        Rule("plan_milestones_on_time", "Tỷ lệ mốc kế hoạch đúng hạn", _milestones_on_time),
        Rule("announcement_current", "Đã công bố, thông báo, niêm yết; công bố còn phù hợp", _announcement),
        Rule(
            "internal_audit_this_year",
            "Đã đánh giá nội bộ trong năm",
            _done_in_year("đánh giá nội bộ", "last_internal_audit"),
        ),
        Rule(
            "management_review_this_year",
            "Đã xem xét của lãnh đạo trong năm",
            _done_in_year("họp xem xét của lãnh đạo", "last_management_review"),
        ),
        Rule("on_time_rate_95", "Tỷ lệ hồ sơ đúng hạn từ 95 %", _on_time_rate),
        Rule("index_766_total", "Tổng điểm Bộ chỉ số 766 (tỷ lệ trên 100 điểm)", _index_766),
    ]
}


def rule_choices() -> list[tuple[str, str]]:
    return [("", "Chấm tay kèm bằng chứng")] + [
        (rule.key, f"Tự động: {rule.label}") for rule in RULES.values()
    ]


def points_for(share: Decimal, max_points: Decimal) -> Decimal:
    return (max_points * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# (code, title, max points, rule) — groups have children and no points of their own.
DEFAULT_SET_NAME = "Bộ tiêu chí kiểm tra, đánh giá áp dụng HTQLCL"
DEFAULT_CRITERIA = [
    (
        "1",
        "Sự phù hợp của HTQLCL với TCVN ISO 9001 (TT 26/2014 Điều 36 khoản 1)",
        None,
        "",
        [
            ("1.a", "Phạm vi áp dụng bao trùm mọi hoạt động liên quan đến TTHC thuộc thẩm quyền", 8, ""),
            ("1.b", "Phổ biến, hướng dẫn tài liệu, quy trình tới cán bộ trong phạm vi áp dụng", 5, ""),
            (
                "1.c",
                "Tuân thủ yêu cầu của tiêu chuẩn, chính sách, mục tiêu và quy định liên quan",
                8,
                "objectives_reached",
            ),
            (
                "1.d",
                "Thực hiện các quy trình giải quyết công việc đúng như đã xác định",
                10,
                "on_time_rate_95",
            ),
            ("1.đ1", "Đánh giá nội bộ trong năm", 4, "internal_audit_this_year"),
            ("1.đ2", "Xem xét của lãnh đạo trong năm", 3, "management_review_this_year"),
            ("1.đ3", "Khắc phục điểm không phù hợp đúng hạn", 3, "no_overdue_actions"),
            ("1.e", "Giải quyết khiếu nại liên quan đến phạm vi HTQLCL (nếu có)", 4, ""),
            ("1.g", "Hoạt động cải tiến", 5, ""),
        ],
    ),
    (
        "2",
        "Việc tuân thủ Quyết định 19/2014/QĐ-TTg (TT 26/2014 Điều 36 khoản 2)",
        None,
        "",
        [
            ("2.a", "Sự tham gia của lãnh đạo, các đơn vị và cá nhân", 5, ""),
            ("2.b", "Người đứng đầu xác nhận hiệu lực của HTQLCL", 5, ""),
            (
                "2.c",
                "Công bố, thông báo cho đơn vị chủ trì, niêm yết tại trụ sở và trang thông tin",
                10,
                "announcement_current",
            ),
            (
                "2.d",
                "Cập nhật thay đổi văn bản quy phạm pháp luật vào HTQLCL trong 3 tháng",
                10,
                "legal_updates_on_time",
            ),
            ("2.đ", "Công bố lại khi điều chỉnh, mở rộng phạm vi", 5, ""),
            ("2.e", "Lựa chọn tổ chức tư vấn (nếu có)", 3, ""),
        ],
    ),
    (
        "3",
        "Thực hiện kế hoạch triển khai của tỉnh",
        None,
        "",
        [
            ("3.a", "Hoàn thành các mốc kế hoạch đúng hạn", 7, "plan_milestones_on_time"),
            ("3.b", "Báo cáo định kỳ đúng hạn, đầy đủ", 5, ""),
        ],
    ),
]
