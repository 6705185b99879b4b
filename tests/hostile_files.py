"""Hostile files for the upload gate (issue 15), built at run time: small on disk, huge or broken
inside. Nothing here is committed as a binary; every builder returns bytes, and the bombs are built
once per test process (they take a fraction of a second each).

`CORPUS` is what every upload path must refuse, each entry with a fragment of the Vietnamese
reason the gate gives. `docx_bytes`, `xlsx_bytes`, `odt_bytes` and `pdf_bytes` build good files.
"""

import functools
import io
import struct
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MIB = 1024 * 1024

# --- good files ------------------------------------------------------------------------------------


def docx_bytes(*lines: str) -> bytes:
    import docx

    document = docx.Document()
    for line in lines or ("Quy trình tiếp nhận hồ sơ",):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(*rows: Iterable) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows or (["Mã hồ sơ", "Nơi lưu"],):
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes(pages: int = 1) -> bytes:
    """A small, well-formed PDF (blank pages): what a scanner or a word processor would give."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


ODT_CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b"<office:body><office:text><text:p>Bi\xc3\xaan b\xe1\xba\xa3n</text:p></office:text></office:body>"
    b"</office:document-content>"
)
ODT_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    b'<manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)


def odt_bytes() -> bytes:
    """A minimal OpenDocument text: `mimetype` first and stored, as the standard requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", ODT_CONTENT, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", ODT_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def png_bytes() -> bytes:
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


# --- building blocks ----------------------------------------------------------------------------------

Member = bytes | Callable[[], Iterable[bytes]]


def rezip(base: bytes, members: dict[str, Member] | None = None, *, compress_type=zipfile.ZIP_DEFLATED):
    """`base` with some members replaced or added; a callable member is streamed chunk by chunk, so a
    bomb of hundreds of megabytes is written without holding it in memory."""
    members = dict(members or {})
    source = zipfile.ZipFile(io.BytesIO(base))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        names = [info.filename for info in source.infolist()]
        for name in names + [name for name in members if name not in names]:
            content = members[name] if name in members else source.read(name)
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 5, 8, 0, 0))
            info.compress_type = compress_type
            with target.open(info, "w") as stream:
                for part in content() if callable(content) else (content,):
                    stream.write(part)
    return buffer.getvalue()


def _repeated(head: bytes, filler: bytes, size: int, tail: bytes) -> Callable[[], Iterable[bytes]]:
    def chunks():
        yield head
        block = filler * (MIB // len(filler))
        for _ in range(size // len(block)):
            yield block
        yield tail

    return chunks


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@functools.cache
def zip_bomb_docx(mebibytes: int = 200) -> bytes:
    """A .docx whose main part is well-formed XML of `mebibytes` MiB (paragraphs of 30,000 letters),
    deflated about 900 to 1. At 760 MiB (854 KB) it is the 775 KB file of issue 15, which
    bench/uploads_bench.py builds."""
    paragraph = b"<w:p><w:r><w:t>" + b"A" * 30000 + b"</w:t></w:r></w:p>"  # within deflate's 32 KiB window
    body = _repeated(
        b"<w:document " + W_NS + b"><w:body>", paragraph, mebibytes * MIB, b"</w:body></w:document>"
    )
    return rezip(docx_bytes(), {"word/document.xml": body})


@functools.cache
def xlsx_bomb(mebibytes: int = 200) -> bytes:
    """An .xlsx whose first sheet holds one cell of `mebibytes` MiB of text."""
    sheet = _repeated(
        b"<worksheet " + S_NS + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
        b"A",
        mebibytes * MIB,
        b"</t></is></c></row></sheetData></worksheet>",
    )
    return rezip(xlsx_bytes(), {"xl/worksheets/sheet1.xml": sheet})


# Ten levels of ten: 10^9 "lol" once expanded (3 GB of text from under 1 KB).
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b"<!ENTITY lol%d '%s'>" % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10))
    + b"]>\n"
)


def billion_laughs_docx() -> bytes:
    document = LAUGHS + b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
    return rezip(docx_bytes(), {"word/document.xml": document + b"</w:body></w:document>"})


def billion_laughs_xlsx() -> bytes:
    sheet = (
        LAUGHS
        + b"<worksheet "
        + S_NS
        + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + b"</sheetData></worksheet>"
    )
    return rezip(xlsx_bytes(), {"xl/worksheets/sheet1.xml": sheet})


def xxe_docx() -> bytes:
    """An external entity: a parser that resolves it reads a file of the server into the text."""
    document = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    return rezip(docx_bytes(), {"word/document.xml": document})


def garbage_xml_xlsx() -> bytes:
    """A valid zip holding an .xlsx's parts, the workbook being garbage (issue 15, finding 6)."""
    return rezip(xlsx_bytes(), {"xl/workbook.xml": b"<workbook><sheets><<\x00 garbage &&& </wrong>"})


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 43 + b"\x80\x00\x00\x00"
    b"\x0e\x1f\xba\x0e\x00\xb4\t\xcd!\xb8\x01L\xcd!This program cannot be run in DOS mode.\r\r\n$"
    + b"\x00" * 64
    + b"PE\x00\x00L\x01"
)


