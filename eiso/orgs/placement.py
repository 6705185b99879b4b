"""Where and how a digital signature shows on a document eISO produced (NĐ 30/2020 Phụ lục I).

The person's signature stands in the blank space of the signature block (ô số 7), between the
signer's position and name. The agency's signature is its seal: an image overlapping the left third
of the person's signature, with the agency's name and the signing time as text.

The block is found in the PDF itself: the official renderer (core/templates/core/official_document.html)
gives its left column, the signer's blank space and the signer's name ids, which WeasyPrint writes as
named destinations with their page and position. The signer's column is 55 % of the text width and
the left one 45 %, so the column's right edge follows from the two left edges.

The appearances are small PDFs rendered by WeasyPrint (the same fonts as the documents, every
Vietnamese diacritic), shown by pyHanko's StaticStampStyle in the signature field's box.
"""

import contextlib
import io
import math
import tempfile
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import escape

from eiso.core.errors import DomainError
from eiso.core.rendering import html_to_pdf

LEFT_COLUMN, SPACE, NAME = "ky-trai", "ky-o", "ky-ten"
# A minutes (biên bản) has two parties: the other one (the counterpart) signs in the left column.
COUNTERPART_SPACE, COUNTERPART_NAME = "ky-trai-o", "ky-trai-ten"
# Which signature of the block a signable document's signing fills.
SIGNER, COUNTERPART = "signer", "counterpart"
SIGNER_SHARE, LEFT_SHARE = 55, 45
PERSON_WIDTH = 150.0  # points, about 53 mm: a hand signature's width on paper
SEAL_SIZE = 96.0  # points, about 34 mm: the round seal of an agency


@dataclass(frozen=True)
class Box:
    page: int  # zero-based page index
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def rect(self) -> tuple[int, int, int, int]:
        """In whole points (pyHanko's field box), rounded inwards: never outside the block."""
        return math.ceil(self.x0), math.ceil(self.y0), math.floor(self.x1), math.floor(self.y1)


def _destinations(reader) -> dict[str, tuple]:
    names = reader.root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    found: dict[str, tuple] = {}
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        entries = list(node.get("/Names", []))
        for name, target in zip(entries[::2], entries[1::2], strict=False):
            target = target.get_object()
            found[str(name)] = (target.raw_get(0), float(target[2]), float(target[3]))
        stack.extend(kid.get_object() for kid in node.get("/Kids", []))
    return found


def _page_index(reader, reference) -> int:
    for index in range(int(reader.root["/Pages"]["/Count"])):
        if reader.find_page_for_modification(index)[0] == reference:
            return index
    raise DomainError("Không tìm thấy trang có ô chữ ký của văn bản.")


def person_box(pdf: bytes, side: str = SIGNER) -> Box:
    """The box of the person's signature: the signer's blank space, centred in the signer's column;
    for the counterpart of a minutes, its blank space in the left column."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf))
    places = _destinations(reader)
    needed = {LEFT_COLUMN, SPACE, NAME}
    if side == COUNTERPART:
        needed |= {COUNTERPART_SPACE, COUNTERPART_NAME}
    if not needed <= places.keys():
        raise DomainError("Văn bản không có ô chữ ký theo thể thức Nghị định 30/2020 để đặt chữ ký số.")
    if side == COUNTERPART:
        reference, _, top = places[COUNTERPART_SPACE]
        left, column_right = places[LEFT_COLUMN][1], places[SPACE][1]
        bottom = places[COUNTERPART_NAME][2]
    else:
        reference, left, top = places[SPACE]
        column_left = places[LEFT_COLUMN][1]
        column_right = left + (left - column_left) * SIGNER_SHARE / LEFT_SHARE
        bottom = places[NAME][2]
    centre = (left + column_right) / 2
    width = min(PERSON_WIDTH, column_right - left)
    return Box(_page_index(reader, reference), centre - width / 2, bottom, centre + width / 2, top)


def seal_box(person: Box) -> Box:
    """The seal: its right part over the left third of the person's signature, vertically centred."""
    right = person.x0 + (person.x1 - person.x0) / 3
    middle = (person.y0 + person.y1) / 2
    return Box(person.page, right - SEAL_SIZE, middle - SEAL_SIZE / 2, right, middle + SEAL_SIZE / 2)


def _page(width: float, height: float, body: str) -> bytes:
    return html_to_pdf(
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'><style>"
        f"@page {{ size: {width:.1f}pt {height:.1f}pt; margin: 0; }}"
        "body { margin: 0; font-family: 'Times New Roman', 'Liberation Serif', serif; }"
        "</style></head><body>" + body + "</body></html>"
    )


def person_appearance(box: Box, *, signer: str, signed_at: datetime) -> bytes:
    width, height = box.x1 - box.x0, box.y1 - box.y0
    return _page(
        width,
        height,
        f"<div style='height:{height:.1f}pt;box-sizing:border-box;border:0.8pt solid #1a4d8f;color:#1a4d8f;"
        "padding:4pt;font-size:9pt;display:flex;flex-direction:column;justify-content:center'>"
        f"<div><b>Ký bởi:</b> {escape(signer)}</div>"
        f"<div><b>Thời gian ký:</b> {signed_at:%d/%m/%Y %H:%M}</div></div>",
    )


def seal_appearance(box: Box, *, agency: str, signed_at: datetime) -> bytes:
    size = box.x1 - box.x0
    return _page(
        size,
        size,
        f"<div style='width:{size:.1f}pt;height:{size:.1f}pt;box-sizing:border-box;"
        "border:2.2pt solid #c8102e;border-radius:50%;color:#c8102e;text-align:center;display:flex;"
        "flex-direction:column;justify-content:center;padding:8pt;font-size:7pt;font-weight:bold'>"
        f"<div>{escape(agency.upper())}</div>"
        f"<div style='font-weight:normal;margin-top:3pt'>{signed_at:%d/%m/%Y %H:%M}</div></div>",
    )


@contextlib.contextmanager
def stamp_style(appearance: bytes):
    """pyHanko's static stamp of an appearance PDF (pyHanko imports its page from a file)."""
    from pyhanko.stamp import StaticStampStyle

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(appearance)
        handle.flush()
        yield StaticStampStyle.from_pdf_file(handle.name, border_width=0)
