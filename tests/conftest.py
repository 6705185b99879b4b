"""The fixed cast every test uses (STYLE.md §13).

- `province`: the province of the two agencies.
- `agency_a`, `agency_b`: two departments of that province; `unit_a` belongs to agency A.
- `secretary_a`, `leader_a`, `staff_a`, `officer_a`, `auditor_a`: agency A's ISO secretary, leader,
  staff member (in unit A), one-stop officer and internal auditor.
- `staff_b`, `secretary_b`: agency B's people; they must never see agency A's rows.
- `coordinator`: the provincial coordinator (Sở KH&CN) of the province; `steering`: a steering member.
- `sysadmin`: the province's system administrator.
- `other_coordinator`: a coordinator of another province, who sees nothing of ours.
- `demo_province`: the whole demo, trimmed, for the tests that walk it (crawl, browser).
"""

import io
import os

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from eiso.core.roles import Role
from tests.demo import DemoSnapshot, trim_demo
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    ProvinceFactory,
    ProvinceMembershipFactory,
    UnitFactory,
)

# pytest-playwright's sync API runs an event loop; ORM calls from the test body need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _flush_by_deleting(flush):
    """PostgreSQL's flush after each transactional test (browser tests) truncates every table: new
    files for each table and index, 3 to 7 seconds a test. The tables then hold a few hundred rows,
    which DELETE removes in a blink; Django's foreign keys are checked at commit, so the order of
    the tables does not matter."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:
            return flush(self, style, tables, reset_sequences=True, allow_cascade=allow_cascade)
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    return sql_flush


def pytest_configure(config):
    from django.db.backends.postgresql.operations import DatabaseOperations

    DatabaseOperations.sql_flush = _flush_by_deleting(DatabaseOperations.sql_flush)


@pytest.fixture(autouse=True)
def _standard_editions(request):
    """The editions of the standard are data a migration loads; a transactional test (browser tests,
    the demo crawl) empties every table after it, so such tests load them again when they are gone."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")) and "transactional_db" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from eiso.orgs.models import StandardEdition
    from tests.orgs.factories import load

    if not StandardEdition.objects.exists():
        load()


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def province(db):
    return ProvinceFactory(name="Tỉnh Hà Tĩnh", division_code=42)


@pytest.fixture
def other_province(db):
    return ProvinceFactory(name="Tỉnh Nghệ An", division_code=40)


@pytest.fixture
def agency_a(province):
    return AgencyFactory(province=province, name="Sở Khoa học và Công nghệ", short_name="SKHCN")


@pytest.fixture
def agency_b(province):
    return AgencyFactory(province=province, name="Sở Tư pháp", short_name="STP")


@pytest.fixture
def unit_a(agency_a):
    return UnitFactory(agency=agency_a, name="Văn phòng Sở")


def _member(role, agency, username, **kwargs):
    return MembershipFactory(agency=agency, role=role, user__username=username, **kwargs).user


@pytest.fixture
def secretary_a(agency_a):
    return _member(Role.SECRETARY, agency_a, "secretary_a")


@pytest.fixture
def leader_a(agency_a):
    return _member(Role.LEADER, agency_a, "leader_a")


@pytest.fixture
def staff_a(agency_a, unit_a):
    return _member(Role.STAFF, agency_a, "staff_a", unit=unit_a)


@pytest.fixture
def officer_a(agency_a):
    return _member(Role.ONE_STOP_OFFICER, agency_a, "officer_a")


@pytest.fixture
def auditor_a(agency_a):
    return _member(Role.AUDITOR, agency_a, "auditor_a")


@pytest.fixture
def staff_b(agency_b):
    return _member(Role.STAFF, agency_b, "staff_b")


@pytest.fixture
def secretary_b(agency_b):
    return _member(Role.SECRETARY, agency_b, "secretary_b")


@pytest.fixture
def coordinator(province):
    return ProvinceMembershipFactory(
        province=province, role=Role.COORDINATOR, user__username="coordinator"
    ).user


@pytest.fixture
def steering(province):
    return ProvinceMembershipFactory(
        province=province, role=Role.STEERING_MEMBER, user__username="steering"
    ).user


@pytest.fixture
def sysadmin(province):
    return ProvinceMembershipFactory(province=province, role=Role.ADMIN, user__username="sysadmin").user


@pytest.fixture
def other_coordinator(other_province):
    return ProvinceMembershipFactory(
        province=other_province, role=Role.COORDINATOR, user__username="other_coordinator"
    ).user


_demo_snapshot: DemoSnapshot | None = None


@pytest.fixture
def demo_province(transactional_db, monkeypatch, settings, tmp_path):
    """The whole demo (`manage.py load_demo`), trimmed (`trim_demo`). The pages, their charts and
    the kinds of records are the same; loading takes a fraction of the time. The first test of a
    process that asks for it loads it; the next ones get it back from a snapshot (tests/demo.py).
    Its files (the procedures' forms) go to a temporary folder, not the demo's data/media."""
    global _demo_snapshot
    settings.MEDIA_ROOT = tmp_path / "media"
    if _demo_snapshot is not None:
        _demo_snapshot.restore(settings.MEDIA_ROOT)
        return
    trim_demo(monkeypatch)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        call_command("load_demo", stdout=io.StringIO())
    _demo_snapshot = DemoSnapshot(settings.MEDIA_ROOT)


SUMMARIES = {
    # user property recorded by passing tests -> the section that lists them at the end
    "workflow": "Quy trình đã kiểm tra (tests/core/test_workflows.py)",
    "nd30": "Văn bản đã kiểm tra theo thể thức NĐ 30/2020 (core.nd30)",
}


def pytest_terminal_summary(terminalreporter):
    """What the generic tests covered: each workflow and the transitions it walked; each generated
    document type checked against NĐ 30/2020."""
    for key, title in SUMMARIES.items():
        lines = sorted(
            {
                value
                for report in terminalreporter.stats.get("passed", [])
                for name, value in getattr(report, "user_properties", [])
                if name == key
            }
        )
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)
