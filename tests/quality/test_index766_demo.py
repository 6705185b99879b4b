"""The demo province's competence lists and the demo department's Bộ chỉ số 766: every agency has its
list, and the page of Sở Tư pháp shows a plausible total, every hand-entered figure present."""

from datetime import date

import pytest
from django.utils import timezone

from eiso.core.models import AuditEntry
from eiso.dossiers import demo as dossiers_demo
from eiso.orgs.demo import demo_agency, demo_communes
from eiso.orgs.models import Agency
from eiso.procedures.selectors import competent_procedures
from eiso.quality import demo as quality_demo
from eiso.quality.index766 import demo as index766_demo
from eiso.quality.index766 import selectors
from eiso.quality.models import Index766Entry
from tests.demo import trim_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_province(db, monkeypatch):
    from eiso.accounts import demo as accounts_demo
    from eiso.orgs import demo as orgs_demo
    from eiso.procedures import demo as catalogue_demo
    from eiso.procedures import demo_processes

    trim_demo(monkeypatch)
    said = []
    for loader in (orgs_demo.load, accounts_demo.load, catalogue_demo.load, demo_processes.load):
        loader(said.append)
    return said


def test_every_demo_agency_has_its_competence_list(demo_province):
    assert [p.code for p in competent_procedures(demo_agency())] == ["1.001071", "2.000488"]
    commune = [p.code for p in competent_procedures(demo_communes()[0])]
    assert "1.001193" in commune and "1.012791" in commune
    assert "1.004194" not in commune  # residence registration belongs to the commune police
    land_office = Agency.objects.get(identifier_code="000.00.04.H42")
    assert [p.code for p in competent_procedures(land_office)] == ["1.012790"]


def test_the_demo_departments_766_is_plausible_and_loads_once(demo_province):
    agency = demo_agency()
    dossiers_demo.generate(agency, dossiers_demo.processes_of(agency), per_month=30, seed=agency.pk)
    said = []
    quality_demo.load(said.append)
    index766_demo.load(said.append)
    today = timezone.localdate()

    index = selectors.agency_index(agency=agency, start=date(today.year, 1, 1), end=today, today=today)

    assert index.missing == []
    assert 60 <= index.total <= 95
    assert Index766Entry.objects.filter(agency=agency).count() == 14
    entries = AuditEntry.objects.filter(action="index_766_entry.set").count()
    index766_demo.load(said.append)
    assert AuditEntry.objects.filter(action="index_766_entry.set").count() == entries
