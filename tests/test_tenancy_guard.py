"""Guards of the tenancy rule (STYLE.md §4).

1. Every URL that takes an object id answers 404 to a user of another agency (and of another
   province). Each app's tests/<app>/guard.py maps its URL names to builders of an object in
   agency B; a URL missing from those tables fails the test, so the guard grows with the apps.
2. Every concrete model with an `agency` field extends `AgencyOwned`.
"""

import importlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from eiso.core.models import AuditEntry
from eiso.core.tenancy import AgencyOwned
from tests.factories import MembershipFactory, UserFactory

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


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def object_url_names() -> list[str]:
    names = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.startswith("admin:") or name.startswith("api:api-root"):
            continue
        kwargs = pattern.pattern.regex.groupindex.keys()
        if any(ID_KWARG.search(kwarg) for kwarg in kwargs):
            names.add(name)
    return sorted(names)


def test_every_object_url_is_in_the_guard_table():
    missing = [name for name in object_url_names() if name not in OBJECT_URLS]
    assert not missing, f"Add these URL names to tests/<app>/guard.py: {missing}"


def _status_for(client, url: str) -> int:
    status = client.get(url).status_code
    if status == 405:
        status = client.post(url).status_code
    return status


@pytest.mark.parametrize("url_name", [name for name in object_url_names() if name not in PROVINCE_URLS])
def test_user_of_other_agency_gets_404(url_name, client, agency_b, secretary_a, sysadmin):
    url = reverse(url_name, kwargs=OBJECT_URLS[url_name](agency_b))
    client.force_login(secretary_a)
    assert _status_for(client, url) == 404, f"{url_name} ({url}) leaks agency B's object to agency A"


@pytest.mark.parametrize("url_name", object_url_names())
def test_user_of_other_province_gets_404(url_name, client, agency_b, other_coordinator, other_province):
    url = reverse(url_name, kwargs=OBJECT_URLS[url_name](agency_b))
    admin_elsewhere = UserFactory(username="admin_elsewhere")
    MembershipFactory(user=admin_elsewhere, agency=None, province=other_province, role="admin")
    for user in (other_coordinator, admin_elsewhere):
        client.force_login(user)
        assert _status_for(client, url) == 404, (
            f"{url_name} ({url}) leaks across provinces to {user.username}"
        )


def test_every_model_with_an_agency_field_is_agency_owned():
    offenders = []
    for model in apps.get_models():
        field_names = {field.name for field in model._meta.get_fields()}
        if "agency" in field_names and not issubclass(model, AgencyOwned) and model not in NOT_AGENCY_OWNED:
            offenders.append(model._meta.label)
    assert not offenders, f"These models have an agency field but do not extend AgencyOwned: {offenders}"
