"""No query string gives a server error (issue 15, input hygiene).

Every page and API endpoint that answers GET is walked from the URL conf: those without arguments
(list pages, API lists, reports) and the object URLs of the tenancy guard's tables (tests/<app>/
guard.py), built in the actor's own agency. A first request, without a query string, records which
query parameters the view reads (`request.GET` and DRF's `query_params` are the same QueryDict); each
parameter read is then sent, alone, with every hostile value below. A bad value must be answered as
a bad value: a message on the page or a 4xx with the API's error body, never a 500.
"""

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.datastructures import MultiValueDict

TESTS_DIR = Path(__file__).parent

HOSTILE_VALUES = {
    "huge integer": "99999999999999999999999999",
    "negative": "-1",
    "not a number": "abc",
    "float": "1.5",
    "exponent": "1e999999",
    "not a number (NaN)": "NaN",
    "infinity": "inf",
    "superscript digit": "²",
    "NUL byte": "a\x00b",
    "control characters": "\x01\x1b[31m\x7f",
    "bad date": "2025-02-30",
    "long text": "x" * 3000,
    "unknown choice": "khong-co",
}
# Pages that answer GET with something other than a page a person reads; they take no query string.
SKIPPED = {"healthz", "api_schema", "accounts:logout"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def _guard_tables() -> dict[str, Callable]:
    builders: dict[str, Callable] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("eiso.") and (TESTS_DIR / config.label / "guard.py").exists():
            module = importlib.import_module(f"tests.{config.label}.guard")
            builders.update(module.AGENCY_URLS)
            builders.update(module.PROVINCE_URLS)
    return builders


BUILDERS = _guard_tables()


def _url_names() -> list[str]:
    names = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.startswith("admin:") or name in SKIPPED or name.endswith("_transition"):
            continue
        arguments = pattern.pattern.regex.groupindex.keys()
        actions = getattr(pattern.callback, "actions", None)
        if actions is not None and "get" not in actions:
            continue  # an API route that does not read (the router says which methods it takes)
        if not arguments or name in BUILDERS:
            names.add(name)
    return sorted(names)


class ReadParameters:
    """Records the names looked up in any QueryDict while it is installed (pytest's monkeypatch).

    The methods are QueryDict's through its base class, MultiValueDict, which the URL resolver uses too
    (its reverse dictionary): without the type check every URL name a page reverses for its menu was
    taken for a parameter, and each page was asked some 270 times instead of a dozen."""

    def __init__(self, monkeypatch):
        self.names: set[str] = set()
        for method in ("get", "__getitem__", "getlist", "__contains__"):
            original = getattr(MultiValueDict, method, None) or getattr(dict, method)
            monkeypatch.setattr(MultiValueDict, method, self._recording(original), raising=False)

    def _recording(self, original):
        names = self.names

        def lookup(mapping, key, *args, **kwargs):
            if isinstance(mapping, QueryDict) and isinstance(key, str):
                names.add(key)
            return original(mapping, key, *args, **kwargs)

        return lookup


@pytest.fixture
def actors(secretary_a, leader_a, officer_a, auditor_a, coordinator, sysadmin, unit_a):
    """Who reads each URL: the first of these it lets in (agency A's people, then the province's)."""
    return [secretary_a, coordinator, sysadmin, leader_a, officer_a, auditor_a]


def _first_reader(client, url: str, actors: list) -> int:
    status = 0
    for actor in actors:
        client.force_login(actor)
        cache.clear()
        status = client.get(url).status_code
        if status not in (401, 403, 404, 405):
            return status
    return status


@pytest.mark.parametrize("url_name", _url_names())
def test_no_query_string_gives_a_server_error(url_name, client, actors, agency_a, monkeypatch):
    url = reverse(url_name, kwargs=BUILDERS[url_name](agency_a) if url_name in BUILDERS else None)
    client.raise_request_exception = False  # a 500 is collected with its exception, not raised
    recorder = ReadParameters(monkeypatch)
    status = _first_reader(client, url, actors)
    assert status < 500, f"{url} → {status} without a query string"
    monkeypatch.undo()
    failures = []
    for name in sorted(recorder.names):
        for label, value in HOSTILE_VALUES.items():
            cache.clear()
            answer = client.get(url, {name: value})
            if answer.status_code >= 500:
                error = answer.exc_info[1] if answer.exc_info else ""
                failures.append(f"?{name}= {label} → {answer.status_code} {error!r:.200}")
    assert not failures, f"{url} read {sorted(recorder.names)}:\n" + "\n".join(failures)
