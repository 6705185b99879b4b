"""Settings read from the environment (eiso/settings.py): DEBUG is off unless asked for, production
settings pass `check --deploy` but for the warnings docs/operations.md justifies, and the demo's
SQLite lets two requests write at once."""

import contextlib
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "production-like-" + "k3y-" * 12,
    "ALLOWED_HOSTS": "iso.example.gov.vn",
    "BEHIND_HTTPS_PROXY": "true",
    "TRUSTED_PROXIES": "127.0.0.1",
    "CSRF_TRUSTED_ORIGINS": "https://iso.example.gov.vn",
}
# Each warning left by `check --deploy` in production is justified in docs/operations.md.
JUSTIFIED = {"security.W021"}


def _run(code: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    ours = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "TRUSTED_PROXIES", "BEHIND_HTTPS_PROXY"}
    ours |= {"DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by tests/conftest.py for the browser tests
    clean = {name: value for name, value in os.environ.items() if name not in ours}
    clean.update({"EISO_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


SHOW_DEBUG = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'eiso.settings';"
    "from eiso import settings; print(settings.DEBUG)"
)


def test_debug_is_off_unless_asked_for(tmp_path):
    unset = _run(SHOW_DEBUG, {"SECRET_KEY": PRODUCTION["SECRET_KEY"]}, tmp_path)
    assert unset.stdout.strip() == "False", unset.stderr
    asked = _run(SHOW_DEBUG, {"DEBUG": "true"}, tmp_path)
    assert asked.stdout.strip() == "True", asked.stderr


def test_without_debug_the_demo_secret_key_is_refused(tmp_path):
    refused = _run(SHOW_DEBUG, {}, tmp_path)
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr


def test_make_demo_runs_with_debug_off_and_a_key_of_its_own():
    # Issue 18: with DEBUG on, a mistyped address showed Django's English debug page. The demo
    # says DEBUG=false explicitly (a DEBUG=true left in the shell must not leak into it) and makes
    # its own key (tests/core/test_demo_runs_like_production.py starts it so).
    makefile = (ROOT / "Makefile").read_text()
    assert "demo: export DEBUG = false" in makefile
    assert "demo: export SECRET_KEY_FILE = $(CURDIR)/data/secret_key" in makefile


def test_production_settings_pass_the_deploy_check(tmp_path):
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'eiso.settings'; django.setup();"
        "from django.core.management import call_command; call_command('check', '--deploy')"
    )
    result = _run(code, PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    found = {word for line in result.stderr.splitlines() for word in line.split() if ".W0" in word}
    assert {word.strip("():") for word in found} <= JUSTIFIED, result.stderr


def test_production_settings_are_strict(tmp_path):
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'eiso.settings'; from eiso import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_PROXY_SSL_HEADER)"
    )
    result = _run(code, PRODUCTION, tmp_path)
    assert result.stdout.split()[:4] == ["True", "31536000", "True", "True"]
    assert "HTTP_X_FORWARDED_PROTO" in result.stdout
    # Without a proxy terminating TLS (the CI smoke test's bare gunicorn) nothing redirects to https.
    bare = _run(code, {**PRODUCTION, "BEHIND_HTTPS_PROXY": "false"}, tmp_path)
    assert bare.stdout.split()[0] == "False" and bare.stdout.split()[-1] == "None"


def test_a_bad_trusted_proxy_stops_the_start(tmp_path):
    result = _run(SHOW_DEBUG, {**PRODUCTION, "TRUSTED_PROXIES": "127.0.0.1,nginx"}, tmp_path)
    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr


def _sqlite_wrapper(alias: str, path: Path) -> DatabaseWrapper:
    return DatabaseWrapper(
        {
            "NAME": str(path),
            "ENGINE": "django.db.backends.sqlite3",
            "OPTIONS": settings.SQLITE_OPTIONS,
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "TIME_ZONE": None,
            "TEST": {},
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
        },
        alias=alias,
    )


@pytest.mark.django_db
def test_two_concurrent_writes_on_the_demo_sqlite_both_succeed(tmp_path):
    path = tmp_path / "demo.sqlite3"
    setup = _sqlite_wrapper("setup", path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE clicks (id INTEGER PRIMARY KEY, n INTEGER)")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    setup.close()
    both_read = threading.Barrier(2, timeout=1)
    errors = []

    def click(alias: str) -> None:
        connections[alias] = _sqlite_wrapper(alias, path)
        try:
            # A request that reads, then writes (the usual shape of a service), at the same moment as another.
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM clicks")
                # With IMMEDIATE transactions the other request waits for our lock, so it cannot read
                # at the same moment and the barrier breaks; without them both read, then both write.
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_read.wait()
                cursor.execute("INSERT INTO clicks (n) VALUES (1)")
        except Exception as error:  # "database is locked" before the fix
            errors.append(error)
        finally:
            connections[alias].close()
            del connections[alias]

    threads = [threading.Thread(target=click, args=(f"click{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = _sqlite_wrapper("check", path)
    with check.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM clicks")
        assert cursor.fetchone()[0] == 2
    check.close()


def test_a_proxy_without_trusted_proxies_is_a_deploy_warning(settings):
    from eiso.core.checks import check_trusted_proxies

    settings.BEHIND_HTTPS_PROXY, settings.TRUSTED_PROXIES = True, []
    assert [warning.id for warning in check_trusted_proxies(None)] == ["eiso.W001"]
    settings.TRUSTED_PROXIES = ["0.0.0.0/0"]
    assert [warning.id for warning in check_trusted_proxies(None)] == ["eiso.W002"]
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert check_trusted_proxies(None) == []


def test_every_variable_the_settings_read_is_in_env_example():
    names = set(re.findall(r'env_\w+\("([A-Z0-9_]+)"', (ROOT / "eiso" / "settings.py").read_text()))
    listed = set(re.findall(r"^#? ?([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), flags=re.M))
    assert {"TRUSTED_PROXIES", "API_TOKEN_TTL_HOURS", "SECURE_HSTS_SECONDS"} <= names
    assert names - listed == set()
