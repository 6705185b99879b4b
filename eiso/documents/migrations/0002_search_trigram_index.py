"""Trigram GIN indexes on the folded search columns, on PostgreSQL only.

`search_text__contains` becomes `LIKE '%…%'`, which a btree cannot serve; pg_trgm's GIN index
can. On SQLite (the zero-setup demo) the folded column is scanned and these operations do nothing.
"""

from django.db import migrations

INDEXES = {
    "documents_document_search_trgm": "documents_document",
    "documents_legaldocument_search_trgm": "documents_legaldocument",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
