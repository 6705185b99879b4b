# Names in Vietnamese order (core/collation.py); the collation comes from core 0004.

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_vietnamese_collation"),
        ("documents", "0003_legal_change_task_per_new_text"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="acknowledgement",
            options={
                "ordering": [
                    "version",
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(
                            models.F("user__full_name"), "vietnamese"
                        )
                    ),
                ],
                "verbose_name": "xác nhận đã đọc",
                "verbose_name_plural": "xác nhận đã đọc",
            },
        ),
    ]
