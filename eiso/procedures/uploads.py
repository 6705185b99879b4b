"""Checks of uploaded form files (mẫu đơn, tờ khai): size and real type, read from the content."""

from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from eiso.core.errors import DomainError

# Extension -> the leading bytes its content must have. Office Open XML and OpenDocument files
# are zip archives; the old Word/Excel formats are OLE compound files.
ZIP, OLE, PDF = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-"
FORM_TYPES = {
    ".pdf": PDF,
    ".doc": OLE,
    ".xls": OLE,
    ".docx": ZIP,
    ".xlsx": ZIP,
    ".odt": ZIP,
    ".ods": ZIP,
}


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def check_form_file(upload: UploadedFile) -> None:
    """Refuse a form file that is too large or whose content does not match its name."""
    limit = settings.EISO_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            f"Tệp quá lớn ({megabytes(upload.size)}); giới hạn là {megabytes(limit)}.", field="file"
        )
    extension = PurePath(upload.name).suffix.lower()
    if extension not in FORM_TYPES:
        raise DomainError(
            "Mẫu phải là tệp PDF, Word (.doc, .docx), Excel (.xls, .xlsx) hoặc OpenDocument.", field="file"
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(FORM_TYPES[extension]):
        raise DomainError(f'Nội dung tệp không phải là tệp "{extension}" như tên tệp ghi.', field="file")
