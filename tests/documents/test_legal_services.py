"""Services of the legal register: create, update, mark amended/replaced/expired with the
update tasks it opens, citations, and closing a task by linking the new versions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.selectors import history_for
from eiso.documents import legal_services
from eiso.documents.models import LegalChangeTask, LegalDocument
from tests.documents.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    LegalCitationFactory,
    LegalDocumentFactory,
    published_version,
)

pytestmark = pytest.mark.django_db
Status = LegalDocument.Status


def _create(province, actor, number="19/2014/QĐ-TTg"):
    return legal_services.legal_document_create(
        province=province,
        number=number,
        kind=LegalDocument.Kind.DECISION,
        issuing_body="Thủ tướng Chính phủ",
        title="Về việc áp dụng Hệ thống quản lý chất lượng",
        issued_on=datetime.date(2014, 3, 5),
        effective_on=datetime.date(2014, 5, 18),
        actor=actor,
    )


def test_coordinator_adds_legal_document(province, coordinator):
    doc = _create(province, coordinator)
    assert doc.number_key == "19/2014/qd-ttg"
    assert [e.action for e in history_for(doc)] == ["legal_document.create"]


def test_secretary_of_an_agency_may_add(province, secretary_a):
    assert _create(province, secretary_a).pk


def test_staff_may_not_add(province, staff_a):
    with pytest.raises(PermissionDenied):
        _create(province, staff_a)


def test_coordinator_of_other_province_may_not_add(province, other_coordinator):
    with pytest.raises(PermissionDenied):
        _create(province, other_coordinator)


def test_same_number_written_differently_is_refused(province, coordinator):
    _create(province, coordinator)
    with pytest.raises(DomainError, match="đã có"):
        _create(province, coordinator, number=" 19/2014/qđ-ttg")


def test_update_records_changes(province, coordinator):
    doc = _create(province, coordinator)
    legal_services.legal_document_update(
        legal_document=doc,
        actor=coordinator,
        number=doc.number,
        kind=doc.kind,
        issuing_body=doc.issuing_body,
        title="Trích yếu mới",
        issued_on=doc.issued_on,
        effective_on=doc.effective_on,
    )
    assert history_for(doc).last().changes["title"][1] == "Trích yếu mới"


def test_replacing_opens_task_for_each_citing_agency(province, agency_a, agency_b, coordinator):
    old = LegalDocumentFactory(province=province, number="61/2018/NĐ-CP")
    new = LegalDocumentFactory(
        province=province, number="118/2025/NĐ-CP", effective_on=datetime.date(2025, 7, 1)
    )
    doc_a = DocumentFactory(agency=agency_a)
    LegalCitationFactory(target=doc_a, legal_document=old)
    LegalCitationFactory(target=DocumentFactory(agency=agency_a), legal_document=old)
    LegalCitationFactory(target=DocumentFactory(agency=agency_b), legal_document=old)

    legal_services.legal_document_mark(
        legal_document=old, status=Status.REPLACED, new_document=new, actor=coordinator
    )

    old.refresh_from_db()
    assert (old.status, old.replaced_by) == (Status.REPLACED, new)
    tasks = LegalChangeTask.objects.filter(legal_document=old)
    assert sorted(task.agency_id for task in tasks) == sorted([agency_a.pk, agency_b.pk])
    task_a = LegalChangeTask.objects.get(agency=agency_a)
    assert task_a.due_on == datetime.date(2025, 10, 1)
    assert task_a.items.count() == 2
    assert [e.action for e in history_for(old)] == ["legal_document.mark_replaced"]
    assert [e.action for e in history_for(task_a)] == ["legal_change_task.open"]


def test_amended_keeps_link_and_expired_needs_no_new_document(province, coordinator):
    old = LegalDocumentFactory(province=province)
    amending = LegalDocumentFactory(province=province)
    legal_services.legal_document_mark(
        legal_document=old, status=Status.AMENDED, new_document=amending, actor=coordinator
    )
    assert old.amended_by == amending
    legal_services.legal_document_mark(
        legal_document=old, status=Status.EXPIRED, on=datetime.date(2026, 1, 1), actor=coordinator
    )
    assert old.status == Status.EXPIRED


def test_update_due_on_a_day_off_moves_to_the_next_working_day(province, agency_a, coordinator):
    # Effective 30/01/2026: three months later is 30/04/2026, Reunification Day, then 01/05 and a
    # weekend: the agencies have until Monday 04/05/2026.
    old = LegalDocumentFactory(province=province)
    new = LegalDocumentFactory(province=province, effective_on=datetime.date(2026, 1, 30))
    LegalCitationFactory(target=DocumentFactory(agency=agency_a), legal_document=old)
    legal_services.legal_document_mark(
        legal_document=old, status=Status.REPLACED, new_document=new, actor=coordinator
    )
    assert LegalChangeTask.objects.get(legal_document=old).due_on == datetime.date(2026, 5, 4)


def test_unknown_status_is_refused(province, coordinator):
    with pytest.raises(DomainError, match="không hợp lệ"):
        legal_services.legal_document_mark(
            legal_document=LegalDocumentFactory(province=province), status="in_force", actor=coordinator
        )


def test_replaced_needs_the_new_document(province, coordinator):
    with pytest.raises(DomainError, match="Hãy chọn"):
        legal_services.legal_document_mark(
            legal_document=LegalDocumentFactory(province=province), status=Status.REPLACED, actor=coordinator
        )


def test_expired_document_cannot_be_marked_again(province, coordinator):
    doc = LegalDocumentFactory(province=province, status=Status.EXPIRED)
    with pytest.raises(DomainError, match="đang ở trạng thái “hết hiệu lực”"):
        legal_services.legal_document_mark(legal_document=doc, status=Status.EXPIRED, actor=coordinator)


def test_staff_may_not_mark(province, staff_a):
    with pytest.raises(PermissionDenied):
        legal_services.legal_document_mark(
            legal_document=LegalDocumentFactory(province=province), status=Status.EXPIRED, actor=staff_a
        )


def test_province_wide_citations_open_no_task(province, coordinator):
    from tests.procedures.factories import ProcedureFactory

    old = LegalDocumentFactory(province=province)
    procedure = ProcedureFactory(province=province)
    LegalCitationFactory(target=procedure.current_version, agency=None, legal_document=old)
    legal_services.legal_document_mark(legal_document=old, status=Status.EXPIRED, actor=coordinator)
    assert not LegalChangeTask.objects.exists()


def test_citations_replace_keeps_exact_set(document_a, secretary_a):
    first, second = (
        LegalDocumentFactory(province=document_a.agency.province),
        LegalDocumentFactory(province=document_a.agency.province),
    )
    legal_services.citations_replace(
        target=document_a, agency=document_a.agency, legal_documents=[first], actor=secretary_a
    )
    legal_services.citations_replace(
        target=document_a, agency=document_a.agency, legal_documents=[second], actor=secretary_a
    )
    assert list(second.citations.values_list("object_id", flat=True)) == [document_a.pk]
    assert not first.citations.exists()


def test_citing_other_provinces_document_is_refused(document_a, secretary_a, other_province):
    with pytest.raises(DomainError, match="không thuộc"):
        legal_services.citations_replace(
            target=document_a,
            agency=document_a.agency,
            legal_documents=[LegalDocumentFactory(province=other_province)],
            actor=secretary_a,
        )


def _task_for(document, coordinator):
    old = LegalDocumentFactory(province=document.agency.province)
    LegalCitationFactory(target=document, legal_document=old)
    legal_services.legal_document_mark(legal_document=old, status=Status.EXPIRED, actor=coordinator)
    return LegalChangeTask.objects.get(legal_document=old)


def test_secretary_closes_task_with_new_version(document_a, secretary_a, coordinator):
    task = _task_for(document_a, coordinator)
    version = published_version(document_a, number=2)
    item = task.items.get()
    legal_services.legal_task_close(
        task=task, resolutions={item.pk: version}, actor=secretary_a, note="Đã cập nhật"
    )
    item.refresh_from_db()
    assert (task.status, item.resolved_version) == (LegalChangeTask.Status.CLOSED, version)
    assert [e.action for e in history_for(task)][-1] == "legal_change_task.close"


def test_closing_needs_a_version_for_every_document(document_a, secretary_a, coordinator):
    task = _task_for(document_a, coordinator)
    with pytest.raises(DomainError, match="Hãy chọn phiên bản"):
        legal_services.legal_task_close(task=task, resolutions={}, actor=secretary_a)


def test_closing_refuses_version_of_other_document_or_draft(document_a, secretary_a, coordinator):
    task = _task_for(document_a, coordinator)
    item = task.items.get()
    other = published_version(DocumentFactory(agency=document_a.agency))
    with pytest.raises(DomainError, match="không phải của tài liệu"):
        legal_services.legal_task_close(task=task, resolutions={item.pk: other}, actor=secretary_a)
    draft = DocumentVersionFactory(document=document_a, number=5)
    with pytest.raises(DomainError, match="chưa được phê duyệt"):
        legal_services.legal_task_close(task=task, resolutions={item.pk: draft}, actor=secretary_a)


def test_closed_task_cannot_be_closed_again(document_a, secretary_a, coordinator):
    task = _task_for(document_a, coordinator)
    legal_services.legal_task_close(
        task=task,
        resolutions={task.items.get().pk: published_version(document_a, number=2)},
        actor=secretary_a,
    )
    with pytest.raises(DomainError, match="đang ở trạng thái “đã hoàn thành”"):
        legal_services.legal_task_close(task=task, resolutions={}, actor=secretary_a)


def test_staff_may_not_close_task(document_a, staff_a, coordinator):
    with pytest.raises(PermissionDenied):
        legal_services.legal_task_close(
            task=_task_for(document_a, coordinator), resolutions={}, actor=staff_a
        )


def test_procedure_import_cites_register(province):
    from eiso.procedures import legal_links
    from tests.procedures.factories import ProcedureFactory

    law = LegalDocumentFactory(province=province, number="123/2015/NĐ-CP")
    version = ProcedureFactory(province=province).current_version
    version.legal_basis_numbers = ["123/2015/nđ-cp", "99/2099/QH"]
    legal_links.link(version=version, register=legal_links.register_for(province))
    citation = law.citations.get()
    assert (citation.agency, citation.target) == (None, version)


def test_second_amendment_opens_a_second_task(province, agency_a, coordinator):
    old = LegalDocumentFactory(province=province)
    LegalCitationFactory(target=DocumentFactory(agency=agency_a), legal_document=old)
    first, second = LegalDocumentFactory(province=province), LegalDocumentFactory(province=province)
    legal_services.legal_document_mark(
        legal_document=old, status=Status.AMENDED, new_document=first, actor=coordinator
    )
    legal_services.legal_document_mark(
        legal_document=old, status=Status.AMENDED, new_document=second, actor=coordinator
    )
    assert LegalChangeTask.objects.filter(agency=agency_a, legal_document=old).count() == 2
    assert old.amended_by == second
