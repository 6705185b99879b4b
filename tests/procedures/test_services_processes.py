"""Processes: created as procedure-kind documents, steps edited on the draft only, the time
rule at every change and at submission, new drafts copying steps, publication reactions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.documents.models import Document, DocumentVersion
from eiso.procedures import services
from eiso.procedures.models import ProcessStep, WebhookDelivery
from tests.factories import AgencyFactory, UnitFactory
from tests.procedures.processes import leader_only_chain, new_process, procedure, publish, step_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def marriage(province):
    return procedure(province, amount="3", code="1.000894")


@pytest.fixture
def process(agency_a, secretary_a, marriage):
    leader_only_chain(agency_a, secretary_a)
    return new_process(
        agency_a, secretary_a, [marriage], steps=[step_values(amount="1"), step_values("Thẩm định", "1")]
    )


def test_secretary_creates_a_process_as_a_procedure_document_with_a_draft(process, marriage):
    assert process.document.kind == Document.Kind.PROCEDURE
    assert process.code == "QT.HT.01"
    assert list(process.procedures.all()) == [marriage]
    draft = services.open_version(process)
    assert draft.status == DocumentVersion.Status.DRAFT
    assert [s.label for s in draft.process_steps.all()] == ["B1", "B2"]
    assert AuditEntry.objects.filter(action="process.create", target_id=str(process.pk)).exists()
    assert AuditEntry.objects.filter(action="process_step.create").count() == 2


def test_staff_cannot_create_a_process(agency_a, staff_a, marriage):
    with pytest.raises(PermissionDenied):
        new_process(agency_a, staff_a, [marriage])


def test_a_procedure_of_another_province_is_refused(agency_a, secretary_a):
    other = procedure(AgencyFactory().province)
    with pytest.raises(DomainError, match="không thuộc danh mục"):
        new_process(agency_a, secretary_a, [other])


def test_a_step_that_exceeds_the_legal_time_is_refused_saying_by_how_much(process, secretary_a):
    draft = services.open_version(process)
    with pytest.raises(DomainError) as error:
        services.step_add(version=draft, actor=secretary_a, **step_values("Ký duyệt", "1.5"))
    assert "vượt 0,5 ngày làm việc" in error.value.message
    assert draft.process_steps.count() == 2


def test_updating_a_step_checks_the_time_without_counting_it_twice(process, secretary_a):
    step = services.open_version(process).process_steps.get(order=2)
    services.step_update(step=step, actor=secretary_a, **step_values("Thẩm định", "2"))
    # 3 working days are 22.5 office hours; the other step takes 7.5.
    with pytest.raises(DomainError, match="vượt 0,5 ngày làm việc"):
        services.step_update(
            step=step, actor=secretary_a, **step_values("Thẩm định", "18.75", "working_hours")
        )
    with pytest.raises(DomainError, match="vượt 3 giờ làm việc"):
        services.step_update(step=step, actor=secretary_a, **step_values("Thẩm định", "18", "working_hours"))
    step.refresh_from_db()
    assert step.duration_amount == Decimal("2")
    assert AuditEntry.objects.filter(action="process_step.update").count() == 1


def test_time_check_shows_the_slack(process):
    check = services.time_check(process=process, version=services.open_version(process))
    assert check.slack_text == "1 ngày làm việc"


def test_unit_of_another_agency_and_own_agency_as_partner_are_refused(
    process, secretary_a, agency_a, agency_b
):
    draft = services.open_version(process)
    with pytest.raises(DomainError, match="không thuộc cơ quan"):
        services.step_add(
            version=draft, actor=secretary_a, **step_values(amount="0", unit=UnitFactory(agency=agency_b))
        )
    with pytest.raises(DomainError, match="cơ quan khác"):
        services.step_add(version=draft, actor=secretary_a, **step_values(amount="0", other_agency=agency_a))


def test_steps_move_and_delete_keep_orders_contiguous(process, secretary_a):
    draft = services.open_version(process)
    first, second = draft.process_steps.order_by("order")
    services.step_move(step=second, up=True, actor=secretary_a)
    assert list(draft.process_steps.order_by("order").values_list("name", flat=True)) == [
        "Thẩm định",
        "Tiếp nhận hồ sơ",
    ]
    with pytest.raises(DomainError, match="đầu danh sách"):
        services.step_move(step=ProcessStep.objects.get(pk=second.pk), up=True, actor=secretary_a)
    services.step_delete(step=ProcessStep.objects.get(pk=second.pk), actor=secretary_a)
    assert list(draft.process_steps.values_list("order", "name")) == [(1, "Tiếp nhận hồ sơ")]


def test_submit_writes_the_step_table_and_enters_the_approval_chain(process, secretary_a):
    version = services.process_version_submit(version=services.open_version(process), actor=secretary_a)
    assert version.status == DocumentVersion.Status.IN_REVIEW
    assert "Tiếp nhận hồ sơ" in version.body and "<table>" in version.body


def test_submit_refuses_a_process_without_steps(agency_a, secretary_a, marriage):
    process = new_process(agency_a, secretary_a, [marriage], code="QT.HT.02")
    with pytest.raises(DomainError, match="chưa có bước"):
        services.process_version_submit(version=services.open_version(process), actor=secretary_a)


def test_submit_refuses_steps_over_a_legal_time_that_was_shortened(process, secretary_a, province):
    shorter = procedure(province, amount="1")
    process.procedures.add(shorter)
    with pytest.raises(DomainError, match="vượt 1 ngày làm việc"):
        services.process_version_submit(version=services.open_version(process), actor=secretary_a)


def test_published_steps_never_change_and_a_new_draft_copies_them(process, secretary_a, leader_a):
    published = publish(services.open_version(process), secretary_a, leader_a)
    step = published.process_steps.first()
    with pytest.raises(DomainError, match="Hãy tạo bản dự thảo mới"):
        services.step_update(step=step, actor=secretary_a, **step_values(amount="0.5"))
    draft = services.process_new_draft(process=process, actor=secretary_a)
    assert draft.number == 2
    copied = list(draft.process_steps.values_list("order", "key", "name"))
    assert copied == list(published.process_steps.values_list("order", "key", "name"))
    services.step_update(step=draft.process_steps.first(), actor=secretary_a, **step_values(amount="0.5"))
    assert published.process_steps.first().duration_amount == Decimal("1")


def test_publishing_queues_a_signed_export_event_and_clears_the_review_flag(
    process, secretary_a, leader_a, agency_a, django_capture_on_commit_callbacks
):
    services.webhook_endpoint_create(agency=agency_a, url="https://motcua.example.vn/h", actor=secretary_a)
    process.needs_review = True
    process.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(services.open_version(process), secretary_a, leader_a)
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "process.published"
    assert delivery.payload["format"] == "eiso-process/1"
    assert [s["name"] for s in delivery.payload["steps"]] == ["Tiếp nhận hồ sơ", "Thẩm định"]
    process.refresh_from_db()
    assert process.needs_review is False


def test_a_procedure_change_flags_its_processes_for_review(process, marriage, agency_a, secretary_a):
    from eiso.procedures import hooks
    from tests.procedures.factories import ProcedureVersionFactory

    services.webhook_endpoint_create(agency=agency_a, url="https://motcua.example.vn/h", actor=secretary_a)
    new = ProcedureVersionFactory(procedure=marriage, number=2)
    hooks.procedure_version_changed(
        procedure=marriage, old_version=marriage.current_version, new_version=new, actor=None
    )
    process.refresh_from_db()
    assert process.needs_review
    assert "1.000894" in process.review_note
    assert WebhookDelivery.objects.get().event == "procedure.changed"
    assert AuditEntry.objects.filter(action="process.flag_review").exists()


def test_steps_cite_legal_documents_and_a_new_draft_carries_them_on(
    process, secretary_a, leader_a, province, django_capture_on_commit_callbacks
):
    from django.contrib.contenttypes.models import ContentType

    from eiso.documents.models import LegalCitation
    from eiso.procedures import selectors
    from tests.documents.factories import LegalDocumentFactory

    decree = LegalDocumentFactory(province=province, number="123/2015/NĐ-CP")
    draft = services.open_version(process)
    step = draft.process_steps.get(order=1)
    services.step_update(step=step, actor=secretary_a, **step_values(amount="1"), legal_documents=[decree])
    assert selectors.version_steps(version=draft)[0].legal_numbers == ["123/2015/NĐ-CP"]
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, secretary_a, leader_a)
    second = services.process_new_draft(process=process, actor=secretary_a)
    assert selectors.version_steps(version=second)[0].legal_numbers == ["123/2015/NĐ-CP"]
    with django_capture_on_commit_callbacks(execute=True):
        publish(second, secretary_a, leader_a)
    cited = LegalCitation.objects.filter(content_type=ContentType.objects.get_for_model(ProcessStep))
    assert [c.object_id for c in cited] == [second.process_steps.get(order=1).pk]
    assert str(cited.get().target) == "QT.HT.01 lần 2, B1. Tiếp nhận hồ sơ"


def test_deleting_a_unit_that_owns_steps_is_refused_with_the_steps_listed(
    process, secretary_a, unit_a, sysadmin
):
    from eiso.orgs import services as orgs_services

    draft = services.open_version(process)
    services.step_add(version=draft, actor=secretary_a, **step_values("Ký", "0", unit=unit_a))
    with pytest.raises(DomainError) as error:
        orgs_services.unit_delete(unit=unit_a, actor=sysadmin)
    assert "QT.HT.01 lần 1, B3. Ký" in error.value.message


def test_reimporting_a_changed_procedure_flags_the_processes_that_use_it(
    agency_a, secretary_a, province, coordinator
):
    from eiso.procedures.models import Procedure
    from tests.procedures.helpers import MARRIAGE, json_bytes
    from tests.procedures.helpers import procedure as tthc

    services.procedure_import(
        data=json_bytes(MARRIAGE), filename="a.json", province=province, actor=coordinator
    )
    marriage = Procedure.objects.get(code="1.000894")
    process = new_process(agency_a, secretary_a, [marriage], code="QT.HT.07")
    services.procedure_import(
        data=json_bytes(MARRIAGE), filename="a.json", province=province, actor=coordinator
    )
    process.refresh_from_db()
    assert not process.needs_review  # the same file changes nothing
    changed = tthc(MARRIAGE, fees="Lệ phí 20.000 đồng")
    services.procedure_import(
        data=json_bytes(changed), filename="b.json", province=province, actor=coordinator
    )
    process.refresh_from_db()
    assert process.needs_review and "phiên bản mới (2)" in process.review_note
