"""Background work of the improvement app: thin wrappers that call its modules (STYLE.md §11).
Without a broker Celery runs them inline (eager), so the demo and the tests need no worker."""

from django.utils import timezone

from eiso.core.tasks import app
from eiso.improvement import calendar_reminders


@app.task(name="improvement.send_calendar_reminders")
def send_calendar_reminders() -> dict:
    """E-mail each person their overdue and soon-due QMS calendar items; scheduled daily by the beat."""
    return calendar_reminders.send_calendar_reminders(today=timezone.localdate())
