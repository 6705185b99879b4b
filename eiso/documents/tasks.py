"""Background work of document control: thin wrappers that call services (STYLE.md §11). Without a
broker Celery runs them inline (eager), so the demo and the tests need no worker."""

from django.db import transaction

from eiso.core.tasks import app
from eiso.documents.services import files


# The sandbox stops the reading after core.sandbox.TEXT_SECONDS; these limits only back it up.
@app.task(name="documents.read_version_text", soft_time_limit=60, time_limit=90)
def read_version_text(version_id: int) -> bool:
    """Read the text of a version's attached file, for search and for comparing versions."""
    return files.version_read_text(version_id=version_id)


def read_text_after_commit(version) -> None:
    """Queue the reading of the version's file once the upload is committed. Robust: run inline
    (no broker), a failure to read leaves the version without text, it does not undo the upload."""
    transaction.on_commit(lambda: read_version_text.delay(version.pk), robust=True)
