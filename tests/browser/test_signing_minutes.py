"""Mẫu 21 signed on its page by both parties (issue 20, item 2): the coordinator signs the minutes
for the inspection team with the Sở's certificate, then the inspected agency's leader signs them
with the agency's certificate; the badge of the minutes signed by both shows the two signers."""

from datetime import date

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from playwright.sync_api import expect

from eiso.core import signatures
from eiso.core.roles import Role
from eiso.orgs import certificates
from eiso.oversight.models import Inspection
from tests import signing
from tests.browser.helpers import log_in
from tests.factories import MembershipFactory, UserFactory
from tests.oversight.factories import InspectionFactory, InspectionPlanFactory

pytestmark = pytest.mark.browser


def _certificate(agency, ca, sysadmin):
    who = signing.signer(ca, common_name=agency.name, organisation="UBND tỉnh Hà Tĩnh")
    data = pkcs12.serialize_key_and_certificates(
        b"co-quan", who.key, who.certificate, None, BestAvailableEncryption(b"pw")
    )
    certificates.certificate_set(agency=agency, data=data, password="pw", actor=sysadmin)


@pytest.fixture
def inspection(province, agency_a, agency_b, sysadmin):
    ca = signing.root_ca()
    signatures.trusted_root_add(
        data=ca.pem, name="Root thử", actor=UserFactory(is_staff=True, is_superuser=True)
    )
    _certificate(agency_a, ca, sysadmin)
    _certificate(agency_b, ca, sysadmin)
    plan = InspectionPlanFactory(province=province, year=2026, issuing_agency=agency_a.name)
    return InspectionFactory(
        plan=plan,
        agency=agency_b,
        form=Inspection.Form.ON_SITE,
        status=Inspection.Status.CONCLUDED,
        decision_number="20/QĐ-SKHCN",
        decided_on=date(2026, 9, 28),
        inspected_on=date(2026, 10, 5),
        minutes_signed_on=date(2026, 10, 5),
        team="Trưởng đoàn: Ông Lê Văn An, Phó Giám đốc Sở",
        agency_representative="Bà Nguyễn Thị Lan, Giám đốc Sở Tư pháp",
        conclusion="Hệ thống được duy trì, cải tiến.",
    )


def _panel(page, kind: str):
    return page.locator(f'[data-testid="signing-panel"][data-kind="{kind}"]')


@pytest.mark.django_db(transaction=True)
def test_the_team_then_the_inspected_agency_sign_the_minutes_and_the_badge_shows_both(
    page, live_server, coordinator, agency_b, inspection
):
    MembershipFactory(agency=agency_b, role=Role.LEADER, user__username="leader_b")
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    team = _panel(page, "inspection_minutes")
    team.get_by_role("button", name="Ký số (chứng thư của cơ quan)").click()
    expect(
        page.get_by_text("Đã ký số biên bản kiểm tra (Mẫu 21) bằng chứng thư số của cơ quan.")
    ).to_be_visible()
    expect(team.get_by_test_id("signature-badge")).to_have_attribute("data-verdict", "valid")
    # The agency's part is not the coordinator's to sign.
    expect(_panel(page, "inspection_minutes_agency").get_by_role("button")).to_have_count(0)

    page.context.clear_cookies()
    log_in(page, live_server, "leader_b")
    page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    expect(team.get_by_role("button", name="Ký số (chứng thư của cơ quan)")).to_have_count(0)
    both = _panel(page, "inspection_minutes_agency")
    both.get_by_role("button", name="Ký số (chứng thư của cơ quan)").click()
    expect(page.get_by_text("phần ký của cơ quan được kiểm tra bằng chứng thư số")).to_be_visible()
    badge = both.get_by_test_id("signature-badge")
    expect(badge).to_have_attribute("data-verdict", "valid")
    badge.get_by_role("button").click()
    expect(badge).to_contain_text("Sở Khoa học và Công nghệ")
    expect(badge).to_contain_text("Sở Tư pháp")
