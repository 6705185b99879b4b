"""The secretary imports signed PDFs from the agency's folder (issue 20, item 1): the review table
shows each PDF's signature badge, a certificate revoked by the province's CRL shows as revoked, and
the imported version keeps the badge."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from eiso.core import revocation, signatures
from tests import signing
from tests.browser.helpers import log_in
from tests.factories import UserFactory
from tests.hostile_files import pdf_bytes
from tests.revocation_data import crl_of, signer_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_sees_the_signatures_of_imported_pdfs_before_and_after_the_import(
    page, live_server, secretary_a, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ca = signing.root_ca()
    administrator = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    signatures.trusted_root_add(data=ca.pem, name="Root thử nghiệm", actor=administrator)
    good, revoked = signer_with(ca), signer_with(ca, "Lê Văn Hùng")
    revocation.revocation_list_add(data=crl_of(ca, [revoked]), actor=administrator)
    names = {"QT-01 Kiem soat tai lieu.pdf": good, "QT-02 Kiem soat ho so.pdf": revoked}
    # pyHanko signs in an event loop of its own; Playwright's runs in this thread.
    with ThreadPoolExecutor(max_workers=1) as thread:
        for name, who in names.items():
            (tmp_path / name).write_bytes(thread.submit(signing.sign_pdf, pdf_bytes(), who, ca).result())

    log_in(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/documents/")
    page.get_by_role("link", name="Nhập thư mục HTQLCL").click()
    page.get_by_label("Thư mục HTQLCL (.zip) hoặc các tệp").set_input_files(
        [str(tmp_path / n) for n in names]
    )
    page.get_by_role("button", name="Đọc thư mục").click()

    table = page.get_by_test_id("import-review")
    valid = table.locator('tr[data-file="QT-01 Kiem soat tai lieu.pdf"]').get_by_test_id("signature-badge")
    expect(valid).to_have_attribute("data-verdict", "valid", timeout=60_000)
    row = table.locator('tr[data-file="QT-02 Kiem soat ho so.pdf"]')
    row.get_by_role("button", name="Chứng thư ký đã bị thu hồi").click()
    expect(row.get_by_test_id("revocation")).to_contain_text("đã bị thu hồi lúc")
    expect(row.get_by_test_id("revocation")).to_contain_text("lý do: lộ khóa bí mật")
    expect(row).to_contain_text("Lê Văn Hùng")
    page.keyboard.press("Escape")  # the details close as a dropdown does

    for name, title in zip(names, ("Quy trình kiểm soát tài liệu", "Quy trình kiểm soát hồ sơ"), strict=True):
        page.get_by_label(f"Tên tài liệu — {name}").fill(title)
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page).to_have_url(re.compile(r"/documents/$"))
    page.get_by_role("link", name="Quy trình kiểm soát hồ sơ").click()
    page.get_by_role("link", name="Lần 1").first.click()
    expect(page.get_by_test_id("signature-badge")).to_have_attribute("data-verdict", "revoked")
