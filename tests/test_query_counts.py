"""List pages answer in a constant number of queries (issue 9): each page is rendered with 10
rows and again with 1,000 rows, and the number of queries must not grow."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import generate
from eiso.dossiers import demo
from tests.documents.factories import DocumentFactory
from tests.dossiers.factories import procedure_for
from tests.factories import AgencyFactory, MembershipFactory, UnitFactory
from tests.improvement.factories import NonconformityFactory
from tests.procedures.factories import ProcedureFactory, ProcessFactory
from tests.quality.factories import QualityObjectiveFactory, RiskFactory


def _bulk(factory, **kwargs):
    """Rows built by the app's factory and inserted in one statement (fast enough for 1,000)."""

    def make(n):
        factory._meta.model.objects.bulk_create(factory.build_batch(n, **kwargs))

    return make


def _created(factory, **kwargs):
    return lambda n: factory.create_batch(n, **kwargs)


def _dossiers(agency):
    unit_made = []

    def make(n):
        if not unit_made:
            UnitFactory(agency=agency, name="Phòng chuyên môn", is_one_stop=False)
            procedure_for(agency, code="1.001193")
            unit_made.append(True)
        (plan,) = generate.plans_for([agency], seed=n)
        # Each call takes its own months, so that the dossier codes never collide. The demo's
        # generator writes through the ORM (the benchmark's needs PostgreSQL's COPY): about n in 28 days.
        start = date(2025, 1, 1) if n < 100 else date(2025, 3, 1)
        demo.generate(
            agency, plan.pairs, per_month=n * 30.5 / 28, seed=n, first=start, last=start.replace(day=28)
        )

    return make


# (URL name, user fixture, maker of n rows for agency A / the province)
PAGES = {
    "dossiers:dossier_list": ("secretary_a", lambda c: _dossiers(c["agency_a"])),
    "documents:document_list": ("secretary_a", lambda c: _bulk(DocumentFactory, agency=c["agency_a"])),
    "procedures:procedure_list": (
        "secretary_a",
        lambda c: _created(ProcedureFactory, province=c["province"]),
    ),
    "procedures:process_list": ("secretary_a", lambda c: _created(ProcessFactory, agency=c["agency_a"])),
    "quality:objective_list": ("secretary_a", lambda c: _bulk(QualityObjectiveFactory, agency=c["agency_a"])),
    "quality:risk_list": ("secretary_a", lambda c: _bulk(RiskFactory, agency=c["agency_a"])),
    "improvement:nonconformity_list": (
        "secretary_a",
        lambda c: _bulk(NonconformityFactory, agency=c["agency_a"]),
    ),
    "orgs:agency_list": ("sysadmin", lambda c: _bulk(AgencyFactory, province=c["province"])),
    "accounts:user_list": ("sysadmin", lambda c: _created(MembershipFactory, agency=c["agency_a"])),
}


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_list_page_queries_do_not_grow_with_rows(name, client, request):
    username, maker = PAGES[name]
    context = {fixture: request.getfixturevalue(fixture) for fixture in ("province", "agency_a")}
    user = request.getfixturevalue(username)
    make = maker(context)
    client.force_login(user)
    url = reverse(name)

    make(10)
    _queries(client, url)  # the first request warms per-process caches (calendars, registry)
    with_10, size_10 = _queries(client, url)
    make(990)
    with_1000, size_1000 = _queries(client, url)

    assert size_1000 > size_10, f"{name}: the new rows are not on the page (the check would be empty)"
    assert with_1000 <= with_10, f"{name}: {with_10} queries with 10 rows, {with_1000} with 1,000"
