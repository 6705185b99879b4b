"""A synthetic province for the benchmarks: agencies, units, users, procedures, processes, and
N dossiers with their steps, events, handovers and ratings over a span of months.

    python -m bench.generate --size small [--seed 2026] [--months 12] [--batch 2000]

The base (the demo province, its users, the Hà Tĩnh procedure catalogue, documents and
processes) comes from the demo loaders, so it goes through the apps' own code; extra agencies
(communes) are added with their units to reach the size's agency count. Dossiers are built like
`eiso.dossiers.demo` does (each dossier's story of events, derived with `services.derive`, the
same replay as the counter) but STREAMED: the span is walked day by day and rows are written
with bulk inserts every `batch` dossiers, so memory does not grow with N.

Realism: receptions only on working days of the province's calendar (so Tết and the other
public holidays are empty), a monthly season (quiet around Tết, busy in spring and before the
year end), agencies of very different volumes (a few heavy, many light), and late steps
concentrated in a minority of "slow" units (their review step overruns often). Same seed, same
rows: the random generator is seeded, and the span ends at a fixed moment, not "now".

Sizes (measured 25/11/2026 on the 2-core reference machine, shared with other work, about
120 dossiers a second once the base exists — deriving each dossier's story is most of it):
- small: 12 agencies with dossiers, 3,000 dossiers — about 20 s for the base, 35 s of dossiers;
  used by `make bench`.
- medium: 60 agencies, 50,000 dossiers — 7 minutes (measured), peak memory flat.
- province: 300 agencies, 5,000,000 dossiers over 12 months — NOT run here; extrapolated from
  the measured rate, about 12 hours in one process, about 6 hours with two processes on
  disjoint agencies (`--agencies`), ~45 M events, PostgreSQL ~25 GB with indexes.
- national: 3,400 agencies, 100,000,000 dossiers — documented only: about 10 days in one
  process; run one process per province on separate machines, or load with COPY instead of
  bulk_create (the insert half of the time) once a faster load is needed.
"""

import argparse
import math
import os
import random
import resource
import time as clock
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal


@dataclass(frozen=True)
class Size:
    agencies: int
    dossiers: int


SIZES = {
    "small": Size(agencies=12, dossiers=3_000),
    "medium": Size(agencies=60, dossiers=50_000),
    "province": Size(agencies=300, dossiers=5_000_000),
    "national": Size(agencies=3_400, dossiers=100_000_000),
}
SOURCE = "synthetic"
# Relative volume of receptions per month: quiet around Tết (Jan/Feb), busy in spring and
# before the year closes (land, household and business procedures), a summer dip.
SEASON = {
    1: 0.8,
    2: 0.55,
    3: 1.15,
    4: 1.1,
    5: 1.1,
    6: 1.0,
    7: 0.85,
    8: 0.85,
    9: 1.0,
    10: 1.1,
    11: 1.15,
    12: 1.2,
}
SLOW_SHARE = 0.15  # share of agencies with one slow unit (where late steps concentrate)
SLOW_KEY = "slow-review"
PROCEDURES_PER_AGENCY = 20
BASE_LOADERS = (10, 20, 40)  # orgs, users, procedure catalogue


@dataclass(frozen=True)
class StepTemplate:
    """What `demo._story` reads of a process step, for agencies without a published process."""

    order: int
    key: str
    name: str
    unit_id: int | None
    role: str
    duration_amount: Decimal
    duration_unit: str
    responsible: str
    other_agency_id: int | None = None


@dataclass
class Plan:
    agency: object
    pairs: list  # (procedure, process version or None, steps)
    slow_key: str | None
    weight: float
    cal: object = None


@dataclass
class Result:
    dossiers: int = 0
    events: int = 0
    steps: int = 0
    ratings: int = 0
    batches: int = 0
    max_buffered: int = 0
    by_day: dict = field(default_factory=dict)


# --- the base province ----------------------------------------------------------------------------


