"""Do monthly partitions of dossier events pay? (issue 16, item 7; the reasoning: docs/scaling.md)

The same synthetic events go into two tables of a scratch database: one plain, shaped and indexed
as `dossiers_dossierevent`, and one partitioned by month on `at`, whose unique key must then include
`at`. Both are timed on the queries eISO makes of events — a dossier's events (replay, the dossier
page, the forms, the public lookup), the duplicate check of ingest by source id — and on the one
query partitions are made for, one month's events, which eISO does not make. Prints figures
(bench/report.py), asserts no time; the scratch database is dropped afterwards.

    python -m bench.partition_bench [--events 2000000] [--months 12] [--lookups 500]
"""

import argparse
import os
import random
import statistics
import time
from datetime import UTC, datetime

import psycopg

PLAIN = """
CREATE TABLE events_plain (
    id bigserial PRIMARY KEY, agency_id int NOT NULL, dossier_id bigint NOT NULL, type varchar(30) NOT NULL,
    at timestamptz NOT NULL, source varchar(60) NOT NULL, source_id varchar(100) NOT NULL,
    data jsonb NOT NULL
);
"""
PARTITIONED = """
CREATE TABLE events_monthly (
    id bigserial, agency_id int NOT NULL, dossier_id bigint NOT NULL, type varchar(30) NOT NULL,
    at timestamptz NOT NULL, source varchar(60) NOT NULL, source_id varchar(100) NOT NULL,
    data jsonb NOT NULL, PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
"""
# One dossier every `step` seconds over the months, six events a few days apart.
FILL = """
INSERT INTO {table} (agency_id, dossier_id, type, at, source, source_id, data)
SELECT 1 + (d %% 300), d,
       (ARRAY['received', 'step_started', 'step_finished', 'result_ready', 'returned', 'rated'])[k],
       %(start)s::timestamptz + make_interval(secs => d * %(step)s) + make_interval(days => 2 * (k - 1)),
       'tthc', 'e' || (d * 6 + k), '{{}}'::jsonb
FROM generate_series(1, %(dossiers)s) AS d, generate_series(1, 6) AS k
"""
INDEXES = """
CREATE INDEX ON {table} (dossier_id, type);
CREATE INDEX ON {table} (source, source_id);
CREATE UNIQUE INDEX ON {table} (source, agency_id, source_id{extra});
ANALYZE {table};
"""


def _median_ms(cursor, sql: str, params_list: list) -> float:
    timings = []
    for params in params_list:
        began = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument(
        "--server", default=os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
    )
    args = parser.parse_args()
    from bench.report import emit

    scratch = "eiso_partition_bench"
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {scratch}")
        admin.execute(f"CREATE DATABASE {scratch}")
    try:
        rows = _run(f"{args.server}/{scratch}", args)
    finally:
        with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {scratch}")
    emit("event_partitions", rows)


def _run(url: str, args) -> list[dict]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    dossiers = args.events // 6
    step = args.months * 30 * 86400 / dossiers
    months = [datetime(2026 + (m // 12), m % 12 + 1, 1, tzinfo=UTC) for m in range(args.months + 2)]
    rng = random.Random(2026)
    with psycopg.connect(url, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute(PLAIN)
        cursor.execute(PARTITIONED)
        for low, high in zip(months, months[1:], strict=False):
            cursor.execute(
                f"CREATE TABLE events_monthly_{low:%Y%m} PARTITION OF events_monthly "
                f"FOR VALUES FROM ('{low.isoformat()}') TO ('{high.isoformat()}')"
            )
        load = {}
        for table, extra in (("events_plain", ""), ("events_monthly", ", at")):
            began = time.perf_counter()
            cursor.execute(FILL.format(table=table), {"start": start, "step": step, "dossiers": dossiers})
            cursor.execute(INDEXES.format(table=table, extra=extra))
            load[table] = time.perf_counter() - began
        by_dossier = [(rng.randint(1, dossiers),) for _ in range(args.lookups)]
        by_source = [([f"e{rng.randint(7, args.events)}" for _ in range(1000)],) for _ in range(20)]
        month = [(months[args.months // 2], months[args.months // 2 + 1])] * 5
        rows = []
        # The months of the data and one more, for the events that follow the last receptions.
        layouts = (("events_plain", "plain"), ("events_monthly", f"{len(months) - 1} monthly partitions"))
        for table, layout in layouts:
            size = _size(cursor, table)
            figures = {
                "a dossier's events (ms)": _median_ms(
                    cursor, f"SELECT * FROM {table} WHERE dossier_id = %s ORDER BY at", by_dossier
                ),
                "ingest duplicate check, 1,000 ids (ms)": _median_ms(
                    cursor,
                    f"SELECT source_id FROM {table} WHERE source = 'tthc' AND source_id = ANY(%s)",
                    by_source,
                ),
                "one month's events by type (ms)": _median_ms(
                    cursor,
                    f"SELECT type, count(*) FROM {table} WHERE at >= %s AND at < %s GROUP BY type",
                    month,
                ),
            }
            cursor.execute(f"EXPLAIN SELECT * FROM {table} WHERE dossier_id = %s ORDER BY at", by_dossier[0])
            plan = [line for (line,) in cursor.fetchall()]
            scanned = sum("Index Scan" in line or "Bitmap Index Scan" in line for line in plan)
            for query, ms in figures.items():
                rows.append(
                    {
                        "layout": layout,
                        "events": dossiers * 6,
                        "query": query,
                        "ms": ms,
                        "indexes_probed_by_dossier": scanned,
                        "load_s": load[table],
                        "size_mb": size,
                    }
                )
    return rows


def _size(cursor, table: str) -> float:
    # A plain table is no partition tree: pg_partition_tree() gives it no rows.
    cursor.execute(
        "SELECT greatest(pg_total_relation_size(%s), "
        "(SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree(%s)))",
        [table, table],
    )
    return round(int(cursor.fetchone()[0]) / 2**20, 1)


if __name__ == "__main__":
    main()
