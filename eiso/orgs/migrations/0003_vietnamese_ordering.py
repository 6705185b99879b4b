# Names in Vietnamese order (core/collation.py); the collation comes from core 0004.

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_vietnamese_collation"),
        ("orgs", "0002_signing_certificate"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="agency",
            options={
                "ordering": [
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("name"), "vietnamese")
                    )
                ],
                "verbose_name": "cơ quan",
                "verbose_name_plural": "cơ quan",
            },
        ),
        migrations.AlterModelOptions(
            name="province",
            options={
                "ordering": [
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("name"), "vietnamese")
                    )
                ],
                "verbose_name": "tỉnh/thành phố",
                "verbose_name_plural": "tỉnh/thành phố",
            },
        ),
        migrations.AlterModelOptions(
            name="unit",
            options={
                "ordering": [
                    "agency",
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("name"), "vietnamese")
                    ),
                ],
                "verbose_name": "phòng/ban",
                "verbose_name_plural": "phòng/ban",
            },
        ),
    ]
