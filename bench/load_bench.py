"""Load test with locust (issue 16, item 6): officers at the counter, secretaries editing documents,
coordinators on dashboards, citizens on the public pages, beside the bare Django view, against
gunicorn + a Celery worker on PostgreSQL + Redis, at 50, 100 and 200 users; p50/p95 per page,
errors, requests/s, worker memory, the throughput knee.

    DATABASE_URL=postgres://... python -m bench.load_bench [--levels 50,100,200] [--seconds 600]

The scenarios are bench/locustfile.py. Accounts, procedure codes and dossier codes (with their
phone digits) come from the bench database; the demo department gets its two published processes
(the demo's own, `_department`) so that the dossiers its officers receive have steps to take.
The load generator competes with the server on a small machine, so locust runs pinned to its own
CPU with `taskset` (the last one by default, `--locust-cpus`); the server may be pinned to the
others with `--server-cpus`. PostgreSQL and Redis are the machine's services and are not pinned.
Only loopback addresses. Figures only, no assertion (bench/report.py).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
GUNICORN_CONF = Path(__file__).resolve().parents[1] / "deploy" / "gunicorn.conf.py"
REFERENCE = "bare Django view"
SAMPLE = 2000  # dossier codes for lookups
RATABLE = 6000  # ended dossiers without a rating, shared out between the levels (each rated once)
# Throughput has stopped growing when twice the users bring less than this much more.
KNEE_GROWTH = 1.1


def knee(levels: list[dict]) -> int | None:
    """The user count after which requests/s stops growing while p95 climbs, or None when the
    throughput still grows at the last level (the knee lies beyond the levels measured)."""
    for before, after in zip(levels, levels[1:], strict=False):
        grows = after["requests_per_second"] >= before["requests_per_second"] * KNEE_GROWTH
        if not grows and after["p95_ms"] > before["p95_ms"]:
            return before["users"]
    return None


def prepare(sample: int = SAMPLE, ratable: int = RATABLE) -> dict:
    """Who logs in and what citizens look up, from the bench database."""
    from eiso.accounts.demo import DEMO_PASSWORD
    from eiso.accounts.models import Membership
    from eiso.core.roles import Role
    from eiso.dossiers.models import Dossier
    from eiso.orgs.demo import demo_province
    from eiso.procedures.demo_processes import _department
    from eiso.procedures.models import Procedure, Process

    province = demo_province()
    procedures = Procedure.objects.filter(province=province, current_version__isnull=False)
    _department({p.code: p for p in procedures.select_related("current_version")})

    def logins(role, **filters) -> list[str]:
        members = Membership.objects.filter(role=role, is_active=True, user__is_active=True, **filters)
        return sorted(set(members.values_list("user__username", flat=True)))[:200]

    with_steps = Process.objects.filter(document__current_version__isnull=False).values("agency")
    anyone = Dossier.objects.only("code", "applicant_phone")
    ended = anyone.filter(ended_at__isnull=False, rating__isnull=True)
    return {
        "password": DEMO_PASSWORD,
        # Officers whose counter gives dossiers steps to take, if there are any.
        "officers": logins(Role.ONE_STOP_OFFICER, agency__in=with_steps) or logins(Role.ONE_STOP_OFFICER),
        "secretaries": logins(Role.SECRETARY, agency__isnull=False),
        "coordinators": logins(Role.COORDINATOR),
        "procedure_codes": sorted(set(procedures.values_list("code", flat=True)))[:500],
        "lookups": [[d.code, d.phone4] for d in anyone.order_by("?")[:sample]],
        "ratable": [[d.code, d.phone4] for d in ended.order_by("?")[:ratable]],
    }


def server_env(redis_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-key-for-a-loopback-server",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "REDIS_URL": redis_url,
        # Password logins for every role, as the demo (the coordinator would be sent to enrol a TOTP).
        "EISO_REQUIRE_2FA_ROLES": "",
        # Citizens' lookups come through the loopback "proxy", each with its own address.
        "TRUSTED_PROXIES": "127.0.0.1/32",
    }


def pinned(cpus: str, command: list[str]) -> list[str]:
    return ["taskset", "-c", cpus, *command] if cpus else command


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="50,100,200", help="user counts, one locust run each")
    parser.add_argument("--seconds", type=float, default=600, help="measured window per level")
    parser.add_argument("--wait", default="1,5", help="think time between a user's tasks, seconds")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: deploy/gunicorn.conf.py's)")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"))
    cpus = sorted(os.sched_getaffinity(0))
    parser.add_argument("--locust-cpus", default=str(cpus[-1]) if len(cpus) > 1 else "")
    parser.add_argument("--server-cpus", default="", help="e.g. 0: pin gunicorn and Celery there")
    parser.add_argument(
        "--no-copy",
        dest="copy",
        action="store_false",
        help="run on the bench database itself (the run receives dossiers, drafts documents, rates)",
    )
    args = parser.parse_args()
    if (args.locust_cpus or args.server_cpus) and not shutil.which("taskset"):
        parser.error("taskset (util-linux) is needed to pin locust: install it or pass --locust-cpus ''")
    _require_redis(args.redis)
    if args.copy:
        began = time.monotonic()
        os.environ["DATABASE_URL"] = _copy_database(os.environ["DATABASE_URL"])
        print(f"On a copy of the bench database ({time.monotonic() - began:.0f} s to copy)", flush=True)
    try:
        _measure(args, cpus)
    finally:
        if args.copy:
            _drop_database(os.environ["DATABASE_URL"])


def _measure(args, cpus: list[int]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from bench.ingest_bench import _free_port
    from bench.pages_bench import _rss_of_workers
    from bench.report import emit

    work = Path(tempfile.mkdtemp(prefix="eiso-load-"))
    data = prepare()
    counts = [int(n) for n in args.levels.split(",")]
    for index, users in enumerate(counts):
        # A dossier is rated once: each level rates its own share of the ended dossiers.
        share = {**data, "ratable": data["ratable"][index :: len(counts)]}
        (work / f"data-{users}.json").write_text(json.dumps(share, ensure_ascii=False), encoding="utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(args.redis)
    # The production settings (sync workers, no keep-alive: nginx opens a connection per request).
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    workers = env.get("GUNICORN_WORKERS") or f"{2 * (os.cpu_count() or 1) + 1}"
    how = (
        f"locust: taskset -c {args.locust_cpus or 'all'}; gunicorn (deploy/gunicorn.conf.py, "
        f"{workers} sync workers) and Celery: taskset -c {args.server_cpus or 'all'}; "
        f"PostgreSQL and Redis not pinned; {len(cpus)} CPUs"
    )
    print(f"CPU split: {how}", flush=True)
    print(
        f"Accounts: {len(data['officers'])} officers, {len(data['secretaries'])} secretaries, "
        f"{len(data['coordinators'])} coordinators (shared by the simulated users, one session each)",
        flush=True,
    )
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        pinned(
            args.server_cpus,
            [
                *(sys.executable, "-m", "gunicorn", "eiso.wsgi:application"),
                *("-c", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}"),
                *("--access-logfile", str(work / "access.log")),
                *("--error-logfile", str(work / "gunicorn.log")),
            ],
        ),
        env=env,
    )
    worker = subprocess.Popen(
        pinned(
            args.server_cpus,
            [
                *(sys.executable, "-m", "celery", "-A", "eiso.core.tasks", "--quiet", "worker"),
                *("--concurrency", "1", "--loglevel", "warning", "--without-gossip", "--without-mingle"),
            ],
        ),
        env=env,
    )
    levels, pages = [], []
    # taskset execs its command: the pids are gunicorn's and Celery's masters, their workers' parent.
    try:
        _wait_for(f"{base}/bench/bare")
        if worker.poll() is not None:
            raise SystemExit("the Celery worker stopped at its start: see its messages above")
        for users in counts:
            report, cpu_seconds, wall = _run_level(args, base, work, users)
            level = _level_row(report, users, args.seconds)
            level["max_rss_mb"] = max(_rss_of_workers(server.pid), default=0)
            level["celery_rss_mb"] = max(_rss_of_workers(worker.pid) or [_rss(worker.pid)], default=0)
            level["generator_cpu_percent"] = round(100 * cpu_seconds / wall, 0) if wall else 0
            level["load_average_1m"] = round(os.getloadavg()[0], 2)
            levels.append(level)
            pages.extend(_page_rows(report, users))
            for error in report["error_messages"]:
                print(f"  error at {users} users: {error['page']}: {error['error']} ×{error['occurrences']}")
    finally:
        for process in (worker, server):
            process.terminate()
        for process in (worker, server):
            process.wait(timeout=60)
    emit("load pages", pages)
    emit("load levels", [{key: value for key, value in row.items() if key != "users"} for row in levels])
    print(f"\nLocust's own output, the data the users drew from and their reports: {work}")
    found = knee(levels)
    emit(
        "load knee",
        [{"levels": args.levels, "knee_users": found or 0, "window": f"{args.seconds:g} s", "cpus": how}],
    )
    if found:
        print(f"Throughput knee: requests/s stops growing after {found} users while p95 climbs.")
    else:
        print(f"No knee within {args.levels} users: requests/s still grows at the last level.")


def _copy_database(url: str) -> str:
    """A copy of the bench database for this run (CREATE DATABASE … TEMPLATE), so that the dossiers,
    documents and ratings the users create do not change what the other benchmarks measure."""
    import psycopg

    server, name = url.rsplit("/", 1)
    copy = f"{name}_load"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        try:
            connection.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
        except psycopg.errors.ObjectInUse:
            raise SystemExit(
                f"{name} is open in another session and cannot be copied: close it, or use --no-copy"
            ) from None
    return f"{server}/{copy}"


def _drop_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _require_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SystemExit(f"The load test needs Redis (cache, Celery broker) at {url}: {error}") from None


def _wait_for(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def _run_level(args, base: str, work: Path, users: int) -> tuple[dict, float, float]:
    """One headless locust run; its report, and the CPU seconds and wall time locust used."""
    report_path = work / f"report-{users}.json"
    env = {
        **os.environ,
        "EISO_LOAD_DATA": str(work / f"data-{users}.json"),
        "EISO_LOAD_SECONDS": str(args.seconds),
        "EISO_LOAD_WAIT": args.wait,
        "EISO_LOAD_REPORT": str(report_path),
    }
    # The window is closed by the locustfile; the run time is only a safety net (logins included).
    limit = int(args.seconds + users / args.spawn_rate + 300)
    command = [
        *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", base),
        *("--users", str(users), "--spawn-rate", str(args.spawn_rate), "--run-time", f"{limit}s"),
        *("--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"),
    ]
    before, began = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    print(f"\n$ {' '.join(pinned(args.locust_cpus, command))}", flush=True)
    with open(work / f"locust-{users}.log", "w") as log:
        subprocess.run(pinned(args.locust_cpus, command), env=env, stdout=log, stderr=log, check=False)
    after, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic() - began
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(report_path.read_text(encoding="utf-8")), cpu, wall


def _level_row(report: dict, users: int, seconds: float) -> dict:
    total, window = report["total"], report["window_seconds"] or seconds
    return {
        "level": f"{users} users",
        "users": users,
        "requests": total["requests"],
        "errors": total["errors"],
        "requests_per_second": round(total["requests"] / window, 1),
        "p50_ms": total["p50_ms"],
        "p95_ms": total["p95_ms"],
        # A label, not a figure: runs of different windows are not compared.
        "window": f"{report['window_seconds']:g} s",
    }


def _page_rows(report: dict, users: int) -> list[dict]:
    bare = next((page for page in report["pages"] if page["page"] == REFERENCE), None)
    rows = []
    for page in sorted(report["pages"], key=lambda page: page["page"]):
        rows.append(
            {
                "level": f"{users} users",
                "page": page["page"],
                "requests": page["requests"],
                "errors": page["errors"],
                "p50_ms": page["p50_ms"],
                "p95_ms": page["p95_ms"],
                "p95_ratio": round(page["p95_ms"] / bare["p95_ms"], 1) if bare and bare["p95_ms"] else 0,
            }
        )
    return rows


def _rss(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            line = next(line for line in status if line.startswith("VmRSS"))
    except (OSError, StopIteration):
        return 0
    return round(int(line.split()[1]) / 1024, 1)


if __name__ == "__main__":
    main()
