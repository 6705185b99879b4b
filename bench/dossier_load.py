"""Writing the synthetic dossiers fast: stories built and derived in worker processes, rows
written by one writer with PostgreSQL COPY.

Work is cut into chunks of about `batch` dossiers, each a run of (day, agency, count) groups
in reception order. A worker turns a chunk into COPY text for every table: the dossiers' stories
(`demo._story`), derived by the replay the counter uses (`services.derive`, so a later
`recompute_all(save=False)` finds nothing to change), their steps, events, handovers, ratings,
and the forms their events produce. The writer COPYs each chunk in one transaction, in order, and
holds at most two chunks per worker in flight, so memory does not grow with the size.

Ids are given by the workers, without asking the writer: a chunk knows how many dossiers came
before it, so dossier k gets `base + k`, and its steps, events and handovers the k-th block of
a fixed width (the most a story can make): ids have gaps, the sequences are moved past them at
the end. The forms are numbered at the end in one statement, in time order within each series
(agency, form, year), as `services.numbering` does for bulk loaders.
"""

import multiprocessing
import random
import threading
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bench.copyrows import Row, Table, text

SOURCE = "synthetic"
TABLES = ("dossier", "step", "event", "handover", "rating")
FORMS = "bench_issued_forms"  # a temporary table of the writer's session

_state = None  # what workers need, set before they fork


@dataclass
class Result:
    dossiers: int = 0
    events: int = 0
    steps: int = 0
    handovers: int = 0
    ratings: int = 0
    forms: int = 0
    batches: int = 0
    max_buffered: int = 0
    write_seconds: float = 0.0  # the writer's time in COPY (the rest it waits for workers)
    index_seconds: float = 0.0  # building the indexes set aside during the load
    by_day: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    index: int
    first: int  # dossiers written before this chunk
    groups: tuple  # (day, plan index, count), in reception order
    size: int


@dataclass
class Built:
    chunk: Chunk
    data: dict  # table -> COPY text
    counts: dict


@dataclass
class State:
    plans: list
    seed: int
    cutoff: datetime
    bases: dict  # table -> the id before the first one written
    widths: dict  # table -> ids reserved per dossier
    tables: dict


def _event_row(**values) -> Row:
    return Row(**{"step_order": None, "due": None, "actor_id": None, **values})


def _step_row(**values) -> Row:
    return Row(**{"actor_name": "", **values})


def _light_rows():
    from eiso.dossiers.demo import Makers

    return Makers(step=_step_row, event=_event_row, handover=Row)


def daily_counts(plans, days, total, rng):
    """Expected receptions per (day, agency), scaled so that they sum to `total`."""
    from bench.generate import SEASON

    weights = [SEASON[day.month] for day in days]
    scale = total / (sum(weights) * sum(plan.weight for plan in plans))
    for day, season in zip(days, weights, strict=True):
        counts = []
        for plan in plans:
            expected = season * plan.weight * scale
            whole = int(expected)
            counts.append(whole + (rng.random() < expected - whole))
        yield day, counts


def chunks(plans, days, total, rng, batch):
    index = first = size = 0
    groups = []
    for day, counts in daily_counts(plans, days, total, rng):
        for plan_index, count in enumerate(counts):
            if not count:
                continue
            groups.append((day, plan_index, count))
            size += count
            if size >= batch:
                yield Chunk(index, first, tuple(groups), size)
                index, first, size, groups = index + 1, first + size, 0, []
    if groups:
        yield Chunk(index, first, tuple(groups), size)


