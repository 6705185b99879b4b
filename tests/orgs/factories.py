"""Factories of the editions of the standard, and of signed documents and signing sessions. The
editions themselves are data loaded by orgs' migration; a transactional test (which empties the
tables) loads them again with `load()`."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from eiso.orgs import editions
from eiso.orgs.data.editions import load_editions
from eiso.orgs.models import (
    Clause,
    ClauseCorrespondence,
    EditionTransition,
    SignedDocument,
    SigningSession,
    StandardEdition,
)
from tests.factories import AgencyFactory, UserFactory


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


class SignedDocumentFactory(DjangoModelFactory):
    """A signed announcement decision's record (the file's bytes are not a real signed PDF)."""

    class Meta:
        model = SignedDocument

    agency = factory.SubFactory(AgencyFactory)
    kind = "announcement_decision"
    target_id = factory.LazyAttribute(lambda row: _announcement_id(row.agency))
    file = factory.django.FileField(filename="quyet-dinh-ky-so.pdf", data=b"%PDF-1.7\n")
    method = SignedDocument.Method.SERVER
    signer = "Sở Tư pháp"
    signed_by = factory.SubFactory(UserFactory)
    signed_at = factory.LazyFunction(timezone.now)


class SigningSessionFactory(DjangoModelFactory):
    class Meta:
        model = SigningSession

    agency = factory.SubFactory(AgencyFactory)
    kind = "announcement_decision"
    target_id = factory.LazyAttribute(lambda row: _announcement_id(row.agency))
    requested_by = factory.SubFactory(UserFactory)
    prepared = factory.django.FileField(filename="chuan-bi-ky.pdf", data=b"%PDF-1.7\n")
    digest = b"\x00" * 32
    reserved_start = 100
    reserved_end = 200
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))


def _announcement_id(agency) -> int:
    from tests.improvement.factories import AnnouncementFactory

    return AnnouncementFactory(agency=agency).pk
