"""Keyset pagination (core.pagination, issue 16 item 3): every row once, in order, forwards and
backwards, ties included; cursors that are not ours are refused without a 500; counts stop at
COUNT_LIMIT."""

from datetime import timedelta

import pytest

from eiso.core import pagination
from eiso.core.pagination import Position, bounded_count, decode, encode, keyset_page
from eiso.dossiers.models import Dossier
from tests.dossiers.factories import at, bulk_dossiers, procedure_for

ORDERING = ("-received_at", "-id")


@pytest.fixture
def dossiers(agency_a):
    """23 dossiers, 8 of which share one moment (the id must break the tie)."""
    procedure_a = procedure_for(agency_a, code="1.001193")
    bulk_dossiers(agency_a, procedure_a, 15, start=at(2025, 3, 2))
    bulk_dossiers(agency_a, procedure_a, 8, start=at(2025, 3, 1), step=timedelta(0))
    return list(Dossier.objects.order_by(*ORDERING).values_list("pk", flat=True))


def _walk(queryset, size, *, backwards_from=None):
    pages, position = [], backwards_from
    while True:
        page = keyset_page(queryset, ordering=ORDERING, size=size, position=position)
        pages.append([row.pk for row in page])
        cursor = page.previous_cursor if backwards_from else page.next_cursor
        if cursor is None:
            return pages, page
        position = decode(cursor, queryset, ORDERING)


@pytest.mark.parametrize("size", [1, 5, 8, 23, 50])
def test_forwards_then_backwards_every_row_once(dossiers, size):
    queryset = Dossier.objects.all()
    pages, last = _walk(queryset, size)
    assert [pk for page in pages for pk in page] == dossiers
    assert all(len(page) == size for page in pages[:-1])
    if len(pages) == 1:
        assert last.previous_cursor is None
        return
    back, first = _walk(queryset, size, backwards_from=decode(last.previous_cursor, queryset, ORDERING))
    assert [pk for page in reversed(back) for pk in page] == [pk for page in pages[:-1] for pk in page]
    assert first.previous_cursor is None and first.next_cursor is not None


def test_first_page_has_no_previous_and_a_filtered_list_stays_filtered(dossiers, agency_a):
    queryset = Dossier.objects.filter(received_at__gte=at(2025, 3, 2))
    page = keyset_page(queryset, ordering=ORDERING, size=10, position=None)
    assert page.previous_cursor is None
    pages, _ = _walk(queryset, 10)
    assert [pk for page in pages for pk in page] == dossiers[:15]


@pytest.mark.parametrize(
    "raw",
    [
        "x",
        "%%%",
        encode(["not a date", "1"], backwards=False),
        encode(["2025-03-01 02:00:00+00:00"], backwards=False),
        encode(["2025-03-01 02:00:00", "1"], backwards=False),  # no offset: ambiguous
        encode(["2025-03-01 02:00:00+00:00", str(2**70)], backwards=False),
        encode(["2025-03-01 02:00:00+00:00", "1"], backwards=False).replace("W", "X"),
        "WzIsWyIxIiwiMSJdXQ",  # [2, ["1", "1"]]
        "WzAsWzEsMl1d",  # [0, [1, 2]]: values that are not text
    ],
)
def test_cursors_that_are_not_ours_are_none(db, raw):
    assert decode(raw, Dossier.objects.all(), ORDERING) is None


def test_a_cursor_round_trips(dossiers):
    row = Dossier.objects.get(pk=dossiers[3])
    position = decode(encode((row.received_at, row.pk), backwards=True), Dossier.objects.all(), ORDERING)
    assert position == Position(values=(row.received_at, row.pk), backwards=True)


def test_counts_are_exact_up_to_the_limit_then_bounded(dossiers, monkeypatch):
    assert bounded_count(Dossier.objects.all()).text == "23"
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 20)
    count = bounded_count(Dossier.objects.all(), whole_table=lambda: False)
    assert count.exact is None and count.text == "hơn 20"
    assert bounded_count(Dossier.objects.filter(received_at__gte=at(2025, 3, 2))).text == "15"


def test_mixed_directions_are_refused(db):
    with pytest.raises(ValueError):
        keyset_page(Dossier.objects.all(), ordering=("-received_at", "id"), size=5, position=None)
