"""Zip-based office files (.docx, .xlsx, .odt, .ods) inspected before any parser opens them.

The order matters: a zip bomb must be refused before a single member is inflated.

1. The end-of-directory record is read by hand: the entry count and the directory's size are
   bounded before `zipfile` parses the directory (a directory of a million entries is a bomb too).
2. The directory alone: member names (no absolute path, no `..`, no duplicates), compression
   (stored or deflated only, nothing encrypted), and the sizes it declares: the unpacked total and
   each member's compression ratio. No member has been read yet, so a bomb ends here, in
   milliseconds and without memory growth.
3. The kind, from `[Content_Types].xml` (Office Open XML) or `mimetype` (OpenDocument); macro-
   enabled files are refused.
4. Every member is read through in small chunks, which checks its CRC (zipfile stops at the
   declared size, so a directory that lies about sizes shows as a bad CRC), and every XML part is
   parsed by expat with any DTD refused: no entity can be declared, so no "billion laughs" and no
   external entity (XXE) reaches python-docx or openpyxl. The main part must have the root
   element of its kind.
"""

import struct
import zipfile
import zlib
from typing import BinaryIO
from xml.parsers import expat

from eiso.core.numbers import number_text

MAX_MEMBERS = 2000
# About 500 bytes a directory entry at most, for real files (names are short).
MAX_DIRECTORY_BYTES = MAX_MEMBERS * 512
# Office XML deflates 5 to 20 times; 100 is far beyond any real part and far below a bomb's 1000.
MAX_RATIO = 100
# Small members (an empty style sheet, a run of zeros in a thumbnail) may deflate better than that.
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024

END_RECORD = struct.Struct("<4s4H2LH")
END_RECORD64 = struct.Struct("<4sQ2H2L4Q")
LOCATOR64 = 20

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-office.vbaProject",
}
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
# The root element (local name) of each kind's main part.
ROOTS = {"docx": "document", "xlsx": "workbook", "odt": "document-content", "ods": "document-content"}

DAMAGED = "Tệp bị hỏng hoặc không đọc được (tệp nén không hợp lệ)."
MACRO = "Tệp có chứa macro (VBA), không được nhận; hãy lưu lại bản không có macro."


class Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Declaration(Exception):
    """An XML part declared a DTD or an entity."""


def megabytes(size: int) -> str:
    return f"{number_text(size / 1024 / 1024, 1)} MB"


def directory_end(stream: BinaryIO, size: int) -> tuple[int, int] | None:
    """(entry count, directory size) of the zip archive in `stream`, found as unzip finds it (the
    last end record, whose directory starts where it says), or None when there is no archive."""
    window = min(size, END_RECORD.size + 0xFFFF)
    stream.seek(size - window)
    tail = stream.read(window)
    stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < END_RECORD.size:
        return None
    _, disk, start_disk, _, entries, directory_size, _, _ = END_RECORD.unpack_from(tail, at)
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        record_at = at - LOCATOR64 - END_RECORD64.size
        if record_at < 0 or tail[record_at : record_at + 4] != b"PK\x06\x06":
            return None
        fields = END_RECORD64.unpack_from(tail, record_at)
        disk, start_disk, entries, directory_size = fields[4], fields[5], fields[7], fields[8]
        at = record_at
    if disk or start_disk:
        return None  # a multi-volume archive: not something an office program writes
    # The directory ends where the end record starts; it must begin with an entry's signature.
    start = size - window + at - directory_size
    if entries and start >= 0:
        stream.seek(start)
        signature = stream.read(4)
        stream.seek(0)
        if signature != b"PK\x01\x02":
            return None
    return entries, directory_size


