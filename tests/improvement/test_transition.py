"""Transition support (issue 21, item 2): the gap checklist, the transition plan on the one clock,
a 2015 finding read under its newer clause, and documents that follow the agency's edition."""

from datetime import date

import pytest
from django.urls import reverse

from eiso.core import deadlines
from eiso.core.calendar import for_province
from eiso.core.errors import DomainError
from eiso.improvement import reports
from eiso.improvement.services import transition as services
from eiso.improvement.transition import gap_checklist
from eiso.orgs.models import EditionTransition
from eiso.quality.models import CultureRecord, Risk
from tests.improvement.factories import AnnouncementFactory, NonconformityFactory
from tests.orgs.factories import EditionTransitionFactory, current, newer
from tests.quality.factories import CultureRecordFactory, RiskFactory

pytestmark = pytest.mark.django_db

NEW_OR_CHANGED = ["4.1", "4.2", "5.1.1", "6.1.2", "6.1.3", "7.3"]


def test_the_gap_checklist_lists_the_new_requirements_each_without_evidence_yet(agency_a):
    EditionTransitionFactory(agency=agency_a)
    gap = gap_checklist(agency_a)
    assert gap.target == newer()
    assert [row.clause.number for row in gap.rows] == NEW_OR_CHANGED
    assert gap.missing == len(NEW_OR_CHANGED)
    assert {row.status_label for row in gap.rows} == {"chưa có"}


def test_opportunities_and_culture_records_answer_their_clauses(agency_a):
    RiskFactory(agency=agency_a, kind=Risk.Kind.OPPORTUNITY)
    CultureRecordFactory(agency=agency_a, kind=CultureRecord.Kind.COMMITMENT)
    rows = {row.clause.number: row for row in gap_checklist(agency_a).rows}
    assert rows["6.1.3"].has_evidence and rows["5.1.1"].has_evidence
    assert not rows["6.1.2"].has_evidence and not rows["7.3"].has_evidence


def test_the_plan_dates_its_tasks_on_the_one_clock_within_the_deadline(agency_a, secretary_a):
    transition = EditionTransitionFactory(
        agency=agency_a, started_on=date(2026, 10, 1), target_on=date(2027, 10, 1)
    )
    tasks = services.transition_plan_generate(transition=transition, actor=secretary_a)
    calendar = for_province(agency_a.province_id)
    assert len(tasks) == len(services.FIRST_STEPS) + len(NEW_OR_CHANGED) + len(services.LAST_STEPS)
    assert tasks[0].due_on == deadlines.months_after(calendar, date(2026, 10, 1), 1)
    assert max(task.due_on for task in tasks) <= transition.target_on
    assert any("6.1.3" in task.title for task in tasks)
    with pytest.raises(DomainError):
        services.transition_plan_generate(transition=transition, actor=secretary_a)


def test_a_2015_nonconformity_opens_under_its_newer_clause(client, agency_a, secretary_a):
    EditionTransitionFactory(agency=agency_a)
    nc = NonconformityFactory(agency=agency_a, clause="6.1", edition=current())
    client.force_login(secretary_a)
    page = client.get(reverse("improvement:nonconformity_detail", args=[nc.pk])).content.decode()
    assert "Tương ứng ISO 9001:2026" in page
    assert "6.1.3" in page and "TCVN ISO 9001:2015" in page


def test_the_announcement_decision_follows_the_agency_edition(agency_a):
    announcement = AnnouncementFactory(agency=agency_a)

    def text() -> str:
        parts = reports._announcement_decision(announcement)
        return " ".join(str(getattr(p, "text", p)) for p in parts["body"]) + parts["header"].summary

    assert current().citation in text()
    agency_a.edition = newer()
    agency_a.save(update_fields=["edition"])
    assert newer().citation in text() and current().citation not in text()


def test_the_gap_page_shows_the_checklist(client, agency_a, secretary_a):
    EditionTransitionFactory(agency=agency_a)
    client.force_login(secretary_a)
    response = client.get(reverse("improvement:transition_gap", args=[agency_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đang chuyển đổi" in page and 'data-clause="6.1.3"' in page and "chưa có" in page


def test_secretary_starts_and_plans_a_transition_from_the_page(client, agency_a, secretary_a):
    client.force_login(secretary_a)
    url = reverse("improvement:transition_start", args=[agency_a.pk])
    client.post(url, {"to_edition": newer().pk, "started_on": "01/10/2026"})
    transition = EditionTransition.objects.get(agency=agency_a)
    client.post(reverse("improvement:transition_plan", args=[transition.pk]))
    assert services.plan_tasks(transition).count() > 0


def test_a_get_on_the_start_url_is_405(client, agency_a, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("improvement:transition_start", args=[agency_a.pk])).status_code == 405


def test_the_coordinator_reads_an_agency_transition_from_the_registry(client, coordinator, agency_a):
    client.force_login(coordinator)
    response = client.get(reverse("improvement:transition_gap", args=[agency_a.pk]))
    assert response.status_code == 200
    assert "Bắt đầu chuyển đổi" in response.content.decode()


def test_staff_reads_the_page_but_cannot_start(client, staff_a, agency_a):
    client.force_login(staff_a)
    page = client.get(reverse("improvement:transition_gap", args=[agency_a.pk])).content.decode()
    assert "Bắt đầu chuyển đổi" not in page
    client.post(
        reverse("improvement:transition_start", args=[agency_a.pk]),
        {"to_edition": newer().pk, "started_on": "01/10/2026"},
    )
    assert not EditionTransition.objects.filter(agency=agency_a).exists()
