"""Vietnamese alphabetical order, the same on PostgreSQL and SQLite.

Byte or default-locale order puts "Đ…" after "Z" and "Hương" before "Hồng". Vietnamese orders
letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, and compares tones only when the
letters are equal (none, huyền, hỏi, ngã, sắc, nặng: CLDR's order, which ICU follows).

`vietnamese("name")` is a `Collate` expression naming the collation "vietnamese": on PostgreSQL
a migration creates it from ICU's 'vi' locale (core/migrations/0004_vietnamese_collation.py); on
SQLite `register_sqlite_collation` gives each new connection a Python collation with the same
order. Python-side sorts use `vietnamese_key`.
"""

import functools
import unicodedata

from django.db.models import F
from django.db.models.expressions import OrderBy
from django.db.models.functions import Collate

COLLATION = "vietnamese"

# Foreign letters (f, j, w, z) keep their Latin place, as in ICU's 'vi' tailoring.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_WEIGHT = {letter: 1000 + index for index, letter in enumerate(ALPHABET)}
# The marks that make a letter of its own (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tones in Vietnamese dictionary order; no tone (ngang) weighs 0.
_TONE_WEIGHT = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _char_weight(char: str) -> int:
    # ICU's order of groups: spaces and punctuation, then digits, then letters, then the rest.
    if char in _LETTER_WEIGHT:
        return _LETTER_WEIGHT[char]
    if char.isspace():
        return 1
    if char.isdigit():
        return 500 + int(unicodedata.digit(char, 0))
    if not char.isalnum():
        return 10 + min(ord(char), 400)
    return 2000 + ord(char)


@functools.lru_cache(maxsize=65536)
def vietnamese_key(text: str | None) -> tuple:
    """A sort key for `text` in Vietnamese order: letters first, then tones, then case, then the
    code points (so that only identical texts compare equal)."""
    text = text or ""
    letters: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for cluster in _clusters(unicodedata.normalize("NFD", text)):
        base, marks = cluster[0], cluster[1:]
        lower = base.lower()
        tone = 0
        for mark in marks:
            if (lower, mark) in _LETTER_MARKS:
                lower = _LETTER_MARKS[(lower, mark)]
            elif mark in _TONE_WEIGHT:
                tone = _TONE_WEIGHT[mark]
        letters.append(_char_weight(lower))
        tones.append(tone)
        cases.append(0 if base == base.lower() else 1)
    return (tuple(letters), tuple(tones), tuple(cases), text)


def _clusters(decomposed: str) -> list[str]:
    # A base character with the combining marks that follow it.
    clusters: list[str] = []
    for char in decomposed:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def compare(left: str | None, right: str | None) -> int:
    """-1, 0 or 1 as SQLite's create_collation expects."""
    left_key, right_key = vietnamese_key(left), vietnamese_key(right)
    return (left_key > right_key) - (left_key < right_key)


def vietnamese(field: str, *, descending: bool = False) -> OrderBy:
    """`field` (a name, a title; across relations too: "agency__name") in Vietnamese order, for
    order_by() and Meta.ordering: `order_by(vietnamese("name"))`."""
    expression = Collate(F(field), COLLATION)
    return expression.desc() if descending else expression.asc()


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite knows no Vietnamese; teach each new connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)