def _dossiers(plan, day: date, count: int, rng: random.Random):
    """`count` dossiers received by the plan's agency on `day`, numbered in order of reception,
    with their process steps; nothing derived yet."""
    from eiso.dossiers import demo, services
    from eiso.dossiers.models import Channel

    agency, cal = plan.agency, plan.cal
    moments = sorted(
        datetime.combine(day, time(7, 30), tzinfo=cal.tz) + timedelta(minutes=rng.randint(0, 8 * 60))
        for _ in range(count)
    )
    for serial, received_at in enumerate(moments, start=1):
        procedure, version, steps = plan.pairs[int(rng.random() ** 2 * len(plan.pairs))]
        dossier = Row(
            agency=agency,
            code=services.make_code(agency, day, serial),
            code_identifier=agency.identifier_code,
            code_date=day,
            code_serial=serial,
            source=SOURCE,
            procedure_id=procedure.pk,
            procedure_version_id=procedure.current_version_id,
            process_version_id=version.pk if version else None,
            applicant_name=rng.choice(demo.NAMES),
            applicant_phone=f"09{rng.randint(10000000, 99999999)}",
            applicant_address=f"Thôn {rng.randint(1, 12)}",
            channel=rng.choices([Channel.DIRECT, Channel.ONLINE, Channel.POST], [55, 40, 5])[0],
            components=demo.components_of(procedure),
            received_at=received_at,
        )
        dossier.agency = agency  # what the story reads
        dossier.procedure = procedure  # what the ingest benchmark's contract events name
        dossier.procedure_version = procedure.current_version  # what the replay reads
        yield dossier, steps


def stories(plan, day: date, count: int, rng: random.Random, end: datetime, make=None):
    """`count` dossiers received by the plan's agency on `day`, told and derived as the generator's
    are, without ids, nothing written: (dossier, events, steps, handovers). The ingest benchmark
    sends their events through the contract."""
    from eiso.dossiers import demo, services

    make = make or _light_rows()
    for dossier, steps in _dossiers(plan, day, count, rng):
        events, rows, handovers = demo._story(rng, plan.cal, dossier, steps, plan.slow_key, end, make)
        for event in events:
            event.source = SOURCE
        services.derive(dossier, events, {row.order: row for row in rows}, plan.cal)
        yield dossier, events, rows, handovers


def _rating(rng, dossier) -> Row:
    weights = [50, 35, 15] if dossier.outcome == "late" else [85, 13, 2]
    values = {
        name: rng.choices([3, 2, 1], weights)[0]
        for name in ("time_score", "information_score", "conduct_score", "costs_score")
    }
    return Row(
        agency_id=dossier.agency_id,
        dossier_id=dossier.id,
        contacts_needed=1 + dossier.supplement_count,
        satisfied=min(values.values()) >= 2 and sum(values.values()) >= 10,
        **values,
    )


def _give_ids(state: State, number: int, dossier, rows: dict) -> None:
    dossier.id = state.bases["dossier"] + number + 1
    for table, members in rows.items():
        if len(members) > state.widths[table]:
            raise ValueError(f"{len(members)} {table} rows for one dossier: widen the id blocks")
        first = state.bases[table] + number * state.widths[table] + 1
        for offset, row in enumerate(members):
            row.id = first + offset
            row.dossier_id = dossier.id


def build(chunk: Chunk, state: State | None = None) -> Built:
    """A chunk's rows, derived and formatted as COPY text (runs in a worker)."""
    from eiso.dossiers import demo, services
    from eiso.dossiers.formsets import symbol
    from eiso.dossiers.services.numbering import forms_of, number_year

    state = state or _state
    rng = random.Random(f"{state.seed}:{chunk.index}")
    make = _light_rows()
    tables = state.tables
    lines = {table: [] for table in TABLES}
    forms = []
    symbols, kinds = {}, {}  # memos: a symbol per (agency, form), forms per (reception day, event)
    by_day = {}
    number = chunk.first
    for day, plan_index, count in chunk.groups:
        plan = state.plans[plan_index]
        by_day[day] = by_day.get(day, 0) + count
        for dossier, steps in _dossiers(plan, day, count, rng):
            events, rows, handovers = demo._story(
                rng, plan.cal, dossier, steps, plan.slow_key, state.cutoff, make
            )
            for event in events:
                event.source = SOURCE
            _give_ids(state, number, dossier, {"step": rows, "event": events, "handover": handovers})
            services.derive(dossier, events, {row.order: row for row in rows}, plan.cal)
            number += 1
            lines["dossier"].append(tables["dossier"].line(dossier))
            lines["step"] += [tables["step"].line(row) for row in rows]
            lines["event"] += [tables["event"].line(event) for event in events]
            lines["handover"] += [tables["handover"].line(row) for row in handovers]
            if dossier.returned_at and rng.random() < 0.33:
                rating = _rating(rng, dossier)
                rating.id = state.bases["rating"] + number
                lines["rating"].append(tables["rating"].line(rating))
            for event in events:
                produced = (dossier.received_on, event.type)
                if produced not in kinds:
                    kinds[produced] = forms_of(dossier, event.type)
                for kind in kinds[produced]:
                    key = (dossier.agency_id, kind)
                    if key not in symbols:
                        symbols[key] = text(symbol(dossier.agency, kind))
                    forms.append(
                        f"{event.id}\t{dossier.id}\t{dossier.agency_id}\t{kind}\t{number_year(event)}"
                        f"\t{event.at.isoformat()}\t{symbols[key]}"
                    )
    data = {table: "".join(line + "\n" for line in rows).encode() for table, rows in lines.items()}
    data[FORMS] = "".join(line + "\n" for line in forms).encode()
    counts = {table: len(rows) for table, rows in lines.items()} | {"forms": len(forms)}
    return Built(chunk, data, counts | {"by_day": by_day})


