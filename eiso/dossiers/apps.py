from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "eiso.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self):
        from eiso.dossiers import registrations  # noqa: F401
