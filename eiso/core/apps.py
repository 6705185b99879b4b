from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "eiso.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self):
        from eiso.core import checks  # noqa: F401  (registers the deployment checks)
        from eiso.core.collation import register_sqlite_collation

        # Every order of names uses the collation "vietnamese" (core/collation.py); PostgreSQL
        # gets it from a migration, each SQLite connection from this receiver.
        connection_created.connect(register_sqlite_collation, dispatch_uid="eiso_vietnamese_collation")
