# Names in Vietnamese order (core/collation.py); the collation comes from core 0004.

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_vietnamese_collation"),
        ("oversight", "0005_inspection_paperwork"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="budgetline",
            options={
                "ordering": [
                    "-year",
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("agency__name"), "vietnamese")
                    ),
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("purpose"), "vietnamese")
                    ),
                ],
                "verbose_name": "dòng kinh phí",
                "verbose_name_plural": "kinh phí",
            },
        ),
        migrations.AlterModelOptions(
            name="criteriaset",
            options={
                "ordering": [
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("name"), "vietnamese")
                    ),
                    "-version",
                ],
                "verbose_name": "bộ tiêu chí",
                "verbose_name_plural": "bộ tiêu chí",
            },
        ),
        migrations.AlterModelOptions(
            name="inspection",
            options={
                "ordering": [
                    "plan",
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("agency__name"), "vietnamese")
                    ),
                ],
                "verbose_name": "cuộc kiểm tra",
                "verbose_name_plural": "cuộc kiểm tra",
            },
        ),
        migrations.AlterModelOptions(
            name="planentry",
            options={
                "ordering": [
                    "plan",
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("agency__name"), "vietnamese")
                    ),
                ],
                "verbose_name": "đăng ký kế hoạch của cơ quan",
                "verbose_name_plural": "đăng ký kế hoạch của cơ quan",
            },
        ),
        migrations.AlterModelOptions(
            name="trainingattendance",
            options={
                "ordering": [
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("agency__name"), "vietnamese")
                    ),
                    models.OrderBy(
                        django.db.models.functions.comparison.Collate(models.F("person_name"), "vietnamese")
                    ),
                ],
                "verbose_name": "học viên",
                "verbose_name_plural": "học viên",
            },
        ),
    ]
