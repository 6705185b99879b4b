"""The dossier list's queries are answered from indexes at every depth (issue 16, item 3): EXPLAIN
on PostgreSQL of the first page, of a page reached by a cursor thousands of rows deep (forwards and
backwards) and of the bounded count, unfiltered and by the common filters, for one agency's
secretary and for the province's coordinator, names an index of dossiers and no sequential scan of
them. The table holds enough rows, ANALYZEd, for the planner to choose as it would in production: no
planner setting is touched."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from eiso.core.pagination import Position, count_query, keyset_query
from eiso.dossiers import selectors
from eiso.dossiers.filters import ORDERING, DossierFilterSet
from eiso.dossiers.models import Status
from tests.dossiers.factories import bulk_dossiers
from tests.factories import AgencyFactory

AGENCIES = 12
FILTERS = {
    "unfiltered": {},
    "open": {"status": "open"},
    "returned": {"status": Status.RETURNED},
    "overdue now": {"tre": "dang"},
    "received in June": {"tu": "01/06/2025", "den": "30/06/2025"},
}


@pytest.fixture
def many_dossiers(agency_a, agency_b, procedure_a, province):
    """24 000 dossiers of 12 agencies over two years, one in ten still open, then ANALYZE."""
    if connection.vendor != "postgresql":
        pytest.skip("Query plans are PostgreSQL's; CI's PostgreSQL pass runs this test")
    agencies = [agency_a, agency_b, *(AgencyFactory(province=province) for _ in range(AGENCIES - 2))]
    start = timezone.now() - timedelta(days=730)
    for number, agency in enumerate(agencies):
        first = start + timedelta(minutes=number)
        bulk_dossiers(agency, procedure_a, 1800, start=first, step=timedelta(hours=9, minutes=43))
        bulk_dossiers(
            agency,
            procedure_a,
            200,
            start=first + timedelta(seconds=30),
            step=timedelta(hours=87),
            status=Status.IN_PROGRESS,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE orgs_agency")


def _queries(user, params) -> dict:
    """The queries the list page runs for `params`: the first page, a page 1 500 rows deep (or half
    the list, if shorter) forwards and backwards, and the bounded count."""
    request = RequestFactory().get("/dossiers/", params)
    request.user = user
    queryset = DossierFilterSet(params, queryset=selectors.dossier_list(user=user), request=request).qs
    ordered = queryset.order_by(*ORDERING)
    row = ordered[min(1500, ordered.count() // 2)]
    values = (row.received_at, row.pk)
    return {
        "first page": keyset_query(queryset, ordering=ORDERING, size=25, position=None),
        "deep page": keyset_query(queryset, ordering=ORDERING, size=25, position=Position(values)),
        "deep page backwards": keyset_query(
            queryset, ordering=ORDERING, size=25, position=Position(values, backwards=True)
        ),
        "count": count_query(queryset),
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("person", ["secretary_a", "coordinator"])
def test_list_queries_read_dossiers_through_an_index(request, client, person, many_dossiers):
    user = request.getfixturevalue(person)
    plans = {}
    for label, params in FILTERS.items():
        for query, queryset in _queries(user, params).items():
            plans[f"{label}, {query}"] = queryset.explain()
    for name, plan in plans.items():
        assert "Seq Scan on dossiers_dossier" not in plan, f"{person}, {name}:\n{plan}"
        assert any(
            f"{kind} on dossiers_dossier" in plan or f"{kind} using" in plan
            for kind in ("Index Scan", "Index Only Scan", "Bitmap Heap Scan")
        ), f"{person}, {name}:\n{plan}"

    # The count the page shows: exact for the agency; past 10.000 and unfiltered, the coordinator (who
    # sees the whole table) reads the planner's estimate, which ANALYZE made exact here.
    client.force_login(user)
    html = client.get("/dossiers/").content.decode()
    shown = "Tổng cộng khoảng 24.000 hồ sơ." if person == "coordinator" else "2.000 hồ sơ."
    assert shown in html
    if person == "coordinator":
        assert "Tổng cộng hơn 10.000 hồ sơ." in client.get("/dossiers/?status=returned").content.decode()
