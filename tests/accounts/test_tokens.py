"""API tokens (accounts.tokens, django-rest-knox): only a digest is stored, a token expires after
API_TOKEN_TTL_HOURS, a new password ends every token issued before it, and a caller may revoke
its own token. `POST /api/v1/auth/token` stays the way in."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from eiso.accounts import services
from eiso.accounts.models import ApiToken
from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def _token(client, user, password: str = DEMO_PASSWORD) -> dict:
    answer = client.post(TOKEN_URL, {"username": user.username, "password": password})
    assert answer.status_code == 200, answer.content
    return answer.json()


def _me(client, key: str):
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_is_issued_with_its_expiry_and_stored_only_as_a_digest(client, staff_a, settings):
    before = timezone.now()
    body = _token(client, staff_a)
    assert _me(client, body["token"]).json()["username"] == staff_a.username
    token = ApiToken.objects.get(user=staff_a)
    assert body["token"] not in (token.digest, token.token_key)
    expiry = timezone.datetime.fromisoformat(body["expiry"])
    hours = settings.REST_KNOX["TOKEN_TTL"] / timedelta(hours=1)
    assert before + timedelta(hours=hours - 1) < expiry <= timezone.now() + timedelta(hours=hours)


def test_an_expired_token_is_refused_in_vietnamese(client, staff_a):
    key = _token(client, staff_a)["token"]
    ApiToken.objects.filter(user=staff_a).update(expiry=timezone.now() - timedelta(seconds=1))
    answer = _me(client, key)
    assert answer.status_code == 401
    assert answer.json()["message"] == "Chưa đăng nhập hoặc mã truy cập không hợp lệ."
    assert not ApiToken.objects.filter(user=staff_a).exists()


def test_renewing_gives_a_second_token_and_keeps_the_first_until_it_expires(client, staff_a):
    first = _token(client, staff_a)["token"]
    second = _token(client, staff_a)["token"]
    assert first != second
    assert _me(client, first).status_code == 200 and _me(client, second).status_code == 200


def test_a_user_keeps_at_most_ten_tokens_the_oldest_go_first(client, staff_a):
    keys = [_token(client, staff_a)["token"] for _ in range(11)]
    assert ApiToken.objects.filter(user=staff_a).count() == 10
    assert _me(client, keys[0]).status_code == 401
    assert _me(client, keys[-1]).status_code == 200


def test_changing_ones_own_password_ends_the_tokens(client, staff_a):
    key = _token(client, staff_a)["token"]
    client.force_login(staff_a)
    new = "Mat-khau-moi-2026!"
    answer = client.post(
        "/accounts/password/", {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert answer.status_code == 302
    client.logout()
    assert _me(client, key).status_code == 401
    assert _me(client, _token(client, staff_a, new)["token"]).status_code == 200


def test_a_password_set_by_the_administrator_ends_the_tokens(client, staff_a, sysadmin):
    key = _token(client, staff_a)["token"]
    services.user_set_password(user=staff_a, actor=sysadmin, password="Mat-khau-moi-2026!")
    assert _me(client, key).status_code == 401


def test_a_password_changed_by_any_other_way_ends_the_tokens(client, staff_a):
    key = _token(client, staff_a)["token"]
    staff_a.set_password("Mat-khau-moi-2026!")
    staff_a.save(update_fields=["password"])
    assert _me(client, key).status_code == 401


def test_a_locked_account_cannot_use_its_token(client, staff_a, sysadmin):
    key = _token(client, staff_a)["token"]
    services.user_set_active(user=staff_a, actor=sysadmin, active=False)
    assert _me(client, key).status_code == 401


def test_a_caller_revokes_its_own_token(client, staff_a):
    first = _token(client, staff_a)["token"]
    second = _token(client, staff_a)["token"]
    answer = client.post(f"{TOKEN_URL}/revoke", HTTP_AUTHORIZATION=f"Token {first}")
    assert answer.status_code == 204
    assert _me(client, first).status_code == 401
    assert _me(client, second).status_code == 200


def test_the_openapi_document_says_how_to_get_and_renew_a_token(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    schemes = schema["components"]["securitySchemes"]
    token_scheme = next(s for s in schemes.values() if s.get("name") == "Authorization")
    assert "POST /api/v1/auth/token" in token_scheme["description"]
    assert "hết hạn" in token_scheme["description"]
    operation = schema["paths"]["/api/v1/auth/token"]["post"]
    assert "Gia hạn" in operation["description"]
    assert set(schema["components"]["schemas"]["Token"]["properties"]) == {"token", "expiry"}
    assert "/api/v1/auth/token/revoke" in schema["paths"]


def test_an_operator_sees_tokens_in_the_admin_and_deletes_one_to_revoke_it(client, staff_a, admin_user):
    key = _token(client, staff_a)["token"]
    token = ApiToken.objects.get(user=staff_a)
    client.force_login(admin_user)
    listing = client.get("/django-admin/accounts/apitoken/").content.decode()
    assert token.token_key in listing and key not in listing
    client.post(f"/django-admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})
    client.logout()
    assert _me(client, key).status_code == 401
