from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "eiso.improvement"
    label = "improvement"
    verbose_name = "Cải tiến"