def ensure_base(say=lambda message: None) -> None:
    """The demo province, its users and the procedure catalogue, through the apps' demo loaders.
    The documents and processes loaders are left out: they take minutes (mail to every reader)
    and agencies without a published process get synthetic steps, which suits the benchmarks."""
    from eiso.core.demo import loaders

    for loader in loaders:
        if loader.order in BASE_LOADERS:
            loader.load(say)


def ensure_agencies(count: int) -> list:
    """The demo province's agencies, with synthetic communes added (and their units) up to `count`."""
    from eiso.orgs.demo import COMMUNE_UNITS, ONE_STOP_UNITS, demo_province
    from eiso.orgs.models import Agency, Unit

    province = demo_province()
    existing = list(Agency.objects.filter(province=province).order_by("pk"))
    new = []
    for n in range(len(existing), count):
        agency = Agency(
            province=province,
            identifier_code=f"000.{n % 100:02d}.{40 + n // 100}.H42",
            name=f"UBND xã Tổng Hợp {n}",
            short_name=f"Tổng Hợp {n}",
            kind=Agency.Kind.COMMUNE,
        )
        agency.refresh_search_text()
        new.append(agency)
    if new:
        Agency.objects.bulk_create(new, batch_size=500)
        created = Agency.objects.filter(identifier_code__in=[a.identifier_code for a in new])
        Unit.objects.bulk_create(
            [
                Unit(agency=agency, name=name, is_one_stop=name in ONE_STOP_UNITS)
                for agency in created
                for name in COMMUNE_UNITS
            ],
            batch_size=1000,
        )
    return list(Agency.objects.filter(province=province).order_by("pk"))[:count]


def _synthetic_steps(procedure, units) -> list[StepTemplate]:
    """Three steps that fit in the procedure's legal time: review (the bulk), check, signature."""
    from eiso.core.calendar import for_province
    from eiso.procedures import timing

    version = procedure.current_version
    total = timing.to_working_hours(
        version.processing_time_amount,
        version.processing_time_unit,
        for_province(procedure.province_id).office_day_hours,
    )
    worker = units[1] if len(units) > 1 else units[0]
    head = units[0]
    shares = [
        (Decimal("0.55"), "Thẩm định hồ sơ", worker),
        (Decimal("0.15"), "Kiểm tra, trình ký", worker),
        (Decimal("0.15"), "Phê duyệt, ký kết quả", head),
    ]
    return [
        StepTemplate(
            order=order,
            key=f"b{order}",
            name=name,
            unit_id=unit.pk,
            role="Công chức",
            duration_amount=max(Decimal("0.25"), (total * share).quantize(Decimal("0.01"))),
            duration_unit=timing.WORKING_HOURS,
            responsible=unit.name,
        )
        for order, (share, name, unit) in enumerate(shares, start=1)
    ]


def plans_for(agencies, *, seed: int) -> list[Plan]:
    """Per agency: the procedures it handles (with the published process where there is one,
    synthetic steps otherwise), whether one of its units is slow, and its share of the volume."""
    from eiso.dossiers.demo import processes_of
    from eiso.dossiers.services import calendar_for
    from eiso.orgs.models import Unit
    from eiso.procedures.models import Procedure

    rng = random.Random(seed)
    catalogue = list(
        Procedure.objects.filter(province_id=agencies[0].province_id, current_version__isnull=False)
        .select_related("current_version")
        .order_by("code")
    )
    by_level: dict[str, list] = {}
    for procedure in catalogue:
        by_level.setdefault(procedure.current_version.level, []).append(procedure)
    units = {}
    for unit in Unit.objects.filter(agency__in=agencies, is_one_stop=False).order_by("pk"):
        units.setdefault(unit.agency_id, []).append(unit)
    plans = []
    for rank, agency in enumerate(agencies, start=1):
        slow = rng.random() < SLOW_SHARE
        pairs = processes_of(agency)
        if not pairs:
            level = "commune" if agency.kind == "commune" else "province"
            pool = by_level.get(level) or catalogue
            chosen = rng.sample(pool, min(PROCEDURES_PER_AGENCY, len(pool)))
            own_units = units.get(agency.pk)
            if not own_units:
                pairs = [(procedure, None, []) for procedure in chosen]
            else:
                pairs = []
                for procedure in chosen:
                    steps = _synthetic_steps(procedure, own_units)
                    if slow:
                        steps[0] = replace(steps[0], key=SLOW_KEY)
                    pairs.append((procedure, None, steps))
        slow_key = None
        if slow and pairs and pairs[0][2]:
            first = pairs[0][2]
            slow_key = SLOW_KEY if first[0].key == SLOW_KEY else first[min(1, len(first) - 1)].key
        # Zipf-like volumes: the public service centre and big departments take most dossiers.
        plans.append(Plan(agency, pairs, slow_key, 1 / rank**0.8, calendar_for(agency)))
    return plans


