from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eiso.core"
    label = "core"
    verbose_name = "Nền tảng"
