from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "eiso.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self):
        from django.db.models.signals import pre_delete

        from eiso.dossiers import registrations, rollups  # noqa: F401
        from eiso.dossiers.models import Dossier

        pre_delete.connect(rollups.on_dossier_delete, sender=Dossier, dispatch_uid="dossier_rollups")
