"""The one gate every uploaded file passes before anything reads or stores it (issue 15).

Each upload path names what it accepts with a `Policy` (below: document attachments, evidence,
form files, the procedure catalogue) and calls

    checked = uploads.check_upload(upload, uploads.EVIDENCE, field="evidence")

before it stores the file; bytes read from elsewhere (an import command) go through
`check_bytes`. A refused file raises `UploadRefused`, a DomainError with a Vietnamese reason and
the form field, so a page shows it beside the field and the API answers 400 with it. What the
gate checks, in this order, each step before any parser sees the content:

- size: not empty, not over the path's limit (`settings.EISO_UPLOAD_MAX_BYTES` by default);
- the name's extension is one the path accepts, and the content really is of that kind, told
  by its bytes and structure, never by the name or the content type the client sent;
- zip-based formats (.docx, .xlsx, .odt, .ods): the whole `core.zips` inspection (directory,
  sizes, names, then every XML part parsed without DTDs);
- a PDF ends with its end-of-file marker and opens in pypdf, in a child process limited in time
  and memory (`core.sandbox`); a PDF that is also a zip archive (a polyglot) is refused;
- .doc/.xls (OLE compound files) hold the Word or Excel stream and no macros; a PNG ends with its
  IEND chunk; a JPEG starts as one (phones append videos after its end: those are kept); JSON starts
  as JSON; none of them hides a zip archive.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from eiso.core import sandbox, signatures, zips
from eiso.core.errors import DomainError
from eiso.core.zips import megabytes


class Kind:
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    ODT = "odt"
    ODS = "ods"
    DOC = "doc"
    XLS = "xls"
    PNG = "png"
    JPEG = "jpeg"
    JSON = "json"


EXTENSIONS = {
    ".pdf": Kind.PDF,
    ".docx": Kind.DOCX,
    ".xlsx": Kind.XLSX,
    ".odt": Kind.ODT,
    ".ods": Kind.ODS,
    ".doc": Kind.DOC,
    ".xls": Kind.XLS,
    ".png": Kind.PNG,
    ".jpg": Kind.JPEG,
    ".jpeg": Kind.JPEG,
    ".json": Kind.JSON,
}
ZIP_KINDS = {Kind.DOCX, Kind.XLSX, Kind.ODT, Kind.ODS}

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
# A PDF reader looks for its header anywhere in the first 1024 bytes, and for its end marker in
# the last 1024 (PDF 32000-1 §7.5.2 and §7.5.5; readers are lenient by that much).
PDF_WINDOW = 1024
# The names of streams in an OLE directory, in UTF-16: what tells a .doc from an .xls or a .msi.
OLE_STREAMS = {Kind.DOC: ("WordDocument",), Kind.XLS: ("Workbook", "Book")}
OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")  # the VBA storage of a .doc or .xls with macros
# Time a PDF may take to open in the sandbox before it is refused as unreadable.
PDF_CHECK_SECONDS = 10
# The sandbox's "pdf-check" of a file's bytes: its answer, {"failed": True}, or None (out of time).
PdfCheck = Callable[[bytes], dict | None]


@dataclass(frozen=True)
class Policy:
    """What one upload path accepts: kinds of file, the sentence naming them, and a size limit
    (None: `settings.EISO_UPLOAD_MAX_BYTES`)."""

    kinds: frozenset[str]
    wrong_type: str
    max_bytes: int | None = None

    def limit(self) -> int:
        return self.max_bytes or settings.EISO_UPLOAD_MAX_BYTES


OFFICE = frozenset({Kind.PDF, Kind.DOCX, Kind.XLSX, Kind.ODT, Kind.ODS, Kind.DOC, Kind.XLS})
# A controlled document's attachment: its text is read for search and comparison.
DOCUMENT = Policy(
    frozenset({Kind.DOCX, Kind.PDF, Kind.XLSX}),
    "Tài liệu phải là tệp Word (.docx), PDF (.pdf) hoặc Excel (.xlsx).",
)
# Evidence of an indicator value, of a completed action, of an audit's checklist line.
EVIDENCE = Policy(
    OFFICE | {Kind.PNG, Kind.JPEG},
    "Bằng chứng phải là tệp PDF, Word, Excel, OpenDocument hoặc ảnh PNG/JPEG.",
)
# The fillable form of a dossier component, downloaded by citizens from the portal.
FORM = Policy(OFFICE, "Mẫu phải là tệp PDF, Word (.doc, .docx), Excel (.xls, .xlsx) hoặc OpenDocument.")
# The procedure catalogue (tthc-import.md): JSON or .xlsx.
CATALOGUE = Policy(frozenset({Kind.JSON, Kind.XLSX}), "Tên tệp phải có đuôi .json hoặc .xlsx.")


@dataclass(frozen=True)
class CheckedFile:
    """A file the gate accepted: its name, its kind (told by its content) and its size."""

    name: str
    kind: str
    size: int


class UploadRefused(DomainError):
    """The gate refused a file; the message says why, in Vietnamese."""


def check_upload(upload: UploadedFile, policy: Policy, *, field: str = "file") -> CheckedFile:
    """Check an uploaded file against the path's policy; rewound afterwards, ready to be stored."""
    try:
        upload.seek(0)
        return _check(upload.file, name=upload.name or "", size=upload.size or 0, policy=policy, field=field)
    finally:
        upload.seek(0)


