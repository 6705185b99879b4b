"""Signing and sending webhook events; the outbox rows live in models/webhooks.py and the
state changes (queue, deliver, retry) in services_webhooks.py.

A receiver checks an event like this (any language):

    expected = hex(HMAC-SHA256(secret, X-Eiso-Timestamp + "." + raw_body))
    accept if X-Eiso-Signature == "sha256=" + expected and the timestamp is recent,
    and ignore an X-Eiso-Delivery id it has already processed.
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.serializers.json import DjangoJSONEncoder

SIGNATURE_HEADER = "X-Eiso-Signature"
# Fixed namespace so the same event for the same endpoint always gets the same delivery id.
DELIVERY_NAMESPACE = uuid.UUID("6f0c3b52-7a53-4d3c-9d65-0e1b6a1f2c11")
TIMEOUT_SECONDS = 10
MAX_ATTEMPTS = 8
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)


def delivery_id_for(*, endpoint_id: int, event_key: str) -> uuid.UUID:
    """The delivery id of one event for one endpoint: queuing it twice gives the same id."""
    return uuid.uuid5(DELIVERY_NAMESPACE, f"{endpoint_id}|{event_key}")


def body_bytes(*, delivery_id: uuid.UUID, event: str, payload: dict, created_at: datetime) -> bytes:
    document = {"id": str(delivery_id), "event": event, "created_at": created_at.isoformat(), "data": payload}
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True).encode("utf-8")


def signature(*, secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def verify(*, secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """What a receiver does; used by the tests and offered to integrators as the reference."""
    return hmac.compare_digest(signature(secret=secret, timestamp=timestamp, body=body), header)


def headers(*, secret: str, delivery_id: uuid.UUID, event: str, body: bytes, now: datetime) -> dict[str, str]:
    timestamp = str(int(now.timestamp()))
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "eISO-webhooks/1",
        "X-Eiso-Event": event,
        "X-Eiso-Delivery": str(delivery_id),
        "X-Eiso-Timestamp": timestamp,
        SIGNATURE_HEADER: signature(secret=secret, timestamp=timestamp, body=body),
    }


def next_delay(attempts: int) -> timedelta:
    """Back-off after the `attempts`-th failure: 1, 2, 4 … minutes, at most 6 hours."""
    return min(FIRST_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str

    @property
    def is_acknowledged(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def send_http(*, url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST the event; any 2xx answer acknowledges it, anything else is retried later."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (http/https only: URLField)
            return Answer(response.status, "")
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, f"Máy nhận trả lời mã {exc.code}.")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Answer(None, f"Không kết nối được: {reason}")
