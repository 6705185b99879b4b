"""Checks of uploaded document files, and the text read from them.

The type is read from the content, not trusted from the name: a .docx or .xlsx is a zip
archive holding its main part, a PDF starts with "%PDF-". The text feeds the search column and
the comparison of two versions.
"""

import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from eiso.core.errors import DomainError

PDF_MAGIC = b"%PDF-"
# The part every Office Open XML file of that kind must contain.
OOXML_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
ALLOWED = (".docx", ".pdf", ".xlsx")
# Enough text for search and comparison; a longer file is truncated rather than refused.
MAX_TEXT = 200_000


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def check_document_file(upload: UploadedFile) -> str:
    """The file's extension once its size and real type are accepted; DomainError otherwise."""
    limit = settings.EISO_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            f"Tệp quá lớn ({megabytes(upload.size)}); giới hạn là {megabytes(limit)}.", field="file"
        )
    extension = PurePath(upload.name).suffix.lower()
    if extension not in ALLOWED:
        raise DomainError("Tài liệu phải là tệp Word (.docx), PDF (.pdf) hoặc Excel (.xlsx).", field="file")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not _content_matches(data, extension):
        raise DomainError(f"Nội dung tệp không phải là tệp “{extension}” như tên tệp ghi.", field="file")
    return extension


def _content_matches(data: bytes, extension: str) -> bool:
    if extension == ".pdf":
        return data.startswith(PDF_MAGIC)
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return OOXML_PARTS[extension] in archive.namelist()
    except zipfile.BadZipFile:
        return False


def extract_text(data: bytes, extension: str) -> str:
    """The readable text of a checked file, paragraph by paragraph; "" when it cannot be read."""
    try:
        if extension == ".docx":
            text = _docx_text(data)
        elif extension == ".xlsx":
            text = _xlsx_text(data)
        else:
            text = _pdf_text(data)
    except Exception:  # noqa: BLE001 — a damaged file still uploads; it just has no text to compare
        return ""
    return text[:MAX_TEXT]


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(line for line in lines if line.strip())


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(value) for value in row if value not in (None, "")]
            if cells:
                lines.append(" | ".join(cells))
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "").strip() for page in reader.pages)
