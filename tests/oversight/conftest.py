"""Fixtures of the oversight tests: an inspection in progress scored against a small set."""

from datetime import date
from decimal import Decimal

import pytest

from eiso.oversight.models import Inspection
from tests.oversight.factories import CriteriaSetFactory, CriterionFactory, InspectionFactory


@pytest.fixture
def criteria_set(province):
    criteria_set = CriteriaSetFactory(province=province)
    group = CriterionFactory(
        criteria_set=criteria_set, code="1", title="Nhóm 1", max_points=Decimal(0), order=1
    )
    CriterionFactory(criteria_set=criteria_set, parent=group, code="1.a", max_points=Decimal(10), order=2)
    CriterionFactory(
        criteria_set=criteria_set,
        parent=group,
        code="1.b",
        max_points=Decimal(5),
        order=3,
        rule="no_overdue_legal_updates",
    )
    return criteria_set


@pytest.fixture
def inspection(agency_a, criteria_set):
    """On site, in progress: it ends with minutes (Mẫu 21)."""
    return InspectionFactory(
        agency=agency_a,
        criteria_set=criteria_set,
        form=Inspection.Form.ON_SITE,
        status=Inspection.Status.IN_PROGRESS,
        inspected_on=date(2025, 10, 1),
    )