def inspect(stream: BinaryIO, *, size: int, max_unpacked: int) -> str | None:
    """The kind ("docx", "xlsx", "odt", "ods") of an office file once every check passed, or None
    for a sound archive of another kind; Refused with a Vietnamese reason otherwise."""
    end = directory_end(stream, size)
    if end is None:
        raise Refused(DAMAGED)
    entries, directory_size = end
    if entries > MAX_MEMBERS or directory_size > MAX_DIRECTORY_BYTES:
        raise Refused(f"Tệp nén có quá nhiều thành phần ({entries}; tối đa {MAX_MEMBERS}).")
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise Refused(DAMAGED) from None
    with archive:
        members = archive.infolist()
        _check_directory(members, max_unpacked)
        kind, xml_parts = _identify(archive)
        if kind is None:
            return None
        for info in members:
            if info.filename in xml_parts or info.filename.lower().endswith((".xml", ".rels")):
                _parse_xml(archive, info, root=ROOTS[kind] if info.filename == xml_parts.get("") else None)
            else:
                _read_through(archive, info)
    return kind


def _check_directory(members: list[zipfile.ZipInfo], max_unpacked: int) -> None:
    if not members or len(members) > MAX_MEMBERS:
        raise Refused(DAMAGED if not members else f"Tệp nén có quá nhiều thành phần (tối đa {MAX_MEMBERS}).")
    seen: set[str] = set()
    total = 0
    for info in members:
        name = info.filename
        if not _is_safe_name(name):
            raise Refused(
                f"Tệp nén có tên thành phần không hợp lệ (“{name[:80]}”): đường dẫn tuyệt đối "
                "hoặc đi ra ngoài thư mục của tệp."
            )
        if name in seen:
            raise Refused(f"Tệp nén có hai thành phần cùng tên “{name[:80]}”.")
        seen.add(name)
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(f"Tệp nén dùng cách nén hoặc mã hóa không được hỗ trợ (thành phần “{name[:80]}”).")
        if name.lower().rsplit("/", 1)[-1] == "vbaproject.bin" or name.startswith(("Basic/", "Scripts/")):
            raise Refused(MACRO)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise Refused(
                f"Tệp có thành phần “{name[:80]}” nén bất thường ({megabytes(info.file_size)} nén còn "
                f"{megabytes(info.compress_size)}): có thể là “bom nén”, không được nhận."
            )
    if total > max_unpacked:
        raise Refused(
            f"Tệp khi giải nén quá lớn ({megabytes(total)}; giới hạn là {megabytes(max_unpacked)}): "
            "có thể là “bom nén”, không được nhận."
        )


def _is_safe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return False
    if len(name) > 1 and name[1] == ":":
        return False  # a drive letter, C:/...
    return ".." not in name.split("/")


def _identify(archive: zipfile.ZipFile) -> tuple[str | None, dict[str, str]]:
    """The kind and the XML parts of the archive (beyond those named .xml/.rels); the main part is
    under the key ""."""
    names = set(archive.namelist())
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.file_size > 100:
            return None, {}
        kind = ODF_TYPES.get(_read_through(archive, info).strip())
        if kind is None or "content.xml" not in names:
            return None, {}
        return kind, {"": "content.xml"}
    if "[Content_Types].xml" not in names:
        return None, {}
    types: dict[str, str] = {}
    defaults: dict[str, str] = {}

    def collect(tag: str, attributes: dict[str, str]) -> None:
        if tag.rsplit(":", 1)[-1] == "Override":
            types[attributes.get("PartName", "").lstrip("/")] = attributes.get("ContentType", "")
        elif tag.rsplit(":", 1)[-1] == "Default":
            defaults[attributes.get("Extension", "").lower()] = attributes.get("ContentType", "")

    _parse_xml(archive, archive.getinfo("[Content_Types].xml"), on_element=collect)
    if MACRO_TYPES & (set(types.values()) | set(defaults.values())):
        raise Refused(MACRO)
    xml_parts = {part: content for part, content in types.items() if content.endswith("xml")}
    xml_extensions = {extension for extension, content in defaults.items() if content.endswith("xml")}
    xml_parts |= {name: "" for name in names if name.rsplit(".", 1)[-1].lower() in xml_extensions}
    for kind, main in (("docx", DOCX_MAIN), ("xlsx", XLSX_MAIN)):
        part = next((part for part, content in types.items() if content == main), None)
        if part in names:
            return kind, {**xml_parts, "": part}
    return None, {}


