"""Editions of the standard as data (issue 21, item 1): the clause library loaded by migration, the
correspondence table, each agency's edition and its transition."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core import deadlines
from eiso.core.calendar import for_province
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.orgs import editions, services
from eiso.orgs.models import Clause, ClauseCorrespondence, EditionTransition, StandardEdition
from tests.factories import AgencyFactory
from tests.orgs.factories import EditionTransitionFactory, current, newer

pytestmark = pytest.mark.django_db


def test_every_database_holds_two_editions_and_the_newer_is_provisional():
    old, new = current(), newer()
    assert old is not None and new is not None
    assert old.is_default and not old.is_provisional
    assert new.is_provisional and new.predecessor == old
    assert "khí hậu" in Clause.objects.get(edition=old, number="4.1").summary


def test_every_clause_of_the_newer_edition_has_a_row_in_the_correspondence_table():
    new = newer()
    unmapped = Clause.objects.filter(edition=new).exclude(predecessors__isnull=False)
    assert list(unmapped) == []


def test_summaries_are_short_and_quote_nothing_longer_than_a_title():
    for clause in Clause.objects.all():
        assert 0 < len(clause.summary) <= 300, clause


def test_an_agency_without_an_edition_applies_the_default_one(agency_a):
    assert editions.of(agency_a) == StandardEdition.objects.get(is_default=True)
    assert editions.citation(agency_a) == current().citation


def test_a_2015_risk_clause_maps_to_risks_and_opportunities_in_the_newer_edition():
    mapping = editions.mapping(number="6.1", edition=current(), target=newer())
    assert mapping.clause.number == "6.1"
    assert [row.target.number for row in mapping.targets] == ["6.1.1", "6.1.2", "6.1.3"]
    assert [row.change for row in mapping.targets][-1] == ClauseCorrespondence.Change.NEW


def test_a_sub_clause_not_in_the_library_reads_as_its_nearest_parent():
    mapping = editions.mapping(number="7.1.5", edition=current(), target=newer())
    assert mapping.clause.number == "7.1"
    assert [row.target.number for row in mapping.targets] == ["7.1"]


def test_secretary_starts_a_transition_with_a_deadline_from_the_one_clock(agency_a, secretary_a):
    started = date(2026, 10, 1)
    transition = services.edition_transition_start(
        agency=agency_a, to_edition=newer(), started_on=started, actor=secretary_a
    )
    assert transition.target_on == deadlines.edition_transition_due(
        for_province(agency_a.province_id), started
    )
    assert editions.state_of(agency_a).label == "Đang chuyển đổi"
    assert editions.of(agency_a) == current()  # still on its edition until completion
    assert AuditEntry.objects.filter(action="edition_transition.start", target_id=transition.pk).exists()


def test_a_transition_goes_only_to_a_newer_edition_and_one_at_a_time(agency_a, secretary_a):
    with pytest.raises(DomainError):
        services.edition_transition_start(
            agency=agency_a, to_edition=current(), started_on=date(2026, 10, 1), actor=secretary_a
        )
    services.edition_transition_start(
        agency=agency_a, to_edition=newer(), started_on=date(2026, 10, 1), actor=secretary_a
    )
    with pytest.raises(DomainError):
        services.edition_transition_start(
            agency=agency_a, to_edition=newer(), started_on=date(2026, 11, 1), actor=secretary_a
        )


def test_staff_cannot_start_a_transition(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.edition_transition_start(
            agency=agency_a, to_edition=newer(), started_on=date(2026, 10, 1), actor=staff_a
        )


def test_completing_a_transition_moves_the_agency_to_the_newer_edition(agency_a, coordinator):
    transition = EditionTransitionFactory(agency=agency_a)
    services.edition_transition_complete(
        transition=transition, completed_on=date(2027, 6, 1), actor=coordinator
    )
    agency_a.refresh_from_db()
    assert agency_a.edition == newer()
    assert editions.state_of(agency_a).state == EditionTransition.Status.COMPLETED
    assert AuditEntry.objects.filter(action="edition_transition.complete").count() == 1


def test_state_counts_list_every_state(agency_a, agency_b):
    EditionTransitionFactory(agency=agency_a)
    third = AgencyFactory(province=agency_a.province)
    states = editions.states([agency_a.pk, agency_b.pk, third.pk])
    assert editions.state_counts(states) == {"Chưa chuyển đổi": 2, "Đang chuyển đổi": 1, "Đã chuyển đổi": 0}
