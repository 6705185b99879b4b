"""Webhooks: HMAC signing, the outbox with retries and back-off, idempotent delivery ids."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.procedures import services, webhooks
from eiso.procedures.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


class Receiver:
    """A fake one-stop system: answers with the given status codes in turn, records requests."""

    def __init__(self, *codes):
        self.codes = list(codes)
        self.requests = []

    def __call__(self, *, url, body, headers):
        self.requests.append((url, body, headers))
        code = self.codes.pop(0) if self.codes else 200
        return webhooks.Answer(code, "" if code else "Không kết nối được: refused")


@pytest.fixture
def endpoint(agency_a, secretary_a):
    return services.webhook_endpoint_create(
        agency=agency_a, url="https://motcua.example.vn/hooks/eiso", actor=secretary_a
    )


def queue(agency, key="process.published:1:1"):
    return services.webhook_enqueue(
        agency=agency, event=WebhookDelivery.Event.PROCESS_PUBLISHED, event_key=key, payload={"process": 1}
    )


def test_secretary_registers_an_endpoint_with_a_generated_secret(endpoint, secretary_a):
    assert len(endpoint.secret) == 64
    assert AuditEntry.objects.filter(action="webhook_endpoint.create", target_id=str(endpoint.pk)).exists()


def test_staff_cannot_register_an_endpoint(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.webhook_endpoint_create(agency=agency_a, url="https://a.example.vn/", actor=staff_a)


def test_the_same_url_cannot_be_registered_twice(endpoint, agency_a, secretary_a):
    with pytest.raises(DomainError, match="đã được đăng ký"):
        services.webhook_endpoint_create(agency=agency_a, url=endpoint.url, actor=secretary_a)


def test_a_delivery_is_signed_with_hmac_over_timestamp_and_body(endpoint, agency_a):
    queue(agency_a)
    receiver = Receiver(200)
    services.webhook_deliver_due(send=receiver)
    _, body, headers = receiver.requests[0]
    assert webhooks.verify(
        secret=endpoint.secret,
        timestamp=headers["X-Eiso-Timestamp"],
        body=body,
        header=headers["X-Eiso-Signature"],
    )
    assert not webhooks.verify(
        secret="wrong", timestamp=headers["X-Eiso-Timestamp"], body=body, header=headers["X-Eiso-Signature"]
    )
    document = json.loads(body)
    assert document["event"] == "process.published"
    assert document["id"] == headers["X-Eiso-Delivery"]
    assert document["data"] == {"process": 1}


def test_queuing_the_same_event_twice_gives_one_delivery(endpoint, agency_a):
    first = queue(agency_a)
    second = queue(agency_a)
    assert first[0].pk == second[0].pk
    assert WebhookDelivery.objects.count() == 1
    assert queue(agency_a, key="process.published:1:2")[0].delivery_id != first[0].delivery_id


def test_a_failed_attempt_is_retried_later_with_the_same_delivery_id(endpoint, agency_a):
    queue(agency_a)
    now = timezone.now()
    receiver = Receiver(500, None, 200)
    assert services.webhook_deliver_due(now=now, send=receiver) == {"delivered": 0, "retry": 1, "failed": 0}
    delivery = WebhookDelivery.objects.get()
    assert delivery.next_attempt_at == now + timedelta(minutes=1)
    assert delivery.last_error == "Máy nhận trả lời mã 500."
    # Not due yet: nothing is sent.
    assert services.webhook_deliver_due(now=now + timedelta(seconds=30), send=receiver)["retry"] == 0
    services.webhook_deliver_due(now=now + timedelta(minutes=1), send=receiver)
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == now + timedelta(minutes=1) + timedelta(minutes=2)
    services.webhook_deliver_due(now=now + timedelta(minutes=3), send=receiver)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 3
    ids = {headers["X-Eiso-Delivery"] for _, _, headers in receiver.requests}
    assert ids == {str(delivery.delivery_id)}


def test_back_off_doubles_up_to_six_hours():
    assert [webhooks.next_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert webhooks.next_delay(20) == timedelta(hours=6)


def test_delivery_gives_up_after_the_last_attempt_and_can_be_retried_by_hand(endpoint, agency_a, secretary_a):
    queue(agency_a)
    now = timezone.now()
    for attempt in range(webhooks.MAX_ATTEMPTS):
        services.webhook_deliver_due(now=now + timedelta(days=attempt), send=Receiver(503))
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS

    services.webhook_delivery_retry(delivery=delivery, actor=secretary_a)
    services.webhook_deliver_due(send=Receiver(204))
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert AuditEntry.objects.filter(action="webhook_delivery.retry").exists()


def test_only_failed_deliveries_can_be_retried(endpoint, agency_a, secretary_a):
    delivery = queue(agency_a)[0]
    with pytest.raises(DomainError):
        services.webhook_delivery_retry(delivery=delivery, actor=secretary_a)


def test_deactivating_an_endpoint_stops_its_pending_deliveries(endpoint, agency_a, secretary_a):
    queue(agency_a)
    services.webhook_endpoint_deactivate(endpoint=endpoint, actor=secretary_a)
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.FAILED
    assert queue(agency_a, key="other") == []
    assert WebhookEndpoint.objects.get().is_active is False


def test_events_of_one_agency_go_only_to_its_endpoints(endpoint, agency_b):
    assert queue(agency_b) == []


def test_deliver_webhooks_command_and_task_send_due_events(endpoint, agency_a, monkeypatch):
    receiver = Receiver(200, 200)
    monkeypatch.setattr(webhooks, "send_http", receiver)
    queue(agency_a)
    call_command("deliver_webhooks")
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED

    from eiso.procedures import tasks

    queue(agency_a, key="second")
    assert tasks.deliver_webhooks.delay().get() == {"delivered": 1, "retry": 0, "failed": 0}
