"""E-mail reminders to the owners of actions that fall due soon or are overdue.

Reminders change no controlled record, so they leave no audit-trail entry; `reminded_on` on the
action shows when its owner was last reminded. Run daily by `manage.py send_action_reminders`.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse

from eiso.quality.models import Action
from eiso.quality.models.actions import TO_DO


def _message(action: Action, today: date) -> tuple[str, str, str, list[str]]:
    url = settings.SITE_URL.rstrip("/") + reverse("quality:action_detail", args=[action.pk])
    late = action.due_on < today
    subject = f"{'[Quá hạn] ' if late else ''}Hành động “{action.title[:80]}” hạn {action.due_on:%d/%m/%Y}"
    body = (
        f"Kính gửi {action.owner},\n\n"
        f"Hành động “{action.title}” do anh/chị thực hiện "
        f"{'đã quá hạn từ' if late else 'đến hạn vào'} ngày {action.due_on:%d/%m/%Y}.\n"
        f"Đề nghị cập nhật kết quả và bằng chứng tại: {url}\n\n"
        "Trân trọng,\neISO"
    )
    return subject, body, settings.DEFAULT_FROM_EMAIL, [action.owner.email]


def action_send_reminders(*, today: date, days_before: int = 3, every_days: int = 7) -> int:
    """Remind owners of open actions due within `days_before` days or overdue, at most once every
    `every_days` days per action; the number of e-mails sent."""
    due = (
        Action.objects.filter(
            status__in=TO_DO,
            due_on__lte=today + timedelta(days=days_before),
            owner__isnull=False,
        )
        .exclude(owner__email="")
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=today - timedelta(days=every_days)))
        .select_related("owner")
    )
    actions = list(due)
    if not actions:
        return 0
    sent = send_mass_mail([_message(action, today) for action in actions], fail_silently=False)
    Action.objects.filter(pk__in=[action.pk for action in actions]).update(reminded_on=today)
    return sent