def _tables(now: datetime) -> dict:
    from eiso.dossiers.models import Dossier, DossierEvent, DossierStep, Handover, Rating

    models = (Dossier, DossierStep, DossierEvent, Handover, Rating)
    return {table: Table(model, now=now) for table, model in zip(TABLES, models, strict=True)}


def _start(cursor, tables: dict) -> dict:
    """The id before the first row of each table (taken from its sequence, so concurrent
    writers never collide), and the session's table for the forms to number."""
    bases = {}
    for table, spec in tables.items():
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [spec.name])
        bases[table] = cursor.fetchone()[0] - 1
    cursor.execute(f"DROP TABLE IF EXISTS {FORMS}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {FORMS} (event_id bigint, dossier_id bigint, agency_id bigint,"
        " kind varchar(20), year smallint, at timestamptz, symbol varchar(40))"
    )
    return bases


def _write(connection, tables: dict, built: Built) -> None:
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table, data in built.data.items():
            if data:
                sql = tables[table].copy_sql if table in tables else f"COPY {FORMS} FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    copy.write(data)


LOADED = (*(f"dossiers_{name}" for name in ("dossier", "dossierstep", "dossierevent", "handover", "rating")),)
NUMBERED = "dossiers_issuedform"


def _set_aside_indexes(cursor) -> list[str]:
    """On empty tables, drop their secondary indexes and unique constraints (kept: primary keys,
    foreign keys) and return the statements that build them again: one sorted build per index
    after the load is several times faster than keeping millions of index entries up to date row
    by row. Tables that already hold rows keep their indexes."""
    tables = [*LOADED, NUMBERED]
    # Checks still pending in the caller's transaction (rows just deleted) would forbid ALTER TABLE.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table in tables:
        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
        if cursor.fetchone()[0]:
            return []
    cursor.execute(
        "SELECT t.relname, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),"
        " c.conname, pg_get_constraintdef(c.oid)"
        " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
        " LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype = 'u' AND c.conrelid = t.oid"
        " WHERE t.relname = ANY(%s) AND t.relnamespace = 'public'::regnamespace AND NOT i.indisprimary"
        " ORDER BY 1, 2",
        [tables],
    )
    rebuild = []
    for table, index, definition, constraint, constraint_definition in cursor.fetchall():
        if constraint:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')
            rebuild.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint}" {constraint_definition}')
        else:
            cursor.execute(f"DROP INDEX {index}")
            rebuild.append(definition)
    return rebuild


def _session(cursor, *, loading: bool) -> None:
    """The writer's session: commits without waiting for the disk, room to sort the index
    builds, and (as a superuser, like pg_restore --disable-triggers) no row-by-row foreign key
    checks: every id the workers write points at a row written before it in the same load."""
    if loading:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET session_replication_role = replica")
    else:
        for name in ("synchronous_commit", "maintenance_work_mem", "session_replication_role"):
            cursor.execute(f"RESET {name}")


