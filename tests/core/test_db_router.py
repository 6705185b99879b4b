"""The replica scope (eiso/core/db.py) without a replica: reads stay on the primary, writes inside
the scope are refused, and a row read from the replica could never be saved. The real replica is
tested in tests/core/test_replica.py."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eiso.core import db
from eiso.core.db import REPLICA, ReplicaRouter, ReplicaWriteRefused, in_replica_scope, reading_from_replica
from eiso.dossiers import selectors
from eiso.orgs.models import Agency

pytestmark = pytest.mark.django_db


def test_without_a_replica_the_scope_reads_the_primary_and_refuses_writes(agency_a):
    assert not in_replica_scope()
    with reading_from_replica() as alias:
        assert alias == "default" and in_replica_scope()
        assert Agency.objects.get(pk=agency_a.pk) == agency_a
        with pytest.raises(ReplicaWriteRefused):
            Agency.objects.filter(pk=agency_a.pk).update(name="x")
        with pytest.raises(ReplicaWriteRefused):
            agency_a.save()
        with reading_from_replica() as inner:  # nested scopes keep the outer one's database
            assert inner == alias
        assert in_replica_scope()
    assert not in_replica_scope()
    agency_a.save()


def test_a_row_read_from_the_replica_is_never_saved_nor_deleted(agency_a):
    agency_a._state.db = REPLICA  # as a read inside the scope would have left it
    with pytest.raises(ReplicaWriteRefused, match="reload it from the primary"):
        agency_a.save()
    with pytest.raises(ReplicaWriteRefused):
        agency_a.delete()


def test_router_sends_reads_to_the_scope_database_and_never_migrates_the_replica(monkeypatch, agency_a):
    router = ReplicaRouter()
    monkeypatch.setattr(db, "_scope_target", lambda: REPLICA)
    assert router.db_for_read(Agency) == "default"
    with reading_from_replica():
        assert router.db_for_read(Agency) == REPLICA
    assert router.db_for_write(Agency) == "default"
    assert router.allow_migrate(REPLICA, "orgs") is False and router.allow_migrate("default", "orgs")


def test_statistics_pages_exports_and_api_compute_their_figures_in_the_scope(
    client, monkeypatch, coordinator, agency_a
):
    seen = []
    original = selectors.dossier_stats

    def recording(**kwargs):
        seen.append(in_replica_scope())
        return original(**kwargs)

    monkeypatch.setattr(selectors, "dossier_stats", recording)
    client.force_login(coordinator)
    for name in ("dossiers:statistics", "dossiers:statistics_export"):
        assert client.get(reverse(name), {"pham_vi": "tinh"}).status_code == 200
    answer = client.get("/api/v1/stats/dossiers", {"from": "2026-01-01", "to": "2026-03-31"})
    assert answer.status_code == 200
    assert seen == [True, True, True]


def test_the_scope_opens_no_connection_when_there_is_no_replica(agency_a):
    with CaptureQueriesContext(connections["default"]) as queries, reading_from_replica():
        Agency.objects.filter(pk=agency_a.pk).exists()
    assert len(queries) == 1
