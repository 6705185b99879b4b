"""Object URLs of the improvement app, for the tenancy guard (tests/test_tenancy_guard.py)."""

from tests.improvement.factories import (
    AnnouncementFactory,
    AuditProgrammeFactory,
    ChecklistLineFactory,
    InternalAuditFactory,
    ManagementReviewFactory,
    NonconformityFactory,
    NonconformityProposalFactory,
)


def _audit(agency):
    return {"pk": InternalAuditFactory(programme=AuditProgrammeFactory(agency=agency)).pk}


def _line(agency):
    return {"pk": ChecklistLineFactory(audit=InternalAuditFactory(programme=AuditProgrammeFactory(agency=agency))).pk}


def _nc(agency):
    return {"pk": NonconformityFactory(agency=agency).pk}


def _review(agency):
    return {"pk": ManagementReviewFactory(agency=agency).pk}


def _announcement(agency):
    return {"pk": AnnouncementFactory(agency=agency).pk}


AGENCY_URLS = {}

PROVINCE_URLS: dict = {}
