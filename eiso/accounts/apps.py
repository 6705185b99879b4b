from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eiso.accounts"
    label = "accounts"
    verbose_name = "Người dùng và vai trò"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from eiso.accounts import registrations  # noqa: F401
        from eiso.accounts.tokens import revoke_on_lockout
        from eiso.accounts.two_factor import remember_on_login

        user_locked_out.connect(revoke_on_lockout, dispatch_uid="eiso.accounts.revoke_on_lockout")
        user_logged_in.connect(remember_on_login, dispatch_uid="eiso.accounts.two_factor_on_login")
