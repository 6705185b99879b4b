"""What oversight reads of the Bộ chỉ số 766 and of the competence lists: the ranking's automatic
criterion "index_766_total", and the registry's "processes missing"."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from eiso.oversight import indicators, scoring
from eiso.oversight.models import Score
from eiso.oversight.services.inspections import fill_automatic_scores
from eiso.quality import services as quality_services
from tests.documents.factories import DocumentFactory, published_version
from tests.oversight.factories import CriteriaSetFactory, CriterionFactory, InspectionFactory
from tests.procedures.factories import CompetenceFactory, ProcedureFactory, ProcessFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def _status(coordinator, agency):
    return indicators.agency_status(user=coordinator, agency=agency, year=2026, today=TODAY)


def test_the_766_rule_is_the_total_as_a_share_of_100(coordinator, agency_a, secretary_a):
    # Only one hand-entered indicator, 1.4 (6 points), at 50 %: 3 points earned. Every measured
    # indicator and every other entered one: the measured ones did not arise (no dossier, feedback or
    # competent procedure), the other entered ones are missing (0 points). 1.3 (2), 2.1 (20), 3.4 (12),
    # 5.2 (6), 5.4 (6) are left out: 46 points; total = 3 × 100 / 54 = 5,56.
    quality_services.index_entry_set(
        agency=agency_a,
        indicator="1.4",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        numerator=5,
        denominator=10,
        actor=secretary_a,
    )
    status = _status(coordinator, agency_a)
    assert status.index_766_total == Decimal("5.56")
    result = scoring.RULES["index_766_total"].compute(status)
    assert result.share == Decimal("0.0556")
    assert "5.56 / 100" in result.evidence
    assert scoring.points_for(result.share, Decimal(10)) == Decimal("0.56")


def test_without_a_total_the_criterion_is_left_to_the_inspector(coordinator, agency_a):
    status = _status(coordinator, agency_a)
    status.index_766_total = None
    assert scoring.RULES["index_766_total"].compute(status).share is None


def test_a_criteria_set_scores_the_766_total_automatically(coordinator, agency_a, secretary_a):
    quality_services.index_entry_set(
        agency=agency_a,
        indicator="1.4",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        numerator=10,
        denominator=10,
        actor=secretary_a,
    )
    criteria_set = CriteriaSetFactory(province=agency_a.province)
    criterion = CriterionFactory(criteria_set=criteria_set, code="6", max_points=10, rule="index_766_total")
    inspection = InspectionFactory(agency=agency_a, criteria_set=criteria_set, plan__year=2026)

    fill_automatic_scores(inspection, coordinator, TODAY)

    score = Score.objects.get(inspection=inspection, criterion=criterion)
    # 6 of the 54 points that arise: 11,11 / 100 → 1,11 of 10.
    assert (score.is_automatic, score.points) == (True, Decimal("1.11"))
    assert (
        "index_766_total",
        "Tự động: Tổng điểm Bộ chỉ số 766 (tỷ lệ trên 100 điểm)",
    ) in scoring.rule_choices()


def test_the_registry_counts_competent_procedures_without_a_published_process(client, coordinator, agency_a):
    covered = ProcedureFactory(province=agency_a.province, code="1.000001")
    bare = ProcedureFactory(province=agency_a.province, code="1.000002")
    for procedure in (covered, bare):
        CompetenceFactory(agency=agency_a, procedure=procedure)
    process = ProcessFactory(agency=agency_a, document=DocumentFactory(agency=agency_a), draft=False)
    published_version(process.document)
    process.procedures.add(covered)

    status = _status(coordinator, agency_a)
    assert status.processes_missing == [bare]

    client.force_login(coordinator)
    registry = client.get(reverse("oversight:registry"), {"year": 2026}).content.decode()
    assert 'data-processes-missing="1"' in registry
    detail = client.get(
        reverse("oversight:agency_detail", args=[agency_a.pk]), {"year": 2026}
    ).content.decode()
    assert 'id="processes-missing"' in detail and "1.000002" in detail
    assert 'id="agency-index-766"' in detail
