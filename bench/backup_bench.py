"""Backup and restore at size (issue 16, item 7): pg_dump of a bench database in the custom format,
pg_restore with parallel jobs into a new database, then the audit trail's hash chains verified on
the restored copy by `manage.py verify_audit_trail`, the check docs/operations.md prescribes after a
restore. Prints figures (bench/report.py), asserts no time.

    python -m bench.backup_bench [--database postgres://postgres@127.0.0.1:5432/eiso_bench_small]
                                 [--jobs 2] [--json-backup] [--keep]

The generator writes dossiers without audit entries, so a bench database has a few dozen;
`--audit-entries N` appends N chained entries (one per dossier, on the chains of their agencies) to
the restored copy before it is verified, to time the verification of a province's trail.
`--json-backup` also times `manage.py backup` (Django's portable JSON, the tool of small
deployments) on the same database, to show where it stops being usable. The restored database,
`<name>_restored`, is dropped afterwards unless `--keep`.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def _with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _client_env(url: str) -> tuple[dict, str]:
    """The libpq environment of `url` (host, port, user, password) and its database name."""
    parts = urlsplit(url)
    env = {**os.environ, "PGHOST": parts.hostname or "127.0.0.1", "PGPORT": str(parts.port or 5432)}
    if parts.username:
        env["PGUSER"] = parts.username
    if parts.password:
        env["PGPASSWORD"] = parts.password
    return env, parts.path.lstrip("/")


def _timed(command: list[str], env: dict) -> float:
    began = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def _scalar(env: dict, database: str, sql: str) -> str:
    answer = subprocess.run(
        ["psql", "-d", database, "-Atc", sql], env=env, check=True, capture_output=True, text=True
    )
    return answer.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    default = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/eiso_bench_small")
    parser.add_argument("--database", default=default)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json-backup", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--audit-entries", type=int, default=0)
    args = parser.parse_args()

    from bench.report import emit

    env, name = _client_env(args.database)
    restored = f"{name}_restored"
    manage = [sys.executable, str(ROOT / "manage.py")]
    django_env = {**env, "DJANGO_SETTINGS_MODULE": "eiso.settings", "DEBUG": "true"}
    size_bytes = int(_scalar(env, name, "SELECT pg_database_size(current_database())"))
    dossiers = int(_scalar(env, name, "SELECT count(*) FROM dossiers_dossier"))
    events = int(_scalar(env, name, "SELECT count(*) FROM dossiers_dossierevent"))
    audit_entries = int(_scalar(env, name, "SELECT count(*) FROM core_auditentry"))
    chains = int(_scalar(env, name, "SELECT count(DISTINCT chain) FROM core_auditentry"))

    rows = []
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / f"{name}.dump"
        dump_seconds = _timed(["pg_dump", "-Fc", "-d", name, "-f", str(dump)], env)
        subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True)
        subprocess.run(["createdb", restored], env=env, check=True)
        restore_seconds = _timed(
            ["pg_restore", "-j", str(args.jobs), "--no-owner", "-d", restored, str(dump)], env
        )
        # ANALYZE is not in a dump: without it the restored copy's first queries are planned blind.
        analyze_seconds = _timed(["psql", "-q", "-d", restored, "-c", "ANALYZE"], env)
        restored_url = _with_name(args.database, restored)
        append_seconds = 0.0
        if args.audit_entries:
            append_seconds = _timed(
                [sys.executable, "-m", "bench.backup_bench", "--append-audit", str(args.audit_entries)],
                {**django_env, "DATABASE_URL": restored_url},
            )
        verify_seconds = _timed([*manage, "verify_audit_trail"], {**django_env, "DATABASE_URL": restored_url})
        restored_entries = int(_scalar(env, restored, "SELECT count(*) FROM core_auditentry"))
        base = {
            "database": name,
            "size_mb": round(size_bytes / 2**20, 1),
            "dossiers": dossiers,
            "events": events,
            "audit_entries": audit_entries,
            "chains": chains,
        }
        rows.append(
            {**base, "step": "pg_dump -Fc", "seconds": dump_seconds, "output_mb": dump.stat().st_size / 2**20}
        )
        rows.append(
            {**base, "step": f"pg_restore -j {args.jobs}", "seconds": restore_seconds, "output_mb": 0.0}
        )
        if args.audit_entries:
            step = f"append {args.audit_entries} audit entries (restored)"
            rows.append({**base, "step": step, "seconds": append_seconds, "output_mb": 0.0})
        rows.append({**base, "step": "ANALYZE (restored)", "seconds": analyze_seconds, "output_mb": 0.0})
        rows.append(
            {
                **base,
                "step": f"verify_audit_trail (restored, {restored_entries} entries, chains intact)",
                "seconds": verify_seconds,
                "output_mb": 0.0,
            }
        )
        if args.json_backup:
            archive = Path(work) / "eiso-backup.zip"
            json_seconds = _timed(
                [*manage, "backup", str(archive)], {**django_env, "DATABASE_URL": args.database}
            )
            rows.append(
                {
                    **base,
                    "step": "manage.py backup (JSON)",
                    "seconds": json_seconds,
                    "output_mb": archive.stat().st_size / 2**20,
                }
            )
    if not args.keep:
        subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True)
    emit("backup_restore", rows)


def append_audit(count: int) -> None:
    """Extend the chains of the database DATABASE_URL names with `count` entries, one per dossier
    (as a reception writes), hashed as core.audit does, written in batches."""
    import django

    django.setup()
    from django.db import transaction

    from eiso.core import audit
    from eiso.core.models import AuditChain, AuditEntry
    from eiso.dossiers.models import Dossier

    dossiers = Dossier.objects.values_list("pk", "agency_id", "agency__province_id", "code").order_by("pk")
    heads, batch = {}, []
    with transaction.atomic():
        for pk, agency_id, province_id, code in dossiers[:count].iterator(chunk_size=5000):
            key = audit.chain_key(agency_id=agency_id, province_id=province_id)
            if key not in heads:
                heads[key] = AuditChain.objects.get_or_create(key=key)[0]
            head = heads[key]
            entry = AuditEntry(
                chain=key,
                sequence=head.last_sequence + 1,
                agency_id=agency_id,
                province_id=province_id,
                actor_repr="hệ thống",
                action="dossier.received",
                target_type="dossiers.dossier",
                target_id=str(pk),
                target_repr=code,
                changes={"status": [None, "processing"]},
                at=audit._now_in_milliseconds(),
                request_id="",
                prev_hash=head.last_hash,
            )
            entry.hash = audit.compute_hash(entry)
            head.last_sequence, head.last_hash = entry.sequence, entry.hash
            batch.append(entry)
            if len(batch) == 5000:
                AuditEntry.objects.bulk_create(batch)
                batch = []
        AuditEntry.objects.bulk_create(batch)
        AuditChain.objects.bulk_update(heads.values(), ["last_sequence", "last_hash"])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--append-audit"]:
        append_audit(int(sys.argv[2]))
    else:
        main()
