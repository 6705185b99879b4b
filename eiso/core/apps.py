from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eiso.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self):
        from eiso.core import checks  # noqa: F401  (registers the deployment checks)
