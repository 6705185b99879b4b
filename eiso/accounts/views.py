from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from eiso.accounts import oidc, selectors, services
from eiso.accounts.forms import EisoPasswordChangeForm, LoginForm, MembershipForm, PasswordPairForm, UserForm
from eiso.accounts.middleware import SESSION_KEY
from eiso.accounts.models import Membership, User
from eiso.accounts.permissions import DENIED_MESSAGE, is_administrator
from eiso.core.actions import run_action
from eiso.core.errors import DomainError
from eiso.core.forms import add_domain_error


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.EISO_OIDC_ENABLED
        context["local_login"] = settings.EISO_LOCAL_LOGIN
        return context


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        # A session opened by the province's login ends at the provider too (accounts/oidc.py).
        provider_url = oidc.provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Bạn đã đăng xuất.")
        return redirect(provider_url) if provider_url else response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = EisoPasswordChangeForm
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        messages.success(self.request, "Đã đổi mật khẩu.")
        return super().form_valid(form)


@login_required
@require_POST
def switch_context(request):
    """Switch the agency (or province) the user works in among their own memberships."""
    wanted = request.POST.get("membership", "")
    membership = next((m for m in request.user.active_memberships() if str(m.pk) == wanted), None)
    if membership is None:
        messages.error(request, "Không tìm thấy vai trò đã chọn.")
    else:
        request.session[SESSION_KEY] = membership.pk
        messages.success(request, f"Đang làm việc tại: {membership.scope} ({membership.get_role_display()}).")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse_lazy("core:home")
    return redirect(target)


def _require_administrator(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied(DENIED_MESSAGE)


def _user_for_admin(request, pk: int) -> User:
    """A user the actor may see (404 otherwise) and administers (403 otherwise)."""
    user = get_object_or_404(User.objects.for_user(request.user), pk=pk)
    services.require_user_admin(request.user, user)
    return user


def _membership_fields(cleaned: dict, province) -> dict:
    return {
        "role": cleaned["role"],
        "agency": cleaned.get("agency"),
        "province": province if cleaned.get("agency") is None else None,
        "unit": cleaned.get("unit"),
        "is_unit_head": cleaned.get("is_unit_head", False),
    }


@login_required
def user_list(request):
    _require_administrator(request.user)
    search = request.GET.get("q", "").strip()
    users = selectors.user_list(user=request.user, search=search)
    page_obj = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page_obj": page_obj, "search": search})


@login_required
def user_create(request):
    _require_administrator(request.user)
    form = UserForm(request.POST or None)
    password_form = PasswordPairForm(request.POST or None)
    membership_form = MembershipForm(request.POST or None, user=request.user)
    forms_valid = request.method == "POST" and all(
        [form.is_valid(), password_form.is_valid(), membership_form.is_valid()]
    )
    if forms_valid:
        try:
            user = services.user_create(
                actor=request.user,
                password=password_form.cleaned_data["password1"],
                membership=_membership_fields(membership_form.cleaned_data, request.province),
                **form.cleaned_data,
            )
        except DomainError as error:
            target = password_form if error.field == "password" else form
            if error.field in membership_form.fields or error.field == "province":
                target = membership_form
            if error.field == "password":
                error.field = "password1"
            add_domain_error(target, error)
        else:
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "password_form": password_form, "membership_form": membership_form},
    )


@login_required
def unit_options(request):
    """The unit choices of the role form for the agency chosen on the page (`?agency=`): the
    form's own field, so the page and the validation offer the same units."""
    _require_administrator(request.user)
    form = MembershipForm(user=request.user, initial={"agency": request.GET.get("agency", "")})
    return render(request, "accounts/_unit_options.html", {"field": form["unit"]})


@login_required
def user_detail(request, pk: int):
    user = _user_for_admin(request, pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "memberships": user.memberships.select_related("agency", "province", "unit").order_by(
                "-is_active"
            ),
            "membership_form": MembershipForm(user=request.user),
            "password_form": PasswordPairForm(),
        },
    )


@login_required
def user_update(request, pk: int):
    user = _user_for_admin(request, pk)
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        user.refresh_from_db()
        try:
            services.user_update(user=user, actor=request.user, **fields)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Đã lưu thông tin người dùng.")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "subject": user})


@login_required
@require_POST
def user_deactivate(request, pk: int):
    user = _user_for_admin(request, pk)
    activate = request.POST.get("active") == "1"
    return run_action(
        request,
        user,
        lambda: services.user_set_active(user=user, actor=request.user, active=activate),
        f"Đã {'mở khóa' if activate else 'khóa'} tài khoản {user.username}.",
    )


@login_required
@require_POST
def user_set_password(request, pk: int):
    user = _user_for_admin(request, pk)
    form = PasswordPairForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("accounts:user_detail", pk=user.pk)
    try:
        services.user_set_password(user=user, actor=request.user, password=form.cleaned_data["password1"])
    except DomainError as error:
        messages.error(request, f"Chưa đặt được mật khẩu: {error.message}")
    else:
        messages.success(request, f"Đã đặt mật khẩu mới cho {user.username}.")
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def membership_grant(request, pk: int):
    user = _user_for_admin(request, pk)
    form = MembershipForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("accounts:user_detail", pk=user.pk)
    try:
        membership = services.membership_grant(
            user=user, actor=request.user, **_membership_fields(form.cleaned_data, request.province)
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã giao vai trò {membership.get_role_display()} tại {membership.scope}.")
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def membership_revoke(request, pk: int):
    membership = get_object_or_404(Membership.objects.for_user(request.user).select_related("user"), pk=pk)
    try:
        services.membership_revoke(membership=membership, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Đã thu hồi vai trò {membership.get_role_display()} tại {membership.scope}."
        )
    return redirect("accounts:user_detail", pk=membership.user_id)
