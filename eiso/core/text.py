"""Text as eISO takes it in and searches it: control characters out of every input, and folding of
Vietnamese text for accent- and case-insensitive search."""

import re
import unicodedata

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. None has a meaning in a
# title, a name or a note, and some do harm: NUL is refused by PostgreSQL, an escape sequence
# rewrites a terminal showing a log, a line break in a code ends a download's header.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS_AND_TABS = re.compile("[\t\n\r]+")


def clean_text(value: str, *, single_line: bool) -> str:
    """The input rule of every text field, on pages and in the API (core.forms, core.serializers):
    control characters are removed; a single-line value (a title, a code, a name) also has its tabs
    and line breaks turned into spaces, while a multi-line one (a text area) keeps them. Trimming and
    the "required" check come after, as usual, so a value of control characters only is refused
    where a value is required."""
    value = CONTROL_CHARACTERS.sub("", value)
    if single_line:
        value = LINE_BREAKS_AND_TABS.sub(" ", value)
    return value


def fold(text: str | None) -> str:
    """'Quy trình Tiếp nhận' -> 'quy trinh tiep nhan'; đ/Đ become d."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