# --- the dossiers ---------------------------------------------------------------------------------


def _daily_counts(plans, days, total, rng):
    """Expected receptions per (day, agency), scaled so that they sum to `total`."""
    weights = [SEASON[day.month] for day in days]
    scale = total / (sum(weights) * sum(plan.weight for plan in plans))
    for day, season in zip(days, weights, strict=True):
        counts = []
        for plan in plans:
            expected = season * plan.weight * scale
            whole = math.floor(expected)
            counts.append(whole + (rng.random() < expected - whole))
        yield day, counts


def stories(plan: Plan, day: date, count: int, rng: random.Random, end: datetime):
    """`count` dossiers received by the plan's agency on `day`, numbered in order of reception:
    (dossier, events, steps, handovers), derived, nothing written."""
    from eiso.dossiers import demo, services
    from eiso.dossiers.models import Channel, Dossier

    agency, cal = plan.agency, plan.cal
    moments = sorted(
        datetime.combine(day, time(7, 30), tzinfo=cal.tz) + timedelta(minutes=rng.randint(0, 8 * 60))
        for _ in range(count)
    )
    for serial, received_at in enumerate(moments, start=1):
        procedure, version, steps = plan.pairs[int(rng.random() ** 2 * len(plan.pairs))]
        dossier = Dossier(
            agency=agency,
            code=services.make_code(agency, day, serial),
            code_identifier=agency.identifier_code,
            code_date=day,
            code_serial=serial,
            source=SOURCE,
            procedure=procedure,
            procedure_version=procedure.current_version,
            process_version=version,
            applicant_name=rng.choice(demo.NAMES),
            applicant_phone=f"09{rng.randint(10000000, 99999999)}",
            applicant_address=f"Thôn {rng.randint(1, 12)}",
            channel=rng.choices([Channel.DIRECT, Channel.ONLINE, Channel.POST], [55, 40, 5])[0],
            components=demo.components_of(procedure),
            received_at=received_at,
            received_on=day,
            legal_due=received_at,
            legal_due_on=day,
            appointment=received_at,
        )
        events, rows, handovers = demo._story(rng, cal, dossier, steps, plan.slow_key, end)
        for event in events:
            event.source = SOURCE
        services.derive(dossier, events, {row.order: row for row in rows}, cal)
        yield dossier, events, rows, handovers


def _rating(rng, dossier):
    from eiso.dossiers.models import Rating

    weights = [50, 35, 15] if dossier.outcome == "late" else [85, 13, 2]
    values = {
        name: rng.choices([3, 2, 1], weights)[0]
        for name in ("time_score", "information_score", "conduct_score", "costs_score")
    }
    return Rating(
        agency=dossier.agency,
        dossier=dossier,
        contacts_needed=1 + dossier.supplement_count,
        satisfied=min(values.values()) >= 2 and sum(values.values()) >= 10,
        **values,
    )


