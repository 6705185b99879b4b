"""E-mails asking staff to read a published version, and the reminders of those who have not.

Sent after the publishing transaction commits (a rolled-back publication e-mails nobody). In
the demo the console backend prints them.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from eiso.accounts.models import User


def _message(version, user, *, reminder: bool) -> tuple[str, str, str, list[str]]:
    document = version.document
    url = settings.SITE_URL.rstrip("/") + reverse("documents:version_detail", args=[version.pk])
    prefix = "[Nhắc lại] " if reminder else ""
    subject = f"{prefix}Đề nghị đọc tài liệu {document.code} (lần ban hành {version.number})"
    body = (
        f"Kính gửi {user},\n\n"
        f"Tài liệu “{document.code} — {document.title}”, lần ban hành {version.number}, đã được ban hành.\n"
        f"Đề nghị anh/chị đọc và xác nhận đã đọc tại: {url}\n\n"
        "Trân trọng,\neISO"
    )
    return subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]


def send(version, user_ids, *, reminder: bool = False) -> int:
    """E-mail the users (those with an address) about `version`; the number of e-mails sent."""
    users = User.objects.filter(pk__in=list(user_ids)).exclude(email="")
    messages = [_message(version, user, reminder=reminder) for user in users]
    if not messages:
        return 0
    return send_mass_mail(messages, fail_silently=False)


def acknowledgement_requests_on_commit(*, version, user_ids) -> None:
    if user_ids:
        transaction.on_commit(lambda: send(version, user_ids))


def acknowledgement_send_reminders(*, now, every_days: int = 3) -> int:
    """E-mail everyone who still has not read a published version they were asked to read, at most
    once every `every_days` days; the number of people reminded. Reminders change no controlled
    record, so they leave no audit-trail entry; `reminded_at` shows on the who-has-read page."""
    from datetime import timedelta

    from django.db.models import Q

    from eiso.documents.models import Acknowledgement, DocumentVersion

    cutoff = now - timedelta(days=every_days)
    due = (
        Acknowledgement.objects.filter(
            acknowledged_at__isnull=True,
            version__status=DocumentVersion.Status.PUBLISHED,
            requested_at__lte=cutoff,
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff))
        .select_related("version__document")
        .order_by("version_id", "user_id")
    )
    by_version: dict = {}
    for acknowledgement in due:
        by_version.setdefault(acknowledgement.version, []).append(acknowledgement)
    reminded = 0
    for version, rows in by_version.items():
        send(version, [row.user_id for row in rows], reminder=True)
        Acknowledgement.objects.filter(pk__in=[row.pk for row in rows]).update(reminded_at=now)
        reminded += len(rows)
    return reminded
