"""Background work of oversight: thin wrappers that call services (STYLE.md §11). Without a
broker Celery runs them inline (eager), so the demo and the tests need no worker."""

from django.db import transaction
from django.utils import timezone

from eiso.core.tasks import app
from eiso.oversight import services
from eiso.oversight.models import Report


@app.task(name="oversight.generate_report")
def generate_report(report_id: int, actor_id: int) -> str:
    """Compute a report's figures and render its .docx and PDF."""
    from eiso.accounts.models import User

    report = Report.objects.select_related("province").get(pk=report_id)
    actor = User.objects.get(pk=actor_id)
    return services.report_build(report=report, actor=actor, today=timezone.localdate()).status


def start_report_generation(*, report: Report, actor) -> Report:
    """Mark the report and queue its generation once the marking is committed."""
    report = services.report_request_generation(report=report, actor=actor)
    transaction.on_commit(lambda: generate_report.delay(report.pk, actor.pk))
    return report
