from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "eiso.procedures"
    label = "procedures"
    verbose_name = "Thủ tục hành chính"

    def ready(self):
        from eiso.procedures import registrations  # noqa: F401
