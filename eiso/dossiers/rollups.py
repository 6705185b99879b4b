"""Rollups of the dossier statistics: what each dossier adds to the day counts, kept in step with
its derived columns, so that a province-year of statistics reads a few hundred thousand small rows
instead of every dossier ever received.

A dossier's contribution is a pure function of its derived columns (services.replay), its steps
and its supplement events, written to mirror the base-row rules of `selectors.stats_aggregates`
and `stats_reference.delay_ranking` literally (counting contract v2):

- flows count on their local day: received, online, supplements, refused, extended on
  `received_on`; resolved, early, on_time, late, late_without_apology and the processing days on
  `ended_on`; stopped and closed on `withdrawn_on`;
- the states at the end of a day E (pending, awaiting supplement, overdue) are stored as deltas:
  +1 on the first day the dossier is in that state, -1 on the first day it is no longer, so the
  figure at E is the sum of the deltas up to E. The predicates change only on the dates of the
  dossier's own facts (reception, end, withdrawal, appointment, supplement requests and
  completions), so each is evaluated, with the exact rule, on those dates only;
- overrun steps of a dossier resolved late count on `ended_on`, per agency, per unit (or other
  agency) and per person.

`apply(dossiers)` is called wherever derived columns are rewritten (services.replay.rebuild, the
demo loader, set-wise ingest): it subtracts each dossier's last contribution (DossierRollup) and
adds the new one, in one upsert per table, inside the caller's transaction. `reconcile()`
recomputes every contribution from the base rows and compares (manage.py reconcile_rollups).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from eiso.dossiers.models import (
    Dossier,
    DossierDayCount,
    DossierDelayCount,
    DossierEvent,
    DossierMonthCount,
    DossierRollup,
    DossierStep,
    EventType,
    Outcome,
    Status,
)

COUNT_COLUMNS = [
    "received",
    "online",
    "supplements",
    "refused",
    "extended",
    "resolved",
    "early",
    "on_time",
    "late",
    "late_without_apology",
    "stopped",
    "closed",
    "days_count",
    "days_centi",
    "pending",
    "awaiting",
    "overdue",
]
COUNT_KEY = ["agency_id", "procedure_id", "unit_id", "day"]
DELAY_COLUMNS = ["steps", "dossiers", "overrun_centihours"]
DELAY_KEY = ["agency_id", "day", "level", "unit_id", "other_agency_id", "actor_name"]
DOSSIER_FIELDS = [
    "pk",
    "agency_id",
    "procedure_id",
    "received_on",
    "ended_on",
    "withdrawn_on",
    "outcome",
    "status",
    "supplement_count",
    "refused",
    "extended",
    "apology_timely",
    "channel",
    "processing_days",
    "appointment",
]
CHUNK = 500


def _centi(value) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


def _states(row: dict, requests: list, completions: list) -> list:
    """The day deltas of pending, awaiting and overdue: each predicate is `pending_q`,
    `awaiting_supplement_at(end_of(E))` and the overdue filter of `stats_aggregates`, for a day E
    (a moment before end_of(E) is one whose local date is at most E)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    requests = [(at, at.astimezone(tz).date()) for at in requests]
    completions = [(at, at.astimezone(tz).date()) for at in completions]
    appointment_day = row["appointment"].astimezone(tz).date()
    received_on, ended_on, withdrawn_on = row["received_on"], row["ended_on"], row["withdrawn_on"]

    def pending(day):
        return (
            received_on <= day
            and (ended_on is None or ended_on > day)
            and (withdrawn_on is None or withdrawn_on > day)
        )

    def awaiting(day):
        return pending(day) and any(
            requested_on <= day
            and not any(
                completed_at > requested_at and completed_on <= day
                for completed_at, completed_on in completions
            )
            for requested_at, requested_on in requests
        )

    def overdue(day):
        return pending(day) and not awaiting(day) and appointment_day <= day

    days = {received_on, ended_on, withdrawn_on, appointment_day}
    days.update(day for _, day in requests + completions)
    deltas, before = [], (0, 0, 0)
    for day in sorted(days - {None}):
        now = (int(pending(day)), int(awaiting(day)), int(overdue(day)))
        for column, old, new in zip(("pending", "awaiting", "overdue"), before, now, strict=True):
            if new != old:
                deltas.append([day.isoformat(), column, new - old])
        before = now
    return deltas


