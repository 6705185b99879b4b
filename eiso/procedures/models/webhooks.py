"""Webhooks: the one-stop systems an agency tells when its processes change, and the outbox.

The provincial one-stop system holds each procedure's electronic workflow, which must follow
the approved internal process (TT 01/2018/TT-VPCP, Điều 8). Instead of retyping it, the system
registers a URL here and receives an event each time a process version is published.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from eiso.core.tenancy import AgencyOwned

__all__ = ["WebhookEndpoint", "WebhookDelivery", "new_secret"]


def new_secret() -> str:
    return secrets.token_hex(32)


class WebhookEndpoint(AgencyOwned):
    """A URL registered by an agency to receive signed events about its processes."""

    url = models.URLField("địa chỉ nhận (URL)", max_length=500)
    description = models.CharField("mô tả", max_length=200, blank=True)
    secret = models.CharField("khóa ký", max_length=64, default=new_secret, editable=False)
    is_active = models.BooleanField("đang hoạt động", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["agency", "url"]
        verbose_name = "địa chỉ nhận sự kiện"
        verbose_name_plural = "địa chỉ nhận sự kiện"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "url"],
                condition=Q(is_active=True),
                name="webhook_endpoint_unique_active_url",
            )
        ]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(AgencyOwned):
    """One event for one endpoint, kept in the outbox until the receiver acknowledges it (2xx).

    `delivery_id` is fixed when the event is queued and sent with every attempt, so a receiver
    that got the event but whose answer was lost recognises the retry and ignores it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Đang chờ gửi"
        DELIVERED = "delivered", "Đã gửi thành công"
        FAILED = "failed", "Thất bại, đã ngừng thử lại"

    class Event(models.TextChoices):
        PROCESS_PUBLISHED = "process.published", "Ban hành phiên bản quy trình"
        PROCEDURE_CHANGED = "procedure.changed", "Thủ tục hành chính thay đổi"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.UUIDField("mã lần gửi", default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField("sự kiện", max_length=40, choices=Event.choices)
    payload = models.JSONField("nội dung")
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần đã gửi", default=0)
    next_attempt_at = models.DateTimeField("lần gửi tiếp theo", null=True, blank=True)
    last_attempt_at = models.DateTimeField("lần gửi gần nhất", null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField("mã phản hồi gần nhất", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    delivered_at = models.DateTimeField("gửi thành công lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lần gửi sự kiện"
        verbose_name_plural = "lần gửi sự kiện"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.endpoint.url}"

    @property
    def is_failed(self) -> bool:
        """Given up after the last retry; someone may send it again."""
        return self.status == self.Status.FAILED

    @property
    def may_retry(self) -> bool:
        """Failed, to an endpoint still in use: the retry service accepts it."""
        return self.is_failed and self.endpoint.is_active

    @property
    def badge_style(self) -> str:
        """The Bootstrap colour of its status badge (a delivery has no workflow of its own)."""
        return {self.Status.DELIVERED: "success", self.Status.FAILED: "danger"}.get(self.status, "warning")
