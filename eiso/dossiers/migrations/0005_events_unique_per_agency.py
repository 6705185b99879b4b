import django.db.models.deletion
from django.db import migrations, models


def agency_from_code(apps, schema_editor):
    """A kept event belongs to the agency its dossier code names; one whose code names no agency
    could never be applied under contract v2 and is dropped."""
    PendingEvent = apps.get_model("dossiers", "PendingEvent")
    Agency = apps.get_model("orgs", "Agency")
    agencies = dict(Agency.objects.values_list("identifier_code", "pk"))
    for event in PendingEvent.objects.all().iterator():
        identifier = event.dossier_code.rsplit("-", 2)[0] if event.dossier_code.count("-") >= 2 else ""
        if identifier in agencies:
            event.agency_id = agencies[identifier]
            event.save(update_fields=["agency"])
        else:
            event.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_recompute_dues"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingevent",
            name="agency",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.agency",
                verbose_name="cơ quan",
            ),
        ),
        migrations.RunPython(agency_from_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pendingevent",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.agency",
                verbose_name="cơ quan",
            ),
        ),
        migrations.AlterModelOptions(name="pendingevent", options={"ordering": ["created_at", "pk"]}),
        migrations.RemoveConstraint(model_name="dossierevent", name="dossier_event_unique_source_id"),
        migrations.AddConstraint(
            model_name="dossierevent",
            constraint=models.UniqueConstraint(
                fields=("source", "agency", "source_id"), name="dossier_event_unique_source_agency_id"
            ),
        ),
        migrations.AddIndex(
            model_name="dossierevent",
            index=models.Index(fields=["source", "source_id"], name="dossiers_do_source_bf047c_idx"),
        ),
        migrations.RemoveConstraint(model_name="pendingevent", name="pending_event_unique_source_id"),
        migrations.AddConstraint(
            model_name="pendingevent",
            constraint=models.UniqueConstraint(
                fields=("source", "agency", "source_id"), name="pending_event_unique_source_agency_id"
            ),
        ),
    ]
