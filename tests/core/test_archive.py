"""Archive packages (issue 20, item 3): the records of an agency-year as PDF/A renditions, original
files, metadata and a manifest of SHA-256 checksums; a package verifies on re-import, and a tampered
file, a missing or a duplicated entry is reported."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader

from eiso.core import archive
from eiso.core.models import ArchivePackage, AuditEntry
from tests.core.records_helpers import audit_acknowledged, nonconformity_closed, review_held
from tests.improvement.factories import ChecklistLineFactory

YEAR = 2025


def demo_year(agency, chair):
    """A demo-like agency-year: two audits (one with evidence), two closed NCs, a held review, and
    records of other years that stay out."""
    first = audit_acknowledged(agency, date(YEAR, 6, 12))
    line = ChecklistLineFactory(audit=first)
    line.evidence_file.save("bien-ban-hop.pdf", ContentFile(b"%PDF-1.4 bien ban"), save=True)
    audit_acknowledged(agency, date(YEAR, 11, 28))
    nonconformity_closed(agency, date(YEAR, 3, 2))
    nonconformity_closed(agency, date(YEAR, 9, 15))
    review_held(agency, date(YEAR, 12, 20), chair)
    audit_acknowledged(agency, date(YEAR + 1, 1, 5))
    nonconformity_closed(agency, date(YEAR - 1, 12, 31))


def assert_pdf_a_3b(data: bytes) -> None:
    """The rendition declares PDF/A-3b in its XMP metadata and carries the PDF/A output intent."""
    root = PdfFileReader(io.BytesIO(data)).root
    metadata = root["/Metadata"].data
    assert b'pdfaid:part="3"' in metadata and b'pdfaid:conformance="B"' in metadata
    assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"


def package_of(agency) -> bytes:
    stream = io.BytesIO()
    archive.build(agency=agency, year=YEAR, stream=stream)
    return stream.getvalue()


def rewritten(data: bytes, change) -> io.BytesIO:
    """The package with its members passed through `change(name, content) -> [(name, content)]`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            for name, content in change(info.filename, source.read(info)):
                target.writestr(name, content)
    out.seek(0)
    return out


def manifest_changed(data: bytes, edit) -> io.BytesIO:
    def change(name, content):
        if name == archive.MANIFEST:
            manifest = json.loads(content)
            edit(manifest)
            content = json.dumps(manifest).encode()
        return [(name, content)]

    return rewritten(data, change)


@pytest.fixture
def package(agency_a, leader_a) -> bytes:
    demo_year(agency_a, leader_a)
    return package_of(agency_a)


@pytest.mark.django_db
def test_the_package_of_a_demo_agency_year_verifies(package, agency_a):
    result = archive.verify(io.BytesIO(package))
    assert result.problems == []
    assert (result.records, result.year, result.agency) == (5, YEAR, agency_a.name)
    with zipfile.ZipFile(io.BytesIO(package)) as opened:
        names = opened.namelist()
        manifest = json.loads(opened.read(archive.MANIFEST))
        assert len([n for n in names if n.endswith("/metadata.json")]) == 5
        assert len([n for n in names if n.endswith(archive.RENDITION)]) == 5
        original = next(n for n in names if "/goc/" in n)
        assert opened.read(original) == b"%PDF-1.4 bien ban"
        rendition = opened.read(next(n for n in names if n.endswith(archive.RENDITION)))
        assert_pdf_a_3b(rendition)
        metadata = json.loads(opened.read(f"{manifest['records'][0]['folder']}/metadata.json"))
    assert {"code", "title", "author", "dates", "retention", "files"} <= set(metadata)
    assert metadata["retention"]["period"] == "05 năm"
    assert all(len(f["sha256"]) == 64 for f in metadata["files"])
    assert len(manifest["files"]) == len(names) - 1


@pytest.mark.django_db
def test_a_tampered_file_is_reported(package):
    tampered = next(
        n for n in zipfile.ZipFile(io.BytesIO(package)).namelist() if n.endswith("/metadata.json")
    )
    result = archive.verify(
        rewritten(package, lambda name, content: [(name, content + b" " if name == tampered else content)])
    )
    assert result.problems == [f"Tệp “{tampered}”: mã băm SHA-256 không khớp, tệp đã bị thay đổi."]


