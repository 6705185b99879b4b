"""Importing an agency's people and units from .xlsx (issue 19): preview, all-or-nothing, re-runs."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eiso.accounts import services
from eiso.accounts.models import Membership, User
from eiso.core.history import action_phrase
from eiso.core.models import AuditEntry
from eiso.core.roles import Role
from eiso.orgs.models import Unit
from tests.accounts.people_files import UNITS, USERS, workbook

pytestmark = pytest.mark.django_db


def run(actor, agency, data, filename="nhan-su.xlsx"):
    return services.people_import_apply(agency=agency, data=data, filename=filename, actor=actor)


def snapshot(agency):
    users = sorted(User.objects.filter(memberships__agency=agency).values_list("pk", "email", "full_name"))
    roles = sorted(
        Membership.objects.filter(agency=agency).values_list("user_id", "role", "unit__name", "is_active")
    )
    units = sorted(Unit.objects.filter(agency=agency).values_list("pk", "code", "name", "is_one_stop"))
    return users, roles, units


def test_importing_twice_gives_the_same_users_and_units(sysadmin, agency_a):
    data = workbook(UNITS, USERS)
    plan = run(sysadmin, agency_a, data)
    assert plan.counts()["created"] == 6
    first = snapshot(agency_a)
    assert len(first[0]) == 3 and len(first[2]) == 3

    again = run(sysadmin, agency_a, data)
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 6, "deactivated": 0, "rejected": 0}
    run(sysadmin, agency_a, data)
    assert snapshot(agency_a) == first
    binh = User.objects.get(email="binh.tt@hatinh.gov.vn")
    assert binh.username == "binh.tt@hatinh.gov.vn" and not binh.has_usable_password()
    assert Membership.objects.get(user=binh).unit.name == "Văn phòng"
    assert Unit.objects.get(agency=agency_a, code="MC").is_one_stop


def test_reimport_updates_by_email_and_unit_code(sysadmin, agency_a):
    run(sysadmin, agency_a, workbook(UNITS, USERS))
    units = [["VP", "Văn phòng Sở", ""], *UNITS[1:]]
    users = [["Trần Thị Bình", "Binh.TT@hatinh.gov.vn", "TCCB", "Thư ký ISO", "Chánh Văn phòng", "", ""]]
    plan = run(sysadmin, agency_a, workbook(units, users))
    assert plan.counts()["updated"] == 2
    binh = User.objects.get(email="binh.tt@hatinh.gov.vn")
    assert binh.position == "Chánh Văn phòng"
    assert Membership.objects.get(user=binh).unit.name == "Phòng Tổ chức cán bộ"
    assert Unit.objects.filter(agency=agency_a).count() == 3
    assert Unit.objects.get(agency=agency_a, code="VP").name == "Văn phòng Sở"


def test_deactivating_ends_the_role_and_locks_the_account_keeping_history(sysadmin, agency_a):
    run(sysadmin, agency_a, workbook(UNITS, USERS))
    cuong = User.objects.get(email="cuong.lv@hatinh.gov.vn")
    plan = run(sysadmin, agency_a, workbook([], [["", "cuong.lv@hatinh.gov.vn", "", "", "", "", "x"]]))
    assert plan.counts()["deactivated"] == 1
    cuong.refresh_from_db()
    assert not cuong.is_active
    assert Membership.objects.get(user=cuong).is_active is False
    actions = set(AuditEntry.objects.filter(target_id=str(cuong.pk)).values_list("action", flat=True))
    assert {"user.create", "user.deactivate"} <= actions
    # Named again without the mark, the person comes back with the same account.
    run(sysadmin, agency_a, workbook([], [USERS[1]]))
    cuong.refresh_from_db()
    assert cuong.is_active and Membership.objects.get(user=cuong).is_active
    assert User.objects.filter(email="cuong.lv@hatinh.gov.vn").count() == 1


def test_a_bad_row_names_the_row_and_the_column_and_nothing_is_saved(sysadmin, agency_a):
    users = [USERS[0], ["Lê Văn Cường", "khong-phai-email", "VP", "Giám đốc", "", "", ""]]
    with pytest.raises(services.PeopleImportRejected) as rejected:
        run(sysadmin, agency_a, workbook(UNITS, users))
    errors = rejected.value.plan.errors
    assert "Trang “Người dùng”, dòng 3, cột “Thư điện tử”: “khong-phai-email” không phải địa chỉ" in errors[0]
    assert errors[1].startswith("Trang “Người dùng”, dòng 3, cột “Vai trò”: “Giám đốc” không phải vai trò")
    assert not User.objects.filter(email="binh.tt@hatinh.gov.vn").exists()
    assert not Unit.objects.filter(agency=agency_a).exists()


def test_unknown_unit_and_duplicate_email_are_refused(sysadmin, agency_a):
    users = [USERS[0], ["X", "binh.tt@hatinh.gov.vn", "Phòng Ma", "Cán bộ, công chức", "", "", ""]]
    plan = services.people_import_plan(agency=agency_a, data=workbook([], users), actor=sysadmin)
    assert not plan.is_valid
    assert any("dòng 3, cột “Phòng/ban”: không có phòng/ban “Phòng Ma”" in error for error in plan.errors)
    assert any("dòng 3, cột “Thư điện tử”: trùng với dòng 2" in error for error in plan.errors)


def test_the_preview_saves_nothing(sysadmin, agency_a):
    entries = AuditEntry.objects.count()
    plan = services.people_import_plan(agency=agency_a, data=workbook(UNITS, USERS), actor=sysadmin)
    assert plan.is_valid and plan.counts()["created"] == 6
    assert not User.objects.filter(email__endswith="hatinh.gov.vn").exists()
    assert not Unit.objects.filter(agency=agency_a).exists()
    assert AuditEntry.objects.count() == entries


def test_a_file_that_is_not_a_workbook_is_one_vietnamese_error(sysadmin, agency_a):
    plan = services.people_import_plan(agency=agency_a, data=b"PK\x03\x04 rac", actor=sysadmin)
    assert plan.file_errors == ["Tệp .xlsx bị hỏng hoặc không đọc được."]


def test_only_the_provinces_administrator_imports(secretary_a, coordinator, agency_a):
    for actor in (secretary_a, coordinator):
        with pytest.raises(PermissionDenied):
            services.people_import_plan(agency=agency_a, data=workbook(UNITS, USERS), actor=actor)


def test_the_import_is_in_the_audit_trail_in_vietnamese(sysadmin, agency_a):
    run(sysadmin, agency_a, workbook(UNITS, USERS))
    entry = AuditEntry.objects.get(action="agency.import_people")
    assert "nhan-su.xlsx: 6 thêm mới" in entry.changes["note"][1]
    assert action_phrase(entry.action) == "Nhập người dùng và phòng/ban từ tệp Excel cho"
    assert Role.SECRETARY in Membership.objects.filter(agency=agency_a).values_list("role", flat=True)


def test_the_pages_preview_then_confirm(client, sysadmin, agency_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(sysadmin)
    url = reverse("accounts:people_import", args=[agency_a.pk])
    template = client.get(reverse("accounts:people_import_template", args=[agency_a.pk]))
    assert template["Content-Disposition"].endswith('"mau-nhap-nguoi-dung.xlsx"')
    upload = SimpleUploadedFile("nhan-su.xlsx", workbook(UNITS, USERS))
    preview = client.post(url, {"file": upload})
    assert "Xác nhận nhập" in preview.content.decode()
    assert not User.objects.filter(email="binh.tt@hatinh.gov.vn").exists()
    token = preview.context["token"]
    confirmed = client.post(reverse("accounts:people_import_confirm", args=[agency_a.pk]), {"token": token})
    assert confirmed.status_code == 302 and confirmed.url == reverse("accounts:user_list")
    assert User.objects.filter(email="binh.tt@hatinh.gov.vn").exists()
    # The same token again: the pending file is gone, nothing is imported twice.
    again = client.post(reverse("accounts:people_import_confirm", args=[agency_a.pk]), {"token": token})
    assert again.url == url


def test_a_file_that_only_pretends_to_be_xlsx_is_refused_by_the_upload_gate(client, sysadmin, agency_a):
    client.force_login(sysadmin)
    upload = SimpleUploadedFile("nhan-su.xlsx", b"%PDF-1.4 not a workbook")
    response = client.post(reverse("accounts:people_import", args=[agency_a.pk]), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "plan" not in response.context


def test_the_pages_are_for_the_administrator_only(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    assert client.get(reverse("accounts:people_import", args=[agency_a.pk])).status_code == 403
