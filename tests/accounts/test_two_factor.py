"""Two-factor authentication (TOTP) after the password, enforced by EISO_REQUIRE_2FA_ROLES (issue 19)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from eiso.accounts import two_factor
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from tests.accounts.two_factor_helpers import totp_code
from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
HOME = "/"


@pytest.fixture
def required(settings):
    settings.EISO_REQUIRE_2FA_ROLES = ["admin", "coordinator", "steering_member"]


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.pending_device({}, user)
    codes = two_factor.two_factor_enable(user=user, device=device, token=totp_code(device), actor=user)
    return device, codes


def log_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return response


def test_a_province_user_without_a_device_must_enrol_before_any_page(client, coordinator, required):
    log_in(client, coordinator)
    for path in (HOME, reverse("procedures:procedure_list"), reverse("accounts:password_change")):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:two_factor_setup"))
    page = client.get(reverse("accounts:two_factor_setup"))
    assert "Vai trò của bạn bắt buộc dùng xác thực hai lớp" in page.content.decode()
    assert 'src="data:image/svg+xml' in page.content.decode()


def test_a_province_user_must_enter_a_valid_code_before_any_page(client, coordinator, required):
    device, _ = enrolled(coordinator)
    log_in(client, coordinator)
    response = client.get(reverse("procedures:procedure_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_verify"))

    wrong = client.post(reverse("accounts:two_factor_verify"), {"token": "000000", "next": HOME})
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn." in wrong.content.decode()
    assert client.get(HOME).status_code == 302

    device.throttle_reset()
    right = client.post(
        reverse("accounts:two_factor_verify"), {"token": totp_code(device, ahead=1), "next": "/procedures/"}
    )
    assert right.status_code == 302 and right.url == "/procedures/"
    assert client.get(HOME).status_code == 200


def test_a_recovery_code_works_once(client, coordinator, required):
    _, codes = enrolled(coordinator)
    assert len(codes) == 10
    log_in(client, coordinator)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": codes[0], "next": HOME})
    assert response.status_code == 302 and client.get(HOME).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_a_role_the_setting_does_not_name_logs_in_with_a_password(client, staff_a, coordinator, settings):
    settings.EISO_REQUIRE_2FA_ROLES = ["coordinator"]
    log_in(client, staff_a)
    assert client.get(HOME).status_code == 200


def test_with_the_setting_empty_nobody_is_asked_unless_enrolled(client, coordinator, settings):
    settings.EISO_REQUIRE_2FA_ROLES = []
    log_in(client, coordinator)
    assert client.get(HOME).status_code == 200


def test_enrolment_through_the_page_confirms_the_device_and_shows_recovery_codes(
    client, coordinator, required
):
    log_in(client, coordinator)
    client.get(reverse("accounts:two_factor_setup"))
    assert not TOTPDevice.objects.filter(user=coordinator).exists()  # opening the page saves nothing
    device = two_factor.pending_device(client.session, coordinator)
    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "123456"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    response = client.post(reverse("accounts:two_factor_setup"), {"token": totp_code(device), "next": HOME})
    assert response.status_code == 200
    assert "Mã khôi phục" in response.content.decode()
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert client.get(HOME).status_code == 200
    entry = AuditEntry.objects.get(action="user.enable_two_factor")
    assert entry.target_id == str(coordinator.pk)


def test_the_administrator_resets_a_lost_device_and_it_is_audited(client, coordinator, sysadmin, required):
    enrolled(coordinator)
    two_factor.two_factor_reset(user=coordinator, actor=sysadmin)
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert AuditEntry.objects.filter(action="user.reset_two_factor", actor=sysadmin).exists()
    with pytest.raises(DomainError):
        two_factor.two_factor_reset(user=coordinator, actor=sysadmin)
    log_in(client, coordinator)
    assert client.get(HOME).url.startswith(reverse("accounts:two_factor_setup"))


def test_only_an_administrator_resets_a_device(coordinator, staff_a, secretary_a):
    enrolled(staff_a)
    for actor in (coordinator, secretary_a):
        with pytest.raises(PermissionDenied):
            two_factor.two_factor_reset(user=staff_a, actor=actor)


def test_the_reset_page_is_post_only_and_for_administrators(client, staff_a, sysadmin):
    enrolled(staff_a)
    client.force_login(sysadmin)
    url = reverse("accounts:two_factor_reset", args=[staff_a.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff_a).exists()


def test_the_next_address_must_be_on_this_site(client, coordinator, required):
    device, _ = enrolled(coordinator)
    log_in(client, coordinator)
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"token": totp_code(device, ahead=1), "next": "https://evil.example/"},
    )
    assert response.url == HOME
