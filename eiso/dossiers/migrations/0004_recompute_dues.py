from django.db import migrations


def copy_step_durations(apps, schema_editor):
    """Steps received before the one clock kept only their hours; take their duration, in its
    own unit, from the process step they were copied from."""
    DossierStep = apps.get_model("dossiers", "DossierStep")
    ProcessStep = apps.get_model("procedures", "ProcessStep")
    for step in DossierStep.objects.filter(duration_amount=0).select_related("dossier").iterator():
        source = ProcessStep.objects.filter(version_id=step.dossier.process_version_id, order=step.order).first()
        if source is not None:
            step.duration_amount, step.duration_unit = source.duration_amount, source.duration_unit
        else:
            step.duration_amount, step.duration_unit = step.allotted_hours, "working_hours"
        step.save(update_fields=["duration_amount", "duration_unit"])


def recompute(apps, schema_editor):
    """Every dossier replayed on the one clock and counted by contract v2. It needs the live code
    of the replay, so it runs only where dossiers exist (an existing deployment migrating now)."""
    if not apps.get_model("dossiers", "Dossier").objects.exists():
        return
    from eiso.dossiers.services.recompute import recompute_all

    report = recompute_all()
    print(
        f"\n  Đã tính lại {report.dossiers} hồ sơ: {report.changed} hồ sơ đang giải quyết đổi hạn, "
        f"{report.changed_closed} hồ sơ đã kết thúc đổi kết quả đếm."
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_counting_contract_v2"),
        ("procedures", "0005_procedureversion_cutoff"),
        ("core", "0002_cutoff_off_by_default"),
    ]

    operations = [
        migrations.RunPython(copy_step_durations, migrations.RunPython.noop),
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
