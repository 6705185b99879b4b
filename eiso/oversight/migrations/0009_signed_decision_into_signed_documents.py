"""Mẫu 20's signed file moves to the one record of signed documents (orgs.SignedDocument), which the
announcement decision shares; the inspection's own fields go."""

from django.db import migrations

PRINTED_FIELDS = [
    "form",
    "decision_number",
    "decided_on",
    "planned_on",
    "inspecting_unit",
    "team",
    "agency_representative",
    "cooperating_unit",
]
PLAN_FIELDS = ["number", "year", "issuing_agency", "signer_authority", "signer_position", "signer_name"]


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def forward(apps, schema_editor):
    Inspection = apps.get_model("oversight", "Inspection")
    SignedDocument = apps.get_model("orgs", "SignedDocument")
    AuditEntry = apps.get_model("core", "AuditEntry")
    for inspection in Inspection.objects.exclude(signed_decision="").select_related("plan", "agency"):
        entry = (
            AuditEntry.objects.filter(action="inspection.sign_decision", target_id=str(inspection.pk))
            .order_by("-pk")
            .first()
        )
        printed = {name: _plain(getattr(inspection, name)) for name in PRINTED_FIELDS}
        printed.update({f"plan_{name}": getattr(inspection.plan, name) for name in PLAN_FIELDS})
        printed["agency"] = inspection.agency.name
        SignedDocument.objects.create(
            agency_id=inspection.agency_id,
            kind="inspection_decision",
            target_id=inspection.pk,
            file=inspection.signed_decision.name,
            method="server",
            signer=inspection.plan.issuing_agency[:300],
            signed_by_id=entry.actor_id if entry else None,
            signed_at=inspection.decision_signed_at or inspection.updated_at,
            printed=printed,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("orgs", "0007_signed_documents_and_signing_sessions"),
        ("oversight", "0008_standard_editions"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.RemoveField(model_name="inspection", name="decision_signed_at"),
        migrations.RemoveField(model_name="inspection", name="signed_decision"),
    ]
