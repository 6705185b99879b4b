"""A checked upload kept between its preview (the dry run) and the user's confirmation.

The file goes to the default storage (so it works on object storage and across workers); the
session remembers which file the preview showed and for whom (the province or agency it was checked
for), so confirming imports exactly that file, validated again by its service. One pending file per
session and kind of import: a new upload replaces the old one. Used by the procedure catalogue
import and the people import.
"""

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


@dataclass
class PendingFile:
    token: str
    path: str
    filename: str
    scope_id: int  # the province or agency the preview was for

    def read(self) -> bytes:
        with default_storage.open(self.path, "rb") as handle:
            return handle.read()


@dataclass(frozen=True)
class PendingSlot:
    """Where one kind of import keeps its pending file: a session key and a storage folder."""

    session_key: str
    folder: str

    def stash(self, session, *, data: bytes, filename: str, scope_id: int) -> PendingFile:
        self.discard(session)
        token = uuid.uuid4().hex
        extension = PurePath(filename).suffix.lower()
        path = default_storage.save(f"{self.folder}/{token}{extension}", ContentFile(data))
        pending = PendingFile(token=token, path=path, filename=filename, scope_id=scope_id)
        session[self.session_key] = pending.__dict__
        return pending

    def get(self, session, token: str, *, scope_id: int) -> PendingFile | None:
        """The pending file of this token, checked for `scope_id`; None when gone or not its own."""
        stored = session.get(self.session_key)
        if not stored or stored.get("token") != token or stored.get("scope_id") != scope_id:
            return None
        if not default_storage.exists(stored["path"]):
            return None
        return PendingFile(**stored)

    def discard(self, session) -> None:
        stored = session.pop(self.session_key, None)
        if stored and default_storage.exists(stored["path"]):
            default_storage.delete(stored["path"])
