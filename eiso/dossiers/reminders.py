"""Reminders of dossier steps: due within one working day, or overdue, to the person handling the
step and the head of its unit; online dossiers waiting for acceptance (alert within 2 hours,
NĐ 118/2025 Điều 17) and dossiers not supplemented within 15 days of the request, whose closure
is proposed (Điều 19.5), to the agency's one-stop officers. E-mail; the console backend prints
them in the demo. Run it every hour or so, and at least nightly (cron or Celery beat)."""

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from eiso.dossiers import selectors, services
from eiso.dossiers.models import OPEN_STATUSES, Dossier, DossierStep, Status


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
            cal = services.calendar_for(step.dossier.agency)
            horizon[province] = cal.add_working_hours(now, cal.office_day_hours)
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


def online_to_accept() -> list:
    """Online dossiers not yet accepted, oldest first."""
    return list(selectors.online_to_accept().select_related("agency").order_by("received_at"))


def closures_to_propose(*, now: datetime) -> list:
    """Dossiers still waiting for their supplement 15 days after the request: the officer is asked
    to close them (the closure notice is theirs to issue; eISO does not close on its own)."""
    waiting = (
        Dossier.objects.filter(status=Status.SUPPLEMENT, supplement_requested_at__isnull=False)
        .select_related("agency")
        .order_by("supplement_requested_at")
    )
    return [dossier for dossier in waiting if services.closure_due(dossier) < now]


def officers(agency_id: int) -> set[str]:
    from eiso.accounts.models import Membership, Role

    rows = Membership.objects.filter(agency_id=agency_id, role=Role.ONE_STOP_OFFICER, is_active=True)
    return {m.user.email for m in rows.select_related("user") if m.user.email}


def send_reminders(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    soon, overdue = steps_to_remind(now=now)
    letters: dict[str, list[str]] = defaultdict(list)
    closures = closures_to_propose(now=now)
    for dossier in closures:
        line = (
            f"Đề xuất kết thúc hồ sơ {dossier.code}: người nộp chưa bổ sung sau 15 ngày kể từ ngày yêu cầu "
            f"({timezone.localtime(dossier.supplement_requested_at):%d/%m/%Y})"
        )
        for email in officers(dossier.agency_id):
            letters[email].append(line)
    waiting = online_to_accept()
    for dossier in waiting:
        line = (
            f"Hồ sơ trực tuyến {dossier.code} chờ tiếp nhận chính thức, "
            f"hạn {timezone.localtime(dossier.acceptance_due):%H:%M %d/%m/%Y}"
        )
        for email in officers(dossier.agency_id):
            letters[email].append(line)
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
    return {
        "soon": len(soon),
        "overdue": len(overdue),
        "online": len(waiting),
        "closures": len(closures),
        "emails": len(letters),
    }
