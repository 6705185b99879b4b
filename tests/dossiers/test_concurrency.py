"""Two receptions at the same second get consecutive serials: the counter row is locked. The same
holds for the numbers of the one-stop forms, each series its own counter row."""

import threading

import pytest
from django.db import connection, connections

from eiso.dossiers import services
from eiso.dossiers.models import Channel, Dossier, FormKind, IssuedForm
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
    for kind in (FormKind.RECEIPT, FormKind.CONTROL_SLIP):
        assert sorted(IssuedForm.objects.filter(kind=kind).values_list("serial", flat=True)) == [1, 2, 3, 4]


@pytest.mark.django_db(transaction=True)
def test_concurrent_events_never_share_a_form_number(officer_a, agency_a, procedure_a):
    """Four officers each write an apology (form 04) and a supplement request (form 02) for their own
    dossier at the same moment: each series hands out 01 to 04, none twice, none skipped."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to race on; the PostgreSQL pass of CI runs this test")
    dossiers = [
        services.dossier_receive(
            agency=agency_a,
            procedure=procedure_a,
            actor=officer_a,
            applicant_name=f"Người nộp {n}",
            channel=Channel.DIRECT,
            components=[1, 2],
            received_at=at(2026, 3, 2, 9),
        )
        for n in range(8)
    ]
    barrier = threading.Barrier(8)
    errors = []

    def act(dossier, index):
        try:
            barrier.wait()
            if index % 2:
                services.supplement_request(
                    dossier=dossier, items="Tờ khai", actor=officer_a, at=at(2026, 3, 3, 9)
                )
            else:
                services.dossier_extend(
                    dossier=dossier,
                    new_appointment=at(2026, 3, 20, 17),
                    reason="Chờ xác minh",
                    actor=officer_a,
                    at=at(2026, 3, 3, 9),
                )
        except Exception as error:  # reported below: a thread cannot fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(dossier, n)) for n, dossier in enumerate(dossiers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for kind in (FormKind.APOLOGY, FormKind.SUPPLEMENT):
        assert sorted(IssuedForm.objects.filter(kind=kind).values_list("serial", flat=True)) == [1, 2, 3, 4]
