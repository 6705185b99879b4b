"""Checks of uploaded document files (real type from content, size) and the text read from them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from eiso.core import rendering
from eiso.core.errors import DomainError
from eiso.documents import selectors, uploads
from tests.documents.factories import DocumentVersionFactory


def _xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Mã hồ sơ", "Nơi lưu"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _docx(*lines) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_real_xlsx_is_accepted_and_read():
    data = _xlsx()
    assert uploads.check_document_file(SimpleUploadedFile("dm.xlsx", data)) == ".xlsx"
    assert uploads.extract_text(data, ".xlsx") == "Mã hồ sơ | Nơi lưu"


def test_xlsx_renamed_to_docx_is_refused():
    with pytest.raises(DomainError, match="không phải"):
        uploads.check_document_file(SimpleUploadedFile("qt.docx", _xlsx()))


def test_other_extensions_are_refused():
    with pytest.raises(DomainError, match="Word"):
        uploads.check_document_file(SimpleUploadedFile("qt.exe", b"MZ"))


def test_pdf_text_is_read():
    pdf = rendering.html_to_pdf("<p>Quy trình tiếp nhận hồ sơ</p>")
    assert uploads.check_document_file(SimpleUploadedFile("qt.pdf", pdf)) == ".pdf"
    assert "Quy trình tiếp nhận hồ sơ" in uploads.extract_text(pdf, ".pdf")


def test_damaged_file_gives_no_text():
    assert uploads.extract_text(b"PK\x03\x04broken", ".docx") == ""


@pytest.mark.django_db
def test_versions_with_files_are_compared_by_their_text(document_a):
    old = DocumentVersionFactory(document=document_a, number=1, status="superseded", body="")
    old.file_text = uploads.extract_text(_docx("Bước 1: tiếp nhận", "Bước 2: thẩm định"), ".docx")
    new = DocumentVersionFactory(document=document_a, number=2, body="")
    new.file_text = uploads.extract_text(_docx("Bước 1: tiếp nhận", "Bước 2: thẩm định, trình ký"), ".docx")
    diff = [(line.kind, line.text) for line in selectors.version_diff(old=old, new=new)]
    assert diff == [
        ("same", "Bước 1: tiếp nhận"),
        ("removed", "Bước 2: thẩm định"),
        ("added", "Bước 2: thẩm định, trình ký"),
    ]
