"""Keyset pagination for the long lists (dossiers, their events, the audit trail), on pages and in
the API alike.

A page-number list pays twice on a table of millions: `COUNT(*)` over every row it may show, and
`OFFSET` that reads and drops every row before the page. A keyset page instead starts after the
last row already seen, `WHERE (received_at, id) < (…, …) ORDER BY received_at DESC, id DESC LIMIT
26`, which an index on the ordering answers by reading the 26 rows alone, however deep the page.
The position travels as an opaque `cursor` parameter (the ordering values of the row, in base64);
the links are "Trang trước" and "Trang sau", as a keyset has no page numbers.

How many rows the list holds is counted only up to COUNT_LIMIT, in a `LIMIT` subquery (the same
index scan, stopped early); past it the page says "hơn 10.000", or on PostgreSQL an estimate from
the planner's statistics when the list is the whole table, unfiltered.
"""

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from eiso.core.errors import DomainError
from eiso.core.numbers import number_text
from eiso.core.query import MAX_ID

CURSOR = "cursor"
COUNT_LIMIT = 10_000
BAD_CURSOR = "Liên kết trang không còn dùng được (con trỏ trang không hợp lệ)"


@dataclass(frozen=True)
class Position:
    """Where a page starts: after (`backwards` false) or before the row with these ordering values."""

    values: tuple
    backwards: bool = False


def encode(values, *, backwards: bool) -> str:
    text = json.dumps([1 if backwards else 0, [str(value) for value in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(raw: str, queryset: QuerySet, ordering: tuple[str, ...]) -> Position | None:
    """The position a cursor names, its values read back by the ordering's own fields; None for
    anything that is not one of ours (edited, truncated, of another list)."""
    try:
        backwards, values = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode())
        if backwards not in (0, 1) or not isinstance(values, list) or len(values) != len(ordering):
            return None
        if not all(isinstance(value, str) for value in values):
            return None
        model = queryset.model
        parsed = tuple(
            model._meta.get_field(name.lstrip("-")).to_python(value)
            for name, value in zip(ordering, values, strict=True)
        )
    except (ValueError, TypeError, binascii.Error, ValidationError):
        return None
    if not all(_storable(value) for value in parsed):
        return None
    return Position(values=parsed, backwards=bool(backwards))


def _storable(value) -> bool:
    """A value the database takes: a number past BIGINT fails in the driver, a naive moment is
    ambiguous (our cursors carry the offset)."""
    if isinstance(value, int):
        return -MAX_ID <= value <= MAX_ID
    if isinstance(value, datetime):
        return value.tzinfo is not None
    return value is not None


def _after(ordering: tuple[str, ...], values: tuple, *, backwards: bool):
    """The rows after `values` in the list's order (before them when going backwards), as one row
    comparison `(a, b) < (x, y)`: PostgreSQL answers it from a B-tree index on (a, b) directly."""
    descending = ordering[0].startswith("-")
    columns = Tuple(*(F(name.lstrip("-")) for name in ordering))
    lookup = TupleLessThan if descending != backwards else TupleGreaterThan
    return lookup(columns, tuple(values))


def _reversed(ordering: tuple[str, ...]) -> list[str]:
    return [name[1:] if name.startswith("-") else f"-{name}" for name in ordering]


@dataclass
class KeysetPage:
    """One page of a keyset list: its rows, and the cursors of its neighbours (None at an end)."""

    rows: list
    next_cursor: str | None
    previous_cursor: str | None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def keyset_query(queryset: QuerySet, *, ordering: tuple[str, ...], size: int, position: Position | None):
    """The query of one page of `queryset` (already filtered) at `position`, ordered by `ordering`:
    fields all ascending or all descending, the last one unique (the primary key) so that no row is
    skipped or shown twice. It asks for size + 1 rows: the extra row tells whether there is a page
    beyond. Going backwards it runs in the reversed order (the page's rows come last first)."""
    if len({name.startswith("-") for name in ordering}) != 1:
        raise ValueError("A keyset ordering runs in one direction.")
    backwards = position is not None and position.backwards
    rows = queryset.order_by(*(_reversed(ordering) if backwards else ordering))
    if position is not None:
        rows = rows.filter(_after(ordering, position.values, backwards=backwards))
    return rows[: size + 1]


def keyset_page(queryset: QuerySet, *, ordering: tuple[str, ...], size: int, position: Position | None):
    """The page of `queryset` at `position` (keyset_query), in one query."""
    backwards = position is not None and position.backwards
    rows = list(keyset_query(queryset, ordering=ordering, size=size, position=position))
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    fields = [name.lstrip("-") for name in ordering]
    first = tuple(getattr(rows[0], name) for name in fields) if rows else None
    last = tuple(getattr(rows[-1], name) for name in fields) if rows else None
    # Going forwards there is a previous page whenever we came from a cursor; going backwards there
    # is a next page (the one we came from) and a previous one only if the extra row was there.
    has_next = more if not backwards else True
    has_previous = position is not None if not backwards else more
    return KeysetPage(
        rows=rows,
        next_cursor=encode(last, backwards=False) if has_next and last else None,
        previous_cursor=encode(first, backwards=True) if has_previous and first else None,
    )


@dataclass(frozen=True)
class RowCount:
    """How many rows a list holds, as a page says it: exact up to COUNT_LIMIT."""

    exact: int | None
    estimate: int | None = None

    @property
    def text(self) -> str:
        if self.exact is not None:
            return number_text(self.exact)
        if self.estimate is not None:
            return f"khoảng {number_text(self.estimate)}"
        return f"hơn {number_text(COUNT_LIMIT)}"


def count_query(queryset: QuerySet) -> QuerySet:
    """The ids of `queryset`, at most COUNT_LIMIT + 1 of them, in no order: what is counted."""
    return queryset.order_by().values("pk")[: COUNT_LIMIT + 1]


def bounded_count(queryset: QuerySet, *, whole_table: Callable[[], bool] | None = None) -> RowCount:
    """The rows of `queryset`, counted no further than COUNT_LIMIT + 1 (`SELECT COUNT(*) FROM
    (SELECT id … LIMIT 10001)`). Past the limit, when `whole_table()` says the list is every row of
    its table (asked only then), PostgreSQL's estimate, which ANALYZE and autovacuum keep close."""
    counted = count_query(queryset).count()
    if counted <= COUNT_LIMIT:
        return RowCount(exact=counted)
    if whole_table is not None and connection.vendor == "postgresql" and whole_table():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table]
            )
            row = cursor.fetchone()
        if row and row[0] > COUNT_LIMIT:
            return RowCount(exact=None, estimate=round(row[0], -3))
    return RowCount(exact=None)


