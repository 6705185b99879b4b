"""Ingest of dossier events from a province's TTHC information system
(POST /api/v1/dossier-events/bulk, the integration contract, version 2), set-based: a batch costs
a few statements, not a few per event.

- `validation`: each event is checked on its own; a malformed one is rejected with its index and a
  Vietnamese reason, and never stops the others;
- `planning`: the valid events, in `at` order (a reception first at equal times), are applied in
  memory to what the database holds, read up front in a few queries, with the rules an event
  recorded one by one obeys (`services.events.contract_error`); an event for a dossier not yet
  received is kept (PendingEvent) and applied when the `received` event arrives;
- `writing`: the plan is stored in bulk: new dossiers and their steps, the events (COPY into a
  staging table and `INSERT … SELECT … ON CONFLICT DO NOTHING` on PostgreSQL), kept events, the
  forms' numbers in the order the events were applied, and the audit trail: one entry per dossier,
  sender and source of the batch naming its events, after the dossier workflow's transitions;
- `batch`: the service (`Ingest.run`), in one transaction, ending with one replay of every dossier
  the batch touched (`services.rebuild_dossiers`).

Tenancy: the agency part of a dossier code (before `-YYMMDD-`) must be an agency the sender may
ingest for, checked on arrival, so nobody stores events for another agency's codes; a `received`
event must name that same agency; a kept event is applied only if its sender may ingest for the
agency of the dossier that arrives, and is otherwise dropped without touching it.
"""

from eiso.dossiers.ingest.batch import Ingest, expire_pending_events
from eiso.dossiers.ingest.validation import EXTRA, Rejected, validate

MAX_EVENTS = 1000

__all__ = ["EXTRA", "MAX_EVENTS", "Ingest", "Rejected", "expire_pending_events", "validate"]
