"""Checks of a generated document against the layout of Nghị định 30/2020/NĐ-CP, on its text.

Điều 8 lists the components of an administrative document; these are the ones a reader can verify
in the text of the .docx or PDF eISO produces (regulations.md §7.1–§7.2):

1. quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
2. tiêu ngữ "Độc lập - Tự do - Hạnh phúc";
3. tên cơ quan ban hành, upper case;
4. số, ký hiệu: "Số: 05/PXL-STP" — a number from 01 (padded below 10), "/", an upper-case symbol
   whose groups are joined by "-" (Phụ lục III's abbreviations keep their small letter: "TTr");
5. địa danh và thời gian: "Hà Tĩnh, ngày 05 tháng 01 năm 2026" — day padded, months 1 and 2
   padded, the date the document expects (the event's, not the day it is printed);
6. tên loại, upper case;
7. chữ ký: each signer's position on its own line, upper case;
8. nơi nhận, where the document has recipients: "Nơi nhận:" then "- …" lines ending with "- Lưu: …".

A letter addressed to someone also carries "Kính gửi: …" (ô số 9a). `check` returns one finding
per component; `page_size_mm` reads the paper size of the file (A4 210 × 297, A5 148 × 210).
Tests of every document type call `assert_passes`; the text comes from `docx_lines` / `pdf_lines`.
"""

import io
import re
from dataclasses import dataclass
from datetime import date

from eiso.core.rendering import NATIONAL_MOTTO, SLOGAN, place_and_date

# Symbols are upper case but for NĐ 30's own abbreviations with a small letter ("TTr", "QyĐ").
NUMBER = re.compile(r"^Số:\s*(?P<number>\d+)/(?P<symbol>[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-ZĐ][A-Za-zĐđ0-9&]*)*)$")
DATE_LINE = re.compile(r"^(?P<place>[^:\d]+), ngày (?P<day>\d+) tháng (?P<month>\d+) năm (?P<year>\d{4})$")
COMPONENTS = (
    "quốc hiệu",
    "tiêu ngữ",
    "tên cơ quan ban hành",
    "số, ký hiệu",
    "địa danh, thời gian",
    "tên loại",
    "chữ ký",
    "nơi nhận",
)


@dataclass(frozen=True)
class Expectation:
    """What one document must carry. `number` "" checks the shape of the number only; an empty
    `signatures` means the document is signed in its table (a control slip)."""

    agency: str
    type_name: str
    place: str
    day: date
    number: str = ""
    signatures: tuple[str, ...] = ()
    recipients: bool = False
    addressee: str = ""  # the start of the "Kính gửi:" line, when the document is a letter
    # A công văn has no type name: its trích yếu "V/v …" under the number stands for it (ô số 5b).
    subject: str = ""


@dataclass(frozen=True)
class Finding:
    component: str
    ok: bool
    detail: str = ""


def _clean(lines) -> list[str]:
    return [" ".join(line.split()) for line in lines if line and line.strip()]


def has_line(lines: list[str], text: str) -> bool:
    """Whether `text` is a line of its own, or one wrapped over up to three lines (a PDF wraps a
    long agency name or title in its column)."""
    wanted = " ".join(text.split())
    for start in range(len(lines)):
        for end in range(start + 1, min(start + 4, len(lines) + 1)):
            if " ".join(lines[start:end]) == wanted:
                return True
    return False


def _number(lines: list[str], expected: Expectation) -> Finding:
    found = [match for line in lines if (match := NUMBER.match(line))]
    if len(found) != 1:
        shown = [line for line in lines if line.startswith("Số")][:3]
        return Finding("số, ký hiệu", False, f"cần đúng một dòng 'Số: 05/KH-CQ', thấy {shown}")
    match = found[0]
    text = f"{match['number']}/{match['symbol']}"
    if int(match["number"]) < 1 or len(match["number"]) < 2:
        return Finding("số, ký hiệu", False, f"số phải từ 01 và có 2 chữ số trở lên: {text}")
    if expected.number and text != expected.number:
        return Finding("số, ký hiệu", False, f"thấy {text}, cần {expected.number}")
    return Finding("số, ký hiệu", True, text)


