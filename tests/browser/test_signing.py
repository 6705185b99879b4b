"""Signing on the pages (issue 20, item 2): the agency leader signs the announcement decision with
the agency's certificate and the badge appears; and the external signing flow, where the leader's
own device signs: the page shows the digest and gives it as a file, the .p7s the device made (built
here by the test, with a CA of its own) is uploaded, and the signed decision's badge appears."""

import base64
from datetime import date

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from playwright.sync_api import expect

from eiso.core import signatures
from eiso.improvement.models import Announcement
from eiso.orgs import certificates
from tests import signing
from tests.browser.helpers import log_in
from tests.factories import UserFactory
from tests.improvement.factories import AnnouncementFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def announcement(agency_a):
    return AnnouncementFactory(
        agency=agency_a,
        status=Announcement.Status.ANNOUNCED,
        number="15/QĐ-STP",
        decided_on=date(2026, 9, 1),
        signer_name="Trần Văn Bình",
    )


@pytest.fixture
def ca():
    root = signing.root_ca()
    signatures.trusted_root_add(
        data=root.pem, name="Root thử", actor=UserFactory(is_staff=True, is_superuser=True)
    )
    return root


@pytest.mark.django_db(transaction=True)
def test_the_leader_signs_the_announcement_decision_and_the_badge_appears(
    page, live_server, leader_a, agency_a, sysadmin, announcement, ca
):
    who = signing.signer(ca, common_name=agency_a.name, organisation="UBND tỉnh Hà Tĩnh")
    data = pkcs12.serialize_key_and_certificates(
        b"co-quan", who.key, who.certificate, None, BestAvailableEncryption(b"pw")
    )
    certificates.certificate_set(agency=agency_a, data=data, password="pw", actor=sysadmin)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "leader_a")
    page.goto(f"{live_server.url}{announcement.get_absolute_url()}")
    page.get_by_role("button", name="Ký số (chứng thư của cơ quan)").click()
    expect(
        page.get_by_text("Đã ký số quyết định công bố HTQLCL bằng chứng thư số của cơ quan.")
    ).to_be_visible()
    badge = page.get_by_test_id("signature-badge")
    expect(badge).to_have_attribute("data-verdict", "valid")
    badge.get_by_role("button").click()
    expect(badge).to_contain_text(agency_a.name)
    expect(page.get_by_role("button", name="Ký số (chứng thư của cơ quan)")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_the_leader_signs_with_a_usb_token_digest_out_cms_in(page, live_server, leader_a, announcement, ca):
    who = signing.signer(ca, common_name="Trần Văn Bình", organisation="Sở Tư pháp")
    log_in(page, live_server, "leader_a")
    page.goto(f"{live_server.url}{announcement.get_absolute_url()}")
    page.get_by_role("button", name="Ký bằng thiết bị ký số (USB token)").click()
    expect(page.get_by_test_id("digest-algorithm")).to_have_text("SHA256")
    shown = page.get_by_test_id("digest").inner_text()
    with page.expect_download() as digest_file:
        page.get_by_test_id("digest-download").click()
    with open(digest_file.value.path()) as handle:
        assert handle.read().strip() == shown

    # A file that is not a signature is refused, precisely, and the session stays open.
    page.get_by_label("Tệp chữ ký số (.p7s)").set_input_files(
        files=[
            {"name": "chu-ky.p7s", "mimeType": "application/pkcs7-signature", "buffer": b"khong phai chu ky"}
        ]
    )
    page.get_by_test_id("cms-submit").click()
    expect(page.get_by_text("Tệp không phải chữ ký số CMS")).to_be_visible()

    cms = signing.cms_over(base64.b64decode(shown), who, ca)
    page.get_by_label("Tệp chữ ký số (.p7s)").set_input_files(
        files=[{"name": "chu-ky.p7s", "mimeType": "application/pkcs7-signature", "buffer": cms}]
    )
    page.get_by_test_id("cms-submit").click()
    expect(page.get_by_text("Đã gắn chữ ký số vào văn bản.")).to_be_visible()
    badge = page.get_by_test_id("signature-badge")
    expect(badge).to_have_attribute("data-verdict", "valid")
    badge.get_by_role("button").click()
    expect(badge).to_contain_text("Trần Văn Bình")
