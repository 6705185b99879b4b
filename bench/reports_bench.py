"""The six-month province report (issue 9: reports): figures for every agency of the province,
rendered to .docx and .pdf through the oversight service, wall time and peak memory per stage.

    DATABASE_URL=postgres://... python -m bench.reports_bench [--year 2026 --half 1]
"""

import argparse
import os
import resource
import time
import tracemalloc
from datetime import date


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--half", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from django.conf import settings

    # DEBUG keeps every query's SQL in memory (connection.queries): memory would grow with N.
    settings.DEBUG = False
    from bench.report import emit
    from eiso.accounts.models import User
    from eiso.dossiers.models import Dossier
    from eiso.orgs.demo import demo_province
    from eiso.oversight import reporting
    from eiso.oversight.models import Report
    from eiso.oversight.services import reports

    province = demo_province()
    coordinator = User.objects.get(username="coordinator")
    today = date(args.year, 7, 15) if args.half == 1 else date(args.year + 1, 1, 15)
    report = reports.report_create(
        province=province, kind=Report.Kind.SIX_MONTH, year=args.year, half=args.half, actor=coordinator
    )
    report = reports.report_request_generation(report=report, actor=coordinator)
    agencies = province.agencies.count()
    dossiers = Dossier.objects.filter(agency__province=province).count()

    rows = []
    tracemalloc.start()
    began = time.perf_counter()
    built = reports.report_build(report=report, actor=coordinator, today=today)
    total = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    if not built.is_generated:
        raise SystemExit(f"the report failed: {built.error}")
    # The first build of a process also imports WeasyPrint (cffi parses its C declarations):
    # a one-off cost a long-running worker pays once, so a warm build is measured as well.
    rows.append(_row("whole build, cold process", agencies, dossiers, total, peak))
    built = reports.report_request_generation(report=built, actor=coordinator)
    tracemalloc.reset_peak()
    began = time.perf_counter()
    built = reports.report_build(report=built, actor=coordinator, today=today)
    rows.append(
        _row(
            "whole build, warm process",
            agencies,
            dossiers,
            time.perf_counter() - began,
            tracemalloc.get_traced_memory()[1],
        )
    )
    for name, stage in [
        ("figures", lambda: reporting.compute_figures(report=built, user=coordinator, today=today)),
        (".docx", lambda: reporting.render_docx(built, today)),
        (".pdf", lambda: reporting.render_pdf(built, today)),
    ]:
        tracemalloc.reset_peak()
        began = time.perf_counter()
        stage()
        rows.append(
            _row(name, agencies, dossiers, time.perf_counter() - began, tracemalloc.get_traced_memory()[1])
        )
    tracemalloc.stop()
    emit("reports", rows)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {rss:.0f} MB")


def _row(stage, agencies, dossiers, seconds, peak) -> dict:
    return {
        "stage": stage,
        "agencies": agencies,
        "dossiers": dossiers,
        "seconds": round(seconds, 2),
        "peak_python_mb": round(peak / 2**20, 1),
    }


if __name__ == "__main__":
    main()