def _parse_xml(archive, info: zipfile.ZipInfo, *, root: str | None = None, on_element=None) -> None:
    """Parse one XML part in chunks with expat: well-formed, no DTD or entity declaration, and, for
    the main part, the expected root element."""
    parser = expat.ParserCreate()
    found: list[str] = []

    def declared(*_args) -> None:
        raise _Declaration

    def element(tag: str, attributes: dict[str, str]) -> None:
        if not found:
            found.append(tag.rsplit(":", 1)[-1])
        if on_element is not None:
            on_element(tag, attributes)
        else:  # the root is known: the rest is parsed in C, without a call into Python per element
            parser.StartElementHandler = None

    parser.StartDoctypeDeclHandler = declared
    parser.EntityDeclHandler = declared
    parser.StartElementHandler = element
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Declaration:
        raise Refused(
            f"Tệp có khai báo DTD hoặc thực thể XML (phần “{info.filename[:80]}”), dạng tấn công "
            "“billion laughs” hoặc XXE: không được nhận."
        ) from None
    except expat.ExpatError:
        raise Refused(f"Tệp bị hỏng: phần “{info.filename[:80]}” không phải XML hợp lệ.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise Refused(DAMAGED) from None
    if root is not None and found[:1] != [root]:
        raise Refused(f"Tệp bị hỏng: phần chính “{info.filename[:80]}” không đúng cấu trúc.")


def _read_through(archive, info: zipfile.ZipInfo) -> bytes:
    """Read a member to its end (which checks its CRC); returns its first chunk."""
    try:
        with archive.open(info) as member:
            first = member.read(CHUNK)
            while member.read(CHUNK):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise Refused(DAMAGED) from None
    return first


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: Windows' "Send to compressed folder" and many
    tools write UTF-8 names without setting the UTF-8 flag, which zipfile then reads as CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def members(
    stream: BinaryIO, *, size: int, max_member: int, max_total: int
) -> list[tuple[str, bytes | None, str]]:
    """The files of a plain zip archive (a folder uploaded as a .zip), each as (path, content, "")
    or (path, None, reason) when that member alone is refused (too big, compressed like a bomb,
    encrypted, damaged); Refused when the archive itself is unreadable or too large. A member is
    inflated only after its directory entry passed, and never beyond its declared size."""
    end = directory_end(stream, size)
    if end is None:
        raise Refused(DAMAGED)
    entries, directory_size = end
    if entries > MAX_MEMBERS or directory_size > MAX_DIRECTORY_BYTES:
        raise Refused(f"Tệp nén có quá nhiều thành phần ({entries}; tối đa {MAX_MEMBERS}).")
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise Refused(DAMAGED) from None
    found: list[tuple[str, bytes | None, str]] = []
    total = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = _member_name(info)
            reason = _member_refusal(info, max_member)
            if not reason and total + info.file_size > max_total:
                reason = f"Thư mục khi giải nén vượt quá {megabytes(max_total)}; tệp này không được đọc."
            if reason:
                found.append((name, None, reason))
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(max_member + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
                found.append((name, None, DAMAGED))
                continue
            total += len(data)
            found.append((name, data, ""))
    return found


def _member_refusal(info: zipfile.ZipInfo, max_member: int) -> str:
    if not _is_safe_name(info.filename):
        return "Tên tệp trong thư mục nén không hợp lệ (đường dẫn tuyệt đối hoặc đi ra ngoài thư mục)."
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return "Tệp được nén bằng cách nén hoặc mã hóa không được hỗ trợ."
    if info.file_size > max_member:
        return f"Tệp quá lớn ({megabytes(info.file_size)}); giới hạn là {megabytes(max_member)}."
    if info.file_size > RATIO_FLOOR and info.file_size / max(info.compress_size, 1) > MAX_RATIO:
        return (
            f"Tệp nén bất thường ({megabytes(info.file_size)} nén còn {megabytes(info.compress_size)}): "
            "có thể là “bom nén”, không được nhận."
        )
    return ""
