"""Statistics read from a real PostgreSQL streaming replica (eiso/core/db.py), and nothing writes
through it. Skipped unless DATABASE_REPLICA_URL names a hot standby of DATABASE_URL's server; CI
makes one with scripts/test-replica.sh and runs this file by itself (.ci/run):

    scripts/test-replica.sh start
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eiso_replica \
    DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/eiso_replica \
        .venv/bin/pytest -p no:xdist tests/core/test_replica.py

The test database pytest-django creates on the primary reaches the replica by physical
replication; the "replica" alias is its TEST MIRROR, so it opens that same database on the
replica's server. Rows must be committed to be replicated, hence transactional tests.
"""

import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import DatabaseError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eiso.core.db import REPLICA, ReplicaWriteRefused, reading_from_replica
from eiso.dossiers import selectors
from eiso.orgs.models import Agency
from tests.dossiers.factories import at, procedure_for
from tests.dossiers.test_views import receive

pytestmark = [
    pytest.mark.skipif(REPLICA not in settings.DATABASES, reason="DATABASE_REPLICA_URL is not set"),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]

PERIOD = {"tu": "01/03/2026", "den": "31/03/2026"}
START, END = at(2026, 3, 1).date(), at(2026, 3, 31).date()


def _scalar(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_for_replay(timeout: float = 20.0) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    # The insert position, not the write one: the test settings commit asynchronously, so the last
    # commit may not be written yet (the WAL writer does it within a fraction of a second).
    target = _scalar("default", "SELECT pg_current_wal_insert_lsn()::text")
    deadline = time.monotonic() + timeout
    while _scalar(REPLICA, "SELECT pg_last_wal_replay_lsn() < %s::pg_lsn", [target]):
        assert time.monotonic() < deadline, f"the replica has not replayed {target} in {timeout} s"
        time.sleep(0.05)


@contextmanager
def replay_paused():
    """The replica stops applying the primary's WAL: what is written meanwhile is not there yet."""
    _scalar(REPLICA, "SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        _scalar(REPLICA, "SELECT pg_wal_replay_resume()")


def _tables_read(queries) -> str:
    return " ".join(query["sql"] for query in queries)


@pytest.fixture
def received(officer_a, agency_a):
    procedure = procedure_for(agency_a, code="1.001193")
    receive(officer_a, agency_a, procedure, at(2026, 3, 2, 9))
    wait_for_replay()
    return procedure


def test_the_replica_is_a_standby_of_the_primary():
    assert _scalar(REPLICA, "SELECT pg_is_in_recovery()") is True
    assert _scalar("default", "SELECT pg_is_in_recovery()") is False
    assert _scalar(REPLICA, "SELECT current_database()") == _scalar("default", "SELECT current_database()")


def test_statistics_page_reads_the_replica_and_sees_the_primary_writes_after_replay(
    client, secretary_a, officer_a, agency_a, received
):
    client.force_login(secretary_a)
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("dossiers:statistics"), PERIOD)
    assert response.status_code == 200
    assert response.context["total"]["received"] == 1
    assert "dossiers_dossier" in _tables_read(on_replica.captured_queries)
    # The primary served the session and the user only.
    assert "dossiers_dossier" not in _tables_read(on_primary.captured_queries)

    # While the replica does not replay, the primary's new dossier is not in the figures: they
    # come from the replica; once it has replayed, they are.
    with replay_paused():
        receive(officer_a, agency_a, received, at(2026, 3, 3, 9))
        assert selectors.dossier_stats(agencies=agency_a, start=START, end=END)["received"] == 2
        with reading_from_replica() as alias:
            assert alias == REPLICA
            assert selectors.dossier_stats(agencies=agency_a, start=START, end=END)["received"] == 1
    wait_for_replay()
    assert client.get(reverse("dossiers:statistics"), PERIOD).context["total"]["received"] == 2


def test_exports_and_the_statistics_api_read_the_replica(client, secretary_a, agency_a, received):
    client.force_login(secretary_a)
    for name in ("dossiers:statistics_export", "dossiers:tracking_book_export", "dossiers:delay_report"):
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            assert client.get(reverse(name), PERIOD).status_code == 200, name
        assert "dossiers_dossier" in _tables_read(on_replica.captured_queries), name
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(
            "/api/v1/stats/dossiers",
            {"from": "2026-03-01", "to": "2026-03-31", "agency": agency_a.identifier_code},
        )
    assert response.status_code == 200 and response.json()["received"] == 1
    assert "dossiers_dossier" in _tables_read(on_replica.captured_queries)


def test_nothing_writes_through_the_replica(agency_a):
    wait_for_replay()
    with reading_from_replica():
        # Every write inside the scope is refused before it reaches any database …
        with pytest.raises(ReplicaWriteRefused):
            Agency.objects.filter(pk=agency_a.pk).update(name="Sửa từ bản sao")
        read = Agency.objects.get(pk=agency_a.pk)
    assert read._state.db == REPLICA
    # … a row read from the replica cannot be saved or deleted, even after the scope …
    read.name = "Sửa từ bản sao"
    with pytest.raises(ReplicaWriteRefused):
        read.save()
    with pytest.raises(ReplicaWriteRefused):
        read.delete()
    assert Agency.objects.get(pk=agency_a.pk).name == agency_a.name
    # … and the standby itself refuses any write sent to it.
    with pytest.raises(DatabaseError, match="read-only"):
        _scalar(REPLICA, "UPDATE orgs_agency SET name = 'x' WHERE id = %s RETURNING id", [agency_a.pk])


def test_the_scope_reads_the_primary_inside_a_transaction_of_the_primary(agency_a):
    """The replica cannot see a transaction's own uncommitted rows."""
    from django.db import transaction

    with transaction.atomic():
        Agency.objects.filter(pk=agency_a.pk).update(name="Chưa xác nhận")
        with reading_from_replica() as alias:
            assert alias == "default"
            assert Agency.objects.get(pk=agency_a.pk).name == "Chưa xác nhận"
        transaction.set_rollback(True)


def test_report_generation_computes_its_figures_on_the_replica_and_writes_the_primary(
    province, coordinator, agency_a, received, tmp_path, settings
):
    from eiso.oversight import services
    from eiso.oversight.models import Report

    settings.MEDIA_ROOT = tmp_path
    report = services.report_create(
        province=province, kind=Report.Kind.SIX_MONTH, year=2026, half=1, actor=coordinator, signer_name="A"
    )
    services.report_request_generation(report=report, actor=coordinator)
    wait_for_replay()
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        services.report_build(report=report, actor=coordinator, today=at(2026, 7, 10).date())
    report.refresh_from_db()
    assert report.generation == Report.Generation.DONE, report.error
    assert "orgs_agency" in _tables_read(on_replica.captured_queries)
    writes = [
        q["sql"] for q in on_replica.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert 'UPDATE "oversight_report"' in _tables_read(on_primary.captured_queries)