def contribution(
    row: dict, overrun: Iterable, units: Iterable, requests: Iterable, completions: Iterable
) -> dict:
    """What one dossier adds to the rollups. `row`: the dossier's DOSSIER_FIELDS; `overrun`: its
    steps with overrun hours, as (unit_id, other_agency_id, actor_name, overrun_hours); `units`:
    the units that carried a step; `requests`, `completions`: the moments of its supplement
    requests and completions. JSON-ready (stored in DossierRollup)."""
    counts: dict[tuple, int] = defaultdict(int)
    received = row["received_on"].isoformat()
    counts[received, "received"] += 1
    counts[received, "online"] += row["channel"] == "online"
    counts[received, "supplements"] += row["supplement_count"] >= 1
    counts[received, "refused"] += bool(row["refused"])
    counts[received, "extended"] += bool(row["extended"])
    late = False
    if row["ended_on"] is not None:
        ended = row["ended_on"].isoformat()
        counts[ended, "resolved"] += 1
        if row["outcome"] in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE):
            counts[ended, row["outcome"]] += 1
        late = row["outcome"] == Outcome.LATE
        counts[ended, "late_without_apology"] += late and not row["apology_timely"]
        if row["processing_days"] is not None:
            counts[ended, "days_count"] += 1
            counts[ended, "days_centi"] += _centi(row["processing_days"])
    if row["withdrawn_on"] is not None and row["status"] in (Status.STOPPED, Status.CLOSED):
        counts[row["withdrawn_on"].isoformat(), row["status"]] += 1
    for day, column, amount in _states(row, requests, completions):
        counts[day, column] += amount
    delays = []
    if late and overrun:
        ended = row["ended_on"].isoformat()
        by_level: dict[tuple, list] = defaultdict(lambda: [0, 0, 0])
        for unit, other, actor, hours in overrun:
            unit, other = unit or 0, other or 0
            keys = [
                (DossierDelayCount.LEVEL_AGENCY, 0, 0, ""),
                (DossierDelayCount.LEVEL_UNIT, unit, other, ""),
            ]
            if actor:
                keys.append((DossierDelayCount.LEVEL_PERSON, unit, other, actor))
            for key in keys:
                by_level[key][0] += 1
                by_level[key][2] += _centi(hours)
        for key, figures in by_level.items():
            figures[1] = 0 if key[0] == DossierDelayCount.LEVEL_PERSON else 1
            delays.append([ended, *key, *figures])
    return {
        "agency": row["agency_id"],
        "procedure": row["procedure_id"],
        "units": sorted(units),
        "counts": sorted([day, column, amount] for (day, column), amount in counts.items() if amount),
        "delays": sorted(delays),
    }


def expand(contribution: dict | None, sign: int, counts: dict, months: dict, delays: dict) -> None:
    """Add `sign` × the contribution's rows to `counts`, `months` (key -> column -> amount) and
    `delays`."""
    if not contribution:
        return
    agency, procedure = contribution["agency"], contribution["procedure"]
    keys = [(agency, p, u) for p in (0, procedure) for u in (0, *contribution["units"])]
    for day, column, amount in contribution["counts"]:
        month = day[:8] + "01"
        for key in keys:
            counts[(*key, day)][column] += sign * amount
            months[(*key, month)][column] += sign * amount
    for day, level, unit, other, actor, *figures in contribution["delays"]:
        row = delays[(agency, day, level, unit, other, actor)]
        for column, amount in zip(DELAY_COLUMNS, figures, strict=True):
            row[column] += sign * amount


def compute(dossier_ids: list[int], *, lock: bool = False) -> dict[int, dict]:
    """The current contribution of each dossier, read from the base rows (three queries a chunk)."""
    result = {}
    for first in range(0, len(dossier_ids), CHUNK):
        ids = dossier_ids[first : first + CHUNK]
        dossiers = Dossier.objects.filter(pk__in=ids).order_by("pk")
        if lock:
            dossiers = dossiers.select_for_update()
        result.update(_compute(dossiers, {"dossier_id__in": ids}))
    return result


def compute_agency(agency_id: int) -> dict[int, dict]:
    """The current contribution of every dossier of the agency: three streamed queries."""
    return _compute(Dossier.objects.filter(agency_id=agency_id), {"agency_id": agency_id})


