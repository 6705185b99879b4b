"""The administrator keeps the CRLs an offline province checks signatures' revocation against: a
wrong file is named, a CRL is listed with its issuer and dates, and removing it asks first."""

import re

import pytest
from playwright.sync_api import expect

from eiso.core.models import AuditEntry, RevocationList
from tests import signing
from tests.browser.helpers import log_in
from tests.factories import UserFactory
from tests.revocation_data import crl_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_uploads_a_crl_in_the_admin_and_removes_it(page, live_server, tmp_path):
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    ca = signing.root_ca("CA thử nghiệm thu hồi")
    crl = tmp_path / "ca.crl"
    crl.write_bytes(crl_of(ca, [signing.signer(ca)]))
    wrong = tmp_path / "goc.crl"
    wrong.write_bytes(ca.der)
    log_in(page, live_server, "quantri")
    page.goto(f"{live_server.url}/django-admin/core/revocationlist/add/")

    page.get_by_label("Tệp danh sách chứng thư bị thu hồi (.crl)").set_input_files(str(wrong))
    page.locator("input[name=_save]").click()
    expect(page.get_by_text("Tệp không phải là danh sách chứng thư bị thu hồi")).to_be_visible()

    page.get_by_label("Tệp danh sách chứng thư bị thu hồi (.crl)").set_input_files(str(crl))
    page.locator("input[name=_save]").click()
    expect(page.locator("#result_list")).to_contain_text("CN=CA thử nghiệm thu hồi")
    expect(page.locator("#result_list td.field-revoked_count")).to_have_text("1")

    page.locator("#result_list a", has_text=re.compile("CA thử nghiệm thu hồi")).click()
    page.get_by_role("link", name=re.compile("Xóa|Delete")).click()
    page.locator("input[type=submit]").click()
    expect(page.locator("#result_list")).to_have_count(0)
    assert not RevocationList.objects.exists()
    assert AuditEntry.objects.filter(action="revocation_list.remove").count() == 1