def _flush(buffer, rng, result: Result) -> None:
    from django.db import transaction

    from eiso.dossiers.models import Dossier, DossierEvent, DossierStep, Handover, Rating
    from eiso.dossiers.services.numbering import number_events

    with transaction.atomic():
        Dossier.objects.bulk_create([item[0] for item in buffer], batch_size=1000)
        events, steps, handovers, ratings = [], [], [], []
        for dossier, dossier_events, rows, dossier_handovers in buffer:
            for row in (*dossier_events, *rows, *dossier_handovers):
                row.dossier = dossier
            events += dossier_events
            steps += rows
            handovers += dossier_handovers
            if dossier.returned_at and rng.random() < 0.33:
                ratings.append(_rating(rng, dossier))
        DossierEvent.objects.bulk_create(events, batch_size=2000)
        number_events(events)  # the forms' numbers, as the counter reserves them (batches are in time order)
        DossierStep.objects.bulk_create(steps, batch_size=2000)
        Handover.objects.bulk_create(handovers, batch_size=2000)
        Rating.objects.bulk_create(ratings, batch_size=2000)
    result.dossiers += len(buffer)
    result.events += len(events)
    result.steps += len(steps)
    result.ratings += len(ratings)
    result.batches += 1


def span(months: int, end: date) -> tuple[date, date]:
    return end - timedelta(days=round(months * 30.44)), end


def generate_dossiers(
    plans, *, total: int, start: date, end: date, seed: int, batch: int = 2000, progress=None
) -> Result:
    """Write about `total` dossiers received between `start` and `end` for the plans' agencies,
    in batches of `batch` dossiers (the only rows held in memory at any time)."""
    rng = random.Random(seed)
    cal = plans[0].cal
    cutoff = datetime.combine(end, time(17, 0), tzinfo=cal.tz)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    days = [day for day in days if cal.is_working_day(day)]
    result = Result()
    buffer = []
    for day, counts in _daily_counts(plans, days, total, rng):
        for plan, count in zip(plans, counts, strict=True):
            if not count:
                continue
            buffer.extend(stories(plan, day, count, rng, cutoff))
            result.by_day[day] = result.by_day.get(day, 0) + count
            result.max_buffered = max(result.max_buffered, len(buffer))
            if len(buffer) >= batch:
                _flush(buffer, rng, result)
                buffer = []
                if progress:
                    progress(result)
    if buffer:
        _flush(buffer, rng, result)
    return result


def _analyze() -> None:
    """Fresh planner statistics: right after a bulk load PostgreSQL still believes the tables are
    nearly empty (a profile showed row estimates of 52 for 7,241) and picks nested loops."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE dossiers_dossier, dossiers_dossierstep, dossiers_dossierevent, dossiers_rating"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--dossiers", type=int, help="override the size's number of dossiers")
    parser.add_argument("--agencies", type=int, help="override the size's number of agencies")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 6, 30))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from django.conf import settings

    # DEBUG keeps every query's SQL in memory (connection.queries): memory would grow with N.
    settings.DEBUG = False
    from bench.report import emit
    from eiso.dossiers.models import Dossier

    size = SIZES[args.size]
    agencies_wanted = args.agencies or size.agencies
    dossiers_wanted = args.dossiers or size.dossiers
    if Dossier.objects.filter(source=SOURCE).exists():
        raise SystemExit("This database already holds synthetic dossiers: use a fresh database.")
    began = clock.perf_counter()
    ensure_base()
    agencies = ensure_agencies(agencies_wanted)
    plans = plans_for(agencies, seed=args.seed)
    base_seconds = clock.perf_counter() - began
    start, end = span(args.months, args.end)

    def progress(result):
        elapsed = clock.perf_counter() - began - base_seconds
        print(f"  {result.dossiers:>10,} dossiers  {result.dossiers / elapsed:,.0f}/s", flush=True)

    result = generate_dossiers(
        plans,
        total=dossiers_wanted,
        start=start,
        end=end,
        seed=args.seed,
        batch=args.batch,
        progress=progress if dossiers_wanted >= 20 * args.batch else None,
    )
    seconds = clock.perf_counter() - began - base_seconds
    _analyze()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    emit(
        "generate",
        [
            {
                "size": args.size,
                "agencies": len(agencies),
                "dossiers": result.dossiers,
                "events": result.events,
                "steps": result.steps,
                "ratings": result.ratings,
                "base_seconds": round(base_seconds, 1),
                "seconds": round(seconds, 1),
                "dossiers_per_second": round(result.dossiers / seconds),
                "peak_rss_mb": round(peak_kb / 1024, 1),
            }
        ],
    )


if __name__ == "__main__":
    main()
