"""Indicator source, navigation entry, dashboard card and demo loader of the improvement app."""

from django.utils import timezone

from eiso.core import history
from eiso.core.demo import register_demo_loader
from eiso.core.registry import DashboardCard, NavItem, register_card, register_nav
from eiso.improvement import (
    demo,
    demo_transition,
    indicators,
    qms_calendar,
    records,  # noqa: F401  (registers the record types and their retention)
    selectors,
    signables,  # noqa: F401 -- registers the documents that can be signed
)
from eiso.improvement.models import InternalAudit, Nonconformity

indicators.register()


def _has_agency(request) -> bool:
    return request.user.is_authenticated and getattr(request, "agency", None) is not None


def _card(request) -> dict:
    agency = request.agency
    return {
        "status": selectors.year_status(agency=agency, today=timezone.localdate()),
        "lifecycle": selectors.lifecycle_for(agency),
    }


def _calendar_card(request) -> dict:
    """The user's own items first: overdue ones and the next few due in the coming weeks."""
    today = timezone.localdate()
    items = qms_calendar.agency_items(
        user=request.user, agency=request.agency, today=today, horizon_days=qms_calendar.REMINDER_DAYS * 4
    )
    mine = [item for item in items if qms_calendar.is_owned_by(item, request.user)]
    return {
        "today": today,
        "overdue": [item for item in items if item.is_overdue(today)],
        "mine": mine[:5],
        "upcoming": [item for item in items if not item.is_overdue(today)],
    }


register_nav(
    NavItem(
        label="Cải tiến",
        url_name="improvement:audit_list",
        icon="arrow-repeat",
        visible=lambda request: request.user.is_authenticated,
        order=60,
    )
)

register_card(
    DashboardCard(
        key="improvement_year",
        title="Đánh giá nội bộ và cải tiến",
        template="improvement/cards/improvement.html",
        visible=_has_agency,
        context=_card,
        order=60,
    )
)

register_card(
    DashboardCard(
        key="qms_calendar",
        title="Lịch HTQLCL",
        template="improvement/cards/calendar.html",
        visible=_has_agency,
        context=_calendar_card,
        order=55,
    )
)

register_demo_loader(
    70, "Đánh giá nội bộ, điểm không phù hợp, xem xét của lãnh đạo và công bố mẫu", demo.load
)
register_demo_loader(71, "Chuyển đổi phiên bản tiêu chuẩn mẫu", demo_transition.load)


# Keys the improvement services record beside the models' fields, for change histories (core.history).
history.register(InternalAudit, keys={"team": "Đoàn đánh giá"})
history.register(Nonconformity, keys={"result": "Kết quả kiểm tra hiệu lực"})
