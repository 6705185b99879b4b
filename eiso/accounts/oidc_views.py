"""The two steps of the province's login (accounts/oidc.py): off to the provider, and back.

Both answer 404 while the province's login is not configured (OIDC_RP_CLIENT_ID unset), so that
the demo keeps its password form alone.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from eiso.accounts import oidc, two_factor


def _require_enabled() -> None:
    if not settings.EISO_OIDC_ENABLED:
        raise Http404("Chưa cấu hình đăng nhập bằng tài khoản của tỉnh.")


class AuthenticateView(OIDCAuthenticationRequestView):
    """Redirects to the provider's login page, with state, nonce and PKCE kept in the session."""

    def dispatch(self, request, *args, **kwargs):
        _require_enabled()
        return super().dispatch(request, *args, **kwargs)


class CallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: log in the matched account, or say on the login page why not."""

    def dispatch(self, request, *args, **kwargs):
        _require_enabled()
        return super().dispatch(request, *args, **kwargs)

    def login_success(self):
        response = super().login_success()
        # The provider checked the person with its own factors: eISO's TOTP step is not asked.
        self.request.session[two_factor.SESSION_KEY] = [self.user.pk, "free"]
        return response

    def login_failure(self):
        reason = getattr(self.request, oidc.REFUSAL_ATTRIBUTE, "")
        if not reason and getattr(self, "user", None) is not None and not self.user.is_active:
            reason = oidc.REFUSED_INACTIVE
        messages.error(self.request, reason or oidc.FAILED)
        return redirect("accounts:login")
