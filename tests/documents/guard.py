"""Object URLs of the documents app, for the tenancy guard (tests/test_tenancy_guard.py).

Documents, versions and legal-change tasks belong to an agency; the register of legal documents
is province-wide, so its pages are guarded across provinces only.
"""

from tests.documents.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    LegalChangeTaskFactory,
    LegalDocumentFactory,
)


def _document(agency):
    return {"pk": DocumentFactory(agency=agency).pk}


def _version(agency):
    return {"pk": DocumentVersionFactory(document=DocumentFactory(agency=agency)).pk}


def _task(agency):
    return {"pk": LegalChangeTaskFactory(agency=agency).pk}


def _legal(agency):
    return {"pk": LegalDocumentFactory(province=agency.province).pk}


AGENCY_URLS = {
    "documents:document_detail": _document,
    "documents:document_update": _document,
    "documents:version_create": _document,
    "documents:document_review": _document,
    "documents:document_transition": lambda agency: {**_document(agency), "transition": "withdraw"},
    "documents:version_compare": _document,
    "documents:version_detail": _version,
    "documents:version_update": _version,
    "documents:version_transition": lambda agency: {**_version(agency), "transition": "submit"},
    "documents:version_acknowledge": _version,
    "documents:version_readers": _version,
    "documents:version_file": _version,
    "documents:legal_task_detail": _task,
    "documents:legal_change_task_transition": lambda agency: {**_task(agency), "transition": "close"},
    "api:document-detail": _document,
    "api:document-withdraw": _document,
    "api:document-versions": _document,
    "api:document-version-detail": _version,
    "api:document-version-submit": _version,
    "api:document-version-approve": _version,
    "api:document-version-request-changes": _version,
    "api:document-version-publish": _version,
}

PROVINCE_URLS = {
    "documents:legal_detail": _legal,
    "documents:legal_update": _legal,
    "documents:legal_document_transition": lambda agency: {**_legal(agency), "transition": "mark_expired"},
    "api:legal-document-detail": _legal,
    "api:legal-document-mark-amended": _legal,
    "api:legal-document-mark-replaced": _legal,
    "api:legal-document-mark-expired": _legal,
}
