from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "eiso.portal"
    label = "portal"
    verbose_name = "Cổng công khai cho người dân"
