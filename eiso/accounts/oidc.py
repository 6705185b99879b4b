"""Login through the province's OpenID Connect provider (issue 19, item 3), with mozilla-django-oidc.

The provider (the province's SSO) checks the person; eISO matches them to an account:

- by the claim named in `EISO_OIDC_MATCH_CLAIM` (e.g. a provincial staff number) against
  `User.sso_id`, when that setting is set and the claim is present;
- otherwise by e-mail, case-insensitive, among accounts not bound to another identifier.

Two accounts matching is refused (never guess who someone is). Nobody matching: refused with a
Vietnamese message on the login page, or, with `EISO_OIDC_CREATE_UNKNOWN`, an account is created
without any role (services.user_create_from_sso, audited) for an administrator to grant roles to.

The provider handles its own second factor: an SSO login does not ask for eISO's TOTP code
(oidc_views.CallbackView marks the session). Password logins go through `LocalPasswordBackend`,
which `EISO_LOCAL_LOGIN=false` closes to everyone but superusers (a way in when the provider is down).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from eiso.accounts import services
from eiso.accounts.models import User

REFUSED_UNKNOWN = (
    "Tài khoản của tỉnh ({who}) chưa được cấp quyền sử dụng eISO. "
    "Hãy liên hệ quản trị hệ thống của tỉnh để được tạo tài khoản."
)
REFUSED_AMBIGUOUS = (
    "Có nhiều tài khoản eISO cùng khớp với tài khoản của tỉnh ({who}). "
    "Hãy liên hệ quản trị hệ thống của tỉnh."
)
REFUSED_INACTIVE = "Tài khoản eISO của bạn đã bị khóa. Hãy liên hệ quản trị hệ thống của tỉnh."
REFUSED_NO_EMAIL = "Hệ thống đăng nhập của tỉnh không gửi thư điện tử của bạn; eISO không nhận ra bạn."
FAILED = "Không đăng nhập được bằng tài khoản của tỉnh. Hãy thử lại."
# The reason for a refusal, left on the request for the callback view's message.
REFUSAL_ATTRIBUTE = "eiso_sso_refusal"


def matching_users(claims: dict):
    """The accounts that `claims` (the provider's userinfo) designate: see the module's docstring."""
    claim = settings.EISO_OIDC_MATCH_CLAIM
    value = str(claims.get(claim) or "").strip() if claim else ""
    if value:
        bound = User.objects.filter(sso_id=value)
        if bound.exists():
            return bound
    email = str(claims.get("email") or "").strip()
    if not email:
        return User.objects.none()
    users = User.objects.filter(email__iexact=email)
    if value:
        return users.filter(sso_id__in=["", value])
    return users


class ProvinceOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with eISO's matching and its audited creation."""

    def filter_users_by_claims(self, claims):
        return matching_users(claims)

    def verify_claims(self, claims):
        claim = settings.EISO_OIDC_MATCH_CLAIM
        if claims.get("email") or (claim and claims.get(claim)):
            return True
        self._refuse(REFUSED_NO_EMAIL)
        return False

    def get_or_create_user(self, access_token, id_token, payload):
        user_info = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(user_info):
            return None
        users = list(self.filter_users_by_claims(user_info)[:2])
        who = _describe(user_info)
        if len(users) == 1:
            return self.update_user(users[0], user_info)
        if len(users) > 1:
            self._refuse(REFUSED_AMBIGUOUS.format(who=who))
            return None
        if not settings.EISO_OIDC_CREATE_UNKNOWN or not user_info.get("email"):
            self._refuse(REFUSED_UNKNOWN.format(who=who))
            return None
        return self.create_user(user_info)

    def create_user(self, claims):
        claim = settings.EISO_OIDC_MATCH_CLAIM
        return services.user_create_from_sso(
            email=claims["email"],
            full_name=str(claims.get("name") or ""),
            sso_id=str(claims.get(claim) or "") if claim else "",
        )

    def _refuse(self, message: str) -> None:
        request = getattr(self, "request", None)
        if request is not None:
            setattr(request, REFUSAL_ATTRIBUTE, message)


def _describe(claims: dict) -> str:
    claim = settings.EISO_OIDC_MATCH_CLAIM
    parts = [str(claims.get("email") or "")]
    if claim and claims.get(claim):
        parts.append(f"{claim} {claims[claim]}")
    return ", ".join(part for part in parts if part)


class LocalPasswordBackend(ModelBackend):
    """Django's password backend, closed by `EISO_LOCAL_LOGIN=false` to people: superusers keep their
    password (a way in when the provider is down), and so do integrations asking for an API token
    (machines, which the province's login does not know)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.EISO_LOCAL_LOGIN and not _is_api_token_request(request):
            user = super().authenticate(request, username=username, password=password, **kwargs)
            return user if user is not None and user.is_superuser else None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _is_api_token_request(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name == "api:auth_token"


def provider_logout_url(request) -> str:
    """The provider's end_session_endpoint (OIDC RP-initiated logout), back to eISO's login page;
    empty when eISO has none or the session did not come from the provider."""
    endpoint = settings.OIDC_OP_END_SESSION_ENDPOINT
    id_token = request.session.get("oidc_id_token")
    if not endpoint or not id_token:
        return ""
    back = request.build_absolute_uri(reverse("accounts:login"))
    query = urlencode(
        {"id_token_hint": id_token, "post_logout_redirect_uri": back, "client_id": settings.OIDC_RP_CLIENT_ID}
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
