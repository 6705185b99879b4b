"""The `send_acknowledgement_reminders` command."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from eiso.documents.models import Acknowledgement
from tests.documents.factories import AcknowledgementFactory, published_version

pytestmark = pytest.mark.django_db


def _asked(version, user, days_ago):
    ack = AcknowledgementFactory(version=version, user=user)
    Acknowledgement.objects.filter(pk=ack.pk).update(requested_at=timezone.now() - timedelta(days=days_ago))
    return ack


def test_reminds_only_unread_and_old_enough_requests(
    document_a, staff_a, officer_a, auditor_a, mailoutbox, capsys
):
    version = published_version(document_a)
    _asked(version, staff_a, days_ago=5)
    _asked(version, officer_a, days_ago=1)
    read = _asked(version, auditor_a, days_ago=5)
    Acknowledgement.objects.filter(pk=read.pk).update(acknowledged_at=timezone.now())

    call_command("send_acknowledgement_reminders")

    assert [message.to for message in mailoutbox] == [[staff_a.email]]
    assert "[Nhắc lại]" in mailoutbox[0].subject and document_a.code in mailoutbox[0].subject
    assert "Đã nhắc 1 người" in capsys.readouterr().out


def test_does_not_remind_twice_within_the_interval(document_a, staff_a, mailoutbox):
    _asked(published_version(document_a), staff_a, days_ago=5)
    call_command("send_acknowledgement_reminders")
    call_command("send_acknowledgement_reminders")
    assert len(mailoutbox) == 1
    assert Acknowledgement.objects.get(user=staff_a).reminded_at is not None