def accept_upload(upload: UploadedFile, policy: Policy, *, field: str = "file") -> CheckedFile:
    """What a service calls before storing a file: the gate's checks, then, for a PDF, its digital
    signatures validated and kept (core.signatures), so every page shows them from the start."""
    checked = check_upload(upload, policy, field=field)
    if checked.kind == Kind.PDF:
        try:
            signatures.check_pdf(upload.read())
        finally:
            upload.seek(0)
    return checked


def check_bytes(
    data: bytes, name: str, policy: Policy, *, field: str = "file", pdf_check: PdfCheck | None = None
) -> CheckedFile:
    """The same checks on a file already read into memory. `pdf_check` answers the sandbox's
    "pdf-check" of the data when the caller already ran it (in a batch child, `sandbox.run_many`)."""
    return _check(
        io.BytesIO(data), name=name, size=len(data), policy=policy, field=field, pdf_check=pdf_check
    )


def _pdf_check_child(data: bytes) -> dict | None:
    return sandbox.run("pdf-check", data, seconds=PDF_CHECK_SECONDS)


def _check(
    stream: BinaryIO, *, name: str, size: int, policy: Policy, field: str, pdf_check: PdfCheck | None = None
) -> CheckedFile:
    def refuse(message: str):
        return UploadRefused(message, field=field)

    if size == 0:
        raise refuse("Tệp rỗng (0 byte).")
    if size > policy.limit():
        raise refuse(f"Tệp quá lớn ({megabytes(size)}); giới hạn là {megabytes(policy.limit())}.")
    extension = PurePath(name).suffix.lower()
    kind = EXTENSIONS.get(extension)
    if kind not in policy.kinds:
        raise refuse(policy.wrong_type)
    head = stream.read(PDF_WINDOW)
    stream.seek(0)
    mismatch = f"Nội dung tệp không phải là tệp “{extension}” như tên tệp ghi."
    try:
        if PDF_MAGIC in head and zips.directory_end(stream, size) is not None:
            raise refuse("Tệp vừa là PDF vừa là tệp nén (tệp ghép), không được nhận.")
        if kind in ZIP_KINDS:
            if not head.startswith(ZIP_MAGIC):
                raise refuse(mismatch)
            if zips.inspect(stream, size=size, max_unpacked=5 * policy.limit()) != kind:
                raise refuse(mismatch)
        elif kind == Kind.PDF:
            _check_pdf(stream, head, size, mismatch, pdf_check or _pdf_check_child)
        else:
            _check_other(kind, stream, head, size, mismatch)
    except zips.Refused as error:
        raise refuse(error.message) from None
    except UploadRefused as error:
        raise refuse(error.message) from None
    return CheckedFile(name=name, kind=kind, size=size)


def _check_pdf(stream: BinaryIO, head: bytes, size: int, mismatch: str, pdf_check: PdfCheck) -> None:
    if not head.startswith(PDF_MAGIC):
        raise UploadRefused(mismatch)
    stream.seek(max(0, size - PDF_WINDOW))
    tail = stream.read()
    stream.seek(0)
    if b"%%EOF" not in tail:
        raise UploadRefused("Tệp PDF bị cắt cụt hoặc hỏng (thiếu phần kết thúc %%EOF).")
    result = pdf_check(stream.read())
    stream.seek(0)
    if result is None:
        raise UploadRefused("Không kiểm tra được tệp PDF trong thời gian cho phép; tệp có thể bị hỏng.")
    if result.get("failed"):
        raise UploadRefused("Tệp PDF bị hỏng, không đọc được.")
    if result.get("encrypted"):
        raise UploadRefused("Tệp PDF có đặt mật khẩu; hãy tải lên bản không đặt mật khẩu.")
    if not result.get("pages"):
        raise UploadRefused("Tệp PDF bị hỏng, không đọc được.")


def _check_other(kind: str, stream: BinaryIO, head: bytes, size: int, mismatch: str) -> None:
    """.doc/.xls, PNG, JPEG, JSON: the leading bytes, then what shows the file whole."""
    magic = {Kind.DOC: OLE_MAGIC, Kind.XLS: OLE_MAGIC, Kind.PNG: PNG_MAGIC, Kind.JPEG: JPEG_MAGIC}
    if kind == Kind.JSON:
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
            raise UploadRefused(mismatch)
        return
    if not head.startswith(magic[kind]):
        raise UploadRefused(mismatch)
    data = stream.read()
    stream.seek(0)
    if kind in OLE_STREAMS:
        if not any(name.encode("utf-16-le") in data for name in OLE_STREAMS[kind]):
            raise UploadRefused(mismatch)
        if OLE_MACROS in data:
            raise UploadRefused(zips.MACRO)
    elif kind == Kind.PNG and not data.endswith(PNG_END):
        raise UploadRefused("Ảnh PNG bị cắt cụt hoặc hỏng.")
    if zips.directory_end(stream, size) is not None:
        raise UploadRefused("Tệp có một tệp nén ghép vào (tệp ghép), không được nhận.")
