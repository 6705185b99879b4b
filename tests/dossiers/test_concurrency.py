"""Two receptions at the same second get consecutive serials: the counter row is locked."""

import threading

import pytest
from django.db import connection, connections

from eiso.dossiers import services
from eiso.dossiers.models import Channel, Dossier
from tests.dossiers.factories import at


@pytest.mark.django_db(transaction=True)
def test_concurrent_receptions_never_repeat_or_skip(officer_a, agency_a, procedure_a):
    if connection.vendor != "postgresql":
        # SQLite serialises every write, so there is no race to test; CI runs this on PostgreSQL.
        pytest.skip("SQLite has no row locks to race on; the PostgreSQL pass of CI runs this test")
    barrier = threading.Barrier(4)
    errors = []

    def receive():
        try:
            barrier.wait()
            services.dossier_receive(
                agency=agency_a,
                procedure=procedure_a,
                actor=officer_a,
                applicant_name="Trần Thị Bình",
                channel=Channel.DIRECT,
                components=[1, 2],
                received_at=at(2026, 3, 2, 9),
            )
        except Exception as error:  # reported below: a thread cannot fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(Dossier.objects.filter(agency=agency_a).values_list("code_serial", flat=True))
    assert serials == [1, 2, 3, 4]
