from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "eiso.quality"
    label = "quality"
    verbose_name = "Chất lượng"

    def ready(self) -> None:
        from eiso.quality import registrations  # noqa: F401
