"""Pages of the second login step: enrolment, the code after the password, the administrator's reset."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from eiso.accounts import two_factor
from eiso.accounts.forms import TwoFactorCodeForm
from eiso.accounts.views import _user_for_admin
from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error
from eiso.core.query import query_text


def _next(request) -> str:
    target = request.POST.get("next") or query_text(request, "next", max_length=1000)
    # A path on this site only: anything else (another host, a word Django would take for a URL
    # name) goes home.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def two_factor_verify(request):
    """After the password: the code from the authenticator (or a recovery code)."""
    if request.user.is_verified() or not two_factor.has_device(request.user):
        return HttpResponseRedirect(
            _next(request)
        )  # nothing to verify: the middleware sends to enrolment if needed
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify(request.user, form.cleaned_data["token"])
        if result.device is not None:
            otp_login(request, result.device)
            return HttpResponseRedirect(_next(request))
        form.add_error("token", result.message)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
def two_factor_setup(request):
    """Enrolment: scan the QR code (or type the key), confirm with a code, keep the recovery codes."""
    if two_factor.has_device(request.user):
        return render(request, "accounts/two_factor_setup.html", {"enabled": True})
    device = two_factor.pending_device(request.session, request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_enable(
                user=request.user, device=device, token=form.cleaned_data["token"], actor=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            request.session.pop(two_factor.PENDING_KEY, None)
            otp_login(request, device)
            messages.success(request, "Đã bật xác thực hai lớp.")
            return render(request, "accounts/two_factor_setup.html", {"codes": codes, "next": _next(request)})
    context = {
        "form": form,
        "qr": two_factor.qr_data_uri(device),
        "key": two_factor.manual_key(device),
        "next": _next(request),
        "required": two_factor.is_required(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_POST
def two_factor_reset(request, pk: int):
    user = _user_for_admin(request, pk)
    return run_action(
        request,
        user,
        lambda: two_factor.two_factor_reset(user=user, actor=request.user),
        f"Đã đặt lại xác thực hai lớp của {user.username}: lần đăng nhập tới, người dùng sẽ đăng ký lại.",
    )
