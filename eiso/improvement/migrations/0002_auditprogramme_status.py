"""Audit programmes get a status (draft → approved): an audit starts only under an approved one.
Programmes that carry an approval today are approved."""

from django.db import migrations, models


def approve_the_approved(apps, schema_editor):
    AuditProgramme = apps.get_model("improvement", "AuditProgramme")
    AuditProgramme.objects.filter(approved_on__isnull=False).update(status="approved")


class Migration(migrations.Migration):
    dependencies = [("improvement", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditprogramme",
            name="status",
            field=models.CharField(
                choices=[("draft", "Dự thảo"), ("approved", "Đã phê duyệt")],
                default="draft",
                max_length=20,
                verbose_name="trạng thái",
            ),
        ),
        migrations.RunPython(approve_the_approved, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditprogramme",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "approved"), _negated=True)
                | models.Q(("approved_on__isnull", False)),
                name="audit_programme_approved_has_date",
            ),
        ),
    ]
