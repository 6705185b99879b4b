"""The sets of one-stop forms, by legal basis, and the symbols of their numbers.

A dossier's forms come from the set in force on its reception date: TT 03/2025/TT-VPCP (Phụ lục I,
forms 01–07) for dossiers received from 01/07/2025 (NĐ 118/2025 in force), TT 01/2018/TT-VPCP
(forms 01–06, no stop notice) before. Forms are named by kind, not number, because the number
differs between the sets and provinces renumber them (regulations.md §4.4, §4.9.4). A future set
is one more entry in FORM_SETS.

TT 01/2018 prints forms 01–05 on A5 and the tracking book on A4; TT 03/2025 sets no size that we
have seen, so its forms stay on NĐ 30/2020's A4.
"""

from dataclasses import dataclass
from datetime import date

from eiso.dossiers.models import FormKind

TRACKING_BOOK = "tracking_book"


@dataclass(frozen=True)
class FormSpec:
    number: str  # "01"
    title: str  # the type name printed on the form, upper case
    page: str = "A4"


@dataclass(frozen=True)
class FormSet:
    key: str
    basis: str
    valid_from: date
    forms: dict[str, FormSpec]  # kind -> spec; TRACKING_BOOK is the book

    def reference(self, kind: str) -> str:
        """The line above a form's heading: "Mẫu số 01 - Thông tư số 03/2025/TT-VPCP"."""
        return f"Mẫu số {self.forms[kind].number} - {self.basis}"


FORM_SETS = [
    FormSet(
        "tt03-2025",
        "Thông tư số 03/2025/TT-VPCP",
        date(2025, 7, 1),
        {
            FormKind.RECEIPT: FormSpec("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
            FormKind.SUPPLEMENT: FormSpec("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
            FormKind.REFUSAL: FormSpec("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
            FormKind.APOLOGY: FormSpec("04", "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
            FormKind.STOP: FormSpec("05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
            FormKind.CONTROL_SLIP: FormSpec("06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
            TRACKING_BOOK: FormSpec("07", "SỔ THEO DÕI HỒ SƠ"),
        },
    ),
    FormSet(
        "tt01-2018",
        "Thông tư số 01/2018/TT-VPCP",
        date(2019, 1, 6),
        {
            FormKind.RECEIPT: FormSpec("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "A5"),
            FormKind.SUPPLEMENT: FormSpec("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "A5"),
            FormKind.REFUSAL: FormSpec("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "A5"),
            FormKind.APOLOGY: FormSpec("04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "A5"),
            FormKind.CONTROL_SLIP: FormSpec("05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "A5"),
            TRACKING_BOOK: FormSpec("06", "SỔ THEO DÕI HỒ SƠ"),
        },
    ),
]

# The symbol of each form's series, before the issuer's code: "05/PXL-STP". Seen in ministry copies
# of the TT 03/2025 forms: PBS, PTC, PXL, PKS, STD (regulations.md §4.9.4); the receipt (GTN, like
# NĐ 30/2020's GM, GGT for "giấy") and the stop notice (TBD, "thông báo dừng") follow the same rule.
SYMBOLS = {
    FormKind.RECEIPT: "GTN",
    FormKind.SUPPLEMENT: "PBS",
    FormKind.REFUSAL: "PTC",
    FormKind.APOLOGY: "PXL",
    FormKind.STOP: "TBD",
    FormKind.CONTROL_SLIP: "PKS",
    TRACKING_BOOK: "STD",
}


def form_set_for(received_on: date) -> FormSet:
    for form_set in sorted(FORM_SETS, key=lambda s: s.valid_from, reverse=True):
        if received_on >= form_set.valid_from:
            return form_set
    return FORM_SETS[-1]


def issuer_code(agency) -> str:
    """The issuer's part of a symbol (NĐ 30/2020 Phụ lục III): the agency's short name when it is
    written as a code ("STP", "SNNMT"), "UBND" for a commune-level People's Committee, else the
    initials of its name without the place ("TTPVHCC")."""
    short = agency.short_name.replace(" ", "").replace("&", "")
    # Upper case, but for NĐ 30's own abbreviations with one small letter ("TTr", "QyĐ").
    if short.isalnum() and short[0].isupper() and sum(letter.islower() for letter in short) <= 1:
        return short
    if agency.kind == "commune" or agency.name.upper().startswith(("UBND", "ỦY BAN NHÂN DÂN")):
        return "UBND"
    name = agency.name
    for place in (" tỉnh ", " thành phố "):  # "… tỉnh Hà Tĩnh": the place is not abbreviated
        name = name.split(place)[0]
    return "".join(word[0] for word in name.split() if word[0].isalpha()).upper() or "CQ"


def symbol(agency, kind: str) -> str:
    return f"{SYMBOLS[kind]}-{issuer_code(agency)}"
