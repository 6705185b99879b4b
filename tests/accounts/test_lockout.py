"""Login throttling (django-axes): five wrong passwords lock a username *from one address* for an
hour. The address is the real client's (core.clients), so neither a client behind the same proxy
nor anybody elsewhere can lock someone else out; the API answers a lockout in JSON."""

import pytest
from django.core.cache import cache

from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    """Requests come through nginx at 127.0.0.1, which names the client in X-Forwarded-For."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    cache.clear()


def _login(client, username: str, password: str, address: str):
    return client.post(LOGIN_URL, {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=address)


def _token(client, username: str, password: str, address: str):
    return client.post(TOKEN_URL, {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=address)


def _fail_five_times(client, username: str, address: str) -> None:
    for _ in range(5):
        _login(client, username, "sai-mat-khau", address)


def test_a_lockout_holds_for_that_username_from_that_address_only(client, staff_a, secretary_a):
    _fail_five_times(client, staff_a.username, "198.51.100.1")
    locked = _login(client, staff_a.username, DEMO_PASSWORD, "198.51.100.1")
    assert locked.status_code == 429
    assert "tạm bị khóa" in locked.content.decode()
    # The same person from another address, and a colleague behind the same address, still log in.
    assert _login(client, staff_a.username, DEMO_PASSWORD, "198.51.100.2").status_code == 302
    client.logout()
    assert _login(client, secretary_a.username, DEMO_PASSWORD, "198.51.100.1").status_code == 302


def test_guessing_many_usernames_from_one_address_locks_nobody_else_there(client, staff_a):
    for number in range(6):
        _fail_five_times(client, f"khong-co-{number}", "198.51.100.1")
    assert _login(client, staff_a.username, DEMO_PASSWORD, "198.51.100.1").status_code == 302


def test_the_token_endpoint_answers_a_lockout_in_json(client, staff_a):
    for _ in range(4):
        assert _token(client, staff_a.username, "sai", "198.51.100.1").status_code == 400
    for password in ("sai", DEMO_PASSWORD):
        locked = _token(client, staff_a.username, password, "198.51.100.1")
        assert locked.status_code == 429
        assert locked["Content-Type"] == "application/json"
        body = locked.json()
        assert set(body) == {"message", "extra"}
        assert "tạm khóa" in body["message"]
        assert body["extra"]["retry_after"] == 3600
    assert _token(client, staff_a.username, DEMO_PASSWORD, "198.51.100.2").status_code == 200


def test_a_lockout_revokes_the_users_api_tokens(client, staff_a):
    token = _token(client, staff_a.username, DEMO_PASSWORD, "198.51.100.6").json()["token"]
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    _fail_five_times(client, staff_a.username, "198.51.100.7")
    answer = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}")
    assert answer.status_code == 401
