from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from eiso.accounts import two_factor
from eiso.accounts.selectors import current_context

SESSION_KEY = "current_membership_id"


class CurrentAgencyMiddleware:
    """Puts on the request the agency (or province) the user is working in now.

    A user with several memberships picks one with the agency switcher; the choice is kept
    in the session and re-checked on every request, so a revoked membership stops at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.agency = None
        request.province = None
        if request.user.is_authenticated:
            membership = current_context(user=request.user, membership_id=request.session.get(SESSION_KEY))
            if membership is not None:
                request.membership = membership
                request.agency = membership.agency
                request.province = membership.province or membership.agency.province
        return self.get_response(request)


class TwoFactorMiddleware:
    """After the password, the second step (accounts/two_factor.py): a logged-in user who has an
    authenticator, or whose role `EISO_REQUIRE_2FA_ROLES` names, reaches no page but the code
    (or enrolment) page and logout until this session is verified. After django-otp's
    OTPMiddleware, which gives `request.user.is_verified()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not _exempt(request.path):
            wanted = two_factor.state(request)
            if wanted != "free":
                name = "accounts:two_factor_verify" if wanted == "device" else "accounts:two_factor_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(name)}?{query}")
        return self.get_response(request)


def _exempt(path: str) -> bool:
    open_paths = (
        reverse("accounts:two_factor_verify"),
        reverse("accounts:two_factor_setup"),
        reverse("accounts:logout"),
    )
    return path in open_paths or path.startswith(settings.STATIC_URL)
