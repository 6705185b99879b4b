"""A trigram GIN index on the folded search column, on PostgreSQL only.

`search_text__contains` becomes `LIKE '%…%'`, which a btree cannot serve; pg_trgm's GIN index
can. SQLite (the zero-setup demo) has no such index type, so there the operations do nothing.
pg_trgm is a trusted extension (PostgreSQL ≥ 13): a database owner may create it.
"""

from django.db import migrations

INDEX = "procedures_procedure_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON procedures_procedure USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
