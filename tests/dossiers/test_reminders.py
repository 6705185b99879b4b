import pytest
from django.core import mail
from django.core.management import call_command

from eiso.dossiers import services
from eiso.dossiers.models import Channel
from eiso.dossiers.reminders import send_reminders
from tests.dossiers.factories import at, process_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_due_soon_and_overdue_steps_reach_handler_and_unit_head(
    officer_a, staff_a, agency_a, unit_a, procedure_a
):
    head = MembershipFactory(agency=agency_a, unit=unit_a, is_unit_head=True, role="staff").user
    # Two steps: the last one is always due at the legal due moment, the first earlier.
    process_for(agency_a, procedure_a, [("Thẩm định", 4, unit_a, None), ("Ký duyệt", 4, None, None)])
    late = services.dossier_receive(
        agency=agency_a,
        procedure=procedure_a,
        actor=officer_a,
        applicant_name="A",
        channel=Channel.DIRECT,
        components=[1, 2],
        received_at=at(2026, 3, 2, 9),
    )
    services.step_start(step=late.steps.get(order=1), actor=staff_a, at=at(2026, 3, 2, 9))
    soon = services.dossier_receive(
        agency=agency_a,
        procedure=procedure_a,
        actor=officer_a,
        applicant_name="B",
        channel=Channel.DIRECT,
        components=[1, 2],
        received_at=at(2026, 3, 3, 9),
    )
    # 4 office hours are 4/7.5 of a working day: the first step of a dossier received Monday is
    # due Tuesday 11:30, that of one received Tuesday, Wednesday 11:30.
    result = send_reminders(now=at(2026, 3, 4, 10))
    assert (result["soon"], result["overdue"]) == (1, 1)
    recipients = {m.to[0]: m.body for m in mail.outbox}
    assert late.code in recipients[staff_a.email] and soon.code not in recipients[staff_a.email]
    assert late.code in recipients[head.email] and soon.code in recipients[head.email]


def test_command_runs(capsys):
    call_command("dossier_reminders")
    assert "bước sắp đến hạn" in capsys.readouterr().out


def test_online_dossiers_waiting_alert_the_officers(officer_a, agency_a, procedure_a):
    dossier = services.dossier_receive(
        agency=agency_a,
        procedure=procedure_a,
        actor=officer_a,
        applicant_name="C",
        channel=Channel.ONLINE,
        components=[1, 2],
        received_at=at(2026, 3, 2, 9),
    )
    assert send_reminders(now=at(2026, 3, 2, 10))["online"] == 1
    assert dossier.code in mail.outbox[0].body and mail.outbox[0].to == [officer_a.email]
    services.dossier_accept(dossier=dossier, actor=officer_a, at=at(2026, 3, 2, 10))
    mail.outbox.clear()
    assert send_reminders(now=at(2026, 3, 2, 11))["online"] == 0
