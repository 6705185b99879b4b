"""The province's administrator downloads the people template, fills it, sees the preview and
confirms; the people are then in the user list (issue 19, item 2)."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from eiso.accounts.models import User
from eiso.accounts.people_import import GUIDE_SHEET, UNITS_SHEET, USERS_SHEET
from tests.accounts.people_files import UNITS, USERS, workbook
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_imports_people_from_the_template(
    page, live_server, sysadmin, agency_a, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(page, live_server, "sysadmin")
    page.goto(f"{live_server.url}{agency_a.get_absolute_url()}")
    page.get_by_role("link", name="Nhập người dùng từ Excel").click()
    expect(page.get_by_role("heading", name="Nhập người dùng và phòng/ban")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    assert download.value.suggested_filename == "mau-nhap-nguoi-dung.xlsx"
    with open(download.value.path(), "rb") as handle:
        template = load_workbook(io.BytesIO(handle.read()))
    assert template.sheetnames == [UNITS_SHEET, USERS_SHEET, GUIDE_SHEET]
    assert [cell.value for cell in template[USERS_SHEET][1]][:4] == [
        "Họ và tên",
        "Thư điện tử",
        "Phòng/ban",
        "Vai trò",
    ]

    # The template filled in: a bad row first, named by row and column, and nothing to confirm.
    bad = tmp_path / "nhan-su-loi.xlsx"
    bad.write_bytes(workbook(UNITS, [*USERS, ["Hồ Văn Em", "em@", "VP", "Cán bộ, công chức", "", "", ""]]))
    page.get_by_label("Tệp người dùng và phòng/ban (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    report = page.get_by_test_id("import-report")
    expect(report).to_contain_text("Trang “Người dùng”, dòng 5, cột “Thư điện tử”")
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)

    good = tmp_path / "nhan-su.xlsx"
    good.write_bytes(workbook(UNITS, USERS))
    page.get_by_label("Tệp người dùng và phòng/ban (.xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(report.locator("tr[data-outcome=created]")).to_have_count(6)
    expect(report).to_contain_text("Trần Thị Bình")
    assert not User.objects.filter(email="binh.tt@hatinh.gov.vn").exists()  # the preview saved nothing
    page.get_by_role("button", name="Xác nhận nhập").click()

    expect(page).to_have_url(re.compile(r"/accounts/users/$"))
    expect(page.get_by_text("6 thêm mới")).to_be_visible()
    for name in ("Trần Thị Bình", "Lê Văn Cường", "Phạm Thu Dung"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
