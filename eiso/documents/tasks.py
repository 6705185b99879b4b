"""Background work of document control: thin wrappers that call services (STYLE.md §11). Without a
broker Celery runs them inline (eager), so the demo and the tests need no worker."""

from django.contrib.auth import get_user_model
from django.db import transaction

from eiso.core.errors import DomainError
from eiso.core.tasks import app
from eiso.documents.services import files
from eiso.orgs.models import Agency


# The sandbox stops the reading after core.sandbox.TEXT_SECONDS; these limits only back it up.
@app.task(name="documents.read_version_text", soft_time_limit=60, time_limit=90)
def read_version_text(version_id: int) -> bool:
    """Read the text of a version's attached file, for search and for comparing versions."""
    return files.version_read_text(version_id=version_id)


def read_text_after_commit(version) -> None:
    """Queue the reading of the version's file once the upload is committed. Robust: run inline
    (no broker), a failure to read leaves the version without text, it does not undo the upload."""
    transaction.on_commit(lambda: read_version_text.delay(version.pk), robust=True)


# A folder of 300 files reads in well under a minute; the limits only back the sandbox's up.
@app.task(name="documents.read_folder", soft_time_limit=900, time_limit=960)
def read_folder(agency_id: int, actor_id: int, token: str) -> bool:
    """Read a staged QMS folder for its review (services.folder_read); a refusal of the folder is
    kept as its outcome, which the page shows."""
    from eiso.documents.services import imports  # imports' module reaches this one through versions

    agency = Agency.objects.get(pk=agency_id)
    actor = get_user_model().objects.get(pk=actor_id)
    try:
        imports.folder_read(agency=agency, actor=actor, token=token)
    except DomainError:
        return False
    return True
