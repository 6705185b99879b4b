"""A coordinator, obliged to use two-factor authentication, enrols an authenticator after the
password and then logs in again with a code (issue 19, item 4)."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.two_factor_helpers import totp_code
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_enrols_then_logs_in_with_a_code(page, live_server, coordinator, settings):
    settings.EISO_REQUIRE_2FA_ROLES = ["coordinator"]
    log_in(page, live_server, "coordinator")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.get_by_text("Vai trò của bạn bắt buộc dùng xác thực hai lớp")).to_be_visible()
    expect(page.get_by_role("img", name="Mã QR đăng ký ứng dụng xác thực")).to_be_visible()
    key = page.get_by_test_id("manual-key").inner_text()
    device = TOTPDevice(user=coordinator, key=_hex(key))

    page.get_by_label("Mã xác thực").fill(totp_code(device))
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server, "coordinator")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Mã xác thực không đúng hoặc đã hết hạn.")).to_be_visible()
    device = TOTPDevice.objects.get(user=coordinator)
    device.throttle_reset()
    page.get_by_label("Mã xác thực").fill(totp_code(device, ahead=1))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def _hex(manual_key: str) -> str:
    """The device key (hex) from the base32 key shown to type by hand."""
    import base64

    compact = manual_key.replace(" ", "")
    return base64.b32decode(compact + "=" * (-len(compact) % 8)).hex()
