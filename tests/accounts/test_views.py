"""Pages of the accounts app: the administrator's user management and the login page."""

import pytest

from eiso.accounts.models import Membership, User

pytestmark = pytest.mark.django_db


def test_administrator_creates_a_user_and_bad_input_keeps_the_form(client, sysadmin, agency_a):
    client.force_login(sysadmin)
    data = {
        "username": "tranthib",
        "full_name": "Trần Thị B",
        "password1": "Kiem-tra-2026!",
        "password2": "khac",
        "role": "staff",
        "agency": agency_a.pk,
    }
    page = client.post("/accounts/users/new/", data).content.decode()
    assert "Hai lần nhập mật khẩu không khớp" in page and 'value="Trần Thị B"' in page
    data["password2"] = data["password1"]
    data["agency"] = ""
    page = client.post("/accounts/users/new/", data).content.decode()
    assert "Vai trò này cần chọn cơ quan" in page
    data["agency"] = agency_a.pk
    response = client.post("/accounts/users/new/", data)
    user = User.objects.get(username="tranthib")
    assert response.status_code == 302 and response.url == f"/accounts/users/{user.pk}/"
    assert Membership.objects.get(user=user).agency == agency_a


def test_user_list_is_for_administrators_only(client, sysadmin, secretary_a, staff_b):
    client.force_login(secretary_a)
    assert client.get("/accounts/users/").status_code == 403
    client.force_login(sysadmin)
    page = client.get("/accounts/users/", {"q": staff_b.username}).content.decode()
    assert staff_b.username in page and secretary_a.username not in page


def test_administrator_resets_a_password_and_locks_an_account(client, sysadmin, staff_a):
    client.force_login(sysadmin)
    page = client.post(
        f"/accounts/users/{staff_a.pk}/password/",
        {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"},
        follow=True,
    )
    assert "Đã đặt mật khẩu mới" in page.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.check_password("Mat-khau-moi-2026")
    page = client.post(f"/accounts/users/{staff_a.pk}/lock/", {"active": "0"}, follow=True).content.decode()
    assert "Đã khóa tài khoản" in page
    assert not User.objects.get(pk=staff_a.pk).is_active


def test_secretary_gets_403_on_a_colleagues_account(client, secretary_a, staff_a):
    client.force_login(secretary_a)
    assert client.get(f"/accounts/users/{staff_a.pk}/").status_code == 403


def test_wrong_password_shows_a_vietnamese_error(client, staff_a):
    page = client.post("/accounts/login/", {"username": staff_a.username, "password": "sai"}).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page


def test_five_failures_lock_the_login_with_a_clear_message(client, staff_a):
    for _ in range(5):
        client.post("/accounts/login/", {"username": staff_a.username, "password": "sai"})
    response = client.post("/accounts/login/", {"username": staff_a.username, "password": "eiso-test-2026"})
    assert response.status_code in (403, 429)
    assert "tạm khóa" in response.content.decode().lower() or "khóa" in response.content.decode()
