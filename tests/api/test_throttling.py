"""API throttles count the real client (core.clients): a client that rotates X-Forwarded-For is
still one client, a proxy's clients are counted one by one, and a throttled call answers 429 with
the project's error body in Vietnamese."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def _token_call(client, forwarded_for: str):
    # No password: the serializer refuses it before authentication, so only the throttle counts.
    return client.post(TOKEN_URL, {"username": "x"}, HTTP_X_FORWARDED_FOR=forwarded_for)


def _lookup(client, number: int, forwarded_for: str):
    return client.get(
        f"/api/v1/public/dossiers/SKHCN-260302-{number:04d}",
        {"phone4": "1234"},
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def _assert_throttled(response):
    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert "quá nhiều yêu cầu" in body["message"]
    assert body["extra"]["retry_after"] > 0
    assert int(response["Retry-After"]) > 0


def test_rotating_forwarded_for_does_not_escape_the_token_endpoint_throttle(client):
    for number in range(20):
        assert _token_call(client, f"198.51.100.{number}").status_code == 400
    _assert_throttled(_token_call(client, "198.51.100.250"))


def test_rotating_forwarded_for_does_not_escape_the_public_lookup_throttle(client):
    for number in range(10):
        assert _lookup(client, number, f"198.51.100.{number}").status_code == 404
    _assert_throttled(_lookup(client, 99, "198.51.100.250"))


def test_behind_a_configured_proxy_each_client_has_its_own_budget(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for number in range(10):
        assert _lookup(client, number, "198.51.100.1").status_code == 404
    _assert_throttled(_lookup(client, 11, "198.51.100.1"))
    assert _lookup(client, 12, "198.51.100.2").status_code == 404
    for _ in range(20):
        assert _token_call(client, "198.51.100.3").status_code == 400
    _assert_throttled(_token_call(client, "198.51.100.3"))
    assert _token_call(client, "198.51.100.4").status_code == 400


def test_the_token_endpoint_throttle_also_counts_signed_in_callers(client, staff_a):
    client.force_login(staff_a)
    for _ in range(20):
        assert _token_call(client, "198.51.100.1").status_code == 400
    _assert_throttled(_token_call(client, "198.51.100.1"))
