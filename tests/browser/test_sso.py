"""Login through the province's OpenID Connect provider (issue 19, item 3): a real provider
(django-oauth-toolkit, tests/accounts/oidc_provider) runs in a second process, started once per
session by the `oidc_provider` fixture (tests/browser/conftest.py); the browser goes there and back,
as a province's staff would."""

import re

import pytest
from playwright.sync_api import expect

from eiso.accounts.models import User
from eiso.core.models import AuditEntry
from tests.accounts.oidc_provider.serve import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in_at_province(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản của tỉnh").click()
    expect(page.get_by_role("heading", name="Hệ thống đăng nhập một lần của tỉnh")).to_be_visible()
    page.get_by_label("Tài khoản tỉnh").fill(username)
    page.get_by_label("Mật khẩu tỉnh").fill(password)
    page.get_by_role("button", name="Đăng nhập SSO").click()


def test_secretary_logs_in_at_the_province_and_logs_out_there(page, live_server, sso_settings, secretary_a):
    # The provider checks its own factors: eISO's TOTP step is not asked after an SSO login.
    sso_settings.EISO_REQUIRE_2FA_ROLES = ["secretary"]
    _log_in_at_province(page, live_server, "thu.ky", PASSWORD)
    expect(page.get_by_role("heading", name=f"Xin chào, {secretary_a}")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/")

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    # The provider's session ended too: the button asks for the province's password again.
    page.get_by_role("link", name="Đăng nhập bằng tài khoản của tỉnh").click()
    expect(page.get_by_label("Mật khẩu tỉnh")).to_be_visible()


def test_a_person_unknown_to_eiso_is_refused(page, live_server, sso_settings, secretary_a):
    _log_in_at_province(page, live_server, "nguoi.la", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("chưa được cấp quyền sử dụng eISO")).to_be_visible()
    assert not User.objects.filter(email__iexact="nguoi.la@example.vn").exists()


def test_a_person_unknown_to_eiso_gets_an_account_without_roles(page, live_server, sso_settings, secretary_a):
    sso_settings.EISO_OIDC_CREATE_UNKNOWN = True
    sso_settings.EISO_OIDC_MATCH_CLAIM = "staff_id"
    _log_in_at_province(page, live_server, "nguoi.la", PASSWORD)
    expect(page.get_by_role("heading", name="Xin chào, Người Lạ")).to_be_visible()
    user = User.objects.get(email="nguoi.la@example.vn")
    assert (user.sso_id, user.memberships.count(), user.has_usable_password()) == ("HT-0999", 0, False)
    assert AuditEntry.objects.filter(action="user.sso_create", target_id=str(user.pk)).exists()
