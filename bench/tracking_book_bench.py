"""The tracking book (sổ theo dõi hồ sơ, eiso/dossiers/paperwork/book.py) for a year of one agency
(issue 18: it must build in under a second): the query alone, then the whole .xlsx, a few times.

    DATABASE_URL=postgres://... python -m bench.tracking_book_bench [--agency ID] [--per-month N]

Without --agency: the agency with the most dossiers received in the last 365 days. With
--per-month, that many dossiers a month are first generated for it (the demo's generator, inside a
transaction rolled back at the end, so the database is left as it was). Prints wall and CPU time
(SQLite's reads run in this process, so its CPU time covers the query; PostgreSQL's share is in the
wall time only) and peak Python memory; asserts nothing.
"""

import argparse
import os
import statistics
import time
import tracemalloc
from datetime import timedelta


class _RollBack(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agency", type=int, default=None)
    parser.add_argument("--per-month", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction

    # DEBUG keeps every query's SQL in memory (connection.queries).
    settings.DEBUG = False
    try:
        with transaction.atomic():
            _measure(args)
            raise _RollBack
    except _RollBack:
        pass


def _measure(args) -> None:
    from django.db.models import Count
    from django.utils import timezone

    from bench.report import emit
    from eiso.dossiers import demo
    from eiso.dossiers.models import Dossier
    from eiso.dossiers.paperwork import book
    from eiso.orgs.models import Agency

    end = timezone.localdate()
    start = end - timedelta(days=364)
    if args.agency is not None:
        agency = Agency.objects.get(pk=args.agency)
    else:
        busiest = (
            Dossier.objects.filter(received_on__range=(start, end))
            .values("agency")
            .annotate(total=Count("pk"))
            .order_by("-total")
            .first()
        )
        if busiest is None and not args.per_month:
            raise SystemExit("No dossiers in the last year: load the demo, or pass --per-month.")
        agency = Agency.objects.get(pk=busiest["agency"]) if busiest else Agency.objects.first()
    if args.per_month:
        pairs = demo.processes_of(agency)
        if not pairs:
            raise SystemExit(f"{agency.name} has no published process to generate dossiers with.")
        demo.generate(agency, pairs, per_month=args.per_month, seed=7, first=start, last=end)
    dossiers = Dossier.objects.filter(agency=agency, received_on__range=(start, end)).count()

    rows = []
    began = time.perf_counter()
    began_cpu = time.process_time()
    entries = sum(1 for _ in book.book_rows(agency, start, end))
    rows.append(
        _row(
            "query only (rows read)",
            agency,
            dossiers,
            time.perf_counter() - began,
            time.process_time() - began_cpu,
            None,
            entries,
        )
    )
    timings, cpu, size = [], [], 0
    for _ in range(args.runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        size = len(book.tracking_book_xlsx(agency, start, end))
        timings.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    # Memory apart: tracemalloc slows Python down several times.
    tracemalloc.start()
    book.tracking_book_xlsx(agency, start, end)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows.append(_row("whole .xlsx, first run", agency, dossiers, timings[0], cpu[0], peak, size))
    median = f"whole .xlsx, median of {args.runs}"
    rows.append(
        _row(median, agency, dossiers, statistics.median(timings), statistics.median(cpu), peak, size)
    )
    emit("tracking_book", rows)


def _row(stage, agency, dossiers, seconds, cpu_seconds, peak, amount) -> dict:
    # CPU time beside wall time: on a machine whose cores are shared, the wall time also counts
    # the waits for a core (a load of 9 on 2 cores made 0.4 s of work take 2.4 s).
    return {
        "stage": stage,
        "agency": agency.name,
        "dossiers": dossiers,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "peak_python_mb": round(peak / 2**20, 1) if peak is not None else "",
        "rows_or_bytes": amount,
    }


if __name__ == "__main__":
    main()
