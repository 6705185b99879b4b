"""Background work of the procedures app: thin wrappers that call services (STYLE.md §11)."""

from eiso.core.tasks import app
from eiso.procedures import services


@app.task(name="procedures.deliver_webhooks")
def deliver_webhooks() -> dict:
    """Send the webhook events that are due; schedule it every minute with Celery beat."""
    return services.webhook_deliver_due()
