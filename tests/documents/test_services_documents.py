"""Services of documents: create, update, periodic review, withdrawal, approval chains."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.documents import services
from eiso.documents.models import Document, DocumentVersion
from tests.documents.factories import DocumentVersionFactory, LegalDocumentFactory, published_version
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_secretary_creates_document_with_draft_and_legal_bases(agency_a, unit_a, secretary_a, audit_actions):
    law = LegalDocumentFactory(province=agency_a.province, number="61/2018/NĐ-CP")
    document = services.document_create(
        agency=agency_a,
        code="qt-02",
        title="Quy trình kiểm soát hồ sơ",
        kind=Document.Kind.PROCEDURE,
        owner_unit=unit_a,
        actor=secretary_a,
        legal_documents=[law],
        with_draft=True,
    )
    assert document.code == "QT-02"
    assert document.versions.get().status == DocumentVersion.Status.DRAFT
    assert list(law.citations.values_list("object_id", flat=True)) == [document.pk]
    assert audit_actions(document) == ["document.create", "legal_citation.replace"]
    assert "kiem soat ho so" in document.search_text


def test_duplicate_code_is_refused(document_a, secretary_a):
    with pytest.raises(DomainError, match="đã có"):
        services.document_create(
            agency=document_a.agency, code="QT-01", title="X", kind="form", owner_unit=None, actor=secretary_a
        )


def test_owner_unit_of_other_agency_is_refused(agency_a, agency_b, secretary_a):
    with pytest.raises(DomainError, match="không thuộc"):
        services.document_create(
            agency=agency_a,
            code="BM-01",
            title="X",
            kind="form",
            owner_unit=UnitFactory(agency=agency_b),
            actor=secretary_a,
        )


def test_staff_may_not_create_document(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.document_create(
            agency=agency_a, code="BM-01", title="X", kind="form", owner_unit=None, actor=staff_a
        )


def test_update_records_changed_fields(document_a, secretary_a):
    services.document_update(
        document=document_a, actor=secretary_a, title="Tên mới", owner_unit=None, review_period_months=6
    )
    from eiso.core.selectors import history_for

    entry = history_for(document_a).get()
    assert entry.changes["title"] == ["Quy trình kiểm soát tài liệu", "Tên mới"]
    assert entry.changes["review_period_months"] == [12, 6]


def test_staff_may_not_update_document(document_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.document_update(
            document=document_a, actor=staff_a, title="X", owner_unit=None, review_period_months=6
        )


def test_review_confirm_moves_next_review(document_a, secretary_a, audit_actions):
    published_version(document_a)
    services.document_review_confirm(document=document_a, actor=secretary_a, today=datetime.date(2027, 2, 1))
    assert document_a.next_review_on == datetime.date(2028, 2, 1)
    assert audit_actions(document_a) == ["document.review_confirm"]


def test_review_due_on_a_day_off_moves_to_the_next_working_day(document_a, secretary_a):
    published_version(document_a)
    services.document_review_confirm(document=document_a, actor=secretary_a, today=datetime.date(2025, 4, 30))
    assert document_a.next_review_on == datetime.date(2026, 5, 4)


def test_review_needs_current_version(document_a, secretary_a):
    with pytest.raises(DomainError, match="phiên bản hiệu lực"):
        services.document_review_confirm(document=document_a, actor=secretary_a)


def test_staff_may_not_confirm_review(document_a, staff_a):
    published_version(document_a)
    with pytest.raises(PermissionDenied):
        services.document_review_confirm(document=document_a, actor=staff_a)


def test_withdraw_makes_document_and_version_obsolete(document_a, leader_a, audit_actions):
    version = published_version(document_a)
    services.document_withdraw(document=document_a, reason="Hợp nhất vào QT-02", actor=leader_a)
    version.refresh_from_db()
    assert document_a.is_obsolete and version.status == DocumentVersion.Status.OBSOLETE
    assert document_a.withdrawal_reason == "Hợp nhất vào QT-02"
    assert audit_actions(document_a) == ["document.withdraw"]
    assert document_a.next_review_on is None
    with pytest.raises(DomainError, match="hết hiệu lực"):
        services.version_create_draft(document=document_a, actor=leader_a)


def test_withdraw_needs_reason(document_a, leader_a):
    with pytest.raises(DomainError, match="lý do"):
        services.document_withdraw(document=document_a, reason=" ", actor=leader_a)


def test_withdraw_refused_with_open_draft(document_a, leader_a):
    DocumentVersionFactory(document=document_a, author=leader_a)
    with pytest.raises(DomainError, match="dự thảo"):
        services.document_withdraw(document=document_a, reason="Lý do", actor=leader_a)


def test_staff_may_not_withdraw(document_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.document_withdraw(document=document_a, reason="x", actor=staff_a)


def test_approval_chain_set_replaces_steps(agency_a, secretary_a, audit_actions):
    chain = services.approval_chain_set(
        agency=agency_a, kind="", approvers=["unit_head", "leader"], actor=secretary_a
    )
    chain = services.approval_chain_set(
        agency=agency_a, kind="", approvers=["secretary", "leader"], actor=secretary_a
    )
    assert [step.approver for step in chain.steps.all()] == ["secretary", "leader"]
    assert audit_actions(chain) == ["approval_chain.set", "approval_chain.set"]


def test_approval_chain_refuses_duplicates_and_empty(agency_a, secretary_a):
    with pytest.raises(DomainError):
        services.approval_chain_set(agency=agency_a, kind="", approvers=[], actor=secretary_a)
    with pytest.raises(DomainError, match="một lần"):
        services.approval_chain_set(
            agency=agency_a, kind="", approvers=["leader", "leader"], actor=secretary_a
        )


def test_staff_may_not_set_approval_chain(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.approval_chain_set(agency=agency_a, kind="", approvers=["leader"], actor=staff_a)
