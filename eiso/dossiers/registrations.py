"""Navigation entry, dashboard card, demo loader and audit-trail wording of the dossiers app."""

from datetime import date

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from eiso.core import history
from eiso.core.demo import register_demo_loader
from eiso.core.registry import DashboardCard, NavItem, register_card, register_nav
from eiso.dossiers import (
    demo,
    records,  # noqa: F401  (registers its record types and their retention)
    selectors,
)
from eiso.dossiers.models import Dossier, EventType
from eiso.dossiers.services import DOSSIER


def _has_agency(request) -> bool:
    return request.user.is_authenticated and getattr(request, "agency", None) is not None


def chart_data(months: list[dict]) -> dict:
    return {
        "labels": [f"{row['month']:%m/%Y}" for row in months],
        "received": [row["received"] for row in months],
        "early": [row["early"] for row in months],
        "on_time": [row["on_time"] for row in months],
        "late": [row["late"] for row in months],
    }


def _summary(request) -> dict:
    today = timezone.localdate()
    # The current month and the eleven before it.
    year, month = (today.year, today.month - 11) if today.month == 12 else (today.year - 1, today.month + 1)
    start = date(year, month, 1)
    agency = request.agency
    return {
        "start": start,
        "end": today,
        "total": selectors.dossier_stats(agencies=agency, start=start, end=today),
        "chart": chart_data(selectors.monthly(agencies=agency, start=start, end=today)),
        "online": selectors.online_waiting(agency=agency),
    }


register_nav(
    NavItem(
        label="Hồ sơ TTHC",
        url_name="dossiers:dossier_list",
        icon="folder2-open",
        visible=lambda request: request.user.is_authenticated,
        order=35,
    )
)

register_card(
    DashboardCard(
        key="dossiers_summary",
        title="Giải quyết hồ sơ TTHC (12 tháng)",
        template="dossiers/cards/summary.html",
        visible=_has_agency,
        context=_summary,
        order=40,
    )
)

register_demo_loader(55, "Hồ sơ TTHC mẫu 12 tháng", demo.load)


def _events_text(events) -> str:
    """The events an ingested batch appended to a dossier, each named as the dossier workflow names
    its transition (the event type's name for the others), with its id and moment."""
    parts = []
    for event in events if isinstance(events, list) else []:
        kind = event.get("type", "")
        transition = DOSSIER.for_event(kind)
        label = (
            transition.label if transition else EventType(kind).label if kind in EventType.values else kind
        )
        step = f" (bước {event['step']})" if event.get("step") else ""
        moment = parse_datetime(str(event.get("at", "")))
        when = (
            f", {timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment and timezone.is_aware(moment) else ""
        )
        parts.append(f"{label}{step}: mã {event.get('id', '')}{when}")
    return "; ".join(parts)


# Keys dossier ingest records beside the model's fields, for change histories (core.history).
history.register(
    Dossier,
    keys={
        "outside_competence": "Ngoài thẩm quyền của cơ quan",
        "events": history.Key("Sự kiện đồng bộ", format=_events_text),
    },
)
