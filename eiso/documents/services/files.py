"""The text of a version's attached file, for search and for comparing versions (issue 15).

The upload gate (core.uploads) has accepted the file before it was stored; its text is read
afterwards, from storage, in the sandbox (core.sandbox: a child process limited in time and
memory), by the task in documents/tasks.py: in the worker in production, inline without a broker.
"""

import logging
from pathlib import PurePath

from django.db import transaction

from eiso.core import sandbox
from eiso.documents.models import DocumentVersion
from eiso.documents.services.common import search_text

logger = logging.getLogger(__name__)


def version_read_text(*, version_id: int) -> bool:
    """Read the text of a version's file into `file_text` (and the document's search column when it
    is the current version); False when the version or its file is gone or was replaced meanwhile.
    Derived data, like the search column: no audit entry."""
    version = DocumentVersion.objects.select_related("document").filter(pk=version_id).first()
    if version is None or not version.file:
        return False
    name = version.file.name
    try:
        with version.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        logger.warning("document version %s: file %s cannot be read", version.pk, name)
        return False
    text = sandbox.file_text(data, PurePath(name).suffix.lower().lstrip("."))
    with transaction.atomic():
        # Written only if the version still holds that file: a newer upload has its own task.
        updated = DocumentVersion.objects.filter(pk=version.pk, file=name).update(file_text=text)
        document = version.document
        if updated and document.current_version_id == version.pk:
            version.file_text = text
            document.search_text = search_text(document, version)
            document.save(update_fields=["search_text", "updated_at"])
    return bool(updated)
