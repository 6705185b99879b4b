from django.core.files.storage import default_storage

from eiso.core.pending_files import PendingSlot

SLOT = PendingSlot("pending_test_import", "tmp/test-imports")


def test_a_pending_file_is_returned_only_for_its_token_and_scope(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session: dict = {}
    pending = SLOT.stash(session, data=b"PK\x03\x04", filename="Danh sách.XLSX", scope_id=7)

    assert pending.path.endswith(".xlsx")
    assert SLOT.get(session, pending.token, scope_id=7).read() == b"PK\x03\x04"
    assert SLOT.get(session, pending.token, scope_id=8) is None  # checked for another agency
    assert SLOT.get(session, "0" * 32, scope_id=7) is None


def test_a_new_file_replaces_the_pending_one_and_discard_removes_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session: dict = {}
    first = SLOT.stash(session, data=b"1", filename="a.json", scope_id=1)
    second = SLOT.stash(session, data=b"2", filename="b.json", scope_id=1)

    assert not default_storage.exists(first.path) and default_storage.exists(second.path)
    SLOT.discard(session)
    assert not default_storage.exists(second.path) and SLOT.session_key not in session