@pytest.mark.django_db
def test_a_missing_file_and_an_extra_file_are_reported(package):
    rendition = next(
        n for n in zipfile.ZipFile(io.BytesIO(package)).namelist() if n.endswith(archive.RENDITION)
    )

    def change(name, content):
        if name == rendition:
            return [("records/la.pdf", content)]
        return [(name, content)]

    problems = archive.verify(rewritten(package, change)).problems
    assert f"Thiếu tệp “{rendition}” có trong bảng kê." in problems
    assert "Tệp “records/la.pdf” có trong gói nhưng không có trong bảng kê." in problems


@pytest.mark.django_db
def test_a_record_missing_from_the_manifest_is_reported(package):
    dropped = {}

    def edit(manifest):
        dropped.update(manifest["records"].pop())

    problems = archive.verify(manifest_changed(package, edit)).problems
    assert "Bảng kê ghi 5 hồ sơ nhưng liệt kê 4 hồ sơ." in problems
    assert f"Hồ sơ tại “{dropped['folder']}” không có trong danh sách hồ sơ của bảng kê." in problems


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Duplicate name")  # the doubled member is the point of the test
def test_a_duplicated_record_and_a_duplicated_member_are_reported(package):
    def edit(manifest):
        manifest["records"].append(manifest["records"][0])
        manifest["record_count"] += 1

    ident = json.loads(zipfile.ZipFile(io.BytesIO(package)).read(archive.MANIFEST))["records"][0]["id"]
    assert (
        f"Hồ sơ {ident} được ghi 2 lần trong bảng kê."
        in archive.verify(manifest_changed(package, edit)).problems
    )

    first = next(n for n in zipfile.ZipFile(io.BytesIO(package)).namelist() if n.endswith(archive.RENDITION))
    doubled = rewritten(package, lambda name, content: [(name, content)] * (2 if name == first else 1))
    assert f"Tệp “{first}” xuất hiện 2 lần trong gói." in archive.verify(doubled).problems


@pytest.mark.django_db
def test_a_file_that_is_not_a_package_is_reported():
    assert archive.verify(io.BytesIO(b"not a zip")).problems == [
        "Tệp không phải gói lưu trữ .zip hợp lệ (tệp nén hỏng hoặc sai định dạng)."
    ]
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    assert archive.verify(empty).problems == ["Gói không có bảng kê manifest.json."]


@pytest.mark.django_db
def test_the_secretary_builds_downloads_and_verifies_a_package_from_the_pages(
    client, secretary_a, leader_a, agency_a, django_capture_on_commit_callbacks
):
    demo_year(agency_a, leader_a)
    client.force_login(secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:package_request"), {"year": YEAR})
    package = ArchivePackage.objects.get(agency=agency_a)
    assert (package.status, package.total, package.done) == (ArchivePackage.Status.DONE, 5, 5)
    assert AuditEntry.objects.filter(action="archive_package.generated").count() == 1
    response = client.get(reverse("core:package_download", args=[package.pk]))
    data = b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment")
    page = client.post(
        reverse("core:package_verify"), {"package": ContentFile(data, name="goi.zip")}
    ).content.decode()
    assert "Gói hợp lệ: 5 hồ sơ" in page
    assert (
        "Năm lập gói lưu trữ phải từ 2000"
        in client.post(reverse("core:package_request"), {"year": 2999}, follow=True).content.decode()
    )


@pytest.mark.django_db
def test_the_command_verifies_a_package_and_reports_a_tampered_one(package, tmp_path):
    good = tmp_path / "goi.zip"
    good.write_bytes(package)
    out = io.StringIO()
    call_command("verify_archive_package", str(good), stdout=out)
    assert "OK: gói hợp lệ" in out.getvalue() and "5 hồ sơ" in out.getvalue()
    bad = tmp_path / "hong.zip"
    bad.write_bytes(manifest_changed(package, lambda manifest: manifest["records"].pop()).getvalue())
    with pytest.raises(CommandError, match="Gói không hợp lệ: 2 vấn đề"):
        call_command("verify_archive_package", str(bad), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_a_failed_build_is_shown_rather_than_left_running(
    client, secretary_a, agency_a, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise OSError("đĩa đầy")

    monkeypatch.setattr(archive, "build", broken)
    client.force_login(secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:package_request"), {"year": YEAR})
    package = ArchivePackage.objects.get(agency=agency_a)
    assert (package.status, package.error) == (ArchivePackage.Status.FAILED, "Không tạo được gói: đĩa đầy")
    assert (
        "Tạo gói lỗi: Không tạo được gói: đĩa đầy"
        in client.get(reverse("core:package_list")).content.decode()
    )
