from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "eiso.improvement"
    label = "improvement"
    verbose_name = "Cải tiến"

    def ready(self) -> None:
        # Registrations add the app's indicator, card and demo loader; services declare its workflows.
        from eiso.improvement import registrations, services  # noqa: F401