def _date_line(lines: list[str], expected: Expectation) -> Finding:
    wanted = place_and_date(expected.place, expected.day)
    found = [line for line in lines if DATE_LINE.match(line)]
    if not found:
        return Finding("địa danh, thời gian", False, "không có dòng 'Địa danh, ngày … tháng … năm …'")
    if wanted not in found:
        return Finding("địa danh, thời gian", False, f"thấy {found[0]!r}, cần {wanted!r}")
    return Finding("địa danh, thời gian", True, wanted)


def _signatures(lines: list[str], expected: Expectation) -> Finding:
    missing = [position for position in expected.signatures if not has_line(lines, position.upper())]
    if missing:
        return Finding("chữ ký", False, "thiếu chức danh người ký: " + ", ".join(missing))
    return Finding("chữ ký", True, ", ".join(expected.signatures) or "ký trong bảng")


def _recipients(lines: list[str], expected: Expectation) -> Finding:
    if not expected.recipients:
        return Finding("nơi nhận", True, "không áp dụng")
    if "Nơi nhận:" not in lines:
        return Finding("nơi nhận", False, "không có 'Nơi nhận:'")
    after = lines[lines.index("Nơi nhận:") + 1 :]
    listed = []
    for line in after:
        if not line.startswith("- "):
            break
        listed.append(line)
    if not listed or not listed[-1].startswith("- Lưu:"):
        return Finding("nơi nhận", False, f"danh sách nơi nhận phải kết thúc bằng '- Lưu: …': {listed}")
    return Finding("nơi nhận", True, f"{len(listed)} nơi nhận")


def _type_name(lines: list[str], expected: Expectation) -> Finding:
    if expected.type_name:
        return Finding("tên loại", has_line(lines, expected.type_name.upper()), expected.type_name.upper())
    subject = f"V/v {expected.subject}"
    return Finding("tên loại", bool(expected.subject) and has_line(lines, subject), f"công văn: {subject}")


def check(lines, expected: Expectation) -> list[Finding]:
    """One finding per component of COMPONENTS (and "kính gửi" for a letter), in that order."""
    lines = _clean(lines)
    findings = [
        Finding("quốc hiệu", has_line(lines, NATIONAL_MOTTO)),
        Finding("tiêu ngữ", has_line(lines, SLOGAN)),
        Finding("tên cơ quan ban hành", has_line(lines, expected.agency.upper()), expected.agency.upper()),
        _number(lines, expected),
        _date_line(lines, expected),
        _type_name(lines, expected),
        _signatures(lines, expected),
        _recipients(lines, expected),
    ]
    if expected.addressee:
        ok = any(line.startswith(f"Kính gửi: {expected.addressee}") for line in lines)
        findings.append(Finding("kính gửi", ok, expected.addressee))
    return findings


def failures(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if not finding.ok]


def assert_passes(lines, expected: Expectation) -> list[Finding]:
    """The findings, after raising AssertionError naming every component that fails."""
    findings = check(lines, expected)
    failed = failures(findings)
    if failed:
        raise AssertionError("; ".join(f"{f.component}: {f.detail or 'thiếu'}" for f in failed))
    return findings


# --- reading the files ---------------------------------------------------------------------------


def docx_lines(data: bytes) -> list[str]:
    """The text of a .docx, paragraph by paragraph in document order, table cells included."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = []
    for element in document.element.body.iterchildren():
        for paragraph in element.iter():
            if paragraph.tag.endswith("}p"):
                text = "".join(
                    node.text or ("\n" if node.tag.endswith("}br") else "")
                    for node in paragraph.iter()
                    if node.tag.endswith(("}t", "}br"))
                )
                lines += text.split("\n")
    return _clean(lines)


def pdf_lines(data: bytes) -> list[str]:
    """The text of a PDF, line by line (pypdf's extraction, in drawing order)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return _clean(line for page in reader.pages for line in (page.extract_text() or "").splitlines())


def page_size_mm(data: bytes) -> tuple[int, int]:
    """(width, height) in whole millimetres of the first page of a PDF or the first section of a
    .docx, whichever `data` is."""
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        box = PdfReader(io.BytesIO(data)).pages[0].mediabox
        return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)
    import docx

    section = docx.Document(io.BytesIO(data)).sections[0]
    return round(section.page_width.mm), round(section.page_height.mm)
