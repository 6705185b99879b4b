"""The secretary imports the agency's existing QMS folder (issue 19): uploads the zip, reviews the
proposed table (the corrupt file and the zip bomb refused), corrects one row, confirms, and finds
the documents published and searchable without diacritics."""

import re

import pytest
from playwright.sync_api import expect

from tests.documents import folder_fixture
from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.django_db(transaction=True)
def test_secretary_uploads_reviews_corrects_and_imports_a_folder(
    page, live_server, secretary_a, agency_a, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "HTQLCL.zip"
    folder.write_bytes(folder_fixture.folder_zip())
    page.set_default_timeout(120_000)  # reading 40 files takes a child process each

    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/documents/")
    page.get_by_role("link", name="Nhập thư mục HTQLCL").click()
    page.get_by_label("Thư mục HTQLCL (.zip) hoặc các tệp").set_input_files(str(folder))
    page.get_by_role("button", name="Đọc thư mục").click()

    refused = page.get_by_test_id("refused-files")
    expect(refused).to_contain_text("bom nén", timeout=120_000)
    expect(refused).to_contain_text("bị hỏng")
    expect(refused).to_contain_text("LibreOffice")
    table = page.get_by_test_id("import-review")
    expect(table.locator("tbody tr")).to_have_count(38)
    expect(page.get_by_label("Mã — QT-01 Kiem soat tai lieu.docx")).to_have_value("QT-01")
    expect(page.get_by_label("Tên tài liệu — QT-01 Kiem soat tai lieu.docx")).to_have_value(
        "Quy trình kiểm soát tài liệu"
    )
    expect(page.get_by_label("Ngày ban hành — QT-01 Kiem soat tai lieu.docx")).to_have_value("15/03/2020")
    expect(page.get_by_label("Bỏ qua — Ban sao QT-02 Kiem soat ho so (copy).docx")).to_be_checked()
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)

    # The scanned PDF has no text: its title comes from the file name, without diacritics.
    scanned = "QT-10 Quy trinh quan ly con dau (scan).pdf"
    page.get_by_label(f"Tên tài liệu — {scanned}").fill("Quy trình quản lý và sử dụng con dấu")
    page.get_by_label("Mã — DM-TL Danh muc tai lieu.xlsx").fill("DM-TL")
    page.get_by_label("Loại — DM-TL Danh muc tai lieu.xlsx").select_option("record_list")
    page.get_by_role("button", name="Xác nhận nhập").click()

    expect(page).to_have_url(re.compile(r"/documents/$"))
    expect(page.get_by_text("Đã nhập 37 tài liệu")).to_be_visible()
    page.get_by_label("Tìm kiếm").first.fill("quan ly va su dung con dau")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 tài liệu.")).to_be_visible()
    page.get_by_role("link", name="Quy trình quản lý và sử dụng con dấu").click()
    expect(page.get_by_text("QT-10").first).to_be_visible()