def pdf_zip_polyglot() -> bytes:
    """A PDF with a zip appended: PDF readers and unzip tools both open it."""
    return pdf_bytes() + docx_bytes()


def zip_pdf_polyglot() -> bytes:
    """The other way round: a PDF header in front of a whole .docx."""
    return pdf_bytes() + b"\n" + docx_bytes()


def with_member(name: str, content: bytes = b"#!/bin/sh\nrm -rf /\n", base: bytes | None = None) -> bytes:
    """A good .docx with one more member, named `name` (a path traversal, an absolute path...)."""
    return rezip(base or docx_bytes(), {name: content})


def macro_docx() -> bytes:
    return with_member("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)


def many_members_docx(count: int = 3000) -> bytes:
    return rezip(docx_bytes(), {f"customXml/item{n}.xml": b"<a/>" for n in range(count)})


def lzma_docx() -> bytes:
    """Every member compressed with LZMA, which Word never writes and zipfile would inflate."""
    return rezip(docx_bytes(), compress_type=zipfile.ZIP_LZMA)


def lying_sizes_docx() -> bytes:
    """The directory says the main part is 100 bytes; its data inflates to far more."""
    data = bytearray(zip_bomb_docx(4))
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        position = 0
        while (position := data.find(signature, position)) >= 0:
            name_at = position + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                data[position + size_at : position + size_at + 4] = struct.pack("<I", 100)
            position += 4
    return bytes(data)


# --- the corpus ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    key: str
    filename: str
    build: Callable[[], bytes]
    reason: str  # a fragment of the gate's Vietnamese message

    def __str__(self) -> str:
        return self.key

    @property
    def data(self) -> bytes:
        return self.build()


CORPUS = [
    Hostile("zip-bomb-docx", "quy-trinh.docx", zip_bomb_docx, "bom nén"),
    Hostile("xlsx-bomb", "danh-muc.xlsx", xlsx_bomb, "bom nén"),
    Hostile("billion-laughs-docx", "quy-trinh.docx", billion_laughs_docx, "DTD"),
    Hostile("billion-laughs-xlsx", "danh-muc.xlsx", billion_laughs_xlsx, "DTD"),
    Hostile("xxe-docx", "quy-trinh.docx", xxe_docx, "DTD"),
    Hostile("truncated-docx", "quy-trinh.docx", lambda: truncated(docx_bytes()), "bị hỏng"),
    Hostile("truncated-xlsx", "danh-muc.xlsx", lambda: truncated(xlsx_bytes()), "bị hỏng"),
    Hostile("truncated-pdf", "bao-cao.pdf", lambda: truncated(pdf_bytes()), "cắt cụt"),
    Hostile("exe-as-pdf", "bao-cao.pdf", lambda: EXE, "không phải là tệp"),
    Hostile("exe-as-docx", "quy-trinh.docx", lambda: EXE, "không phải là tệp"),
    Hostile("polyglot-pdf-zip", "bao-cao.pdf", pdf_zip_polyglot, "tệp ghép"),
    Hostile("polyglot-zip-pdf", "quy-trinh.docx", zip_pdf_polyglot, "tệp ghép"),
    Hostile("empty-pdf", "bao-cao.pdf", lambda: b"", "rỗng"),
    Hostile(
        "traversal-docx", "quy-trinh.docx", lambda: with_member("../../../etc/cron.d/x"), "tên thành phần"
    ),
    Hostile("absolute-docx", "quy-trinh.docx", lambda: with_member("/etc/cron.d/x"), "tên thành phần"),
    Hostile(
        "backslash-traversal-xlsx",
        "danh-muc.xlsx",
        lambda: with_member("..\\..\\evil.bat", base=xlsx_bytes()),
        "tên thành phần",
    ),
    Hostile("garbage-xml-xlsx", "danh-muc.xlsx", garbage_xml_xlsx, "bị hỏng"),
    Hostile("macro-docx", "quy-trinh.docx", macro_docx, "macro"),
    Hostile("many-members-docx", "quy-trinh.docx", many_members_docx, "quá nhiều thành phần"),
    Hostile("lzma-docx", "quy-trinh.docx", lzma_docx, "cách nén"),
    Hostile("lying-sizes-docx", "quy-trinh.docx", lying_sizes_docx, "bị hỏng"),
]

# The procedure catalogue import takes JSON or .xlsx only: its share of the corpus.
XLSX_CORPUS = [hostile for hostile in CORPUS if hostile.filename.endswith(".xlsx")] + [
    Hostile("empty-xlsx", "danh-muc.xlsx", lambda: b"", "rỗng"),
    Hostile("docx-as-xlsx", "danh-muc.xlsx", docx_bytes, "không phải là tệp"),
    Hostile("exe-as-xlsx", "danh-muc.xlsx", lambda: EXE, "nhận ra loại tệp"),
]


def upload(hostile: Hostile):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # The client's content type is a lie on purpose: the gate must not trust it.
    return SimpleUploadedFile(hostile.filename, hostile.data, content_type="application/pdf")


def stored_files(root) -> list[str]:
    """Every file under the storage root: what a refused upload must not have left behind."""
    from pathlib import Path

    root = Path(root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