def _finish(cursor, tables: dict) -> int:
    """Number the forms (each series in time order, after what its counter already gave), move
    the counters and the id sequences on. Returns how many forms were numbered."""
    cursor.execute(
        "INSERT INTO dossiers_issuedform"
        " (created_at, updated_at, agency_id, dossier_id, event_id, kind, year, serial, symbol)"
        " SELECT now(), now(), f.agency_id, f.dossier_id, f.event_id, f.kind, f.year,"
        " coalesce(c.last, 0) + row_number() OVER ("
        "   PARTITION BY f.agency_id, f.kind, f.year ORDER BY f.at, f.event_id),"
        " f.symbol"
        f" FROM {FORMS} f LEFT JOIN dossiers_formcounter c"
        " ON c.agency_id = f.agency_id AND c.kind = f.kind AND c.year = f.year"
    )
    numbered = cursor.rowcount
    cursor.execute(
        "INSERT INTO dossiers_formcounter (created_at, updated_at, agency_id, kind, year, last)"
        f" SELECT now(), now(), agency_id, kind, year, count(*) FROM {FORMS}"
        " GROUP BY agency_id, kind, year"
        " ON CONFLICT (agency_id, kind, year)"
        " DO UPDATE SET last = dossiers_formcounter.last + EXCLUDED.last, updated_at = now()"
    )
    cursor.execute(f"DROP TABLE {FORMS}")
    for spec in tables.values():
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), greatest(max(id), 1)) FROM \"{spec.name}\"",
            [spec.name],
        )
    return numbered


def generate_dossiers(
    plans,
    *,
    total: int,
    start: date,
    end: date,
    seed: int,
    batch: int = 2000,
    workers: int = 0,
    progress=None,
) -> Result:
    """Write about `total` dossiers received between `start` and `end` for the plans' agencies.
    With `workers`, that many processes build the chunks while this one writes them."""
    from django.db import connection
    from django.utils import timezone

    from eiso.dossiers.demo import components_of

    if connection.vendor != "postgresql":
        raise SystemExit(
            "The generator writes with PostgreSQL COPY: set DATABASE_URL to a PostgreSQL database."
        )
    cal = plans[0].cal
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    days = [day for day in days if cal.is_working_day(day)]
    for plan in plans:  # read once here, not in every worker
        for procedure, _, _ in plan.pairs:
            components_of(procedure)
    widest = max((len(steps) for plan in plans for _, _, steps in plan.pairs), default=0)
    widths = {
        "dossier": 1,
        "step": max(1, widest),
        "event": 10 + 2 * widest,
        "handover": 2 + widest,
        "rating": 1,
    }
    tables = _tables(timezone.now())
    with connection.cursor() as cursor:
        _session(cursor, loading=True)
        rebuild = _set_aside_indexes(cursor)
        state = State(
            plans,
            seed,
            datetime.combine(end, time(17, 0), tzinfo=cal.tz),
            _start(cursor, tables),
            widths,
            tables,
        )
    work = chunks(plans, days, total, random.Random(seed), batch)
    result = Result()

    def keep(built: Built) -> None:
        began = clock.perf_counter()
        _write(connection, tables, built)
        result.write_seconds += clock.perf_counter() - began
        counts = built.counts
        result.dossiers += counts["dossier"]
        result.events += counts["event"]
        result.steps += counts["step"]
        result.handovers += counts["handover"]
        result.ratings += counts["rating"]
        result.batches += 1
        result.max_buffered = max(result.max_buffered, built.chunk.size)
        for day, count in counts["by_day"].items():
            result.by_day[day] = result.by_day.get(day, 0) + count
        if progress:
            progress(result)

    try:
        _load(connection, state, work, workers, keep)
        with connection.cursor() as cursor:
            result.forms = _finish(cursor, tables)
    finally:
        with connection.cursor() as cursor:
            began = clock.perf_counter()
            for statement in rebuild:
                cursor.execute(statement)
            result.index_seconds = clock.perf_counter() - began
            _session(cursor, loading=False)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares them
    return result


def _load(connection, state: State, work, workers: int, keep) -> None:
    global _state
    if not workers:
        for chunk in work:
            keep(build(chunk, state))
        return
    _state = state
    window = threading.BoundedSemaphore(2 * workers)

    def fed():
        for chunk in work:
            window.acquire()
            yield chunk

    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for built in pool.imap(build, fed()):
                keep(built)
                window.release()
    finally:
        _state = None
