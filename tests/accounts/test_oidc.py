"""The province's login (accounts/oidc.py) without a browser: which account a provider's claims
designate, refusal or audited creation of a stranger, the local-password switch, the login page and
the provider logout URL. The whole exchange with a real provider is in tests/browser/test_sso.py."""

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from eiso.accounts import oidc
from eiso.accounts.models import User
from eiso.core import history
from eiso.core.models import AuditEntry
from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def configured(settings):
    settings.OIDC_RP_CLIENT_ID = "eiso"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.EISO_OIDC_ENABLED = True
    for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS", "END_SESSION"):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"https://sso.example.vn/{name.lower()}")
    return settings


def _backend(claims: dict):
    backend = oidc.ProvinceOIDCBackend()
    backend.request = SimpleNamespace()
    backend.get_userinfo = lambda access_token, id_token, payload: claims
    return backend


def _login(backend):
    return backend.get_or_create_user("access", "id", {})


def test_email_matches_whatever_its_case(configured, secretary_a):
    assert _login(_backend({"email": secretary_a.email.upper()})) == secretary_a


def test_the_configured_claim_wins_and_binds(configured, secretary_a, staff_a):
    configured.EISO_OIDC_MATCH_CLAIM = "staff_id"
    User.objects.filter(pk=staff_a.pk).update(sso_id="HT-7")
    assert _login(_backend({"email": secretary_a.email, "staff_id": "HT-7"})) == staff_a
    # An account bound to another staff number is not taken by e-mail.
    User.objects.filter(pk=secretary_a.pk).update(sso_id="HT-1")
    backend = _backend({"email": secretary_a.email, "staff_id": "HT-2"})
    assert _login(backend) is None
    assert "chưa được cấp quyền sử dụng eISO" in backend.request.eiso_sso_refusal


def test_two_matching_accounts_are_refused(configured, secretary_a, staff_a):
    User.objects.filter(pk=staff_a.pk).update(email=secretary_a.email.upper())
    backend = _backend({"email": secretary_a.email})
    assert _login(backend) is None
    assert "Có nhiều tài khoản eISO" in backend.request.eiso_sso_refusal


def test_a_stranger_is_refused_by_default(configured, secretary_a):
    backend = _backend({"email": "la@example.vn", "name": "Người Lạ"})
    assert _login(backend) is None
    assert backend.request.eiso_sso_refusal.startswith("Tài khoản của tỉnh (la@example.vn) chưa được cấp")
    assert not User.objects.filter(email="la@example.vn").exists()


def test_a_stranger_gets_an_audited_account_without_roles_when_allowed(configured):
    configured.EISO_OIDC_CREATE_UNKNOWN = True
    configured.EISO_OIDC_MATCH_CLAIM = "staff_id"
    UserFactory(username="la@example.vn", email="khac@example.vn")
    user = _login(_backend({"email": "La@Example.vn", "name": "Người Lạ", "staff_id": "HT-9"}))
    assert (user.username, user.email, user.full_name, user.sso_id) == (
        "la@example.vn-2",
        "la@example.vn",
        "Người Lạ",
        "HT-9",
    )
    assert not user.has_usable_password() and not user.memberships.exists()
    entry = AuditEntry.objects.get(action="user.sso_create")
    line = history.render([entry])[0]
    assert line.sentence.startswith("Tạo tài khoản (đăng nhập lần đầu bằng tài khoản của tỉnh")
    assert line.actor == "Người Lạ"


def test_claims_without_email_are_refused(configured):
    backend = _backend({"sub": "1"})
    assert _login(backend) is None
    assert "không gửi thư điện tử" in backend.request.eiso_sso_refusal


def test_local_passwords_can_be_turned_off_except_for_superusers(client, configured, secretary_a):
    configured.EISO_LOCAL_LOGIN = False
    page = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập bằng tài khoản của tỉnh" in page and 'name="password"' not in page
    response = client.post("/accounts/login/", {"username": "secretary_a", "password": DEMO_PASSWORD})
    assert "Đăng nhập bằng mật khẩu đã tắt" in response.content.decode()
    UserFactory(username="root", is_superuser=True, is_staff=True)
    response = client.post("/accounts/login/", {"username": "root", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    # Integrations are machines the province's login does not know: they keep their API tokens.
    credentials = {"username": "secretary_a", "password": DEMO_PASSWORD}
    assert client.post("/api/v1/auth/token", credentials).status_code == 200


def test_login_page_offers_both_when_configured_and_only_passwords_otherwise(client, settings, configured):
    page = client.get("/accounts/login/?next=/documents/").content.decode()
    assert 'href="/accounts/sso/?next=/documents/"' in page and 'name="password"' in page
    configured.EISO_OIDC_ENABLED = False
    page = client.get("/accounts/login/").content.decode()
    assert "tài khoản của tỉnh" not in page and 'name="password"' in page
    assert client.get("/accounts/sso/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404


def test_sso_start_redirects_to_the_provider_with_pkce(client, configured):
    response = client.get("/accounts/sso/")
    assert response.status_code == 302
    assert response.url.startswith("https://sso.example.vn/authorization?")
    assert "code_challenge_method=S256" in response.url and "client_id=eiso" in response.url


def test_provider_logout_url_only_for_sessions_from_the_provider(configured):
    request = RequestFactory().post("/accounts/logout/")
    request.session = {}
    assert oidc.provider_logout_url(request) == ""
    request.session = {"oidc_id_token": "abc"}
    url = oidc.provider_logout_url(request)
    assert url.startswith("https://sso.example.vn/end_session?id_token_hint=abc&post_logout_redirect_uri=")
    assert "testserver%2Faccounts%2Flogin%2F" in url


def test_a_locked_account_is_told_so_on_the_login_page(client, configured, secretary_a):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from eiso.accounts.oidc_views import CallbackView

    request = RequestFactory().get("/accounts/sso/callback/")
    request.session = client.session
    request._messages = FallbackStorage(request)
    view = CallbackView()
    view.request = request
    view.user = User(is_active=False)
    response = view.login_failure()
    assert response.url == "/accounts/login/"
    assert [str(m) for m in get_messages(request)] == [oidc.REFUSED_INACTIVE]
