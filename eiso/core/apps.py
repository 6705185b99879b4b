from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import pre_delete

RETENTION_GUARD_UID = "eiso_retention_guard"


class CoreConfig(AppConfig):
    name = "eiso.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self):
        # The deployment checks, core's navigation entries and the disposal workflow's declaration.
        from eiso.core import checks, disposal, registrations, retention  # noqa: F401
        from eiso.core.collation import register_sqlite_collation

        # Every order of names uses the collation "vietnamese" (core/collation.py); PostgreSQL
        # gets it from a migration, each SQLite connection from this receiver.
        connection_created.connect(register_sqlite_collation, dispatch_uid="eiso_vietnamese_collation")
        # A record under retention cannot be deleted by any path (core.retention): the last net.
        pre_delete.connect(retention.guard_delete, dispatch_uid=RETENTION_GUARD_UID)
