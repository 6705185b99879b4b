# Names in Vietnamese order (core/collation.py); the collation comes from core 0004.

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_vietnamese_collation"),
        ("accounts", "0002_api_token"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="membership",
            options={
                "ordering": [
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(
                            models.F("user__full_name"), "vietnamese"
                        )
                    ),
                    "role",
                ],
                "verbose_name": "vai trò",
                "verbose_name_plural": "vai trò",
            },
        ),
        migrations.AlterModelOptions(
            name="user",
            options={
                "ordering": [
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("full_name"), "vietnamese")
                    ),
                    "username",
                ],
                "verbose_name": "người dùng",
                "verbose_name_plural": "người dùng",
            },
        ),
    ]
