"""Importing the catalogue through the service: whole or nothing, idempotent, versioned, audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.procedures import hooks, services
from eiso.procedures.importing import Outcome
from eiso.procedures.models import Procedure, ProcedureComponent, ProcedureVersion
from tests.hostile_files import pdf_bytes
from tests.procedures.helpers import BIRTH, MARRIAGE, json_bytes, procedure, xlsx_bytes, xlsx_row

pytestmark = pytest.mark.django_db


def run_import(data, province, actor, filename="danh-muc.json"):
    return services.procedure_import(data=data, filename=filename, province=province, actor=actor)


def test_coordinator_imports_a_json_catalogue(province, coordinator):
    plan = run_import(json_bytes(MARRIAGE, BIRTH), province, coordinator)

    assert plan.counts()[Outcome.CREATED] == 2
    marriage = Procedure.objects.get(province=province, code="1.000894")
    version = marriage.current_version
    assert (version.number, version.name, version.level) == (1, "Thủ tục đăng ký kết hôn", "commune")
    assert version.processing_time_display == "1 ngày làm việc (Cần xác minh thì không quá 05 ngày làm việc)"
    assert version.legal_basis_numbers == ["60/2014/QH13", "123/2015/NĐ-CP"]
    assert [(c.order, c.name, c.form_name) for c in version.components.all()] == [
        (1, "Tờ khai đăng ký kết hôn", "Tờ khai đăng ký kết hôn"),
        (2, "Giấy xác nhận tình trạng hôn nhân", ""),
    ]
    assert marriage.search_text == "1.000894 thu tuc dang ky ket hon ho tich"
    entries = AuditEntry.objects.filter(action="procedure.create", province=province)
    assert entries.count() == 2
    assert entries.get(target_id=str(marriage.pk)).changes == {
        "version": [None, 1],
        "name": [None, version.name],
    }


def test_xlsx_catalogue_imports_the_same_content(province, coordinator):
    run_import(xlsx_bytes([xlsx_row(MARRIAGE), xlsx_row(BIRTH)]), province, coordinator, "danh-muc.xlsx")
    birth = Procedure.objects.get(code="1.001193").current_version
    assert str(birth.processing_time_amount) == "0.50"
    assert birth.steps == ["Nộp hồ sơ", "Nhận kết quả"]
    # The same content in JSON afterwards changes nothing.
    plan = run_import(json_bytes(MARRIAGE, BIRTH), province, coordinator)
    assert plan.counts()[Outcome.UNCHANGED] == 2


@pytest.mark.parametrize("user", ["secretary_a", "staff_b", "steering", "sysadmin", "other_coordinator"])
def test_only_the_provinces_coordinator_may_import(user, province, request):
    actor = request.getfixturevalue(user)
    with pytest.raises(PermissionDenied):
        run_import(json_bytes(MARRIAGE), province, actor)
    with pytest.raises(PermissionDenied):
        services.procedure_import_plan(
            data=json_bytes(MARRIAGE), filename="a.json", province=province, actor=actor
        )
    assert not Procedure.objects.exists()


def test_one_rejected_procedure_means_nothing_is_imported(province, coordinator):
    bad = procedure(BIRTH, processing_time={"amount": 0, "unit": "working_days"})
    with pytest.raises(services.ImportRejected) as caught:
        run_import(json_bytes(MARRIAGE, bad), province, coordinator)
    assert caught.value.plan.counts() == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert "không thủ tục nào được nhập" in caught.value.message
    assert (
        not Procedure.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="procedure").exists()
    )


def test_reimporting_the_same_file_changes_nothing(province, coordinator):
    data = json_bytes(MARRIAGE, BIRTH)
    run_import(data, province, coordinator)
    entries = AuditEntry.objects.count()

    plan = run_import(data, province, coordinator)

    assert plan.counts() == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    assert ProcedureVersion.objects.count() == 2 and ProcedureComponent.objects.count() == 3
    assert AuditEntry.objects.count() == entries


def test_changed_procedure_gets_a_new_version_and_tells_the_listeners(province, coordinator):
    run_import(json_bytes(procedure(effective_from="2025-07-01")), province, coordinator)
    marriage = Procedure.objects.get(code="1.000894")
    component = marriage.current_version.components.get(order=1)
    component.form_file.save("to-khai.pdf", SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 test"))
    heard = []

    def listener(*, procedure, old_version, new_version, actor):
        heard.append((procedure.code, old_version.number, new_version.number, actor))

    hooks.on_procedure_version_changed(listener)
    try:
        changed = procedure(fees="Lệ phí 20.000 đồng", effective_from="2026-01-01")
        plan = run_import(json_bytes(changed), province, coordinator)
    finally:
        hooks.disconnect(listener)

    assert plan.items[0].outcome == Outcome.UPDATED
    assert heard == [("1.000894", 1, 2, coordinator)]
    marriage.refresh_from_db()
    old, new = marriage.versions.order_by("number")
    assert marriage.current_version == new
    assert (old.effective_to, new.effective_from, new.fees) == (
        date(2026, 1, 1),
        date(2026, 1, 1),
        "Lệ phí 20.000 đồng",
    )
    assert new.components.get(order=1).form_file.name == component.form_file.name  # the form stays attached
    entry = AuditEntry.objects.get(action="procedure.update")
    assert entry.changes == {"fees": ["Miễn lệ phí", "Lệ phí 20.000 đồng"], "version": [1, 2]}


def test_a_failing_listener_undoes_the_whole_import(province, coordinator):
    run_import(json_bytes(MARRIAGE), province, coordinator)

    def broken(**kwargs):
        raise RuntimeError("process flagging failed")

    hooks.on_procedure_version_changed(broken)
    try:
        with pytest.raises(RuntimeError):
            run_import(json_bytes(procedure(fees="Có phí"), BIRTH), province, coordinator)
    finally:
        hooks.disconnect(broken)
    assert Procedure.objects.count() == 1
    assert Procedure.objects.get().current_version.number == 1


def test_system_import_needs_no_actor(province):
    plan = run_import(json_bytes(MARRIAGE), province, None)
    assert plan.is_valid
    assert AuditEntry.objects.get(action="procedure.create").actor_repr == "hệ thống"


def test_coordinator_attaches_a_form_file(province, coordinator):
    run_import(json_bytes(MARRIAGE), province, coordinator)
    component = Procedure.objects.get().current_version.components.get(order=1)

    services.component_attach_form(
        component=component, upload=SimpleUploadedFile("to-khai.pdf", pdf_bytes()), actor=coordinator
    )

    component.refresh_from_db()
    assert component.form_file.name.endswith(".pdf")
    assert AuditEntry.objects.filter(action="procedure_component.attach_form", province=province).exists()


def test_form_file_whose_content_lies_about_its_type_is_refused(province, coordinator, secretary_a):
    run_import(json_bytes(MARRIAGE), province, coordinator)
    component = Procedure.objects.get().current_version.components.get(order=1)
    fake = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(DomainError, match="không phải là tệp"):
        services.component_attach_form(component=component, upload=fake, actor=coordinator)
    with pytest.raises(PermissionDenied):
        services.component_attach_form(component=component, upload=fake, actor=secretary_a)
