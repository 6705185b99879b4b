"""Webhook endpoints and the outbox: register, deactivate, queue events, deliver with retries.

Queuing happens in the transaction of the change it reports (a published process), so an
event exists exactly when the change was committed; delivery happens later, outside any
user request, by `manage.py deliver_webhooks` or its Celery wrapper (tasks.py).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from eiso.accounts.permissions import require_role
from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.roles import INTEGRATORS
from eiso.procedures import webhooks
from eiso.procedures.models import WebhookDelivery, WebhookEndpoint


@transaction.atomic
def webhook_endpoint_create(*, agency, url: str, description: str = "", actor) -> WebhookEndpoint:
    """Register a URL of the agency; the signing secret is generated here and shown once."""
    require_role(actor, agency, *INTEGRATORS)
    if WebhookEndpoint.objects.filter(agency=agency, url=url, is_active=True).exists():
        raise DomainError("Địa chỉ này đã được đăng ký cho cơ quan.", field="url")
    endpoint = WebhookEndpoint(agency=agency, url=url, description=description, created_by=actor)
    endpoint.full_clean()
    endpoint.save()
    audit.record(actor=actor, action="webhook_endpoint.create", target=endpoint, changes={"url": [None, url]})
    return endpoint


@transaction.atomic
def webhook_endpoint_deactivate(*, endpoint: WebhookEndpoint, actor) -> WebhookEndpoint:
    """Stop sending to an endpoint; its pending deliveries are abandoned, its history kept."""
    require_role(actor, endpoint.agency, *INTEGRATORS)
    if not endpoint.is_active:
        raise DomainError("Địa chỉ này đã ngừng nhận sự kiện.")
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active", "updated_at"])
    endpoint.deliveries.filter(status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED,
        last_error="Địa chỉ nhận đã ngừng hoạt động.",
        next_attempt_at=None,
    )
    audit.record(
        actor=actor,
        action="webhook_endpoint.deactivate",
        target=endpoint,
        changes={"is_active": [True, False]},
    )
    return endpoint


def webhook_enqueue(*, agency, event: str, event_key: str, payload: dict) -> list[WebhookDelivery]:
    """Queue one event for every active endpoint of the agency. `event_key` names the event
    (e.g. "process.published:12:3"); queuing the same key again queues nothing new."""
    queued = []
    now = timezone.now()
    for endpoint in WebhookEndpoint.objects.filter(agency=agency, is_active=True):
        delivery, _ = WebhookDelivery.objects.get_or_create(
            delivery_id=webhooks.delivery_id_for(endpoint_id=endpoint.pk, event_key=event_key),
            defaults={
                "agency": agency,
                "endpoint": endpoint,
                "event": event,
                "payload": payload,
                "next_attempt_at": now,
            },
        )
        queued.append(delivery)
    return queued


def webhook_deliver_due(*, now: datetime | None = None, send=None, limit: int = 200) -> dict:
    """Try every delivery that is due; returns counts by outcome. Each delivery is locked and
    updated in its own transaction, so two workers never send the same attempt twice."""
    now = now or timezone.now()
    send = send or webhooks.send_http
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)[:limit]
    for pk in list(due):
        outcome = _deliver_one(pk=pk, now=now, send=send)
        if outcome:
            counts[outcome] += 1
    return counts


@transaction.atomic
def _deliver_one(*, pk: int, now: datetime, send) -> str | None:
    delivery = (
        WebhookDelivery.objects.select_for_update(skip_locked=True)
        .select_related("endpoint")
        .filter(pk=pk, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return None
    body = webhooks.body_bytes(
        delivery_id=delivery.delivery_id,
        event=delivery.event,
        payload=delivery.payload,
        created_at=delivery.created_at,
    )
    headers = webhooks.headers(
        secret=delivery.endpoint.secret,
        delivery_id=delivery.delivery_id,
        event=delivery.event,
        body=body,
        now=now,
    )
    answer = send(url=delivery.endpoint.url, body=body, headers=headers)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = answer.status_code
    if answer.is_acknowledged:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = ""
        outcome = "delivered"
    elif delivery.attempts >= webhooks.MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
        delivery.last_error = answer.error or f"Máy nhận trả lời mã {answer.status_code}."
        outcome = "failed"
    else:
        delivery.next_attempt_at = now + webhooks.next_delay(delivery.attempts)
        delivery.last_error = answer.error or f"Máy nhận trả lời mã {answer.status_code}."
        outcome = "retry"
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "status",
            "delivered_at",
            "next_attempt_at",
            "last_error",
            "updated_at",
        ]
    )
    return outcome


@transaction.atomic
def webhook_delivery_retry(*, delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """Send a failed delivery again (same delivery id), e.g. after the receiver was repaired."""
    require_role(actor, delivery.agency, *INTEGRATORS)
    if not delivery.is_failed:
        raise DomainError("Chỉ gửi lại được lần gửi đã thất bại.")
    if not delivery.endpoint.is_active:
        raise DomainError("Địa chỉ nhận đã ngừng hoạt động, không gửi lại được.")
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    audit.record(
        actor=actor,
        action="webhook_delivery.retry",
        target=delivery,
        changes={"status": [WebhookDelivery.Status.FAILED, WebhookDelivery.Status.PENDING]},
    )
    return delivery
