"""The text of a version's attached file: read after the upload commits (a task; inline without a
broker), in the sandbox, into the version and, for the current version, the search column; the
comparison of two versions reads it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eiso.core import rendering, sandbox
from eiso.documents import selectors, services
from eiso.documents.models import DocumentVersion
from eiso.documents.services.files import version_read_text
from tests.documents.factories import DocumentVersionFactory, published_version
from tests.hostile_files import docx_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _attach(version, actor, name, data, capture):
    with capture(execute=True):
        services.version_update(
            version=version,
            actor=actor,
            expected_revision=version.revision,
            body="",
            change_summary="",
            upload=SimpleUploadedFile(name, data),
        )
    version.refresh_from_db()
    return version


def test_the_text_of_each_kind_is_read(document_a, staff_a, django_capture_on_commit_callbacks):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    pdf = rendering.html_to_pdf("<p>Quy trình tiếp nhận hồ sơ</p>")
    for name, data, text in [
        ("qt.docx", docx_bytes("Bước 1: tiếp nhận"), "Bước 1: tiếp nhận"),
        ("dm.xlsx", xlsx_bytes(["Mã hồ sơ", "Nơi lưu"]), "Mã hồ sơ | Nơi lưu"),
        ("qt.pdf", pdf, "Quy trình tiếp nhận hồ sơ"),
    ]:
        version = _attach(version, staff_a, name, data, django_capture_on_commit_callbacks)
        assert text in version.file_text, name


def test_the_current_versions_text_feeds_the_search_column(document_a, secretary_a):
    version = published_version(document_a, author=secretary_a, body="")
    version.file.save("qt.docx", SimpleUploadedFile("qt.docx", docx_bytes("Lưu trữ hồ sơ điện tử")))
    assert version_read_text(version_id=version.pk)
    document_a.refresh_from_db()
    assert "luu tru ho so dien tu" in document_a.search_text


def test_a_file_replaced_while_its_text_was_read_keeps_the_newer_text(document_a, staff_a, monkeypatch):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    version.file.save("a.docx", SimpleUploadedFile("a.docx", docx_bytes("Cũ")))

    def replaced_meanwhile(data, kind):
        DocumentVersion.objects.filter(pk=version.pk).update(file="documents/b.docx", file_text="Mới")
        return "Cũ"

    monkeypatch.setattr(sandbox, "file_text", replaced_meanwhile)
    assert not version_read_text(version_id=version.pk)
    version.refresh_from_db()
    assert version.file_text == "Mới"


def test_a_version_or_file_that_is_gone_is_skipped(document_a, staff_a):
    assert not version_read_text(version_id=0)
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    assert not version_read_text(version_id=version.pk)  # no file
    DocumentVersion.objects.filter(pk=version.pk).update(file="documents/missing.docx")
    assert not version_read_text(version_id=version.pk)


def test_a_file_that_cannot_be_read_in_time_has_no_text(monkeypatch):
    monkeypatch.setattr(sandbox, "TEXT_SECONDS", 0.001)
    assert sandbox.file_text(docx_bytes("Bước 1"), "docx", seconds=0.001) == ""
    assert sandbox.file_text(b"PK\x03\x04broken", "docx") == ""


def test_versions_with_files_are_compared_by_their_text(document_a):
    old = DocumentVersionFactory(document=document_a, number=1, status="superseded", body="")
    old.file_text = sandbox.file_text(docx_bytes("Bước 1: tiếp nhận", "Bước 2: thẩm định"), "docx")
    new = DocumentVersionFactory(document=document_a, number=2, body="")
    new.file_text = sandbox.file_text(docx_bytes("Bước 1: tiếp nhận", "Bước 2: thẩm định, trình ký"), "docx")
    diff = [(line.kind, line.text) for line in selectors.version_diff(old=old, new=new)]
    assert diff == [
        ("same", "Bước 1: tiếp nhận"),
        ("removed", "Bước 2: thẩm định"),
        ("added", "Bước 2: thẩm định, trình ký"),
    ]