def _compute(dossiers, related: dict) -> dict[int, dict]:
    steps = defaultdict(list)
    for step in DossierStep.objects.filter(**related, overrun_hours__gt=0).values_list(
        "dossier_id", "unit_id", "other_agency_id", "actor_name", "overrun_hours"
    ):
        steps[step[0]].append(step[1:])
    units = defaultdict(set)
    for dossier_id, unit_id in (
        DossierStep.objects.filter(**related, unit_id__isnull=False)
        .values_list("dossier_id", "unit_id")
        .distinct()
    ):
        units[dossier_id].add(unit_id)
    supplements = defaultdict(lambda: ([], []))
    for dossier_id, kind, at in DossierEvent.objects.filter(
        **related, type__in=[EventType.SUPPLEMENT_REQUESTED, EventType.SUPPLEMENT_COMPLETED]
    ).values_list("dossier_id", "type", "at"):
        supplements[dossier_id][kind == EventType.SUPPLEMENT_COMPLETED].append(at)
    result = {}
    for values in dossiers.values_list(*DOSSIER_FIELDS).iterator(chunk_size=2000):
        row = dict(zip(DOSSIER_FIELDS, values, strict=True))
        requests, completions = supplements.get(row["pk"], ((), ()))
        result[row["pk"]] = contribution(
            row, steps.get(row["pk"], ()), units.get(row["pk"], ()), requests, completions
        )
    return result


def apply(dossiers: Iterable) -> None:
    """Bring the rollups up to date with the dossiers' derived columns (saved instances or ids),
    many at once: call it in the transaction that rewrote them, after the rewrite."""
    ids = sorted({getattr(dossier, "pk", dossier) for dossier in dossiers})
    if not ids:
        return
    with transaction.atomic():
        new = compute(ids, lock=True)
        old = _stored(ids, lock=True)
        _write_delta(old, new)
        _store(new, known=set(old))


def forget(dossier_ids: list[int]) -> None:
    """Take deleted dossiers (records disposal) out of the rollups."""
    with transaction.atomic():
        old = _stored(dossier_ids, lock=True)
        _write_delta(old, {})


def _stored(ids: list[int], *, lock: bool) -> dict[int, dict]:
    stored = {}
    for first in range(0, len(ids), CHUNK):
        queryset = DossierRollup.objects.filter(dossier_id__in=ids[first : first + CHUNK]).order_by("pk")
        if lock:
            queryset = queryset.select_for_update()
        stored.update(queryset.values_list("dossier_id", "contribution"))
    return stored


def _store(new: dict[int, dict], *, known: set) -> None:
    rows = [DossierRollup(dossier_id=pk, contribution=value) for pk, value in new.items()]
    DossierRollup.objects.bulk_create([row for row in rows if row.pk not in known], batch_size=CHUNK)
    DossierRollup.objects.bulk_update(
        [row for row in rows if row.pk in known], ["contribution"], batch_size=CHUNK
    )


def _write_delta(old: dict[int, dict], new: dict[int, dict]) -> None:
    counts, months, delays = _tables()
    for pk in old.keys() | new.keys():
        if old.get(pk) != new.get(pk):
            expand(old.get(pk), -1, counts, months, delays)
            expand(new.get(pk), +1, counts, months, delays)
    upsert(DossierDayCount, COUNT_KEY, COUNT_COLUMNS, counts, add=True)
    upsert(DossierMonthCount, COUNT_KEY, COUNT_COLUMNS, months, add=True)
    upsert(DossierDelayCount, DELAY_KEY, DELAY_COLUMNS, delays, add=True)


def _tables() -> tuple[dict, dict, dict]:
    counts = defaultdict(lambda: dict.fromkeys(COUNT_COLUMNS, 0))
    months = defaultdict(lambda: dict.fromkeys(COUNT_COLUMNS, 0))
    return counts, months, defaultdict(lambda: dict.fromkeys(DELAY_COLUMNS, 0))


def upsert(model, key: list[str], columns: list[str], rows: dict, *, add: bool) -> None:
    """INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike), keys in sorted order so that
    concurrent writers lock the rows in the same order. With `add`, the amounts are added to
    the stored ones; else they replace them. Rows whose amounts are all zero are skipped."""
    rows = sorted((key_values, values) for key_values, values in rows.items() if any(values.values()))
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = key + columns + ["created_at", "updated_at"]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day = key.index("day")
    if add:
        sets = [f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in columns]
    else:
        sets = [f"{quote(c)} = excluded.{quote(c)}" for c in columns]
    sets.append(f"{quote('updated_at')} = excluded.{quote('updated_at')}")
    placeholders = "(" + ", ".join(["%s"] * len(names)) + ")"
    with connection.cursor() as cursor:
        for first in range(0, len(rows), CHUNK):
            chunk = rows[first : first + CHUNK]
            params = []
            for key_values, values in chunk:
                key_values = list(key_values)
                key_values[day] = connection.ops.adapt_datefield_value(date.fromisoformat(key_values[day]))
                params += [*key_values, *(values[c] for c in columns), now, now]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(map(quote, names))}) VALUES "
                + ", ".join([placeholders] * len(chunk))
                + f" ON CONFLICT ({', '.join(map(quote, key))}) DO UPDATE SET {', '.join(sets)}",
                params,
            )


