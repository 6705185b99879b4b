"""`manage.py check_rules`: zero on consistent data, and each kind of disagreement found."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from eiso.dossiers.models import DossierDayCount, DossierStep
from eiso.oversight import rules_check
from eiso.quality import services as quality_services
from eiso.quality.models import IndicatorValue
from tests.dossiers.factories import OneStopCounter, process_for
from tests.quality.factories import QualityObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_with_dossiers(agency_a, unit_a, secretary_a):
    """Dossiers of this year and last month, one with steps, and an on-time objective measured."""
    counter = OneStopCounter(agency_a)
    process_for(agency_a, counter.procedure, [("Thẩm định", 4, unit_a, None), ("Ký", 4, None, None)])
    now = timezone.now()
    for days_ago in (40, 35, 3):
        counter.dossier(agency_a, now - timedelta(days=days_ago))
    objective = QualityObjectiveFactory(
        agency=agency_a,
        source="dossier_on_time_rate",
        frequency="monthly",
        target=Decimal("90"),
        year=timezone.localdate().year,
    )
    quality_services.objective_recalculate(objective=objective, actor=secretary_a)
    return agency_a


def counts(findings) -> list[int]:
    return [finding.count for finding in findings]


def test_consistent_data_reports_zero_everywhere(agency_with_dossiers, capsys):
    assert counts(rules_check.run_all()) == [0, 0, 0, 0, 0, 0, 0]
    call_command("check_rules")
    assert "Mọi kiểm tra đều bằng 0." in capsys.readouterr().out


def test_a_step_due_after_the_appointment_is_found(agency_with_dossiers):
    step = DossierStep.objects.filter(agency=agency_with_dossiers).first()
    DossierStep.objects.filter(pk=step.pk).update(due=step.dossier.appointment + timedelta(hours=1))
    findings = rules_check.run_all()
    assert counts(findings)[:2] == [1, 1]
    assert step.dossier.code in findings[1].problems[0]
    with pytest.raises(CommandError):
        call_command("check_rules")


def test_a_rollup_that_disagrees_with_the_dossiers_is_found(agency_with_dossiers):
    DossierDayCount.objects.filter(agency=agency_with_dossiers, procedure_id=0, unit_id=0).update(
        received=F("received") + 1
    )
    problems = rules_check.rollups_differ().problems
    assert problems
    with pytest.raises(CommandError):
        call_command("check_rules")
    call_command("reconcile_rollups", "--repair", stdout=io.StringIO())
    assert rules_check.rollups_differ().count == 0


def test_outputs_that_disagree_are_found(agency_with_dossiers, monkeypatch):
    real = rules_check._from_api

    def off_by_one(*args):
        answer = real(*args)
        return {**answer, "received": answer["received"] + 1}

    monkeypatch.setattr(rules_check, "_from_api", off_by_one)
    problems = rules_check.outputs_differ().problems
    assert problems and all("received" in problem for problem in problems)


def test_a_stored_objective_value_that_disagrees_is_found(agency_with_dossiers):
    value = IndicatorValue.objects.exclude(value=None).first() or IndicatorValue.objects.first()
    IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal("12.34"), is_final=True)
    problems = rules_check.objective_values_differ().problems
    assert len(problems) >= 1 and "12.34" in problems[0]


def test_signed_minutes_citing_a_later_date_are_found(coordinator, agency_a):
    from eiso.oversight.models import Score
    from tests.oversight.factories import (
        CriteriaSetFactory,
        CriterionFactory,
        InspectionPlanFactory,
        concluded_inspection,
    )

    criteria_set = CriteriaSetFactory(province=agency_a.province)
    group = CriterionFactory(criteria_set=criteria_set, code="1", max_points=10)
    CriterionFactory(criteria_set=criteria_set, parent=group, code="1.a", max_points=10)
    plan = InspectionPlanFactory(province=agency_a.province, year=2025)
    inspection = concluded_inspection(plan, agency_a, criteria_set, coordinator, {"1.a": 8})
    assert rules_check.minutes_citing_later_evidence().count == 0
    Score.objects.filter(inspection=inspection).update(figures={"last": "2025-10-20", "year": 2025})
    problems = rules_check.minutes_citing_later_evidence().problems
    assert len(problems) == 1 and "20/10/2025" in problems[0]


def test_a_follow_up_due_later_than_two_months_after_the_minutes_is_found(agency_a):
    from datetime import date

    from eiso.oversight.models import FollowUp, Inspection
    from tests.oversight.factories import FollowUpFactory, InspectionFactory

    inspection = InspectionFactory(
        agency=agency_a,
        form=Inspection.Form.ON_SITE,
        status=Inspection.Status.CONCLUDED,
        minutes_signed_on=date(2025, 10, 6),
    )
    FollowUpFactory(inspection=inspection, due_on=date(2025, 12, 8))  # 06/12 is a Saturday
    assert rules_check.follow_ups_due_too_late().count == 0
    FollowUp.objects.update(due_on=date(2027, 6, 6))  # the 20 months the issue found accepted
    problems = rules_check.follow_ups_due_too_late().problems
    assert problems == [f"{agency_a.name}: hạn 06/06/2027, chậm nhất 08/12/2025 (kết luận ngày 06/10/2025)"]
