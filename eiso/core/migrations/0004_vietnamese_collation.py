"""The collation "vietnamese" that core/collation.py orders names with.

On PostgreSQL it is ICU's 'vi' locale (PostgreSQL 10+ built with ICU, as Debian's is). SQLite has
no CREATE COLLATION: each connection registers a Python one instead (CoreConfig.ready), so this
migration does nothing there. Then the core models that order by name use it.
"""

import django.db.models.functions.comparison
from django.db import migrations, models


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE COLLATION IF NOT EXISTS vietnamese (provider = icu, locale = 'vi')")


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS vietnamese")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_trusted_roots_and_file_signatures"),
    ]

    operations = [
        migrations.RunPython(create_collation, drop_collation, elidable=False),
        migrations.AlterModelOptions(
            name="trustedroot",
            options={
                "ordering": [
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("name"), "vietnamese")
                    )
                ],
                "verbose_name": "chứng thư gốc tin cậy",
                "verbose_name_plural": "chứng thư gốc tin cậy",
            },
        ),
    ]
