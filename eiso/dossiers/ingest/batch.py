"""One batch of ingested events, set-based: validated one by one, planned in memory, written in bulk,
and every dossier it touched replayed once (`services.rebuild_dossiers`)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from eiso.core import audit
from eiso.dossiers.ingest.planning import Planner
from eiso.dossiers.ingest.validation import Rejected, validate
from eiso.dossiers.ingest.writing import write
from eiso.dossiers.models import EventType, PendingEvent
from eiso.dossiers.services.replay import rebuild_dossiers


class Ingest:
    """The bulk event service of the integration contract, for one sender and one source."""

    def __init__(self, *, source: str, user):
        self.source = source
        self.user = user

    def run(self, events: list) -> dict:
        """Store the batch's valid events and answer per event: accepted (a count), duplicates (ids)
        and rejected (index, id, Vietnamese reason). All of it in one transaction."""
        planner = Planner(source=self.source, user=self.user)
        rejected, cleaned, checked = [], [], []
        for index, raw in enumerate(events):
            try:
                cleaned.append((index, validate(raw)))
            except Rejected as error:
                event_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
                rejected.append({"index": index, "id": event_id, "reason": str(error)})
        planner.load_agencies(clean["dossier"] for _, clean in cleaned)
        for index, clean in cleaned:
            try:
                clean["agency_id"] = planner.agency_of_code(clean["dossier"]).pk
            except Rejected as error:
                rejected.append({"index": index, "id": clean["id"], "reason": str(error)})
                continue
            checked.append((index, clean))
        known = planner.known_ids([clean["id"] for _, clean in checked])
        duplicates, valid = [], []
        for index, clean in checked:
            key = (clean["agency_id"], clean["id"])
            if key in known:
                duplicates.append(clean["id"])
                continue
            known.add(key)
            valid.append((index, clean))
        # Time order; at equal times a reception goes first.
        valid.sort(key=lambda item: (item[1]["at"], item[1]["type"] != EventType.RECEIVED, item[0]))
        with transaction.atomic():
            plan = planner.run(valid)
            written = write(plan)
            rebuild_dossiers(written.dossiers, calendars=planner.calendars)
        taken = [item for item in written.taken if item.index is not None]
        duplicates += [item.event.source_id for item in taken]
        rejected = sorted(rejected + plan.rejected, key=lambda row: row["index"])
        return {"accepted": plan.accepted - len(taken), "duplicates": duplicates, "rejected": rejected}


def expire_pending_events(*, now) -> int:
    """Drop the kept events whose dossier never arrived in time, each recorded in the audit trail
    of the agency its code names (who sent it, from which source)."""
    cutoff = now - timedelta(days=settings.EISO_INGEST_PENDING_DAYS)
    expired = list(PendingEvent.objects.filter(created_at__lte=cutoff).select_related("agency", "sender"))
    with transaction.atomic():
        audit.record_many(
            [
                {
                    "actor": pending.sender,
                    "action": "dossier.ingest_expire",
                    "agency": pending.agency,
                    "changes": {
                        "dossier": [pending.dossier_code, None],
                        "event_id": [pending.source_id, None],
                        "source": [pending.source, None],
                    },
                }
                for pending in expired
            ]
        )
        PendingEvent.objects.filter(pk__in=[pending.pk for pending in expired]).delete()
    return len(expired)