def fill_all() -> int:
    """Apply every dossier (after a bulk load, or to fill the rollups the first time); returns
    how many. Agency by agency, so memory stays bounded at province size."""
    total = 0
    for agency_id in Dossier.objects.order_by().values_list("agency_id", flat=True).distinct():
        ids = list(Dossier.objects.filter(agency_id=agency_id).order_by("pk").values_list("pk", flat=True))
        for first in range(0, len(ids), 10 * CHUNK):
            apply(ids[first : first + 10 * CHUNK])
        total += len(ids)
    return total


def reconcile(*, repair: bool = False) -> list[str]:
    """Recompute every dossier's contribution from the base rows and compare the rollup tables
    (and the stored contributions) with their sum, agency by agency: one line per difference.
    With `repair`, the tables and contributions are set to what the base rows give."""
    lines = []
    agencies = set(Dossier.objects.order_by().values_list("agency_id", flat=True).distinct())
    agencies |= set(DossierDayCount.objects.order_by().values_list("agency_id", flat=True).distinct())
    agencies |= set(DossierMonthCount.objects.order_by().values_list("agency_id", flat=True).distinct())
    agencies |= set(DossierDelayCount.objects.order_by().values_list("agency_id", flat=True).distinct())
    for agency_id in sorted(agencies):
        fresh = compute_agency(agency_id)
        ids = sorted(fresh)
        counts, months, delays = _tables()
        for value in fresh.values():
            expand(value, +1, counts, months, delays)
        with transaction.atomic():
            for model, key, columns, expected in (
                (DossierDayCount, COUNT_KEY, COUNT_COLUMNS, counts),
                (DossierMonthCount, COUNT_KEY, COUNT_COLUMNS, months),
                (DossierDelayCount, DELAY_KEY, DELAY_COLUMNS, delays),
            ):
                found = _table(model, key, columns, agency_id)
                wrong = _compare(model, columns, expected, found, lines)
                if repair and wrong:
                    upsert(model, key, columns, {k: expected[k] for k in wrong if k in expected}, add=False)
                    _delete(model, key, [k for k in wrong if not any(expected.get(k, {}).values())])
            stored = _stored(ids, lock=repair)
            stale = {pk: value for pk, value in fresh.items() if stored.get(pk) != value}
            lines += [f"Hồ sơ #{pk}: phần đóng góp đã lưu khác phần tính lại" for pk in stale]
            if repair and stale:
                _store(stale, known=set(stored))
    return lines


def _table(model, key: list[str], columns: list[str], agency_id: int) -> dict:
    found = {}
    for row in model.objects.filter(agency_id=agency_id).values(*key, *columns):
        row["day"] = row["day"].isoformat()
        found[tuple(row[name] for name in key)] = {column: row[column] for column in columns}
    return found


def _compare(model, columns: list[str], expected: dict, found: dict, lines: list) -> list:
    wrong = []
    for key in sorted(expected.keys() | found.keys()):
        want = expected.get(key, dict.fromkeys(columns, 0))
        have = found.get(key, dict.fromkeys(columns, 0))
        differing = [column for column in columns if want[column] != have[column]]
        if differing:
            wrong.append(key)
            detail = ", ".join(f"{column} {have[column]} ≠ {want[column]}" for column in differing)
            lines.append(f"{model._meta.db_table} {key}: {detail}")
    return wrong


def _delete(model, key: list[str], keys: list) -> None:
    for values in keys:
        model.objects.filter(**dict(zip(key, values, strict=True))).delete()


def on_dossier_delete(sender, instance, **kwargs) -> None:
    """pre_delete of Dossier: a disposed dossier leaves the statistics, as it leaves the base rows."""
    forget([instance.pk])


def analyze() -> None:
    """Fresh planner statistics after a bulk load or a fill (PostgreSQL): a table never analysed
    is taken for a few rows, and orgs_agency for one agency (the 300-agency nested loop)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE orgs_agency, dossiers_dossier, dossiers_dossierstep, dossiers_dossierevent, "
                "dossiers_dossierdaycount, dossiers_dossiermonthcount, dossiers_dossierdelaycount, "
                "dossiers_dossierrollup"
            )
