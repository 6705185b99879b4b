"""Writing a batch's plan in bulk, in the caller's transaction: the new dossiers and their steps,
the events, the kept events, the forms' numbers and the audit trail.

Events go through `INSERT … ON CONFLICT DO NOTHING RETURNING`: a row another batch stored in the
meantime (the same event sent twice at once) is not stored again and counts as a duplicate. On
PostgreSQL the rows are first COPY'd into a temporary staging table and moved with one
`INSERT … SELECT`; elsewhere (SQLite, the test suite's default) each row is inserted with the same
statement, with identical results.
"""

import json
import weakref
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.dossiers.ingest.planning import Applied, Plan
from eiso.dossiers.models import Dossier, DossierEvent, DossierStep, EventType, PendingEvent
from eiso.dossiers.services.numbering import number_in_order

STAGING = "ingest_event_staging"
COLUMNS = (
    "created_at",
    "updated_at",
    "agency_id",
    "dossier_id",
    "type",
    "at",
    "source",
    "source_id",
    "step_order",
    "due",
    "reason",
    "actor_id",
    "actor_name",
    "receiver_name",
    "data",
)


@dataclass
class Written:
    stored: list[Applied] = field(default_factory=list)
    # Events of this batch that another batch stored first: duplicates after all.
    taken: list[Applied] = field(default_factory=list)

    @property
    def dossiers(self) -> list[Dossier]:
        """Every dossier the batch appended events to, once, in the order of their first event."""
        return list({applied.event.dossier.code: applied.event.dossier for applied in self.stored}.values())


def write(plan: Plan) -> Written:
    """Store the plan: every row of a kind in one statement (or one COPY)."""
    try:
        Dossier.objects.bulk_create(plan.new)
    except IntegrityError:
        raise DomainError(
            "Một lô sự kiện khác đang tiếp nhận cùng hồ sơ: hãy gửi lại lô này sau ít phút."
        ) from None
    DossierStep.objects.bulk_create(plan.steps)
    written = _insert_events(plan.applied)
    PendingEvent.objects.bulk_create(plan.kept)
    if plan.consumed:
        PendingEvent.objects.filter(pk__in=plan.consumed).delete()
    number_in_order([applied.event for applied in written.stored])
    audit.record_many(_audit_entries(plan, written))
    return written


# -- events ---------------------------------------------------------------------------------------


def _insert_events(applied: list[Applied]) -> Written:
    now = timezone.now()
    rows = []
    for item in applied:
        event = item.event
        event.dossier = event.dossier  # its id, now that a new dossier has one
        event.created_at = event.updated_at = now
        rows.append(
            (
                now,
                now,
                event.agency_id,
                event.dossier_id,
                event.type,
                event.at,
                event.source,
                event.source_id,
                event.step_order,
                event.due,
                event.reason,
                None,
                event.actor_name,
                "",
                event.data,
            )
        )
    insert = _insert_postgresql if connection.vendor == "postgresql" else _insert_each
    ids = {(source, agency, source_id): pk for pk, source, agency, source_id in insert(rows)}
    written = Written()
    for item in applied:
        event = item.event
        event.pk = ids.get((event.source, event.agency_id, event.source_id))
        event._state.adding = False
        event._state.db = connection.alias
        (written.stored if event.pk is not None else written.taken).append(item)
    return written


def _insert_postgresql(rows: list[tuple]) -> list[tuple]:
    columns = ", ".join(COLUMNS)
    table = DossierEvent._meta.db_table
    with connection.cursor() as cursor:
        _create_staging(cursor, columns)
        with cursor.cursor.copy(f"COPY {STAGING} (seq, {columns}) FROM STDIN") as copy:
            for seq, row in enumerate(rows):
                copy.write_row((seq, *row[:-1], json.dumps(row[-1], ensure_ascii=False)))
        # Emptied as it is read, so the next batch of this session finds it empty; ids follow the
        # order the events were applied in, as one-by-one inserts would give them.
        cursor.execute(
            f"WITH staged AS (DELETE FROM {STAGING} RETURNING *) "
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM staged ORDER BY seq "
            "ON CONFLICT DO NOTHING RETURNING id, source, agency_id, source_id"
        )
        return cursor.fetchall()


# Database sessions whose staging table is known to exist: created by a committed transaction,
# it lasts as long as the session.
_STAGED = weakref.WeakSet()


def _create_staging(cursor, columns: str) -> None:
    session = connection.connection
    if session in _STAGED:
        return
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} AS "
        f"SELECT 0 AS seq, {columns} FROM {DossierEvent._meta.db_table} WITH NO DATA"
    )
    transaction.on_commit(lambda: _STAGED.add(session))


def _insert_each(rows: list[tuple]) -> list[tuple]:
    fields = [DossierEvent._meta.get_field(name) for name in COLUMNS]
    sql = (
        f"INSERT INTO {DossierEvent._meta.db_table} ({', '.join(COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
        "ON CONFLICT DO NOTHING RETURNING id, source, agency_id, source_id"
    )
    returned = []
    with connection.cursor() as cursor:
        for row in rows:
            cursor.execute(
                sql, [f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True)]
            )
            returned += cursor.fetchall()
    return returned


# -- the audit trail ------------------------------------------------------------------------------


def _audit_entries(plan: Plan, written: Written) -> list[dict]:
    """One entry per dossier, sender and source of the batch, naming its events (type, id, moment);
    the reception's entry is the dossier's `receive`. A kept event its dossier's reception did not
    apply is an entry of its own. In the order of the changes, as the chains require."""
    groups: dict[tuple, dict] = {}
    for item in written.stored:
        event = item.event
        key = (event.dossier.code, item.sender.pk if item.sender else None, event.source)
        if key not in groups:
            groups[key] = {"seq": item.seq, "actor": item.sender, "target": event.dossier, "events": []}
        group = groups[key]
        named = {"type": event.type, "id": event.source_id, "at": event.at.isoformat()}
        if event.step_order is not None:
            named["step"] = event.step_order
        group["events"].append(named)
        if event.type == EventType.RECEIVED:
            group["received"] = True
        if item.outside_competence:
            group["outside_competence"] = True
    entries = [
        (
            group["seq"],
            {
                "actor": group["actor"],
                "action": "dossier.receive" if group.get("received") else "dossier.ingest",
                "target": group["target"],
                "changes": {
                    "events": [None, group["events"]],
                    "source": [None, event_source],
                    **({"outside_competence": [None, True]} if group.get("outside_competence") else {}),
                },
            },
        )
        for (_, _, event_source), group in groups.items()
    ]
    entries += [
        (
            dropped.seq,
            {
                "actor": dropped.pending.sender,
                "action": "dossier.ingest_drop",
                "agency": dropped.dossier.agency,
                "changes": {
                    "dossier": [None, dropped.dossier.code],
                    "event_id": [None, dropped.pending.source_id],
                    "source": [None, dropped.pending.source],
                    "reason": [None, dropped.reason],
                },
            },
        )
        for dropped in plan.dropped
    ]
    entries.sort(key=lambda pair: pair[0])
    return [entry for _, entry in entries]
