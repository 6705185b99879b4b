# Names in Vietnamese order (core/collation.py); the collation comes from core 0004.

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_vietnamese_collation"),
        ("quality", "0003_index766_entry"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="interestedparty",
            options={
                "ordering": [
                    "category",
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("name"), "vietnamese")
                    ),
                ],
                "verbose_name": "bên quan tâm",
                "verbose_name_plural": "bên quan tâm",
            },
        ),
    ]
