"""Guards of the tenancy rule (STYLE.md §4).

1. Every URL that takes an object id, page or API, is probed by users who must not reach its
   object: a user of another agency (for agency-owned objects) and users of another province.
   Reading answers 404; every write method the URL takes (POST, PUT, PATCH, DELETE) answers 404
   or 403; and the database is unchanged afterwards (`_fingerprint`). Each app's
   tests/<app>/guard.py maps its URL names to builders of an object in agency B; a URL missing
   from those tables fails the test, so the guard grows with the apps. A page that runs a
   declared workflow (`…/<pk>/<transition>/`) is probed with every transition of the workflow.
2. Every concrete model with an `agency` field extends `AgencyOwned`.
"""

import importlib
import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from eiso.accounts.models import User
from eiso.core import audit
from eiso.core.models import AuditEntry
from eiso.core.roles import Role
from eiso.core.tenancy import AgencyOwned
from eiso.core.workflow import Workflow
from tests.factories import MembershipFactory, UnitFactory

# Each app lists its object URLs in tests/<app>/guard.py: AGENCY_URLS for agency-owned objects,
# PROVINCE_URLS for province-wide ones (guarded across provinces only). Each maps a URL name to a
# function(agency_b) returning the URL's kwargs for an object owned by agency B (or its province).
Builder = Callable[[object], dict]
TESTS_DIR = Path(__file__).parent


def _guard_tables() -> tuple[dict[str, Builder], dict[str, Builder]]:
    agency_urls: dict[str, Builder] = {}
    province_urls: dict[str, Builder] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("eiso.") or not (TESTS_DIR / config.label / "guard.py").exists():
            continue
        module = importlib.import_module(f"tests.{config.label}.guard")
        agency_urls.update(module.AGENCY_URLS)
        province_urls.update(module.PROVINCE_URLS)
    return agency_urls, province_urls


AGENCY_URLS, PROVINCE_URLS = _guard_tables()
OBJECT_URLS = {**AGENCY_URLS, **PROVINCE_URLS}

# Models with an `agency` field that are deliberately not AgencyOwned, with the reason.
NOT_AGENCY_OWNED = {
    AuditEntry: "the audit trail also records province-wide and deployment-wide actions (no agency)",
}

