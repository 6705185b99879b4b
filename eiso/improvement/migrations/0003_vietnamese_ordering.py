# Names in Vietnamese order (core/collation.py); the collation comes from core 0004.

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_vietnamese_collation"),
        ("improvement", "0002_auditprogramme_status"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditteammember",
            options={
                "ordering": [
                    "-is_lead",
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(
                            models.F("user__full_name"), "vietnamese"
                        )
                    ),
                ],
                "verbose_name": "thành viên đoàn đánh giá",
                "verbose_name_plural": "đoàn đánh giá",
            },
        ),
    ]
