"""Importing an agency's existing QMS folder (issue 19): the proposals for the fixture folder, the
files refused, and the all-or-nothing import of the confirmed rows."""

import copy

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.documents import folder_import, services
from eiso.documents.models import Document, DocumentVersion, LegalCitation
from tests.documents import folder_fixture
from tests.documents.factories import DocumentFactory, LegalDocumentFactory

# Reading the 40 files takes a child process each: read once for the whole module.
_READINGS: dict = {}


@pytest.fixture(scope="module")
def folder_zip() -> bytes:
    return folder_fixture.folder_zip()


def _upload(data: bytes, name: str = "HTQLCL.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def read_once(monkeypatch):
    real = folder_import.read_folder

    def read(files, on_progress=None):
        key = tuple((item.path, len(item.data or b"")) for item in files)
        if key not in _READINGS:
            _READINGS[key] = real(files, on_progress)
        return copy.deepcopy(_READINGS[key])

    monkeypatch.setattr(folder_import, "read_folder", read)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _proposals(folder_zip) -> list:
    return folder_import.read_folder(folder_import.folder_files([_upload(folder_zip)]))


def test_nine_files_in_ten_get_the_right_code_title_type_version_and_date(folder_zip, read_once):
    proposals = _proposals(folder_zip)
    assert len(proposals) == 41  # the system files of Windows and macOS are left out
    right = []
    for proposal in proposals:
        expected = folder_fixture.EXPECTED.get(proposal.path)
        if expected is None:
            continue
        got = (proposal.code, proposal.title, proposal.kind, proposal.version, proposal.issued_on)
        right.append(
            got == (expected.code, expected.title, expected.kind, expected.version, expected.issued_on)
        )
    assert len(right) == len(folder_fixture.EXPECTED)
    assert sum(right) / len(right) >= 0.9


def test_forms_name_their_procedure_and_documents_their_legal_bases(folder_zip, read_once):
    by_code = {proposal.code: proposal for proposal in _proposals(folder_zip)}
    for form, process in folder_fixture.FORM_PROCESSES.items():
        assert by_code[form].process_code == process
    assert "61/2018/NĐ-CP" in by_code["QT-08"].legal_numbers
    assert "19/2014/QĐ-TTg" in by_code["QT-08"].legal_numbers


def test_corrupt_file_bomb_and_legacy_doc_are_refused_in_vietnamese(folder_zip, read_once):
    by_path = {proposal.path.split("/", 1)[1]: proposal for proposal in _proposals(folder_zip)}
    assert "hỏng" in by_path[folder_fixture.CORRUPT].refusal
    assert "bom nén" in by_path[folder_fixture.BOMB].refusal
    assert "LibreOffice" in by_path[folder_fixture.LEGACY].refusal
    scanned = by_path[folder_fixture.SCANNED]
    assert not scanned.refusal and scanned.code == "QT-10"
    assert folder_import.NO_TEXT in scanned.warnings


def test_the_folder_is_read_in_batch_children_not_a_child_per_file(monkeypatch):
    import subprocess

    from eiso.core import sandbox

    files = folder_fixture.folder_files()
    kept = {path: data for path, data in files.items() if path.endswith((".docx", ".pdf", ".odt", ".xlsx"))}
    batches, singles = [], []
    popen, run = subprocess.Popen, subprocess.run
    monkeypatch.setattr(
        sandbox.subprocess, "Popen", lambda command, **kw: batches.append(1) or popen(command, **kw)
    )
    monkeypatch.setattr(
        sandbox.subprocess, "run", lambda command, **kw: singles.append(1) or run(command, **kw)
    )
    proposals = folder_import.read_folder(
        folder_import.folder_files([_upload(folder_fixture.folder_zip(kept))])
    )
    assert len(proposals) == 40 and sum(1 for proposal in proposals if proposal.text) >= 35
    assert singles == [] and len(batches) == 3  # the PDFs opened, then the text in two children


def test_a_bomb_inside_the_uploaded_zip_is_refused_as_one_row():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bom.pdf", b"\x00" * (4 * 1024 * 1024))
        archive.writestr("QT-01 Quy trình.docx", b"not a document")
    files = folder_import.folder_files([_upload(buffer.getvalue())])
    assert [item.path for item in files] == ["bom.pdf", "QT-01 Quy trình.docx"]
    assert files[0].data is None and "bom nén" in files[0].refusal
    assert files[1].data == b"not a document"


def _confirmed(rows) -> list[dict]:
    return [
        {**row.initial, "index": row.index}
        for row in rows
        if not row.is_refused and not row.duplicate and row.proposal["code"]
    ]


@pytest.mark.django_db
def test_secretary_imports_the_folder_as_published_searchable_documents(
    folder_zip, read_once, media, agency_a, secretary_a, client, django_capture_on_commit_callbacks
):
    decree = LegalDocumentFactory(province=agency_a.province, number="61/2018/NĐ-CP")
    DocumentFactory(agency=agency_a, code="QT-03", title="Quy trình đánh giá nội bộ (đã có)")
    token = services.folder_stage(agency=agency_a, actor=secretary_a, uploaded=[_upload(folder_zip)])
    assert Document.objects.filter(agency=agency_a).count() == 1  # nothing saved before confirmation

    rows = services.folder_review(agency=agency_a, actor=secretary_a, token=token)
    duplicates = {row.proposal["code"]: row.duplicate for row in rows if row.duplicate}
    assert "đã có trong cơ quan" in duplicates["QT-03"]
    assert "Trùng mã QT-02" in duplicates["QT-02"]
    assert next(row for row in rows if row.proposal["code"] == "QT-08").legal_found == ["61/2018/NĐ-CP"]

    confirmed = _confirmed(rows)
    with django_capture_on_commit_callbacks(execute=True):
        documents = services.folder_import_confirm(
            agency=agency_a, actor=secretary_a, token=token, rows=confirmed
        )

    assert len(documents) == len(confirmed) == 35
    qt01 = Document.objects.get(agency=agency_a, code="QT-01")
    version = qt01.current_version
    assert version.status == DocumentVersion.Status.PUBLISHED and version.number == 2
    assert version.effective_on.isoformat() == "2020-03-15"
    assert (
        version.file.name.endswith("QT-01_Kiem_soat_tai_lieu.docx")
        and "KIỂM SOÁT TÀI LIỆU" in version.file_text
    )
    assert LegalCitation.objects.filter(legal_document=decree).count() >= 1
    assert AuditEntry.objects.filter(action="document_version.import").count() == 35
    client.force_login(secretary_a)
    page = client.get("/documents/", {"q": "dang ky ket hon"}).content.decode()
    assert "QT.TP.03" in page and "QT-01" not in page
    assert not default_storage.exists(
        f"staging/folder-import/{agency_a.pk}/{secretary_a.pk}/{token}/manifest.json"
    )


@pytest.mark.django_db
def test_a_failure_saves_nothing(folder_zip, read_once, media, agency_a, secretary_a, monkeypatch):
    token = services.folder_stage(agency=agency_a, actor=secretary_a, uploaded=[_upload(folder_zip)])
    rows = services.folder_review(agency=agency_a, actor=secretary_a, token=token)
    confirmed = _confirmed(rows)
    clash = [*confirmed[:3], {**confirmed[3], "code": confirmed[0]["code"]}]
    with pytest.raises(DomainError, match="dùng cho hai tệp"):
        services.folder_import_confirm(agency=agency_a, actor=secretary_a, token=token, rows=clash)
    refused = next(row for row in rows if row.is_refused)
    with pytest.raises(DomainError, match="bị từ chối"):
        services.folder_import_confirm(
            agency=agency_a, actor=secretary_a, token=token, rows=[{**confirmed[0], "index": refused.index}]
        )

    # A failure on the fifth document undoes the four before it, files included.
    from eiso.documents.services import imports

    real = imports._published_version
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "_published_version", failing)
    with pytest.raises(RuntimeError):
        services.folder_import_confirm(agency=agency_a, actor=secretary_a, token=token, rows=confirmed)
    assert not Document.objects.filter(agency=agency_a).exists()
    assert not AuditEntry.objects.filter(action__startswith="document").exists()
    assert not (media / "documents").exists() or not any((media / "documents").rglob("*.*"))


@pytest.mark.django_db
def test_staff_cannot_import_a_folder(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.folder_stage(agency=agency_a, actor=staff_a, uploaded=[_upload(b"PK")])


@pytest.mark.django_db
def test_another_users_token_opens_nothing(media, agency_a, secretary_a, leader_a):
    files = [
        _upload(folder_fixture.folder_files()[f"{folder_fixture.ROOT}/{folder_fixture.LEGACY}"], "cu.doc")
    ]
    token = services.folder_stage(agency=agency_a, actor=secretary_a, uploaded=files)
    with pytest.raises(DomainError, match="không còn"):
        services.folder_review(agency=agency_a, actor=leader_a, token=token)
    with pytest.raises(DomainError, match="không còn"):
        services.folder_review(agency=agency_a, actor=secretary_a, token="../../etc")
