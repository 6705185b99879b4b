"""Ingest throughput (issue 9, issue 16 item 1): the same synthetic events through the ingest service
directly, through the bulk event API over HTTP (gunicorn started here on 127.0.0.1), and
written with a raw PostgreSQL COPY, in the same run. Events per second and the ratio to COPY
(goal: at least 30 % through the service, 20 % over HTTP).

    DATABASE_URL=postgres://... python -m bench.ingest_bench [--dossiers 300] [--workers 2]

Needs a database prepared by `bench.generate` (the demo province and its users). The events are
those of the demo agency (Sở Tư pháp), sent as its one-stop officer would, in batches of 1,000,
each run on its own days so that codes never collide. COPY writes the same event rows into a
scratch copy of the events table (same columns and indexes, no foreign keys): the physical limit
of storing them; the service also validates each event, creates the dossiers and their steps,
numbers the forms, writes the audit trail and replays every dossier a batch touched, all set-based
(eiso/dossiers/ingest/). Both paths are warmed first with a few dossiers of their own (imports,
connections, gunicorn workers), as a running server is: the figures are the steady state.
"""

import argparse
import io
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, datetime, timedelta
from datetime import time as dtime

BATCH = 1000


def contract_events(dossier, events, agency_code: str) -> list[dict]:
    """The contract's JSON form (dossier-events.md) of one generated dossier's events."""
    from eiso.dossiers.ingest import EXTRA

    out = []
    for n, event in enumerate(events):
        if event.type not in EXTRA:
            continue  # e.g. "accepted": recorded at the counter in eISO, not part of the ingest contract
        item = {
            "id": f"{event.source_id}-{n}",
            "type": event.type,
            "at": event.at.isoformat(),
            "dossier": dossier.code,
        }
        if event.type == "received":
            item |= {
                "agency": agency_code,
                "procedure": dossier.procedure.code,
                "channel": dossier.channel,
                "applicant": {"name": dossier.applicant_name, "phone": dossier.applicant_phone},
            }
        if event.step_order:
            item["step"] = event.step_order
            if event.actor_name:
                item["actor"] = event.actor_name
        if event.due:
            item["due"] = event.due.isoformat()
        if event.reason:
            item["reason"] = event.reason
        out.append(item)
    return out


def build(plan, first_day: date, dossiers: int, seed: int) -> list[dict]:
    from bench.dossier_load import stories
    from eiso.dossiers.demo import Makers

    rng = random.Random(seed)
    cal = plan.cal
    events, day = [], first_day
    per_day = 25
    while dossiers > 0:
        if cal.is_working_day(day):
            count = min(per_day, dossiers)
            cutoff = datetime.combine(day + timedelta(days=60), dtime(17), tzinfo=cal.tz)
            for dossier, dossier_events, _, _ in stories(plan, day, count, rng, cutoff, Makers()):
                events += contract_events(dossier, dossier_events, plan.agency.identifier_code)
            dossiers -= count
        day += timedelta(days=1)
    # The TTHC system sends by time, not by dossier.
    events.sort(key=lambda item: item["at"])
    return events


def via_service(events, user, source) -> dict:
    from eiso.dossiers.ingest import Ingest

    accepted = 0
    for index in range(0, len(events), BATCH):
        answer = Ingest(source=source, user=user).run(events[index : index + BATCH])
        accepted += answer["accepted"]
        if answer["rejected"]:
            raise SystemExit(f"rejected: {answer['rejected'][:3]}")
    return {"accepted": accepted}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def via_http(events, source, workers: int, warm: list[list[dict]]) -> tuple[dict, float]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "eiso.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        env={**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-only-key-for-a-loopback-server"},
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        token = _post(base + "/api/v1/auth/token", {"username": "officer", "password": "eiso-demo-2026"})[
            "token"
        ]
        for batch in warm:  # one per worker, or near enough: the rest is not timed
            _post(base + "/api/v1/dossier-events/bulk", {"source": "bench-warm", "events": batch}, token)
        began = time.perf_counter()
        accepted = 0
        for index in range(0, len(events), BATCH):
            answer = _post(
                base + "/api/v1/dossier-events/bulk",
                {"source": source, "events": events[index : index + BATCH]},
                token,
            )
            accepted += answer["accepted"]
            if answer["rejected"]:
                raise SystemExit(f"rejected over HTTP: {answer['rejected'][:3]}")
        return {"accepted": accepted}, time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)


