"""Objectives: creation with a target that fits its unit, manual values, computed values,
freezing of closed periods and deliberate recalculation."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.quality import indicators, services
from eiso.quality.indicators import IndicatorResult, IndicatorSource
from eiso.quality.models import IndicatorValue
from eiso.quality.models.objectives import Attainment
from tests.quality.factories import QualityObjectiveFactory
from tests.quality.helpers import last_entry, pdf

pytestmark = pytest.mark.django_db

FIELDS = {
    "year": 2026,
    "statement": "Giải quyết hồ sơ TTHC đúng hạn",
    "indicator": "Tỷ lệ hồ sơ đúng hạn",
    "source": "manual",
    "comparison": "ge",
    "target": Decimal("98"),
    "measure_unit": "%",
    "frequency": "quarterly",
}


@pytest.fixture
def counting_source():
    """A computed source whose result the test sets, to follow freezing and recalculation."""
    state = {"value": Decimal("90")}

    def compute(agency, start, end, scope):
        if state["value"] is None:
            return IndicatorResult(value=None, figures={"total": 0})
        return IndicatorResult(value=state["value"], figures={"on_time": int(state["value"]), "total": 100})

    indicators.register_source(IndicatorSource("test_rate", "Tỷ lệ thử nghiệm", "%", compute))
    yield state
    indicators.sources.pop("test_rate")


def test_secretary_creates_an_objective_and_the_audit_trail_records_it(agency_a, secretary_a):
    objective = services.objective_create(agency=agency_a, actor=secretary_a, **FIELDS)
    assert objective.target_display == "≥ 98 %"
    entry = last_entry("quality_objective.create")
    assert entry.target_id == str(objective.pk)
    assert entry.changes["target"] == [None, "98"]


def test_staff_may_not_create_an_objective(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.objective_create(agency=agency_a, actor=staff_a, **FIELDS)


@pytest.mark.parametrize(
    ("unit", "target", "message"),
    [
        ("%", Decimal("120"), "0–100"),
        ("ngày", Decimal("-1"), "không được âm"),
        ("số lượng", Decimal("2.5"), "số nguyên"),
    ],
)
def test_a_target_that_does_not_fit_its_unit_is_refused(agency_a, secretary_a, unit, target, message):
    with pytest.raises(DomainError, match=message):
        services.objective_create(
            agency=agency_a, actor=secretary_a, **{**FIELDS, "measure_unit": unit, "target": target}
        )


def test_a_computed_source_imposes_its_unit(agency_a, secretary_a, counting_source):
    objective = services.objective_create(
        agency=agency_a, actor=secretary_a, **{**FIELDS, "source": "test_rate", "measure_unit": "ngày"}
    )
    assert objective.measure_unit == "%"


def test_an_unknown_source_is_refused(agency_a, secretary_a):
    with pytest.raises(DomainError, match="danh mục chỉ số"):
        services.objective_create(
            agency=agency_a, actor=secretary_a, **{**FIELDS, "source": "no_such_source"}
        )


def test_owner_must_work_in_the_agency(agency_a, secretary_a, staff_b):
    with pytest.raises(DomainError, match="người của cơ quan"):
        services.objective_create(agency=agency_a, actor=secretary_a, **{**FIELDS, "owner": staff_b})


def test_update_records_only_the_changed_fields(agency_a, secretary_a):
    objective = QualityObjectiveFactory(agency=agency_a)
    objective.refresh_from_db()
    services.objective_update(
        objective=objective, actor=secretary_a, target=Decimal("97"), statement=objective.statement
    )
    assert last_entry("quality_objective.update").changes == {"target": ["95.00", "97"]}


def test_secretary_enters_a_manual_value_with_evidence(agency_a, secretary_a):
    objective = QualityObjectiveFactory(agency=agency_a, target=Decimal("95"))
    value = services.indicator_value_enter(
        objective=objective,
        period_start=date(2026, 4, 1),
        value=Decimal("93.5"),
        actor=secretary_a,
        evidence=pdf(),
        today=date(2026, 5, 10),
    )
    assert value.label == "Quý 2/2026"
    assert value.evidence.name.endswith(".pdf")
    assert not value.is_final
    assert value.attainment(date(2026, 5, 10)) == Attainment.AT_RISK
    assert value.attainment(date(2026, 7, 1)) == Attainment.MISSED
    assert last_entry("indicator_value.enter").changes["value"] == [None, "93.5"]


def test_the_objective_owner_may_enter_a_value(agency_a, staff_a):
    objective = QualityObjectiveFactory(agency=agency_a, owner=staff_a)
    services.indicator_value_enter(
        objective=objective,
        period_start=date(2026, 1, 1),
        value=Decimal("99"),
        actor=staff_a,
        today=date(2026, 4, 2),
    )
    assert IndicatorValue.objects.get(objective=objective).is_final


def test_other_staff_may_not_enter_a_value(agency_a, staff_a):
    objective = QualityObjectiveFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        services.indicator_value_enter(
            objective=objective,
            period_start=date(2026, 1, 1),
            value=Decimal("99"),
            actor=staff_a,
            today=date(2026, 4, 2),
        )


@pytest.mark.parametrize(
    ("period_start", "value", "message"),
    [
        (date(2026, 2, 1), Decimal("90"), "không thuộc năm"),
        (date(2026, 10, 1), Decimal("90"), "chưa bắt đầu"),
        (date(2026, 1, 1), Decimal("101"), "0–100"),
    ],
)
def test_bad_values_are_refused(agency_a, secretary_a, period_start, value, message):
    objective = QualityObjectiveFactory(agency=agency_a)
    with pytest.raises(DomainError, match=message):
        services.indicator_value_enter(
            objective=objective,
            period_start=period_start,
            value=value,
            actor=secretary_a,
            today=date(2026, 5, 1),
        )


def test_evidence_with_a_false_extension_is_refused(agency_a, secretary_a):
    objective = QualityObjectiveFactory(agency=agency_a)
    fake = pdf("bang-chung.png")
    with pytest.raises(DomainError, match="không phải"):
        services.indicator_value_enter(
            objective=objective,
            period_start=date(2026, 1, 1),
            value=Decimal("99"),
            actor=secretary_a,
            evidence=fake,
            today=date(2026, 5, 1),
        )


def test_a_computed_indicator_cannot_be_typed_in(agency_a, secretary_a, counting_source):
    objective = QualityObjectiveFactory(agency=agency_a, source="test_rate")
    with pytest.raises(DomainError, match="tự động"):
        services.indicator_value_enter(
            objective=objective,
            period_start=date(2026, 1, 1),
            value=Decimal("99"),
            actor=secretary_a,
            today=date(2026, 5, 1),
        )


def test_recalculation_stores_value_and_figures_and_freezes_closed_periods(
    agency_a, secretary_a, counting_source
):
    objective = QualityObjectiveFactory(agency=agency_a, source="test_rate", target=Decimal("95"))
    values = services.objective_recalculate(objective=objective, actor=secretary_a, today=date(2026, 5, 10))
    assert [(v.label, v.is_final) for v in values] == [("Quý 1/2026", True), ("Quý 2/2026", False)]
    assert values[0].figures == {"on_time": 90, "total": 100}
    assert values[0].attainment(date(2026, 5, 10)) == Attainment.MISSED
    assert values[1].attainment(date(2026, 5, 10)) == Attainment.AT_RISK

    # Data corrected later: the closed quarter keeps its value, the running one follows.
    counting_source["value"] = Decimal("97")
    services.objective_recalculate(objective=objective, actor=secretary_a, today=date(2026, 5, 20))
    q1, q2 = IndicatorValue.objects.filter(objective=objective).order_by("period_start")
    assert q1.value == Decimal("90")
    assert q2.value == Decimal("97")
    with pytest.raises(DomainError, match="đã chốt"):
        services.indicator_recalculate(
            objective=objective, period_start=date(2026, 1, 1), actor=secretary_a, today=date(2026, 5, 20)
        )


def test_recalculating_a_closed_period_on_purpose_is_recorded(agency_a, secretary_a, counting_source):
    objective = QualityObjectiveFactory(agency=agency_a, source="test_rate")
    services.objective_recalculate(objective=objective, actor=secretary_a, today=date(2026, 4, 5))
    counting_source["value"] = Decimal("99")
    value = services.indicator_recalculate(
        objective=objective,
        period_start=date(2026, 1, 1),
        actor=secretary_a,
        today=date(2026, 4, 20),
        reopen=True,
    )
    assert value.value == Decimal("99")
    entry = last_entry("indicator_value.recalculate_closed")
    assert entry.actor == secretary_a
    assert entry.changes["value"] == ["90.00", "99.00"]


def test_a_period_without_data_is_stored_as_no_data_not_zero(agency_a, secretary_a, counting_source):
    counting_source["value"] = None
    objective = QualityObjectiveFactory(agency=agency_a, source="test_rate")
    value = services.indicator_recalculate(
        objective=objective, period_start=date(2026, 1, 1), actor=secretary_a, today=date(2026, 2, 1)
    )
    assert value.value is None
    assert value.attainment(date(2026, 2, 1)) == Attainment.NO_DATA


def test_the_scheduled_run_skips_manual_and_final_periods(agency_a, counting_source):
    computed = QualityObjectiveFactory(agency=agency_a, source="test_rate", frequency="monthly")
    QualityObjectiveFactory(agency=agency_a)  # manual: never computed
    assert services.indicators_recalculate_all(today=date(2026, 3, 15)) == 3
    assert services.indicators_recalculate_all(today=date(2026, 3, 16)) == 1  # only March is still open
    assert computed.values.count() == 3
    assert last_entry("indicator_value.compute").actor is None


def test_switching_the_source_of_a_measured_objective_is_refused(agency_a, secretary_a, counting_source):
    objective = QualityObjectiveFactory(agency=agency_a, source="test_rate")
    services.objective_recalculate(objective=objective, actor=secretary_a, today=date(2026, 2, 1))
    with pytest.raises(DomainError, match="nguồn số liệu"):
        services.objective_update(objective=objective, actor=secretary_a, source="manual")


@pytest.mark.parametrize(
    ("comparison", "target", "value", "expected"),
    [
        ("ge", "98", "98", Attainment.REACHED),
        ("ge", "98", "97.99", Attainment.MISSED),
        ("le", "3", "2.5", Attainment.REACHED),
        ("le", "3", "3.5", Attainment.MISSED),
        ("eq", "0", "0", Attainment.REACHED),
        ("eq", "0", "1", Attainment.MISSED),
    ],
)
def test_attainment_follows_the_comparison(comparison, target, value, expected):
    objective = QualityObjectiveFactory.build(comparison=comparison, target=Decimal(target))
    assert objective.attainment(Decimal(value), date(2026, 3, 31), date(2026, 4, 1)) == expected
