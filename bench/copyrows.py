"""Rows for PostgreSQL COPY: light in-memory records and their text format.

The generator builds millions of rows; a Django model instance costs more to create than the
whole story of its dossier, so the story (`demo._story`) and the replay (`services.derive`,
which reads and sets plain attributes) are fed `Row`s instead, and `Table` turns them into
COPY's text format, column by column as the model declares them (field defaults included), so
what lands in the database is what `bulk_create` would have written.
"""

import json
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from django.db import models

NULL = r"\N"
# COPY text format: backslash, tab and line breaks are escaped.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class Row:
    """A row in memory: attributes named as the model's (`agency_id`, `due`…), nothing more."""

    def __init__(self, **values):
        agency = values.pop("agency", None)
        if agency is not None:
            values["agency_id"] = agency.pk
        self.__dict__.update(values)

    @property
    def pk(self):
        return self.__dict__.get("id")


def text(value: str) -> str:
    if value is None:
        return NULL
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def _plain(value) -> str:
    return NULL if value is None else str(value)


def _boolean(value) -> str:
    return NULL if value is None else ("t" if value else "f")


def _moment(value: datetime | date | None) -> str:
    return NULL if value is None else value.isoformat()


_rendered: dict[int, tuple] = {}


def _json(value) -> str:
    # The same few lists (a procedure's components) come back for every dossier: render each once.
    # The memo holds the value, so its id is not reused while it is there.
    kept = _rendered.get(id(value))
    if kept is None or kept[0] is not value:
        kept = _rendered[id(value)] = (value, text(json.dumps(value)))
    return kept[1]


def _decimal(places: int):
    # As Django's adapter rounds a value to the field's places (half even) before saving.
    step = Decimal(1).scaleb(-places)

    def render(value) -> str:
        return NULL if value is None else str(Decimal(value).quantize(step, rounding=ROUND_HALF_EVEN))

    return render


def _converter(field):
    if isinstance(field, models.BooleanField):
        return _boolean
    if isinstance(field, models.DecimalField):
        return _decimal(field.decimal_places)
    if isinstance(field, models.DateField | models.DateTimeField):
        return _moment
    if isinstance(field, models.JSONField):
        return _json
    if isinstance(field, models.CharField | models.TextField):
        return text
    return _plain


class Table:
    """One model's table for COPY: its columns, and each row as a line of COPY text."""

    def __init__(self, model, *, now: datetime):
        self.name = model._meta.db_table
        self.columns = []
        for field in model._meta.concrete_fields:
            convert = _converter(field)
            if field.attname in ("created_at", "updated_at"):
                default = _moment(now)
            else:  # as the model would fill it: its default, else "" for text, else NULL
                default = convert(field.get_default())
            self.columns.append((field.attname, convert, default))

    @property
    def copy_sql(self) -> str:
        names = ", ".join(f'"{name}"' for name, _, _ in self.columns)
        return f'COPY "{self.name}" ({names}) FROM STDIN'

    def line(self, row: Row) -> str:
        values = row.__dict__
        return "\t".join(
            [convert(values[name]) if name in values else default for name, convert, default in self.columns]
        )

    def lines(self, rows) -> bytes:
        return "".join(self.line(row) + "\n" for row in rows).encode()
