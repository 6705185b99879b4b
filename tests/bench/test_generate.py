"""The synthetic province generator: streamed in batches, reproducible, realistic in shape."""

from datetime import date

import pytest

from bench import generate
from eiso.dossiers.models import Dossier, DossierEvent, DossierStep, EventType
from tests.core.records_helpers import records_unguarded
from tests.dossiers.factories import procedure_for
from tests.factories import UnitFactory

START, END = date(2026, 1, 5), date(2026, 3, 31)  # spans Tết 2026 (17/02)


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


def _run(plans, total=400, batch=60):
    return generate.generate_dossiers(plans, total=total, start=START, end=END, seed=11, batch=batch)


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
