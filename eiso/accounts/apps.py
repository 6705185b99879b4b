from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eiso.accounts"
    label = "accounts"
    verbose_name = "Người dùng và vai trò"

    def ready(self):
        from axes.signals import user_locked_out

        from eiso.accounts import registrations  # noqa: F401
        from eiso.accounts.tokens import revoke_on_lockout

        user_locked_out.connect(revoke_on_lockout, dispatch_uid="eiso.accounts.revoke_on_lockout")
