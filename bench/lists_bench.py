"""The long lists by keyset (issue 16, item 3: the first and the ten-thousandth page both under
200 ms at 5 M dossiers): the dossier list through the API and through the page, for the province's
coordinator and for the secretary of the busiest agency, unfiltered and "đang giải quyết"; the audit
trail page. Each list is timed on its first page and on a page DEPTH rows deep (or as deep as the
list goes), reached by its cursor; beside them, what page numbers cost at the same depth (`COUNT(*)`
then `OFFSET`, the SQL of the former pagination) for comparison.

    DATABASE_URL=postgres://... python -m bench.lists_bench [--runs 15] [--depth 10000]

Requests go through Django's test client in this process (middleware, view, template, JSON), inside
a transaction rolled back at the end (it adds the secretary's membership). Prints ms (median, p95)
and rows; asserts nothing.
"""

import argparse
import os
import statistics
import time


class _RollBack(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--depth", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings")
    # The benchmark's users log in without an authenticator app, as in the demo.
    os.environ["EISO_REQUIRE_2FA_ROLES"] = ""
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.test.utils import override_settings

    settings.DEBUG = False  # DEBUG keeps every query's SQL in memory
    # Static URLs without collectstatic's manifest: the pages' HTML is measured, not their files.
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with override_settings(STORAGES=plain), transaction.atomic():
            _measure(args)
            raise _RollBack
    except _RollBack:
        pass


def _timed(client, url: str, runs: int) -> tuple[float, float, int]:
    """Median and p95 in ms of `runs` requests (after one to warm caches), and the status."""
    client.get(url)
    times, status = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        status = response.status_code
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(len(times) * 0.95))], status


def _query_count(client, url: str) -> int:
    from django.db import connection

    counted = []

    def count(execute, *args):
        counted.append(1)
        return execute(*args)

    with connection.execute_wrapper(count):
        client.get(url)
    return len(counted)


def _offset_ms(queryset, depth: int, runs: int) -> float:
    """The former page-number pagination's SQL at `depth`: COUNT(*) of the list, then the page by OFFSET."""
    times = []
    for _ in range(max(3, runs // 3)):
        began = time.perf_counter()
        queryset.count()
        list(queryset[depth : depth + 25])
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def _cursor_at(queryset, ordering, depth: int) -> tuple[str, int]:
    """The cursor of the page that starts `depth` rows into the list, and the depth reached."""
    from eiso.core.pagination import encode

    ordered = queryset.order_by(*ordering)
    fields = [name.lstrip("-") for name in ordering]
    values = list(ordered.values_list(*fields)[depth - 1 : depth])
    if not values:
        total = ordered.count()
        depth = max(1, total - 25)
        values = list(ordered.values_list(*fields)[depth - 1 : depth])
    return encode(values[0], backwards=False), depth


def _measure(args) -> None:
    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from bench.report import emit
    from eiso.accounts.models import Membership
    from eiso.core import selectors as core_selectors
    from eiso.core.roles import Role
    from eiso.dossiers import selectors
    from eiso.dossiers.filters import ORDERING, DossierFilterSet
    from eiso.dossiers.models import Dossier

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossier")
        cursor.execute("ANALYZE core_auditentry")
    users = get_user_model().objects
    coordinator = users.get(username="coordinator")
    busiest = (
        Dossier.objects.values("agency_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("agency_id", flat=True)
    )[0]
    secretary = users.create_user(username="bench-lists-secretary", password=None, full_name="Thư ký đo")
    Membership.objects.create(user=secretary, agency_id=busiest, role=Role.SECRETARY)
    admin = users.filter(is_superuser=True).first() or coordinator
    total = Dossier.objects.count()

    rows = []
    cases = [
        (coordinator, "coordinator", {}),
        (coordinator, "coordinator", {"status": "open"}),
        (secretary, "secretary of the busiest agency", {}),
        (secretary, "secretary of the busiest agency", {"status": "open"}),
    ]
    for user, who, params in cases:
        client = Client()
        client.force_login(user)
        queryset = DossierFilterSet(params, queryset=selectors.dossier_list(user=user)).qs
        cursor, depth = _cursor_at(queryset, ORDERING, args.depth)
        offset_ms = _offset_ms(queryset, depth, args.runs)
        label = f"{who}, {'đang giải quyết' if params else 'all'}"
        for kind, base in (("API", "/api/v1/dossiers/"), ("page", "/dossiers/")):
            for where, extra in (("first page", {}), (f"{depth:,} rows deep", {"cursor": cursor})):
                query = urlencode({**params, **extra})
                url = f"{base}?{query}" if query else base
                queries = _query_count(client, url)
                median, p95, status = _timed(client, url, args.runs)
                rows.append(
                    {
                        "list": f"dossiers ({label})",
                        "via": kind,
                        "where": where,
                        "median_ms": round(median, 1),
                        "p95_ms": round(p95, 1),
                        "queries": queries,
                        "status": status,
                        "page_numbers_sql_ms": round(offset_ms, 1),
                        "dossiers": total,
                    }
                )

    client = Client()
    client.force_login(admin)
    trail = core_selectors.audit_entry_list(user=admin)
    cursor, depth = _cursor_at(trail, core_selectors.AUDIT_TRAIL_ORDERING, args.depth)
    offset_ms = _offset_ms(trail, depth, args.runs)
    for where, url in (
        ("first page", "/audit-trail/"),
        (f"{depth:,} rows deep", f"/audit-trail/?cursor={cursor}"),
    ):
        median, p95, status = _timed(client, url, args.runs)
        rows.append(
            {
                "list": "audit trail (administrator)",
                "via": "page",
                "where": where,
                "median_ms": round(median, 1),
                "p95_ms": round(p95, 1),
                "queries": "",
                "status": status,
                "page_numbers_sql_ms": round(offset_ms, 1),
                "dossiers": total,
            }
        )
    emit("lists (keyset pages)", rows)


if __name__ == "__main__":
    main()
