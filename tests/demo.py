"""The demo, trimmed for the tests that load it."""

import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from eiso.dossiers import demo as dossiers_demo
from eiso.procedures import demo_processes


def trim_demo(monkeypatch) -> None:
    """Makes the demo's loaders build less of the same: 4 dossiers a month per process instead of
    hundreds, and 12 communes adopting the province's templates instead of 24."""
    generate = dossiers_demo.generate
    monkeypatch.setattr(
        dossiers_demo,
        "generate",
        lambda agency, pairs, **kw: generate(agency, pairs, **{**kw, "per_month": 4}),
    )
    monkeypatch.setattr(demo_processes, "LAND_ADOPTERS", range(10, 12))
    monkeypatch.setattr(demo_processes, "DRAFTING", range(11, 13))
    monkeypatch.setattr(demo_processes, "LAST_ADOPTER", 12)


class DemoSnapshot:
    """The trimmed demo, loaded once per test process and put back for each test that asks for it.

    Loading takes most of a minute; the tests that walk the demo are transactional (a browser's
    requests go through the live server's own connections), so their database is emptied after each
    of them. The first one loads the demo; the snapshot keeps every table's rows and the files it
    wrote, and the next ones get them back in a second: SQLite copies the database with its backup
    API, PostgreSQL copies each table out and in with COPY and moves its sequences past the rows.
    """

    def __init__(self, media_root: Path):
        self.media = Path(tempfile.mkdtemp(prefix="eiso-demo-media-"))
        shutil.copytree(media_root, self.media, dirs_exist_ok=True)
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.database = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.database)
        else:
            with connection.cursor() as cursor:
                self.tables = {table: self._copy_out(cursor, table) for table in _tables()}

    def restore(self, media_root: Path) -> None:
        shutil.copytree(self.media, media_root, dirs_exist_ok=True)
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.database.backup(connection.connection)
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), list(self.tables), allow_cascade=True):
                cursor.execute(statement)
            for table, rows in self.tables.items():
                with cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                    copy.write(rows)
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)

    @staticmethod
    def _copy_out(cursor, table: str) -> bytes:
        with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
            return b"".join(bytes(block) for block in copy)


def _tables() -> list[str]:
    return connection.introspection.django_table_names(only_existing=True, include_views=False)
