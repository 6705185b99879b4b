"""The API fuzzed from its own OpenAPI document: no request gives a server error (issue 15, item 6).

Schemathesis reads /api/schema/ and sends every operation requests built from it, valid and not, as
two real users holding expiring tokens from POST /api/v1/auth/token: agency A's ISO secretary and
the province's coordinator. The data is small but real: one object per API route, built in agency A
by the tenancy guard's builders (tests/<app>/guard.py), and the path's `{id}` is that object's id
in about half the cases, so the requests reach serializers, filters and services, not only 404s.
The only check is `not_a_server_error`: a 500 is a bug to fix where it is.

The data is built once per test process (module scope) inside a transaction that is rolled back at
the end; each operation runs inside its own savepoint, so what one operation changes is undone
before the next. Examples per operation and user: EISO_FUZZ_EXAMPLES (CI: 10, derandomized, so a run
is repeatable); `EISO_FUZZ_EXAMPLES=300 EISO_FUZZ_SEED=random pytest tests/api/test_openapi_fuzz.py`
digs deeper.
"""

import os
import re

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import IntegrityError, close_old_connections, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from eiso.core.roles import Role
from eiso.dossiers.models import Dossier
from tests.factories import (
    DEMO_PASSWORD,
    AgencyFactory,
    MembershipFactory,
    ProvinceFactory,
    ProvinceMembershipFactory,
    UnitFactory,
)
from tests.test_tenancy_guard import OBJECT_URLS

EXAMPLES = int(os.environ.get("EISO_FUZZ_EXAMPLES", "10"))
DERANDOMIZE = os.environ.get("EISO_FUZZ_SEED", "fixed") != "random"
COVERAGE = os.environ.get("EISO_FUZZ_COVERAGE", "0") == "1"
USERS = ("secretary", "coordinator")

CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": COVERAGE}, "stateful": {"enabled": False}},
        "generation": {
            "max-examples": EXAMPLES,
            "deterministic": DERANDOMIZE,
            "with-security-parameters": False,
            "database": "none",
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)
# Operations whose side effect would end the fuzzing user's session: revoking the token in use.
schema = schema.exclude(path="/api/v1/auth/token/revoke")

# Filled by the `world` fixture: the real path parameters of each path template, for the hook below.
REAL_PATH_PARAMETERS: dict[str, dict] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the cases use the generated path parameters, half those of a real object."""
    real = REAL_PATH_PARAMETERS.get(context.operation.path)
    if not real:
        return st.just(path_parameters)
    return st.sampled_from([{**path_parameters, **real}, path_parameters])


def _template_regex(template: str, *, whole: bool) -> re.Pattern:
    """`/a/{id}/b/` as a regex; not `whole`: only up to its first parameter (`/a/{id}/`)."""
    parts = re.split(r"\{(\w+)\}", template)
    if not whole:
        parts = parts[:2] + ["/"] if len(parts) > 1 else parts
    pattern = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^/]+)" for index, part in enumerate(parts)
    )
    return re.compile(f"^{pattern}$" if whole else f"^{pattern}")


def _real_path_parameters(urls: list[str]) -> dict[str, dict]:
    """For each path template of the schema, the parameters of a built URL it matches: wholly, or
    else by its first parameter (`/inspection-plans/{id}/document/{fmt}/` takes the plan's id)."""
    found = {}
    for operation in schema.get_all_operations():
        template = operation.ok().path
        for whole in (True, False):
            regex = _template_regex(template, whole=whole)
            match = next((match for url in urls if (match := regex.match(url))), None)
            if match:
                found[template] = match.groupdict()
                break
    return found


def _token(username: str) -> str:
    response = Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": DEMO_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _build(agency_a) -> list[str]:
    """One object per API route, in agency A (or its province): the URLs that reach them."""
    urls, built = [], {}
    for name, builder in OBJECT_URLS.items():
        if not name.startswith("api:"):
            continue
        if builder not in built:
            try:
                with transaction.atomic():
                    built[builder] = builder(agency_a)
            except IntegrityError:
                # Two builders of one province-wide object (a plan per year…): the first one serves.
                built[builder] = None
        if built[builder] is not None:
            urls.append(reverse(name, kwargs=built[builder]))
    dossier = Dossier.objects.filter(agency=agency_a).first()
    urls.append(reverse("api:public-dossier", kwargs={"code": dossier.code}))
    return urls


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The cast and one object per route, kept for the module, rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # as Django's TestCase: services may open durable blocks inside
        outer.__enter__()
        try:
            province = ProvinceFactory(name="Tỉnh Thử Nghiệm Fuzz", division_code=42)
            agency_a = AgencyFactory(province=province, name="Sở Khoa học và Công nghệ", short_name="SKHCN")
            AgencyFactory(province=province, name="Sở Tư pháp", short_name="STP")
            unit = UnitFactory(agency=agency_a, name="Văn phòng Sở")
            MembershipFactory(agency=agency_a, role=Role.SECRETARY, user__username="secretary", unit=unit)
            ProvinceMembershipFactory(province=province, role=Role.COORDINATOR, user__username="coordinator")
            REAL_PATH_PARAMETERS.update(_real_path_parameters(_build(agency_a)))
            tokens = {username: _token(username) for username in USERS}
            cache.clear()
            # As Django's test client does around its own requests (so only after _token): the end of
            # a request must not close the connection that holds the test's transaction.
            request_started.disconnect(close_old_connections)
            request_finished.disconnect(close_old_connections)
            yield tokens
        finally:
            REAL_PATH_PARAMETERS.clear()
            cache.clear()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.mark.parametrize("username", USERS)
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_gives_a_server_error(case, username, world, db):
    case.call_and_validate(headers={"Authorization": f"Token {world[username]}"}, checks=[not_a_server_error])
