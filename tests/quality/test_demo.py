"""The quality demo loader fills the demo department once, through the services."""

import pytest

from eiso.accounts import demo as accounts_demo
from eiso.core.models import AuditEntry
from eiso.orgs import demo as orgs_demo
from eiso.quality import demo
from eiso.quality.models import Action, ContextIssue, Feedback, InterestedParty, QualityObjective, Risk

pytestmark = pytest.mark.django_db


def _counts() -> list[int]:
    models = [QualityObjective, Risk, Action, Feedback, ContextIssue, InterestedParty, AuditEntry]
    return [model.objects.count() for model in models]


def test_demo_loads_every_part_and_is_idempotent():
    messages = []
    orgs_demo.load(messages.append)
    accounts_demo.load(messages.append)
    demo.load(messages.append)
    agency = orgs_demo.demo_agency()
    assert QualityObjective.objects.filter(agency=agency).count() == 6
    assert Risk.objects.filter(agency=agency).count() == 12
    assert set(Feedback.objects.filter(agency=agency).values_list("status", flat=True)) == set(
        Feedback.Status.values
    )
    assert Risk.objects.filter(agency=agency, residual_likelihood__isnull=False).exists()
    assert QualityObjective.objects.filter(agency=orgs_demo.second_agency()).exists()
    before = _counts()
    demo.load(messages.append)
    assert _counts() == before


def test_demo_skips_without_the_demo_agency(db):
    messages = []
    demo.load(messages.append)
    assert "bỏ qua" in messages[0]