def _post(url, body, token=None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)


def via_copy(events, agency_id: int) -> None:
    """The same rows written with COPY into a scratch table shaped like the events table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_event")
        cursor.execute("CREATE TABLE bench_copy_event (LIKE dossiers_dossierevent INCLUDING ALL)")
        codes: dict[str, int] = {}
        buffer = io.StringIO()
        for event in events:
            dossier_id = codes.setdefault(event["dossier"], len(codes) + 1)
            now = datetime.now().astimezone().isoformat()
            data = json.dumps({"applicant": event["applicant"]}) if "applicant" in event else "{}"
            row = [
                now,
                now,
                event["type"],
                event["at"],
                "copy",
                event["id"],
                str(event.get("step", "\\N")),
                event.get("due", "\\N"),
                event.get("reason", ""),
                event.get("actor", ""),
                "",
                data,
                "\\N",
                str(agency_id),
                str(dossier_id),
            ]
            buffer.write("\t".join(value.replace("\t", " ").replace("\n", " ") for value in row) + "\n")
        began = time.perf_counter()
        with cursor.cursor.copy(
            "COPY bench_copy_event (created_at, updated_at, type, at, source, source_id, step_order, due, "
            "reason, actor_name, receiver_name, data, actor_id, agency_id, dossier_id) FROM STDIN"
        ) as copy:
            copy.write(buffer.getvalue())
        connection.commit() if not connection.get_autocommit() else None
        seconds = time.perf_counter() - began
        cursor.execute("DROP TABLE bench_copy_event")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    import django

    django.setup()
    from django.conf import settings

    # DEBUG keeps every query's SQL in memory (connection.queries): memory would grow with N.
    settings.DEBUG = False
    from bench.generate import plans_for
    from bench.report import emit
    from eiso.accounts.models import User
    from eiso.dossiers.models import Dossier, DossierEvent
    from eiso.orgs.demo import demo_agency

    agency = demo_agency()
    if agency is None:
        raise SystemExit("No demo province here: run `python -m bench.generate` on this database first.")
    plan = plans_for([agency], seed=args.seed)[0]
    officer = User.objects.get(username="officer")
    # Each run takes days after everything already stored, so its codes are new.
    latest = (
        Dossier.objects.filter(agency=agency).order_by("-received_on").values_list("received_on", flat=True)
    )
    first = max([latest[0] if latest else date(2026, 6, 30), date(2026, 6, 30)]) + timedelta(days=1)
    service_events = build(plan, first, args.dossiers, args.seed)
    span = timedelta(days=args.dossiers // 20 + 14)
    http_events = build(plan, first + span, args.dossiers, args.seed + 1)
    # Warm-up batches of two dossiers each, ten days apart so that their codes never meet.
    warm = [
        build(plan, first + 2 * span + timedelta(days=10 * n), 2, args.seed + 2 + n)
        for n in range(1 + 2 * args.workers)
    ]
    measured = DossierEvent.objects.exclude(source="bench-warm")
    before = measured.count()
    via_service(warm[0], officer, "bench-warm")

    began = time.perf_counter()
    via_service(service_events, officer, "bench-service")
    service_seconds = time.perf_counter() - began
    answer, http_seconds = via_http(http_events, "bench-http", args.workers, warm[1:])
    copy_seconds = via_copy(service_events, agency.pk)
    # Idempotence kept: the same batch again changes nothing.
    replay = via_service(service_events[:BATCH], officer, "bench-service")
    stored = measured.count() - before

    copy_rate = len(service_events) / copy_seconds
    rows = []
    for path, count, seconds in [
        ("service (Ingest.run)", len(service_events), service_seconds),
        (f"HTTP bulk API, gunicorn {args.workers} workers", len(http_events), http_seconds),
        ("PostgreSQL COPY (same rows)", len(service_events), copy_seconds),
    ]:
        rate = count / seconds
        rows.append(
            {
                "path": path,
                "dossiers": args.dossiers,
                "events": count,
                "seconds": round(seconds, 2),
                "events_per_second": round(rate),
                "share_of_copy": f"{rate / copy_rate:.1%}",
            }
        )
    emit("ingest", rows)
    print(f"stored {stored} events; replaying a batch accepted {replay['accepted']} (idempotent: 0 expected)")


if __name__ == "__main__":
    main()
