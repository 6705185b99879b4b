"""Checks of uploaded evidence (of an indicator value or a completed action): size and real type."""

from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from eiso.core.errors import DomainError

# Extension -> the leading bytes its content must have (checked on content, not on the name).
ZIP, OLE, PDF = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-"
EVIDENCE_TYPES = {
    ".pdf": (PDF,),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".odt": (ZIP,),
    ".ods": (ZIP,),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def check_evidence(upload: UploadedFile) -> None:
    limit = settings.EISO_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise DomainError(f"Tệp quá lớn; giới hạn là {limit // (1024 * 1024)} MB.", field="evidence")
    extension = PurePath(upload.name).suffix.lower()
    if extension not in EVIDENCE_TYPES:
        raise DomainError(
            "Bằng chứng phải là tệp PDF, Word, Excel, OpenDocument hoặc ảnh PNG/JPEG.", field="evidence"
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in EVIDENCE_TYPES[extension]):
        raise DomainError(f'Nội dung tệp không phải là tệp "{extension}" như tên tệp ghi.', field="evidence")
