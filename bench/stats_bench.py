"""Statistics for the whole province over a year: the selectors (reading the rollups) beside the
same figures counted on the base rows (dossiers.stats_reference) and hand-written SQL on the base
rows, in the same run (issue 9: statistics; issue 16: rollups). `equal` says whether the rollup
figures are those of the base rows; `--reconcile` also runs the rollup reconciliation and prints
its differences (0 expected). Run against a generated province on PostgreSQL.

    DATABASE_URL=postgres://... python -m bench.stats_bench [--repeat 5] [--end 2026-06-30] [--reconcile]
"""

import argparse
import os
import statistics
import time
from datetime import date, timedelta


def _best(function, repeat: int) -> tuple[float, object]:
    timings, answer = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        answer = function()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), answer


# The contract's counting rules (dossier-events.md) written by hand, as a DBA would.
FIGURES_SQL = """
    count(*) FILTER (WHERE received_on BETWEEN %(start)s AND %(end)s) AS received,
    count(*) FILTER (WHERE ended_on BETWEEN %(start)s AND %(end)s) AS resolved,
    count(*) FILTER (WHERE ended_on BETWEEN %(start)s AND %(end)s AND outcome = 'early') AS early,
    count(*) FILTER (WHERE ended_on BETWEEN %(start)s AND %(end)s AND outcome = 'on_time') AS on_time,
    count(*) FILTER (WHERE ended_on BETWEEN %(start)s AND %(end)s AND outcome = 'late') AS late,
    count(*) FILTER (WHERE received_on <= %(end)s AND (ended_on IS NULL OR ended_on > %(end)s)) AS pending,
    count(*) FILTER (WHERE received_on <= %(end)s AND (ended_on IS NULL OR ended_on > %(end)s)
                     AND appointment < %(after)s) AS overdue,
    count(*) FILTER (WHERE received_on BETWEEN %(start)s AND %(end)s AND supplement_count >= 1)
        AS supplements,
    count(*) FILTER (WHERE received_on BETWEEN %(start)s AND %(end)s AND refused) AS refused,
    count(*) FILTER (WHERE received_on BETWEEN %(start)s AND %(end)s AND extended) AS extended,
    count(*) FILTER (WHERE ended_on BETWEEN %(start)s AND %(end)s AND outcome = 'late' AND NOT extended)
        AS late_without_apology,
    count(*) FILTER (WHERE received_on BETWEEN %(start)s AND %(end)s AND channel = 'online') AS online,
    avg(processing_hours) FILTER (WHERE ended_on BETWEEN %(start)s AND %(end)s) AS hours
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 6, 30))
    parser.add_argument(
        "--reconcile", action="store_true", help="also reconcile the rollups with the base rows"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from django.conf import settings

    # DEBUG keeps every query's SQL in memory (connection.queries): memory would grow with N.
    settings.DEBUG = False
    from django.db import connection

    from bench.report import emit
    from eiso.dossiers import rollups, selectors, stats_reference
    from eiso.dossiers.models import Dossier
    from eiso.orgs.demo import demo_province
    from eiso.orgs.models import Agency
    from eiso.quality.index766.selectors import agency_index

    province = demo_province()
    agencies = Agency.objects.filter(province=province)
    ids = list(agencies.values_list("pk", flat=True))
    end = args.end
    start = end - timedelta(days=364)
    params = {"start": start, "end": end, "after": selectors.end_of(end), "ids": ids}

    def raw(*queries):
        def run():
            with connection.cursor() as cursor:
                answers = []
                for sql in queries:
                    cursor.execute(sql, params)
                    answers.append(cursor.fetchall())
                return answers

        return run

    # Found once, outside the timings (a profile showed this GROUP BY inside the timed selector).
    largest = agencies.get(pk=_largest(Dossier, ids))
    cases = [
        (
            "province figures (dossier_stats)",
            lambda: selectors.dossier_stats(agencies=agencies, start=start, end=end),
            lambda: stats_reference.dossier_stats(agencies=agencies, start=start, end=end),
            raw(f"SELECT {FIGURES_SQL} FROM dossiers_dossier WHERE agency_id = ANY(%(ids)s)"),
        ),
        (
            "per agency (stats_by agency)",
            lambda: selectors.stats_by(agencies=agencies, start=start, end=end, by="agency"),
            lambda: stats_reference.stats_by(agencies=agencies, start=start, end=end, by="agency"),
            raw(
                f"SELECT d.agency_id, a.name, {FIGURES_SQL} FROM dossiers_dossier d "
                "JOIN orgs_agency a ON a.id = d.agency_id WHERE d.agency_id = ANY(%(ids)s) "
                "GROUP BY d.agency_id, a.name ORDER BY d.agency_id"
            ),
        ),
        (
            "per month (monthly)",
            lambda: selectors.monthly(agencies=agencies, start=start, end=end),
            lambda: stats_reference.monthly(agencies=agencies, start=start, end=end),
            raw(
                "SELECT date_trunc('month', received_on) m, count(*) FROM dossiers_dossier "
                "WHERE agency_id = ANY(%(ids)s) AND received_on BETWEEN %(start)s AND %(end)s GROUP BY m",
                "SELECT date_trunc('month', ended_on) m, count(*) FILTER (WHERE outcome = 'early'), "
                "count(*) FILTER (WHERE outcome = 'on_time'), count(*) FILTER (WHERE outcome = 'late') "
                "FROM dossiers_dossier WHERE agency_id = ANY(%(ids)s) "
                "AND ended_on BETWEEN %(start)s AND %(end)s "
                "GROUP BY m",
            ),
        ),
        (
            "where time is lost (delay_ranking)",
            lambda: selectors.delay_ranking(agencies=agencies, start=start, end=end),
            lambda: stats_reference.delay_ranking(agencies=agencies, start=start, end=end),
            raw(
                "SELECT s.unit_id, sum(s.overrun_hours) h, count(*), count(DISTINCT s.dossier_id) "
                "FROM dossiers_dossierstep s JOIN dossiers_dossier d ON d.id = s.dossier_id "
                "WHERE d.agency_id = ANY(%(ids)s) AND d.ended_on BETWEEN %(start)s AND %(end)s "
                "AND d.outcome = 'late' AND s.overrun_hours > 0 GROUP BY s.unit_id ORDER BY h DESC",
                "SELECT s.actor_name, s.unit_id, sum(s.overrun_hours) h, count(*) "
                "FROM dossiers_dossierstep s JOIN dossiers_dossier d ON d.id = s.dossier_id "
                "WHERE d.agency_id = ANY(%(ids)s) AND d.ended_on BETWEEN %(start)s AND %(end)s "
                "AND d.outcome = 'late' AND s.overrun_hours > 0 AND s.actor_name <> '' "
                "GROUP BY s.actor_name, s.unit_id ORDER BY h DESC LIMIT 20",
            ),
        ),
        (
            "766 index, largest agency (agency_index)",
            lambda: agency_index(agency=largest, start=start, end=end, today=end).rows,
            None,
            raw(
                f"SELECT {FIGURES_SQL} FROM dossiers_dossier WHERE agency_id = {largest.pk}",
                "SELECT count(*), count(*) FILTER (WHERE r.satisfied) FROM dossiers_rating r "
                "JOIN dossiers_dossier d ON d.id = r.dossier_id "
                f"WHERE d.agency_id = {largest.pk} AND d.ended_on BETWEEN %(start)s AND %(end)s",
            ),
        ),
    ]
    dossiers = Dossier.objects.filter(agency_id__in=ids).count()
    rows = []
    for name, selector, reference, sql in cases:
        selector()  # warm the cache as a running server has it
        sql()
        selector_seconds, found = _best(selector, args.repeat)
        sql_seconds, _ = _best(sql, args.repeat)
        row = {
            "query": name,
            "dossiers": dossiers,
            "selector_ms": round(selector_seconds * 1000, 1),
            "sql_ms": round(sql_seconds * 1000, 1),
            "ratio": round(selector_seconds / sql_seconds, 2),
        }
        if reference is not None:
            base_seconds, expected = _best(reference, 1)
            row["base_rows_ms"] = round(base_seconds * 1000, 1)
            row["equal"] = _ties_free(found) == _ties_free(expected)
        else:
            row.update(base_rows_ms="—", equal="—")
        rows.append(row)
    emit("statistics", rows)
    if args.reconcile:
        began = time.perf_counter()
        differences = rollups.reconcile()
        emit(
            "rollup reconciliation",
            [
                {
                    "dossiers": dossiers,
                    "differences": len(differences),
                    "seconds": round(time.perf_counter() - began, 1),
                }
            ],
        )


def _ties_free(answer):
    """Rows of equal hours come in no set order in "where time is lost": compare them as sets."""
    if isinstance(answer, dict) and "units" in answer:
        return {key: sorted(map(repr, rows)) for key, rows in answer.items()}
    return answer


def _largest(model, ids) -> int:
    from django.db.models import Count

    row = model.objects.filter(agency_id__in=ids).values("agency_id").annotate(n=Count("pk")).order_by("-n")
    return row[0]["agency_id"]


if __name__ == "__main__":
    main()
