"""The report's lifecycle (draft, issued) and the state of its file generation become two fields:
the background task's state is not a step of the workflow."""

from django.db import migrations, models

# Old status -> (status, generation).
FORWARD = {
    "draft": ("draft", "none"),
    "generating": ("draft", "running"),
    "generated": ("draft", "done"),
    "failed": ("draft", "failed"),
    "issued": ("issued", "done"),
}


def split_status(apps, schema_editor):
    Report = apps.get_model("oversight", "Report")
    for old, (status, generation) in FORWARD.items():
        Report.objects.filter(status=old).update(status=status, generation=generation)


def merge_status(apps, schema_editor):
    Report = apps.get_model("oversight", "Report")
    for generation, old in [("running", "generating"), ("done", "generated"), ("failed", "failed")]:
        Report.objects.filter(status="draft", generation=generation).update(status=old)


class Migration(migrations.Migration):

    dependencies = [
        ("oversight", "0003_inspection_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="generation",
            field=models.CharField(
                choices=[
                    ("none", "Chưa tạo tệp"),
                    ("running", "Đang tạo tệp"),
                    ("done", "Đã tạo tệp"),
                    ("failed", "Tạo tệp lỗi"),
                ],
                default="none",
                max_length=20,
                verbose_name="tạo tệp",
            ),
        ),
        migrations.RunPython(split_status, merge_status),
        migrations.AlterField(
            model_name="report",
            name="status",
            field=models.CharField(
                choices=[("draft", "Dự thảo"), ("issued", "Đã ban hành")],
                default="draft",
                max_length=20,
                verbose_name="trạng thái",
            ),
        ),
    ]
