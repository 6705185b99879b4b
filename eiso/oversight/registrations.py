"""Navigation entries, the dashboard card and the demo loader of the oversight app."""

from django.utils import timezone

from eiso.accounts.permissions import is_provincial
from eiso.core import history
from eiso.core.demo import register_demo_loader
from eiso.core.numbers import number_text
from eiso.core.registry import DashboardCard, NavItem, register_card, register_nav
from eiso.oversight import (
    demo,
    records,  # noqa: F401  (registers the record types and their retention)
    selectors,
    signables,  # noqa: F401 -- registers the documents that can be signed
)
from eiso.oversight.models import Inspection


def _card(request) -> dict:
    province = selectors.overseen_province(request.user)
    today = timezone.localdate()
    statuses = selectors.registry(user=request.user, province=province, year=today.year, today=today)
    return {
        "agencies": len(statuses),
        "with_alerts": sum(1 for status in statuses if status.alerts),
        "overdue_follow_ups": sum(status.overdue_follow_ups for status in statuses),
        "year": today.year,
    }


register_nav(
    NavItem(
        label="Giám sát của tỉnh",
        url_name="oversight:registry",
        icon="map",
        visible=lambda request: is_provincial(request.user),
        order=80,
    )
)
register_card(
    DashboardCard(
        key="oversight_summary",
        title="Tình hình áp dụng ISO của tỉnh",
        template="oversight/cards/summary.html",
        visible=lambda request: (
            is_provincial(request.user) and selectors.overseen_province(request.user) is not None
        ),
        context=_card,
        order=80,
    )
)
register_demo_loader(90, "Kế hoạch triển khai, kiểm tra, chấm điểm và báo cáo của tỉnh", demo.load)


# Keys the inspection services record beside the model's fields, for change histories (core.history).
history.register(
    Inspection,
    keys={
        "criterion": "Tiêu chí",
        "points": history.Key("Điểm", format=lambda points: number_text(points) or str(points)),
        "evidence": "Căn cứ chấm điểm",
        "automatic_scores": "Số tiêu chí chấm tự động",
        "signed_by": "Ký bằng chứng thư số của",
    },
)
