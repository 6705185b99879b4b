"""The Celery application. Only `tasks.py` modules import Celery (STYLE.md §11).

With REDIS_URL set, tasks go to Redis and a worker runs them
(`celery -A eiso.core.tasks worker`); without it they run inline (eager), so the demo
and the tests need no broker.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")

app = Celery("eiso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="core.ping")
def ping() -> str:
    """Lets operators and CI check that a worker answers."""
    return "pong"


# Periodic work run by `celery -A eiso.core.tasks beat` (or the same commands from cron).
app.conf.beat_schedule = {
    "improvement.send_calendar_reminders": {
        "task": "improvement.send_calendar_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}


@app.task(name="core.build_archive_package")
def build_archive_package(package_id: int) -> str:
    """Build an agency's archive package of one year (core.archive)."""
    from eiso.core import archive
    from eiso.core.models import ArchivePackage

    package = ArchivePackage.objects.select_related("agency__province", "requested_by").get(pk=package_id)
    archive.package_build(package)
    return package.status


def start_archive_package(package) -> None:
    """Queue the build of a requested package once its row is committed."""
    from django.db import transaction

    transaction.on_commit(lambda: build_archive_package.delay(package.pk))
