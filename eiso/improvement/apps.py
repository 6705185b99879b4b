from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "eiso.improvement"
    label = "improvement"
    verbose_name = "Cải tiến"

    def ready(self) -> None:
        from eiso.improvement import registrations  # noqa: F401
