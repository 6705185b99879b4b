from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "eiso.documents"
    label = "documents"
    verbose_name = "Tài liệu"

    def ready(self):
        from eiso.documents import registrations  # noqa: F401
