"""Replaying every stored dossier on today's clock (the data migration and check_rules)."""

from datetime import timedelta

import pytest

from eiso.dossiers.models import Dossier, DossierStep
from eiso.dossiers.services.recompute import recompute_all
from tests.dossiers.factories import OneStopCounter, at, process_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(agency_a, unit_a):
    counter = OneStopCounter(agency_a)
    finished = counter.dossier(agency_a, at(2026, 3, 2, 10), ended=at(2026, 3, 4, 9))
    process_for(agency_a, counter.procedure, [("Thẩm định", 4, unit_a, None), ("Ký", 4, None, None)])
    open_one = counter.dossier(agency_a, at(2026, 3, 2, 9))
    return open_one, finished


def test_nothing_differs_right_after_the_replay(dossiers):
    report = recompute_all(save=False)
    assert (report.dossiers, report.changed, report.changed_closed, report.differences) == (2, 0, 0, [])


def test_a_stale_due_moment_is_found_and_replaced(dossiers):
    open_one, finished = dossiers
    # As the old clock did: the 15:00 cut-off moved the legal due a day later, and a step's due too.
    Dossier.objects.filter(pk=open_one.pk).update(legal_due=open_one.legal_due + timedelta(days=1))
    DossierStep.objects.filter(dossier=open_one, order=1).update(
        due=open_one.appointment + timedelta(hours=3)
    )
    Dossier.objects.filter(pk=finished.pk).update(outcome="late")
    report = recompute_all(save=False)
    assert (report.changed, report.changed_closed) == (1, 1)
    assert any("legal_due" in line and "bước 1" in line for line in report.differences)
    recompute_all(save=True)
    assert recompute_all(save=False).differences == []
    open_one.refresh_from_db()
    assert open_one.legal_due == at(2026, 3, 5, 17)
