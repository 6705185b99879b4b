"""The QMS calendar's own changes: recurring obligations with no other source (`Schedule`), marked
done on the one clock, and each user's secret iCalendar feed link."""

import secrets
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from eiso.core import audit as audit_trail
from eiso.core.dates import add_months
from eiso.core.errors import DomainError
from eiso.core.permissions import DENIED_MESSAGE, check_member, is_manager, require_manager
from eiso.improvement import qms_calendar
from eiso.improvement.models import CalendarFeed, Schedule


@transaction.atomic
def schedule_create(
    *, agency, actor, kind: str, title: str, owner, interval_months: int, next_due_on: date
) -> Schedule:
    """Add a recurring obligation to the agency's calendar (QMS managers), owned by one of its people."""
    require_manager(actor, agency)
    check_member(owner, agency, field="owner", label="Người phụ trách")
    schedule = Schedule(
        agency=agency,
        kind=kind,
        title=title,
        owner=owner,
        interval_months=interval_months,
        next_due_on=next_due_on,
    )
    schedule.full_clean()
    schedule.save()
    audit_trail.record(
        actor=actor, action="schedule.create", target=schedule, changes={"title": [None, title]}
    )
    return schedule


def next_due_after(schedule: Schedule, done_on: date) -> date:
    """The next due date after a completion: one interval after the due date, keeping the rhythm,
    or one interval after the completion when it came later than a whole interval."""
    following = add_months(schedule.next_due_on, schedule.interval_months)
    if following <= done_on:
        following = add_months(done_on, schedule.interval_months)
    return following


@transaction.atomic
def schedule_complete(*, schedule: Schedule, actor, done_on: date) -> Schedule:
    """Record that this occurrence is done (its owner or a QMS manager); the next one becomes due."""
    if actor.pk != schedule.owner_id and not is_manager(actor, schedule.agency):
        raise PermissionDenied(DENIED_MESSAGE)
    if not schedule.is_active:
        raise DomainError("Việc định kỳ này đã ngừng theo dõi.")
    before = schedule.next_due_on
    schedule.last_done_on = done_on
    schedule.next_due_on = next_due_after(schedule, done_on)
    schedule.full_clean()
    schedule.save(update_fields=["last_done_on", "next_due_on", "updated_at"])
    audit_trail.record(
        actor=actor,
        action="schedule.complete",
        target=schedule,
        changes={
            "last_done_on": [None, done_on.isoformat()],
            "next_due_on": [before.isoformat(), schedule.next_due_on.isoformat()],
        },
    )
    return schedule


@transaction.atomic
def feed_generate(*, user, actor) -> CalendarFeed:
    """Give the user a new secret feed link; the previous one stops working at once."""
    if actor.pk != user.pk:
        raise PermissionDenied(DENIED_MESSAGE)
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first() or CalendarFeed(user=user)
    feed.key = secrets.token_hex(qms_calendar.KEY_LENGTH // 2)
    feed.secret = secrets.token_urlsafe(32)
    feed.save()
    audit_trail.record(actor=actor, action="calendar_feed.generate", target=feed)
    return feed
