from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from eiso.accounts.forms import EisoPasswordChangeForm, LoginForm
from eiso.accounts.middleware import SESSION_KEY


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Bạn đã đăng xuất.")
        return response


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
