"""The QMS calendar as an iCalendar document (RFC 5545) that calendar apps subscribe to: one
all-day event per due item, with its owner and a link back to eISO."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from eiso.improvement.qms_calendar import DueItem

PRODID = "-//eISO//Lịch HTQLCL//VI"


def feed_calendar(items: list[DueItem], *, base_url: str, today: date, now: datetime | None = None) -> bytes:
    """The items as VEVENTs of one VCALENDAR; overdue ones are marked in their summary."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Lịch HTQLCL (eISO)")
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    for item in items:
        event = Event()
        prefix = "[Quá hạn] " if item.is_overdue(today) else ""
        event.add("uid", f"{item.uid}@eiso")
        event.add("dtstamp", now)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("summary", f"{prefix}{item.title}")
        event.add(
            "description",
            f"{item.kind_label} — {item.agency_name}\nPhụ trách: {item.owner_label}\n"
            f"Hạn: {item.due_on:%d/%m/%Y}",
        )
        event.add("categories", [item.kind_label])
        event.add("url", base_url + item.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
