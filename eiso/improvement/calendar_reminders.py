"""E-mail reminders of the QMS calendar: each person gets one letter listing the items they answer
for that are overdue or due within a week (improvement.qms_calendar). Run daily, by the Celery beat
(core.tasks) or cron (`manage.py send_calendar_reminders`); the console backend prints them in the demo."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail

from eiso.improvement import qms_calendar
from eiso.improvement.qms_calendar import DueItem
from eiso.orgs.models import Agency

SUBJECT = "[eISO] Lịch HTQLCL: việc định kỳ sắp đến hạn hoặc đã quá hạn"


def _owners(items: list[DueItem]) -> dict[DueItem, set[str]]:
    """The e-mail addresses of who answers for each item, from one query of memberships."""
    from eiso.accounts.models import Membership, User

    agency_ids = {item.agency_id for item in items}
    memberships = list(
        Membership.objects.filter(
            agency_id__in=agency_ids, is_active=True, user__is_active=True
        ).select_related("user")
    )
    named = {item.owner_id for item in items if item.owner_id}
    users = {user.pk: user for user in User.objects.filter(pk__in=named, is_active=True)}
    owners: dict[DueItem, set[str]] = {}
    for item in items:
        if item.owner_id:
            user = users.get(item.owner_id)
            owners[item] = {user.email} if user and user.email else set()
            continue
        owners[item] = {
            m.user.email
            for m in memberships
            if m.agency_id == item.agency_id
            and m.user.email
            and (
                (item.owner_unit_id and m.is_unit_head and m.unit_id == item.owner_unit_id)
                or (item.owner_role and m.role == item.owner_role)
            )
        }
    return owners


def _line(item: DueItem, today: date) -> str:
    state = "Đã quá hạn" if item.is_overdue(today) else "Sắp đến hạn"
    return f"{state}: {item.title} ({item.agency_name}), hạn {item.due_on:%d/%m/%Y}"


def send_calendar_reminders(*, today: date) -> dict:
    """One letter per person with their overdue items and those due within REMINDER_DAYS."""
    agency_ids = Agency.objects.values_list("pk", flat=True)
    items = qms_calendar.due_items(
        agency_ids=agency_ids, today=today, horizon_days=qms_calendar.REMINDER_DAYS
    )
    letters: dict[str, list[str]] = defaultdict(list)
    for item, emails in _owners(items).items():
        for email in emails:
            letters[email].append(_line(item, today))
    for email, lines in letters.items():
        send_mail(
            subject=SUBJECT,
            message="Kính gửi anh/chị,\n\n"
            + "\n".join(lines)
            + "\n\nXem lịch HTQLCL trên eISO.\n\nTrân trọng.",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
    return {"items": len(items), "emails": len(letters)}
