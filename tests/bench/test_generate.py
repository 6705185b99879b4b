"""The synthetic province generator: COPY'd in batches, reproducible, derived as the counter
derives, realistic in shape."""

from datetime import date

import pytest
from django.db import connection

from bench import generate
from eiso.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierStep,
    EventType,
    FormCounter,
    FormKind,
    Handover,
    IssuedForm,
    Rating,
)
from eiso.dossiers.services.recompute import recompute_all
from tests.core.records_helpers import records_unguarded
from tests.dossiers.factories import procedure_for
from tests.factories import UnitFactory

START, END = date(2026, 1, 5), date(2026, 3, 31)  # spans Tết 2026 (17/02)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("The generator writes with PostgreSQL COPY; the PostgreSQL pass of CI runs these tests")


@pytest.fixture
def plans(agency_a, agency_b):
    for agency in (agency_a, agency_b):
        UnitFactory(agency=agency, name="Lãnh đạo", is_one_stop=False)
        UnitFactory(agency=agency, name="Phòng chuyên môn", is_one_stop=False)
    for n in range(3):
        procedure_for(agency_a, code=f"1.00{n}")
    plans = generate.plans_for([agency_a, agency_b], seed=7)
    # Agency A has the slow unit (its review step overruns often), agency B none.
    plans[0].slow_key, plans[1].slow_key = "b1", None
    return plans


def _run(plans, total=400, batch=60, workers=0):
    return generate.generate_dossiers(
        plans, total=total, start=START, end=END, seed=11, batch=batch, workers=workers
    )


def _fingerprint():
    return list(
        Dossier.objects.order_by("code").values_list("code", "status", "outcome", "legal_due", "ended_at")
    )


@pytest.mark.django_db
def test_streams_in_bounded_batches(plans):
    result = _run(plans)

    assert 360 <= result.dossiers <= 440
    assert Dossier.objects.filter(source=generate.SOURCE).count() == result.dossiers
    assert DossierEvent.objects.count() == result.events
    assert DossierEvent.objects.filter(type=EventType.RECEIVED).count() == result.dossiers
    assert DossierStep.objects.count() == result.steps == 3 * result.dossiers
    assert Handover.objects.count() == result.handovers
    assert Rating.objects.count() == result.ratings > 0
    assert result.batches >= 5
    largest_day = max(result.by_day.values())
    assert result.max_buffered < 60 + largest_day


@pytest.mark.django_db
def test_receptions_only_on_working_days_so_tet_is_empty(plans):
    _run(plans)

    cal = plans[0].cal
    days = set(Dossier.objects.values_list("received_on", flat=True))
    assert all(cal.is_working_day(day) for day in days)
    assert not {date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18)} & days
    assert date(2026, 3, 10) in days


@pytest.mark.django_db
def test_same_seed_same_rows(plans):
    _run(plans)
    first = _fingerprint()
    with records_unguarded():  # a reset between examples, not a disposal of records
        Dossier.objects.all().delete()

    _run(plans)

    assert _fingerprint() == first


@pytest.mark.django_db
def test_late_steps_concentrate_in_the_slow_unit(plans, agency_a, agency_b):
    _run(plans, total=600)

    def overrun_share(agency):
        steps = DossierStep.objects.filter(agency=agency, order=1, finished_at__isnull=False)
        return steps.filter(overrun_hours__gt=0).count() / steps.count()

    assert overrun_share(agency_a) > 3 * overrun_share(agency_b)


@pytest.mark.django_db
def test_what_is_written_is_what_the_replay_gives(plans):
    _run(plans)

    report = recompute_all(save=False)

    assert report.dossiers == Dossier.objects.count()
    assert report.differences == []
    assert Dossier.objects.filter(status="returned", outcome="").count() == 0


@pytest.mark.django_db
def test_two_workers_write_the_same_rows_as_one_process(plans):
    _run(plans, workers=2)
    first = _fingerprint()
    with records_unguarded():
        Dossier.objects.all().delete()

    _run(plans)

    assert _fingerprint() == first


@pytest.mark.django_db
def test_forms_are_numbered_in_time_order_within_each_series(plans, agency_a):
    result = _run(plans)

    assert IssuedForm.objects.count() == result.forms
    # A receipt and a control slip for every reception.
    assert IssuedForm.objects.filter(kind=FormKind.RECEIPT).count() == result.dossiers
    receipts = IssuedForm.objects.filter(agency=agency_a, kind=FormKind.RECEIPT, year=2026)
    serials = list(receipts.order_by("event__at", "event_id").values_list("serial", flat=True))
    assert serials == list(range(1, len(serials) + 1))
    counter = FormCounter.objects.get(agency=agency_a, kind=FormKind.RECEIPT, year=2026)
    assert counter.last == len(serials)


@pytest.mark.django_db
def test_indexes_come_back_and_the_sequences_move_past_the_rows(plans):
    def indexes():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'dossiers_%%'")
            return cursor.fetchone()[0]

    before = indexes()
    _run(plans, total=100)

    assert indexes() == before
    # Rows added afterwards through the ORM take ids past the generated ones.
    dossier = Dossier.objects.order_by("-pk").first()
    event = dossier.events.first()
    last = dossier.pk, event.pk
    dossier.pk, dossier.code = None, dossier.code + "-x"
    dossier.save()
    event.pk, event.dossier, event.source_id = None, dossier, event.source_id + "-x"
    event.save()
    assert (dossier.pk, event.pk) > last and event.pk > DossierEvent.objects.exclude(pk=event.pk).latest(
        "pk"
    ).pk
