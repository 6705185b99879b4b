"""Every database holds the editions of the standard, their clauses and correspondence, and every
existing agency applies the default edition (the one its QMS was built on)."""

from django.db import migrations


def load(apps, schema_editor):
    from eiso.orgs.data.editions import load_editions

    StandardEdition = apps.get_model("orgs", "StandardEdition")
    load_editions(StandardEdition, apps.get_model("orgs", "Clause"), apps.get_model("orgs", "ClauseCorrespondence"))
    default = StandardEdition.objects.filter(is_default=True).first()
    apps.get_model("orgs", "Agency").objects.filter(edition__isnull=True).update(edition=default)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0005_standard_editions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
