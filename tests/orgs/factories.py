"""Factories of the editions of the standard. The editions themselves are data loaded by orgs'
migration; a transactional test (which empties the tables) loads them again with `load()`."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from eiso.orgs import editions
from eiso.orgs.data.editions import load_editions
from eiso.orgs.models import Clause, ClauseCorrespondence, EditionTransition, StandardEdition
from tests.factories import AgencyFactory


def load() -> None:
    load_editions(StandardEdition, Clause, ClauseCorrespondence)


def current() -> StandardEdition:
    return editions.default_edition()


def newer() -> StandardEdition:
    return editions.next_edition(current())


class EditionTransitionFactory(DjangoModelFactory):
    class Meta:
        model = EditionTransition

    agency = factory.SubFactory(AgencyFactory)
    from_edition = factory.LazyFunction(current)
    to_edition = factory.LazyFunction(newer)
    started_on = date(2026, 10, 1)
    target_on = date(2029, 10, 1)
