"""The document-control workflows for the generic workflow test (tests/core/test_workflows.py).

A version of a document of agency A owned by unit A, drafted by staff_a, goes along the default
chain (head of unit A, then the leader); a document in use is withdrawn; a legal document of the
province is marked amended, replaced or expired (it is cited by nobody, so no agency task and no
second audit entry); an update task of agency A is closed with the new version of the document it
touches."""

import datetime

from eiso.core.roles import AGENCY_MEMBERS, Role
from eiso.documents import legal_services, services
from eiso.documents.models import Document, DocumentVersion
from tests.documents.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    LegalChangeTaskFactory,
    LegalChangeTaskItemFactory,
    LegalDocumentFactory,
    published_version,
)
from tests.factories import MembershipFactory
from tests.workflows import Case

Status = DocumentVersion.Status


def _unit_head(document, world):
    return MembershipFactory(
        agency=document.agency,
        role=Role.STAFF,
        unit=document.owner_unit,
        is_unit_head=True,
        user__username=f"unit-head-{document.pk}-{world.counter()}",
    ).user


class DocumentVersionCase(Case):
    def build(self, status, world):
        document = DocumentFactory(agency=world.agency_a, owner_unit=world.unit_a)
        if status in (Status.PUBLISHED, Status.SUPERSEDED, Status.OBSOLETE):
            version = published_version(document, author=world.staff_a)
            version.status = status
            version.save(update_fields=["status"])
            return version
        if status == Status.APPROVED:
            return DocumentVersionFactory(document=document, author=world.staff_a, status=status)
        version = DocumentVersionFactory(document=document, author=world.staff_a, number=1)
        if status in (Status.IN_REVIEW, Status.CHANGES_REQUESTED):
            services.version_submit(version=version, actor=world.staff_a)
        if status == Status.CHANGES_REQUESTED:
            services.version_request_changes(
                version=version, actor=_unit_head(document, world), comment="Bổ sung lưu đồ"
            )
        assert version.status == status, f"cannot build a version {status}"
        return version

    def input(self, transition, version, world):
        if transition.name == "approve":
            return {"comment": "Đồng ý"}
        if transition.name == "request_changes":
            return {"comment": "Bổ sung lưu đồ"}
        if transition.name == "publish":
            return {"effective_on": datetime.date(2026, 3, 2), "units": [world.unit_a]}
        return {}

    def granted_actor(self, transition, version, world):
        if transition.name == "submit":
            return version.author
        if transition.name in ("approve", "request_changes"):
            return _unit_head(version.document, world)  # the first step of the default chain
        return None


class DocumentCase(Case):
    def build(self, status, world):
        document = DocumentFactory(agency=world.agency_a, owner_unit=world.unit_a)
        published_version(document)
        if status == Document.Status.OBSOLETE:
            services.document_withdraw(document=document, reason="Hợp nhất", actor=world.secretary_a)
        return document

    def input(self, transition, document, world):
        return {"reason": "Không còn áp dụng"}


class LegalDocumentCase(Case):
    def build(self, status, world):
        return LegalDocumentFactory(province=world.province, status=status)

    def input(self, transition, legal_document, world):
        if transition.name == "mark_expired":
            return {"on": datetime.date(2026, 1, 30)}
        new = LegalDocumentFactory(province=legal_document.province, effective_on=datetime.date(2026, 1, 30))
        return {"new_document": new}

    def actor(self, role, legal_document, world):
        # The register is province-wide: agency roles are held in an agency of its province.
        if role not in AGENCY_MEMBERS:
            return super().actor(role, legal_document, world)
        name = f"legal-{role}-{legal_document.pk}-{world.counter()}"
        return MembershipFactory(agency=world.agency_a, role=role, user__username=name).user

    def granted_actor(self, transition, legal_document, world):
        return world.coordinator  # the ISO secretaries of the province's agencies keep it too


class LegalChangeTaskCase(Case):
    def build(self, status, world):
        task = LegalChangeTaskFactory(agency=world.agency_a, status=status)
        LegalChangeTaskItemFactory(task=task)
        return task

    def input(self, transition, task, world):
        item = task.items.get()
        return {"resolutions": {item.pk: published_version(item.target)}, "note": ""}


CASES = [
    DocumentVersionCase(services.DOCUMENT_VERSION, api_basename="document-version"),
    DocumentCase(services.DOCUMENT, api_basename="document"),
    LegalDocumentCase(legal_services.LEGAL_DOCUMENT, api_basename="legal-document"),
    LegalChangeTaskCase(legal_services.LEGAL_CHANGE_TASK),
]
