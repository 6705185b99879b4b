"""`make bench`: every benchmark, on a PostgreSQL database holding a synthetic province.

    python -m bench.all --size small        # under 5 minutes once the database is generated
    python -m bench.all --size province     # the generation of 5 M dossiers first (bench/generate.py)

The database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/eiso_bench_<size>)
is created, migrated and generated on the first run and reused afterwards.
"""

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

LOAD = {  # per size: ingest dossiers, page seconds, calendar seconds, locust seconds per user level
    "small": (60, 20, 1, 30),
    "medium": (500, 30, 2, 120),
    "province": (3000, 60, 3, 600),
    "national": (3000, 60, 3, 600),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="small", choices=sorted(LOAD))
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/eiso_bench_{args.size}")
    results = RESULTS / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{args.size}.jsonl"
    results.parent.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "eiso.settings",
        "BENCH_RESULTS": str(results),
    }
    python = sys.executable

    def run(*command):
        print(f"\n$ {' '.join(command)}", flush=True)
        subprocess.run([python, *command], env=env, check=True)

    _create_database(url)
    run("manage.py", "migrate", "--noinput", "-v0")
    if not _generated(env):
        run("-m", "bench.generate", "--size", args.size)
    dossiers, page_seconds, calendar_seconds, load_seconds = LOAD[args.size]
    run("-m", "bench.calendar_bench", "--seconds", str(calendar_seconds))
    run("-m", "bench.stats_bench")
    run("-m", "bench.ingest_bench", "--dossiers", str(dossiers))
    run("-m", "bench.pages_bench", "--seconds", str(page_seconds))
    run("-m", "bench.lists_bench")
    run("-m", "bench.reports_bench")
    run("-m", "bench.tracking_book_bench")
    run("-m", "bench.uploads_bench")
    run("-m", "bench.folder_import_bench")
    run("-m", "bench.backup_bench", "--database", url)
    # Last: it writes (dossiers received, documents drafted, ratings) to the bench database.
    run("-m", "bench.load_bench", "--seconds", str(load_seconds))
    print(f"\nFigures kept in {results}; compare with the previous run: python -m bench.compare")


def _create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _generated(env) -> bool:
    check = (
        "from eiso.dossiers.models import Dossier; print(Dossier.objects.filter(source='synthetic').exists())"
    )
    answer = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {check}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return answer.stdout.strip().endswith("True")


if __name__ == "__main__":
    main()
