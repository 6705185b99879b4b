from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "eiso.oversight"
    label = "oversight"
    verbose_name = "Giám sát của tỉnh"

    def ready(self) -> None:
        from eiso.oversight import registrations  # noqa: F401
