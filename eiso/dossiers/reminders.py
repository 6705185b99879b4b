"""Reminders of dossier steps: due within one working day, or overdue, to the person handling the
step and the head of its unit (e-mail; the console backend prints them in the demo)."""

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from eiso.dossiers import services
from eiso.dossiers.models import OPEN_STATUSES, DossierStep

WORKING_DAY_HOURS = 8


def steps_to_remind(*, now: datetime | None = None) -> tuple[list[DossierStep], list[DossierStep]]:
    """(due soon, overdue): unfinished steps of open dossiers, the current step of each dossier."""
    now = now or timezone.now()
    steps = (
        DossierStep.objects.filter(
            dossier__status__in=OPEN_STATUSES, finished_at__isnull=True, due__isnull=False
        )
        .filter(Q(started_at__isnull=False) | Q(order=1))
        .select_related("dossier", "dossier__agency", "unit", "other_agency", "started_by")
        .order_by("due")
    )
    soon, overdue = [], []
    horizon: dict[int, datetime] = {}
    for step in steps:
        province = step.dossier.agency.province_id
        if province not in horizon:
            horizon[province] = services.calendar_for(step.dossier.agency).add_working_hours(
                now, WORKING_DAY_HOURS
            )
        if step.due < now:
            overdue.append(step)
        elif step.due <= horizon[province]:
            soon.append(step)
    return soon, overdue


def recipients(step: DossierStep) -> set[str]:
    from eiso.accounts.models import Membership

    emails = set()
    if step.started_by and step.started_by.email:
        emails.add(step.started_by.email)
    if step.unit_id:
        heads = Membership.objects.filter(
            unit_id=step.unit_id, is_unit_head=True, is_active=True
        ).select_related("user")
        emails |= {m.user.email for m in heads if m.user.email}
    return emails


def send_reminders(*, now: datetime | None = None) -> dict:
    soon, overdue = steps_to_remind(now=now)
    letters: dict[str, list[str]] = defaultdict(list)
    for label, steps in (("Sắp đến hạn", soon), ("Đã quá hạn", overdue)):
        for step in steps:
            line = (
                f"{label}: hồ sơ {step.dossier.code}, bước {step.order}. {step.name} "
                f"({step.responsible}), hạn {timezone.localtime(step.due):%H:%M %d/%m/%Y}"
            )
            for email in recipients(step):
                letters[email].append(line)
    for email, lines in letters.items():
        send_mail(
            subject="[eISO] Hồ sơ TTHC sắp đến hạn hoặc đã quá hạn",
            message="Kính gửi anh/chị,\n\n" + "\n".join(lines) + "\n\nTrân trọng.",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
    return {"soon": len(soon), "overdue": len(overdue), "emails": len(letters)}
