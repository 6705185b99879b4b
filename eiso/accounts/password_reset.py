"""Password reset by e-mail: Django's own views and tokens, in Vietnamese, within limits.

Django's views already answer the same "sent" page whether or not the address belongs to someone,
so the form tells nobody who has an account. On top of them: a limit per client address (like
the login's lockout, it stops guessing and mail-bombing from one place) answered with a 429, and a
quiet limit per e-mail address (the page still says "sent", so the limit does not reveal the
address either)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from eiso.core import ratelimit
from eiso.core.clients import client_address

# (requests allowed, window in seconds): a person who lost a password asks once or twice.
ADDRESS_LIMITS = [(5, 15 * 60), (20, 24 * 3600)]
EMAIL_LIMITS = [(3, 3600)]
TOO_MANY = "Quá nhiều yêu cầu đặt lại mật khẩu từ máy này. Vui lòng thử lại sau ít phút."


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if ratelimit.hit(f"password-reset:{client_address(request)}", ADDRESS_LIMITS):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, TOO_MANY)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().casefold()
        if ratelimit.hit(f"password-reset-email:{email}", EMAIL_LIMITS):
            # Over the limit for this address: say "sent" as for any other address, send nothing.
            return super(auth_views.PasswordResetView, self).form_valid(form)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
