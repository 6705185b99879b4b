"""The hostile-file corpus (issue 15) against the quality evidence paths: an indicator value's
evidence (service and objective page) and a completed action's evidence (service, the action's
page and the API's multipart `complete/`). Each is refused with the gate's Vietnamese reason, and
nothing is saved: no value, the action still open, no file in storage."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from eiso.core.errors import DomainError
from eiso.quality import services
from eiso.quality.models import Action, IndicatorValue
from tests.hostile_files import CORPUS, stored_files, upload
from tests.quality.factories import ActionFactory, QualityObjectiveFactory, RiskFactory

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT  # a temporary folder (conftest)


@pytest.fixture
def objective(agency_a):
    return QualityObjectiveFactory(agency=agency_a, year=THIS_YEAR, frequency="yearly")


@pytest.fixture
def action(agency_a, staff_a):
    return ActionFactory(risk=RiskFactory(agency=agency_a), owner=staff_a)


def _still_open(action):
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN and not action.evidence and action.completed_on is None


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_service_refuses_hostile_evidence_of_a_value(hostile, objective, secretary_a, media):
    with pytest.raises(DomainError, match=hostile.reason) as refused:
        services.indicator_value_enter(
            objective=objective,
            period_start=date(THIS_YEAR, 1, 1),
            value=Decimal("97"),
            actor=secretary_a,
            evidence=upload(hostile),
        )
    assert refused.value.field == "evidence"
    assert not IndicatorValue.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_objective_page_refuses_hostile_evidence(hostile, client, objective, secretary_a, media):
    client.force_login(secretary_a)
    response = client.post(
        reverse("quality:indicator_value_enter", args=[objective.pk]),
        {"period_start": f"{THIS_YEAR}-01-01", "value": "97", "evidence": upload(hostile)},
        follow=True,
    )
    assert hostile.reason in response.text
    assert not IndicatorValue.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_service_refuses_hostile_evidence_of_an_action(hostile, action, staff_a, media):
    with pytest.raises(DomainError, match=hostile.reason):
        services.action_complete(
            action=action, actor=staff_a, completion_note="Đã làm", evidence=upload(hostile)
        )
    _still_open(action)
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_action_page_refuses_hostile_evidence(hostile, client, action, staff_a, media):
    client.force_login(staff_a)
    response = client.post(
        reverse("quality:action_transition", args=[action.pk, "complete"]),
        {"complete-completion_note": "Đã làm", "complete-evidence": upload(hostile)},
        follow=True,
    )
    assert hostile.reason in response.text
    _still_open(action)
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_api_answers_400_to_hostile_evidence(hostile, action, staff_a, media):
    client = APIClient()
    client.force_authenticate(staff_a)
    response = client.post(
        f"/api/v1/quality/actions/{action.pk}/complete/",
        {"completion_note": "Đã làm", "evidence": upload(hostile)},
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert hostile.reason in body["message"] + str(body["extra"])
    _still_open(action)
    assert stored_files(media) == []
