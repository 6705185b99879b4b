from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eiso.accounts"
    label = "accounts"
    verbose_name = "Người dùng và vai trò"

    def ready(self):
        from eiso.accounts import registrations  # noqa: F401
