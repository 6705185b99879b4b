"""eISO settings, read from the environment (see .env.example).

With nothing set but SECRET_KEY, eISO runs on SQLite under data/ with DEBUG off, as `make demo` does
(with a key it makes once in data/secret_key). DEBUG=true, for development, allows the demo key.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from eiso.core.env import env_bool, env_int, env_list, env_networks, env_secret, env_str
from eiso.core.roles import Role

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("EISO_DATA_DIR", str(BASE_DIR / "data")))

DEMO_SECRET_KEY = "eiso-demo-secret-key-not-for-production"
# Off unless asked for: its error pages show settings and the data of the request (an applicant's
# name and phone). Development sets DEBUG=true explicitly; the demo (Makefile) runs with it off.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", DEMO_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEMO_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "eiso.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "eiso.core.staticfiles.EisoStaticFilesConfig",  # django.contrib.staticfiles, without ReDoc
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    # Two-factor authentication (accounts/two_factor.py): TOTP devices and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_prose_editor",  # the rich-text editor's files (core/rich_text.py), served by staticfiles
    "eiso.core",
    "eiso.orgs",
    "eiso.accounts",
    "eiso.documents",
    "eiso.procedures",
    "eiso.dossiers",
    "eiso.quality",
    "eiso.improvement",
    "eiso.oversight",
    "eiso.portal",
    "eiso.api",
]

MIDDLEWARE = [
    # First: everything after it sees the client's real address in REMOTE_ADDR (core/clients.py).
    "eiso.core.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "eiso.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "eiso.accounts.middleware.CurrentAgencyMiddleware",
    # After the session and the user, so that its Vietnamese 400 page has the usual menu.
    "eiso.core.middleware.NulCharacterMiddleware",
    # After the user and their agency: the second login step for those who need it.
    "eiso.accounts.middleware.TwoFactorMiddleware",
    # Axes must come last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eiso.urls"
WSGI_APPLICATION = "eiso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "eiso" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eiso.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'eiso.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
# Optional PostgreSQL streaming replica that statistics, their exports and report generation read
# from (eiso/core/db.py; docs/operations.md). Tests: the replica of the primary's test database,
# which physical replication copies by itself (tests/core/test_replica.py).
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Without a replica it only refuses writes inside reading_from_replica(): every read is the primary's.
DATABASE_ROUTERS = ["eiso.core.db.ReplicaRouter"]
# The demo's SQLite: WAL lets pages read while a request writes; IMMEDIATE transactions take the
# write lock when they begin, so a second writer waits up to `timeout` seconds for it instead of
# failing with "database is locked" (a deferred transaction that read first cannot wait).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "eiso.accounts.oidc.LocalPasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login through the province's OpenID Connect provider (accounts/oidc.py, docs/operations.md), with
# mozilla-django-oidc. Off unless OIDC_RP_CLIENT_ID is set; then the login page offers
# "Đăng nhập bằng tài khoản của tỉnh". Tokens are signed RS256 and checked against the provider's JWKS.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_secret("OIDC_RP_CLIENT_SECRET", "")
EISO_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
# The provider's end_session_endpoint: logging out of eISO ends the provider's session too.
OIDC_OP_END_SESSION_ENDPOINT = env_str("OIDC_OP_END_SESSION_ENDPOINT", "")
OIDC_LOGOUT_ORIGINS = (
    ["{0.scheme}://{0.netloc}".format(urlsplit(OIDC_OP_END_SESSION_ENDPOINT))]
    if OIDC_OP_END_SESSION_ENDPOINT
    else []
)
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the logout redirect
OIDC_OP_LOGOUT_URL_METHOD = "eiso.accounts.oidc.provider_logout_url"
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
# A provider's token lives as long as it says; eISO does not refresh it (SessionRefresh is not used).
# Accounts are matched by e-mail (case-insensitive) or, when set, by this claim against the user's
# "mã định danh đăng nhập tỉnh" (User.sso_id), e.g. a provincial staff number.
EISO_OIDC_MATCH_CLAIM = env_str("EISO_OIDC_MATCH_CLAIM", "")
# Someone the provider knows but eISO does not: refused (default) or created without any role.
EISO_OIDC_CREATE_UNKNOWN = env_bool("EISO_OIDC_CREATE_UNKNOWN", False)
OIDC_CREATE_USER = EISO_OIDC_CREATE_UNKNOWN
# Local passwords (the demo's accounts). Off: the login page shows only the province's button and
# password logins are refused everywhere, except for superusers (a way in when the provider is down).
EISO_LOCAL_LOGIN = env_bool("EISO_LOCAL_LOGIN", True)
if EISO_OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set: {', '.join(_missing)} must be set too.")
    AUTHENTICATION_BACKENDS.append("eiso.accounts.oidc.ProvinceOIDCBackend")
if not EISO_LOCAL_LOGIN and not EISO_OIDC_ENABLED:
    raise ImproperlyConfigured("EISO_LOCAL_LOGIN=false needs the province's login (OIDC_RP_CLIENT_ID).")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Proxies whose X-Forwarded-For is believed (addresses or networks, e.g. nginx at 127.0.0.1); empty:
# the header is ignored. Everything that counts clients uses core/clients.py, which reads this.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", [])

# Documents eISO signs with an agency's certificate get a timestamp from this RFC 3161 authority.
EISO_TSA_URL = env_str("EISO_TSA_URL", "")

# Revocation of the certificates that signed PDFs: "off" checks against the CRLs the administrator
# uploaded only (agency servers often have no Internet); "online" also fetches the CRLs and OCSP
# answers of trusted CAs, all of one file's within EISO_REVOCATION_TIMEOUT seconds.
EISO_REVOCATION_CHECK = env_str("EISO_REVOCATION_CHECK", "off")
if EISO_REVOCATION_CHECK not in ("off", "online"):
    raise ImproperlyConfigured("EISO_REVOCATION_CHECK must be 'off' or 'online'.")
EISO_REVOCATION_TIMEOUT = env_int("EISO_REVOCATION_TIMEOUT", 3)

# Login throttling: five failures lock the username from that address (the real client's) for an
# hour; the pair, so that nobody can lock someone else out from elsewhere or from behind the same
# proxy. The address comes from core.clients (the callable wins over django-axes' AXES_IPWARE_*
# settings, which would read REMOTE_ADDR, already the client's, if django-ipware were installed).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "eiso.core.clients.client_address"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_LOCKOUT_CALLABLE = "eiso.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True

# Two-factor authentication (TOTP; accounts/two_factor.py, docs/operations.md): holders of these
# roles must enrol an authenticator app and enter its code after their password. Default: the
# province's administrators and its ISO people (admin, coordinator, steering_member). The demo
# (Makefile) sets it empty so that its accounts log in with a password alone; anyone may still
# enrol from "Xác thực hai lớp", and a user with an authenticator is always asked for a code.
EISO_REQUIRE_2FA_ROLES = env_list("EISO_REQUIRE_2FA_ROLES", ["admin", "coordinator", "steering_member"])
_UNKNOWN_2FA_ROLES = set(EISO_REQUIRE_2FA_ROLES) - set(Role.values)
if _UNKNOWN_2FA_ROLES:
    raise ImproperlyConfigured(f"EISO_REQUIRE_2FA_ROLES names unknown roles: {sorted(_UNKNOWN_2FA_ROLES)}")
OTP_TOTP_ISSUER = "eISO"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Our Vietnamese catalogue comes first: DRF ships few Vietnamese messages, Django leaves some out.
LOCALE_PATHS = [BASE_DIR / "eiso" / "locale"]
USE_TZ = True
FORMAT_MODULE_PATH = ["eiso.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "eiso" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Files on S3-compatible object storage (MinIO, a provincial cloud): `pip install "eiso[s3]"`.
if env_str("EISO_STORAGE", "filesystem") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME", "eiso"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "access_key": env_secret("AWS_ACCESS_KEY_ID", ""),
            "secret_key": env_secret("AWS_SECRET_ACCESS_KEY", ""),
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
elif env_str("EISO_STORAGE", "filesystem") != "filesystem":
    raise ImproperlyConfigured("EISO_STORAGE must be 'filesystem' or 's3'.")
WHITENOISE_USE_FINDERS = DEBUG
# Source maps are fetched by a developer's tools only, never by a page: compressing them (a third
# of the static files' bytes, Brotli at its slowest) made collectstatic take a minute and a half.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
EISO_UPLOAD_MAX_BYTES = env_int("EISO_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Dossier events kept for a dossier not yet received: how long they wait, and how many one
# sender may keep (the contract lets events arrive before their reception, not forever).
EISO_INGEST_PENDING_DAYS = env_int("EISO_INGEST_PENDING_DAYS", 30)
EISO_INGEST_PENDING_PER_SENDER = env_int("EISO_INGEST_PENDING_PER_SENDER", 5000)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "eISO <no-reply@eiso.local>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

REDIS_URL = env_str("REDIS_URL", "")
# Without a broker, background tasks run inline in the request or command that starts them.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Workers may sit on other hosts (docs/scaling.md). Each reserves no task beyond those it runs, so
# that a long report does not hold queued work an idle worker elsewhere could take; one started
# before Redis answers (another host, a reboot) waits for it instead of exiting.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "eiso.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "eiso.core.api_errors.exception_handler",
    # REMOTE_ADDR is already the client (core.clients): DRF must not read X-Forwarded-For itself.
    "NUM_PROXIES": 0,
}
# API tokens (accounts/tokens.py, django-rest-knox): a digest at rest, expiring after this many hours.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own migrations would create its unused knox_authtoken table (they ignore the swap); it
# references users, and PostgreSQL then refuses to empty the users table (tests' flush).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("API_TOKEN_TTL_HOURS", 24)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "eISO API",
    "DESCRIPTION": "API của hệ thống ISO điện tử (eISO).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Rollout plans and inspection plans share their statuses (draft, approved): one enum for both.
    "ENUM_NAME_OVERRIDES": {"PlanStatusEnum": "eiso.oversight.models.plans.RolloutPlan.Status"},
}

# HTTPS (docs/operations.md): a reverse proxy terminates TLS and says so in X-Forwarded-Proto
# (BEHIND_HTTPS_PROXY); then plain-http requests are redirected, but /healthz for load balancers.
# HSTS is sent on https responses only, so a bare gunicorn on http (CI's smoke test) is unaffected.
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", BEHIND_HTTPS_PROXY and not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)

# Content-Security-Policy (django-csp; docs/operations.md): scripts and styles from eISO's own files
# only, no inline code or style (data for charts travels in json_script blocks, which do not run);
# images may be data: URIs (Bootstrap's icons in its CSS). Violations are reported to the browser's
# console only: no report-uri, so no endpoint collects what a user's page did.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # Logging out redirects a POST to the provider's end_session_endpoint: form-action covers it.
        "form-action": [SELF, *OIDC_LOGOUT_ORIGINS],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools (its font subsetting) log every font and glyph table at INFO and
    # DEBUG: pages of noise in load_demo and the workers' logs for each PDF.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
