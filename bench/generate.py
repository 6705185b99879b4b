"""A synthetic province for the benchmarks: agencies, units, users, procedures, processes, and
N dossiers with their steps, events, handovers, ratings and issued forms over a span of months.

    python -m bench.generate --size small [--seed 2026] [--months 12] [--batch 2000] [--workers 2]

The base (the demo province, its users, the Hà Tĩnh procedure catalogue) comes from the demo
loaders, so it goes through the apps' own code; extra agencies (communes) are added with their
units to reach the size's agency count. Dossiers are told by the demo's story (`demo._story`) and
derived by the counter's replay (`services.derive`), then written with COPY by
`bench.dossier_load`: worker processes build chunks of rows, one writer COPYs them, so memory does
not grow with N. A sample is replayed again at the end (`--check`): 0 differences expected.

Realism: receptions only on working days of the province's calendar (so Tết and the other
public holidays are empty), a monthly season (quiet around Tết, busy in spring and before the
year end), agencies of very different volumes (a few heavy, many light), and late steps
concentrated in a minority of "slow" units (their review step overruns often). Same seed and
batch, same rows: each chunk has its own generator seeded from the seed and the chunk's number,
and the span ends at a fixed moment, not "now".

Sizes (the 2-core reference machine, 07/12/2026, shared with other work at load average 13):
- small: 12 agencies with dossiers, 3,000 dossiers; used by `make bench`.
- medium: 60 agencies, 50,000 dossiers.
- province: 300 agencies, 5,000,000 dossiers over 12 months (~45 M events). Measured at
  1,500,000 dossiers: 43 min, 577 dossiers/s (1,050/s when the load fell to 7-10), writer 208 MB
  and workers 176 MB peak, 10.6 GB; 0.55 ms of Python CPU per dossier, so about 30 min for 5 M
  on an idle machine.
- national: 3,400 agencies, 100,000,000 dossiers — documented only: one province per machine.
"""

import argparse
import os
import random
import resource
import time as clock
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from bench.dossier_load import SOURCE, Result, generate_dossiers

__all__ = ["SOURCE", "Result", "generate_dossiers"]


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
    plans, calendars = [], {}
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
        # One calendar per province: its memo of working days serves every agency.
        cal = calendars.setdefault(agency.province_id, calendar_for(agency))
        plans.append(Plan(agency, pairs, slow_key, 1 / rank**0.8, cal))
    return plans


# --- the dossiers ---------------------------------------------------------------------------------


def span(months: int, end: date) -> tuple[date, date]:
    return end - timedelta(days=round(months * 30.44)), end


LOADED_TABLES = (
    "dossiers_dossier",
    "dossiers_dossierstep",
    "dossiers_dossierevent",
    "dossiers_handover",
    "dossiers_rating",
    "dossiers_issuedform",
    "dossiers_formcounter",
    "orgs_agency",
    "orgs_unit",
)


def analyze() -> None:
    """Fresh planner statistics: right after a bulk load PostgreSQL still believes the tables are
    nearly empty (a profile showed row estimates of 52 for 7,241; 1 agency for 300) and picks
    nested loops."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(LOADED_TABLES)}")


def fill_rollups(say=print) -> None:
    """The statistics rollups (issue 16, item 2) are built from the loaded dossiers here, by
    their own reconciliation command, once the app that provides it is installed."""
    from django.core.management import call_command, get_commands

    if "reconcile_rollups" in get_commands():
        call_command("reconcile_rollups", "--repair")
    else:
        say("  (no reconcile_rollups command yet: rollups not filled)")


def check_sample(first_id: int, last_id: int, size: int, seed: int) -> int:
    """Replay a random sample of the written dossiers as `manage.py check_rules` does
    (recompute_all without saving); returns how many differ from what was written."""
    from eiso.dossiers.models import Dossier
    from eiso.dossiers.services.recompute import recompute_all

    ids = random.Random(seed).sample(range(first_id, last_id + 1), min(size, last_id - first_id + 1))
    report = recompute_all(save=False, dossiers=Dossier.objects.filter(pk__in=ids))
    for line in report.differences[:10]:
        print(f"  differs: {line}")
    return len(report.differences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--dossiers", type=int, help="override the size's number of dossiers")
    parser.add_argument("--agencies", type=int, help="override the size's number of agencies")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 6, 30))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes building rows (0: this one)"
    )
    parser.add_argument("--check", type=int, default=1000, help="dossiers replayed again at the end")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from django.conf import settings

    # DEBUG keeps every query's SQL in memory (connection.queries): memory would grow with N.
    settings.DEBUG = False
    from django.db.models import Max, Min

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
    every, shown = max(1, dossiers_wanted // 20), [0]

    def progress(result):
        if result.dossiers >= shown[0] + every:
            shown[0] = result.dossiers
            elapsed = clock.perf_counter() - began - base_seconds
            print(f"  {result.dossiers:>10,} dossiers  {result.dossiers / elapsed:,.0f}/s", flush=True)

    result = generate_dossiers(
        plans,
        total=dossiers_wanted,
        start=start,
        end=end,
        seed=args.seed,
        batch=args.batch,
        workers=args.workers,
        progress=progress,
    )
    seconds = clock.perf_counter() - began - base_seconds
    moment = clock.perf_counter()
    analyze()
    analyze_seconds = clock.perf_counter() - moment
    fill_rollups()
    ids = Dossier.objects.filter(source=SOURCE).aggregate(first=Min("pk"), last=Max("pk"))
    differences = check_sample(ids["first"], ids["last"], args.check, args.seed)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    emit(
        "generate",
        [
            {
                "size": args.size,
                "agencies": len(agencies),
                "dossiers": result.dossiers,
                "events": result.events,
                "steps": result.steps,
                "handovers": result.handovers,
                "ratings": result.ratings,
                "forms": result.forms,
                "workers": args.workers,
                "base_seconds": round(base_seconds, 1),
                "seconds": round(seconds, 1),
                "write_seconds": round(result.write_seconds, 1),
                "index_seconds": round(result.index_seconds, 1),
                "analyze_seconds": round(analyze_seconds, 1),
                "dossiers_per_second": round(result.dossiers / seconds),
                "peak_rss_mb": round(own / 1024, 1),
                "worker_peak_rss_mb": round(workers / 1024, 1),
                "sample_checked": min(args.check, result.dossiers),
                "sample_differences": differences,
                "database_mb": _database_mb(),
            }
        ],
    )


def _database_mb() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return round(cursor.fetchone()[0] / 2**20)


if __name__ == "__main__":
    main()