ID_KWARG = re.compile(r"(^pk$|_pk$|^id$|_id$)")
WRITE_METHODS = ("post", "put", "patch", "delete")
# Tables a refused request may still touch: logging in writes a session, the login throttle its log.
UNGUARDED_APPS = {"sessions", "axes", "contenttypes", "auth", "admin"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def _object_patterns() -> dict[str, URLPattern]:
    patterns = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.startswith("admin:") or name.startswith("api:api-root"):
            continue
        kwargs = pattern.pattern.regex.groupindex.keys()
        if any(ID_KWARG.search(kwarg) for kwarg in kwargs):
            patterns[name] = pattern
    return patterns


OBJECT_PATTERNS = _object_patterns()


def object_url_names() -> list[str]:
    return sorted(OBJECT_PATTERNS)


def methods_taken(url_name: str) -> list[str]:
    """The methods to send: GET and the write methods. An API route says which it takes (the router's
    method → action map); a page is a function view, which cannot say, so it is sent all of them and
    answers 405 to those it does not take."""
    actions = getattr(OBJECT_PATTERNS[url_name].callback, "actions", None)
    if actions is not None:
        return [method for method in ("get", *WRITE_METHODS) if method in actions]
    return ["get", *WRITE_METHODS]


def transitions_of(url_name: str) -> list[str]:
    """Every transition a workflow page URL (`…/<pk>/<transition>/`) runs, read from the workflow that
    core.workflow_views.transition_view closed over; [] for other URLs."""
    if "transition" not in OBJECT_PATTERNS[url_name].pattern.regex.groupindex:
        return []
    view = inspect.unwrap(OBJECT_PATTERNS[url_name].callback)
    workflow = inspect.getclosurevars(view).nonlocals.get("workflow")
    assert isinstance(workflow, Workflow), f"{url_name} is not a transition_view: list its transitions"
    return [transition.name for transition in workflow.transitions]


def _fingerprint() -> dict:
    """What a write moves: per table its row count and latest `updated_at`, the head of each audit-trail
    chain, and the users' passwords and flags (users carry no `updated_at`). Three queries."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    selects = []
    for model in apps.get_models():
        table = model._meta.db_table
        if model._meta.app_label in UNGUARDED_APPS or table not in existing:
            continue
        stamped = any(field.name == "updated_at" for field in model._meta.concrete_fields)
        latest = f"MAX({quote('updated_at')})" if stamped else "NULL"
        selects.append(f"SELECT '{table}', COUNT(*), CAST({latest} AS VARCHAR(40)) FROM {quote(table)}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects))
        prints = {table: (count, latest) for table, count, latest in cursor.fetchall()}
    chains = AuditEntry.objects.values_list("chain").annotate(head=Max("sequence")).order_by()
    prints.update({f"audit trail {chain}": head for chain, head in chains})
    users = User.objects.order_by("pk").values_list("pk", "username", "password", "is_active", "is_staff")
    prints["users"] = list(users)
    return prints


def _changes(before: dict, after: dict) -> dict:
    return {
        key: (before.get(key), after.get(key))
        for key in before.keys() | after.keys()
        if before.get(key) != after.get(key)
    }


def _send(client, method: str, url: str, api: bool):
    if api:
        return getattr(client, method)(url, data={}, content_type="application/json")
    return getattr(client, method)(url)


def _probe(client, user, url: str, url_name: str, taken: list[str]) -> list[str]:
    """Read, then write `url` as `user` with each method in `taken`; the answers that let the user
    through. A page answers 405 to what it does not take: those methods leave `taken`, so the next
    users send only what the view takes (a POST-only page is read-checked by its POST)."""
    client.force_login(user)
    api = url_name.startswith("api:")
    leaks = []
    if "get" in taken:
        status = client.get(url).status_code
        if status == 405 and not api:
            taken.remove("get")
        elif status != 404:
            leaks.append(f"GET → {status}")
    for method in [method for method in taken if method != "get"]:
        status = _send(client, method, url, api).status_code
        if status == 405 and not api:
            taken.remove(method)
        elif status != 404:
            leaks.append(f"{method.upper()} → {status}")
    return leaks


def test_every_object_url_is_in_the_guard_table():
    missing = [name for name in object_url_names() if name not in OBJECT_URLS]
    assert not missing, f"Add these URL names to tests/<app>/guard.py: {missing}"


@pytest.mark.parametrize("url_name", object_url_names())
def test_foreign_users_get_404_and_change_nothing(
    url_name, client, agency_b, secretary_a, sysadmin, other_coordinator, other_province
):
    """Other agency (agency-owned objects) and other province (all): no read, no write, no change."""
    kwargs = OBJECT_URLS[url_name](agency_b)
    urls = [reverse(url_name, kwargs={**kwargs, "transition": t}) for t in transitions_of(url_name)]
    urls = urls or [reverse(url_name, kwargs=kwargs)]
    admin_elsewhere = MembershipFactory(
        agency=None, province=other_province, role=Role.ADMIN, user__username="admin_elsewhere"
    ).user
    foreign = [other_coordinator, admin_elsewhere]
    if url_name not in PROVINCE_URLS:
        foreign.insert(0, secretary_a)
    taken = methods_taken(url_name)
    before = _fingerprint()
    leaks = {
        f"{user.username} {url}": found
        for url in urls
        for user in foreign
        if (found := _probe(client, user, url, url_name, taken))
    }
    assert not leaks, f"{url_name} lets foreign users through: {leaks}"
    changed = _changes(before, _fingerprint())
    assert not changed, f"{url_name}: refused requests of foreign users changed the database: {changed}"


def test_every_model_with_an_agency_field_is_agency_owned():
    offenders = []
    for model in apps.get_models():
        field_names = {field.name for field in model._meta.get_fields()}
        if "agency" in field_names and not issubclass(model, AgencyOwned) and model not in NOT_AGENCY_OWNED:
            offenders.append(model._meta.label)
    assert not offenders, f"These models have an agency field but do not extend AgencyOwned: {offenders}"


def test_the_fingerprint_sees_each_kind_of_write(agency_b, staff_b):
    """The guard's "database unchanged" is only as good as its fingerprint: each write moves it."""
    unit = UnitFactory(agency=agency_b)
    writes = {
        "a new row": lambda: UnitFactory(agency=agency_b),
        "an edited row": lambda: unit.save(update_fields=["name", "updated_at"]),
        "an audit-trail entry": lambda: audit.record(
            actor=staff_b, action="unit.update", target=unit, agency=agency_b
        ),
        "a deleted row": lambda: unit.delete(),
        "a password": lambda: (staff_b.set_password("doi-mat-khau-2026"), staff_b.save()),
        "a deactivated user": lambda: User.objects.filter(pk=staff_b.pk).update(is_active=False),
    }
    for write, run in writes.items():
        before = _fingerprint()
        run()
        assert _changes(before, _fingerprint()), f"the fingerprint misses {write}"
