"""A checked import file kept between the dry run and the coordinator's confirmation.

The file goes to the default storage (so it works on object storage and across workers);
the session remembers which file the dry run showed, so confirming imports exactly that file,
validated again. Only one pending file per session: a new upload replaces the old one.
"""

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

SESSION_KEY = "pending_procedure_import"
FOLDER = "tmp/procedure-imports"


@dataclass
class PendingImport:
    token: str
    path: str
    filename: str
    province_id: int

    def read(self) -> bytes:
        with default_storage.open(self.path, "rb") as handle:
            return handle.read()


def stash(session, *, data: bytes, filename: str, province_id: int) -> PendingImport:
    discard(session)
    token = uuid.uuid4().hex
    extension = PurePath(filename).suffix.lower()
    path = default_storage.save(f"{FOLDER}/{token}{extension}", ContentFile(data))
    pending = PendingImport(token=token, path=path, filename=filename, province_id=province_id)
    session[SESSION_KEY] = pending.__dict__
    return pending


def get(session, token: str) -> PendingImport | None:
    stored = session.get(SESSION_KEY)
    if not stored or stored.get("token") != token or not default_storage.exists(stored["path"]):
        return None
    return PendingImport(**stored)


def discard(session) -> None:
    stored = session.pop(SESSION_KEY, None)
    if stored and default_storage.exists(stored["path"]):
        default_storage.delete(stored["path"])
