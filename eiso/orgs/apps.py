from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "eiso.orgs"
    label = "orgs"
    verbose_name = "Tổ chức"
