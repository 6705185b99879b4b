import os

# Tests run as production does, with DEBUG off, so they need a SECRET_KEY of their own.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")

from eiso.settings import *  # noqa: E402, F403
from eiso.settings import STORAGES  # noqa: E402

# live_server serves /static/ through the finders; with the Manifest storage every hashed URL was a 404.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
# Look a static file up when it is asked for. Without it WhiteNoise walks every static file through
# the finders when its middleware is made, and the test client makes the middleware anew for each
# test: 0.15 s of every test, some 10 minutes of a CI run.
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Each test process keeps its own cache: limits and throttles counted by one xdist worker must not
# be seen (or cleared) by another, as they would be in a shared Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# SQLite tests use a database file, not memory. With an in-memory database Django's live server
# shares the test's one connection between its threads, and the Vietnamese collation (a Python
# callback SQLite calls while holding the connection's mutex) then deadlocked against a thread
# holding the GIL and waiting for that mutex. A file gives each thread its own connection.
# pytest-django adds each xdist worker's suffix to the name.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import hashlib
    import tempfile
    from pathlib import Path

    _checkout = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"eiso-test-{_checkout}.sqlite3")
    }

# Two-factor authentication is off for the suite, whose people log in with a password; the tests
# of accounts/two_factor.py switch it on with the `settings` fixture.
EISO_REQUIRE_2FA_ROLES: list[str] = []

# PostgreSQL: a commit need not wait for the disk (browser tests and the demo commit thousands of
# times); what a crash could lose here is a test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