# --- pages ----------------------------------------------------------------------------------------


@dataclass
class PageLinks:
    """What a list page shows under its table: the page's rows, the count, and the two links."""

    page: KeysetPage
    count: RowCount
    previous_url: str | None
    next_url: str | None
    # The list from its start, offered on every page reached by a cursor: also on an empty one,
    # whose rows were deleted since its link was made.
    first_url: str | None

    def __iter__(self):
        return iter(self.page)


def _link(request, cursor: str | None) -> str | None:
    """This list's address at `cursor`, with every other parameter kept (the filters); "" is the
    first page."""
    if cursor is None:
        return None
    params = [
        (key, value) for key, values in request.GET.lists() if key not in (CURSOR, "page") for value in values
    ]
    if cursor:
        params.append((CURSOR, cursor))
    return f"{request.path}?{urlencode(params)}" if params else request.path


def page_position(request, queryset: QuerySet, ordering: tuple[str, ...]) -> Position | None:
    """The `?cursor=` of the request; a cursor that is not ours is named and the first page shown
    (a page), or refused with 400 (the API)."""
    raw = request.GET.get(CURSOR, "").strip()
    if not raw:
        return None
    position = decode(raw, queryset, ordering)
    if position is None:
        if isinstance(request, Request):
            raise DomainError(
                f"Tham số {CURSOR} không hợp lệ: hãy dùng đúng liên kết next/previous.", field=CURSOR
            )
        messages.warning(request, f"{BAD_CURSOR}, nên danh sách hiện từ trang đầu.")
    return position


def paginate_page(request, queryset: QuerySet, *, ordering: tuple[str, ...], size: int, whole_table=None):
    """A list page's rows at the request's cursor, its bounded count and its two links; the links
    keep every other parameter of the request (the filters)."""
    position = page_position(request, queryset, ordering)
    page = keyset_page(queryset, ordering=ordering, size=size, position=position)
    return PageLinks(
        page=page,
        count=bounded_count(queryset, whole_table=whole_table),
        previous_url=_link(request, page.previous_cursor),
        next_url=_link(request, page.next_cursor),
        first_url=_link(request, "") if position is not None else None,
    )


# --- API ------------------------------------------------------------------------------------------


class KeysetPagination(BasePagination):
    """DRF's side of the same keyset: `{"next", "previous", "results"}`, as DRF's CursorPagination
    answers, with the cursor of the pages above; the ordering is the view's `keyset_ordering`."""

    page_size = 50

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        ordering = view.keyset_ordering
        position = page_position(request, queryset, ordering)
        self.page = keyset_page(queryset, ordering=ordering, size=self.page_size, position=position)
        return self.page.rows

    def _url(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), CURSOR, cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._url(self.page.next_cursor),
                "previous": self._url(self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": "Con trỏ trang: lấy từ liên kết next hoặc previous của trang trước.",
                "schema": build_basic_type(OpenApiTypes.STR),
            }
        ]
