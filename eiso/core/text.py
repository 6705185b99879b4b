"""Folding of Vietnamese text for accent- and case-insensitive search."""

import unicodedata


def fold(text: str | None) -> str:
    """'Quy trình Tiếp nhận' -> 'quy trinh tiep nhan'; đ/Đ become d."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
