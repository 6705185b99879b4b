"""Indicators measured from dossiers, against a hand-counted fixture (March 2026, a procedure of
3 working days; counting rules of shared/domain/dossier-events.md):

D1 received 02/03, result 03/03 (due 05/03)                           early
D2 received 02/03, result 05/03 16:00                                 on time
D3 received 02/03, result 06/03                                       late, no apology
D4 received 02/03, supplement 02/03 → 03/03, result 06/03 (due 06/03)  on time, one supplement
D5 received 02/04                                                     outside the period

March: resolved 4 (early 1, on time 2, late 1) → on-time rate 3/4 = 75 %; late without apology 1;
received 4 of which 1 supplemented → 25 %; ratings: D1 satisfied, D3 not → 50 %.
"""

from datetime import date
from decimal import Decimal

import pytest

from eiso.dossiers import services as dossier_services
from eiso.dossiers.models import Channel
from eiso.quality import indicators, services
from eiso.quality.indicators import Scope
from eiso.quality.models.objectives import Attainment
from tests.dossiers.factories import at, procedure_for
from tests.quality.factories import QualityObjectiveFactory

pytestmark = pytest.mark.django_db
MARCH = {"period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31), "scope": Scope()}
GOOD = {
    "time_score": 3,
    "agencies_contacted": 1,
    "contacts_needed": 1,
    "information_score": 3,
    "conduct_score": 3,
    "costs_score": 3,
}


@pytest.fixture
def march(officer_a, agency_a):
    procedure = procedure_for(agency_a, code="1.001193")

    def receive(when):
        return dossier_services.dossier_receive(
            agency=agency_a,
            procedure=procedure,
            actor=officer_a,
            received_at=when,
            applicant_name="Lê Văn An",
            applicant_phone="0987654321",
            channel=Channel.DIRECT,
            components=[1, 2],
        )

    def result(dossier, when):
        dossier.refresh_from_db()
        dossier_services.dossier_result_ready(dossier=dossier, actor=officer_a, at=when)

    d = {n: receive(at(2026, 3, 2, 9)) for n in (1, 2, 3, 4)}
    d[5] = receive(at(2026, 4, 2, 9))
    result(d[1], at(2026, 3, 3, 10))
    result(d[2], at(2026, 3, 5, 16))
    result(d[3], at(2026, 3, 6, 9))
    dossier_services.supplement_request(dossier=d[4], items="Tờ khai", actor=officer_a, at=at(2026, 3, 2, 10))
    dossier_services.supplement_complete(dossier=d[4], actor=officer_a, at=at(2026, 3, 3, 9))
    result(d[4], at(2026, 3, 6, 9))
    dossier_services.rating_submit(dossier=d[1], values=GOOD)
    dossier_services.rating_submit(dossier=d[3], values={**GOOD, "time_score": 1, "conduct_score": 1})
    return d


def test_on_time_rate(march, agency_a):
    result = indicators.compute("dossier_on_time_rate", agency=agency_a, **MARCH)
    assert result.value == Decimal("75.00")
    assert result.figures == {"resolved": 4, "early": 1, "on_time": 2, "late": 1}


def test_late_without_apology(march, agency_a):
    result = indicators.compute("dossier_late_without_apology", agency=agency_a, **MARCH)
    assert result.value == Decimal(1)
    assert result.figures == {"late": 1, "resolved": 4, "late_without_apology": 1}


def test_supplement_rate(march, agency_a):
    result = indicators.compute("dossier_supplement_rate", agency=agency_a, **MARCH)
    assert (result.value, result.figures) == (Decimal("25.00"), {"received": 4, "supplements": 1})


def test_satisfaction(march, agency_a):
    result = indicators.compute("dossier_satisfaction", agency=agency_a, **MARCH)
    assert (result.value, result.figures) == (Decimal("50.00"), {"ratings": 2, "satisfied": 1})


def test_average_time_is_stored_as_plain_numbers(march, agency_a):
    result = indicators.compute("dossier_average_time", agency=agency_a, **MARCH)
    assert result.value > 0
    assert result.figures["resolved"] == 4 and isinstance(result.figures["days"], float)
    assert result.figures["days"] == float(result.value)


def test_a_period_without_dossiers_has_no_value(march, agency_a):
    result = indicators.compute(
        "dossier_on_time_rate",
        agency=agency_a,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
        scope=Scope(),
    )
    assert result.value is None


def test_an_objective_measured_from_the_on_time_rate(march, agency_a, secretary_a):
    objective = QualityObjectiveFactory(
        agency=agency_a, source="dossier_on_time_rate", frequency="monthly", target=Decimal("98")
    )
    values = services.objective_recalculate(objective=objective, actor=secretary_a, today=date(2026, 4, 10))
    by_label = {value.label: value for value in values}
    assert by_label["Tháng 1/2026"].attainment(date(2026, 4, 10)) == Attainment.NO_DATA
    march_value = by_label["Tháng 3/2026"]
    assert march_value.value == Decimal("75.00") and march_value.is_final
    assert march_value.attainment(date(2026, 4, 10)) == Attainment.MISSED
    assert by_label["Tháng 4/2026"].figures["resolved"] == 0
