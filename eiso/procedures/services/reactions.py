"""What processes do when something below them changes; registered from registrations.py.

- A process version is published (documents.hooks.on_version_published, after commit): the
  review flag is cleared, the superseded version's steps stop citing legal documents, and the
  agency's one-stop systems get a "process.published" event.
- A procedure gets a new version in the catalogue (procedures.hooks, inside the import's
  transaction): every process that handles it is flagged for review, and the agencies'
  one-stop systems get a "procedure.changed" event.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from eiso.core import audit
from eiso.documents.models import LegalCitation
from eiso.procedures.export import process_export
from eiso.procedures.models import Process, ProcessStep, WebhookDelivery
from eiso.procedures.services.webhooks import webhook_enqueue


def _plain(data) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def on_version_published(*, version, previous, actor) -> None:
    process = Process.objects.filter(document_id=version.document_id).select_related("document").first()
    if process is None:
        return
    with transaction.atomic():
        if previous is not None:
            # Only the steps in use rest on their legal bases: a legal change must not open tasks
            # for a superseded version (the new version's steps carry the citations on).
            LegalCitation.objects.filter(
                content_type=ContentType.objects.get_for_model(ProcessStep),
                object_id__in=previous.process_steps.values("pk"),
            ).delete()
        if process.needs_review:
            process.needs_review = False
            process.review_note = ""
            process.save(update_fields=["needs_review", "review_note", "updated_at"])
        webhook_enqueue(
            agency=process.agency,
            event=WebhookDelivery.Event.PROCESS_PUBLISHED,
            event_key=f"process.published:{process.pk}:{version.number}",
            payload=_plain(process_export(process=process, version=version)),
        )


def on_procedure_version_changed(*, procedure, old_version, new_version, actor) -> None:
    note = (
        f"Thủ tục {procedure.code} có phiên bản mới ({new_version.number}) từ "
        f"{new_version.effective_from:%d/%m/%Y}"
        if new_version.effective_from
        else f"Thủ tục {procedure.code} có phiên bản mới ({new_version.number})"
    )
    for process in Process.objects.filter(procedures=procedure).select_related("document", "agency"):
        process.needs_review = True
        process.review_note = f"{note}: hãy rà soát các bước và thời gian của quy trình."
        process.save(update_fields=["needs_review", "review_note", "updated_at"])
        audit.record(
            actor=actor,
            action="process.flag_review",
            target=process,
            changes={
                "needs_review": [False, True],
                "procedure_version": [old_version.number, new_version.number],
            },
        )
        webhook_enqueue(
            agency=process.agency,
            event=WebhookDelivery.Event.PROCEDURE_CHANGED,
            event_key=f"procedure.changed:{process.pk}:{procedure.code}:{new_version.number}",
            payload={
                "process": {"id": process.pk, "code": process.code},
                "procedure": {
                    "code": procedure.code,
                    "old_version": old_version.number,
                    "version": new_version.number,
                },
            },
        )
