"""Appending events to a dossier: the rules of the integration contract that hold for every
event, whether recorded at the counter or ingested from the province's system.

The counter's stricter rules (one supplement request, an extension at least a day before the
due date…) are guards of the dossier workflow; the contract stores what happened elsewhere and
counts it (a second supplement request makes the dossier late, a late extension is no apology).

An event that produces a one-stop form (a reception, a supplement request, a refusal, an
apology, a stop) gets that form's number here, in the same transaction (services.numbering).
"""

import uuid
from datetime import datetime

from django.db import transaction

from eiso.core.calendar import WorkingCalendar
from eiso.core.errors import DomainError
from eiso.core.people import person_name
from eiso.dossiers.models import Dossier, DossierEvent, EventType
from eiso.dossiers.services.numbering import reserve_forms
from eiso.dossiers.services.replay import calendar_for, legal_due_standing


def contract_error(
    dossier: Dossier,
    type: str,
    at: datetime,
    due: datetime | None,
    *,
    events: list | None = None,
    cal: WorkingCalendar | None = None,
) -> str:
    """Why the contract refuses this event for this dossier ("" when it is accepted). `events` are
    the dossier's events so far (read from the database when not given: ingest plans a whole batch
    in memory and passes its own), `cal` its province's calendar."""
    if type == EventType.EXTENDED:
        events = list(dossier.events.all()) if events is None else events
        if any(event.type == EventType.EXTENDED for event in events):
            return "Hồ sơ đã được gia hạn một lần: không được gia hạn lần thứ hai."
        standing = legal_due_standing(dossier, events, at, cal or calendar_for(dossier.agency))
        if due is None or due <= standing:
            return "Hạn mới của gia hạn phải sau thời hạn giải quyết theo quy định."
    return ""


def record(
    dossier: Dossier,
    type: str,
    *,
    at: datetime,
    actor=None,
    source: str = "eiso",
    source_id: str = "",
    **values,
) -> DossierEvent:
    """Append one event after the contract's checks, with the numbers of the forms it produces;
    the caller replays the dossier."""
    reason = contract_error(dossier, type, at, values.get("due"))
    if reason:
        raise DomainError(reason)
    if actor is not None and actor.is_authenticated:
        values.setdefault("actor_name", person_name(actor))
    else:
        actor = None
    with transaction.atomic():
        event = DossierEvent.objects.create(
            agency=dossier.agency,
            dossier=dossier,
            type=type,
            at=at,
            source=source,
            source_id=source_id or uuid.uuid4().hex,
            actor=actor,
            **values,
        )
        reserve_forms(event)
    return event
