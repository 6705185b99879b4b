"""Object URLs of the orgs app, for the tenancy guard (tests/test_tenancy_guard.py)."""

from tests.factories import UnitFactory
from tests.orgs.factories import SignedDocumentFactory, SigningSessionFactory


def _document(agency):
    from tests.improvement.factories import AnnouncementFactory

    return {"kind": "announcement_decision", "pk": AnnouncementFactory(agency=agency).pk}


def _session(agency):
    return {"pk": SigningSessionFactory(agency=agency).pk}


AGENCY_URLS = {
    "orgs:agency_detail": lambda agency: {"pk": agency.pk},
    "orgs:agency_update": lambda agency: {"pk": agency.pk},
    "orgs:agency_merge": lambda agency: {"pk": agency.pk},
    "orgs:unit_create": lambda agency: {"agency_pk": agency.pk},
    "orgs:unit_update": lambda agency: {"pk": UnitFactory(agency=agency).pk},
    "orgs:unit_deactivate": lambda agency: {"pk": UnitFactory(agency=agency).pk},
    "orgs:document_sign": _document,
    "orgs:signing_session_start": _document,
    "orgs:signing_session": _session,
    "orgs:signing_session_digest": _session,
    "orgs:signed_file": lambda agency: {"pk": SignedDocumentFactory(agency=agency).pk},
    "api:signed-document-detail": lambda agency: {"pk": SignedDocumentFactory(agency=agency).pk},
    "api:signing-session-detail": _session,
    "api:signing-session-complete": _session,
}

PROVINCE_URLS: dict = {}
