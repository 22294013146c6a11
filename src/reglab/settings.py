"""The one settings module. Every value comes from the environment (see docs/settings.md).

Defaults are production-safe: DEBUG is off unless REGLAB_DEBUG=1, and with DEBUG off a missing
REGLAB_SECRET_KEY is an error. `reglab serve` and the test suite set REGLAB_DEBUG for local use.
"""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default or " ").split(",") if item.strip()]


DEBUG = env_bool("REGLAB_DEBUG", False)

# The data directory holds the SQLite database, uploads and caches; every command uses the same one.
DATA_DIR = Path(env_str("REGLAB_DATA_DIR", str(Path.cwd() / "var"))).resolve()

if DEBUG:
    SECRET_KEY = env_str("REGLAB_SECRET_KEY", "insecure-development-key-do-not-use-in-production")
else:
    SECRET_KEY = env_str("REGLAB_SECRET_KEY")

ALLOWED_HOSTS = env_list("REGLAB_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("REGLAB_CSRF_TRUSTED_ORIGINS", "")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    # In INSTALLED_APPS so the API docs page uses the bundled Swagger UI files instead of a CDN.
    "ninja",
]
LOCAL_APPS = [
    "reglab.core",
    "reglab.accounts",
    "reglab.geography",
    "reglab.statistics",
    "reglab.indicators",
    "reglab.analysis",
    "reglab.programme",
    "reglab.plans",
    "reglab.notifications",
    "reglab.api",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Refuses an oversized body (Content-Length) with 413 before anything reads it.
    "reglab.core.limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reglab.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "reglab.core.permissions.PermissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "reglab.core.limits.SecurityHeadersMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before any password is checked (django-axes).
    "reglab.accounts.backends.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "reglab.urls"
WSGI_APPLICATION = "reglab.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reglab.core.context_processors.navigation",
                "reglab.notifications.context_processors.notifications",
            ]
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "reglab.sqlite3"),
            "OPTIONS": {
                # A write transaction takes SQLite's one write lock at BEGIN, so concurrent writers
                # queue on the busy timeout below. In the default (deferred) mode a transaction that
                # read first fails at once with "database is locked" when it tries to write while
                # another holds the lock: 20 people registering at the same instant got 500s.
                "transaction_mode": "IMMEDIATE",
                # Seconds a writer waits for the lock (sqlite3's busy timeout) before it fails.
                "timeout": 30,
                # WAL: readers continue while a writer (a sync, a registration) holds the lock.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The Docker image collects static files at build time outside the data volume (REGLAB_STATIC_ROOT).
STATIC_ROOT = Path(env_str("REGLAB_STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests) whitenoise serves from the finders.
WHITENOISE_USE_FINDERS = DEBUG

# Uploads (workshop decks, statistics files): a hard cap, configurable.
REGLAB_MAX_UPLOAD_BYTES = env_int("REGLAB_MAX_UPLOAD_MB", 25) * 1024 * 1024
# Minutes during which the author of a comment on a proposal may still edit it.
REGLAB_COMMENT_EDIT_MINUTES = env_int("REGLAB_COMMENT_EDIT_MINUTES", 15)
# Dataset versions kept per dataset (the current one included) and, if set, the age in days after
# which older versions go; `reglab data prune` and every successful import apply them.
REGLAB_KEEP_DATASET_VERSIONS = env_int("REGLAB_KEEP_DATASET_VERSIONS", 3)
REGLAB_KEEP_DATASET_VERSIONS_DAYS = env_int("REGLAB_KEEP_DATASET_VERSIONS_DAYS", 0)
# Form fields without files: Django's 2.5 MB default is plenty for every form here.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("REGLAB_MAX_FORM_KB", 2560) * 1024
# Larger uploads are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env_str("REGLAB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("REGLAB_DEFAULT_FROM_EMAIL", "noreply@reglab.local")
# The site's address for links in e-mail (notifications), e.g. https://reglab.example.se; empty = paths only.
REGLAB_SITE_URL = env_str("REGLAB_SITE_URL", "")
# A ballot reminder ("stänger snart") goes out this many hours before the ballot's planned closing.
REGLAB_BALLOT_REMINDER_HOURS = env_int("REGLAB_BALLOT_REMINDER_HOURS", 48)

# External statistics APIs (tests point these at a local server).
REGLAB_SCB_API_URL = env_str("REGLAB_SCB_API_URL", "https://statistikdatabasen.scb.se/api/v2")
REGLAB_SCB_V1_API_URL = env_str("REGLAB_SCB_V1_API_URL", "https://api.scb.se/OV0104/v1/doris")
REGLAB_KOLADA_API_URL = env_str("REGLAB_KOLADA_API_URL", "https://api.kolada.se/v3")
REGLAB_HTTP_TIMEOUT = float(env_str("REGLAB_HTTP_TIMEOUT", "30"))
# Retries for 5xx/timeouts (429 waits Retry-After) and the first backoff in seconds (doubling, capped).
REGLAB_HTTP_RETRIES = env_int("REGLAB_HTTP_RETRIES", 4)
REGLAB_HTTP_BACKOFF = float(env_str("REGLAB_HTTP_BACKOFF", "0.5"))

# Production hardening: on whenever DEBUG is off (check --deploy stays clean).
SECURE_SSL_REDIRECT = env_bool("REGLAB_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("REGLAB_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("REGLAB_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("REGLAB_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ---------------------------------------------------------------------------------------------------
# Abuse limits, headers, cache and API (issue 11, items 5-7)
# ---------------------------------------------------------------------------------------------------

# A request body larger than this (by Content-Length) is refused with 413 before it is read; it sits
# above the upload limit so an upload just over that limit still gets the upload form's own message.
REGLAB_MAX_REQUEST_BYTES = (
    env_int("REGLAB_MAX_REQUEST_MB", env_int("REGLAB_MAX_UPLOAD_MB", 25) + 5) * 1024 * 1024
)

# One cache for every process on the machine (rate-limit counters, pages keyed by data version).
# "locmem" keeps it in each process (tests); "file" (default) shares it between gunicorn workers.
REGLAB_CACHE = env_str("REGLAB_CACHE", "file")
if REGLAB_CACHE not in {"file", "locmem"}:
    raise ImproperlyConfigured(f"REGLAB_CACHE must be 'file' or 'locmem', got {REGLAB_CACHE!r}")
CACHES: dict[str, dict[str, object]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reglab"}
        if REGLAB_CACHE == "locmem"
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

# Pages wrapped in core.cache.cached_by_data_version (region profile, map) are served from the cache
# to anonymous visitors; 0 turns that off (the load benchmark measures both).
REGLAB_PAGE_CACHE = env_bool("REGLAB_PAGE_CACHE", True)

# Login lock-out (django-axes): N failures for one user name lock that account (not the IP address,
# which a whole office may share) until the cool-off ends or the secretariat lifts it.
AXES_FAILURE_LIMIT = env_int("REGLAB_LOGIN_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that username-only locking lets one IP try many accounts; deliberate, because the
# regions' staff share office NAT addresses and one person's typos must not lock out a whole region.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
REGLAB_LOGIN_LOCKOUT_MINUTES = env_int("REGLAB_LOGIN_LOCKOUT_MINUTES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=REGLAB_LOGIN_LOCKOUT_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "reglab.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Who to contact to lift a lock-out, shown on the login page (e.g. an e-mail address).
REGLAB_SECRETARIAT_CONTACT = env_str("REGLAB_SECRETARIAT_CONTACT", "")

# Password-reset mails: at most this many per address and per client IP in REGLAB_RESET_WINDOW_MINUTES.
REGLAB_RESET_LIMIT_PER_ADDRESS = env_int("REGLAB_RESET_LIMIT_PER_ADDRESS", 3)
REGLAB_RESET_LIMIT_PER_IP = env_int("REGLAB_RESET_LIMIT_PER_IP", 20)
REGLAB_RESET_WINDOW_MINUTES = env_int("REGLAB_RESET_WINDOW_MINUTES", 60)


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# Content-Security-Policy (django-csp 4): only our own files; no inline scripts, styles or handlers.
# One exception by hash, not by 'unsafe-inline': the server-drawn charts (analysis/charts.py) carry
# style="max-width:Npx" for their three default widths. Drop these hashes when the charts size via CSS.
REGLAB_CSP_STYLE_ATTR_HASHES = [_csp_hash(f"max-width:{width}px") for width in (460, 560, 640)]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-hashes'", *REGLAB_CSP_STYLE_ATTR_HASHES],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Features no page uses are switched off for the page and anything it embeds.
REGLAB_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

# The open read API (django-ninja): anonymous callers get this many requests per client IP.
NINJA_DEFAULT_THROTTLE_RATES = {
    "anon": env_str("REGLAB_API_ANON_RATE", "120/min"),
    "auth": "10000/day",
    "user": "10000/day",
}
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 10_000


# ---------------------------------------------------------------------------------------------------
# Operations (issue 11, app reglab.operations): logs, tasks, backups, reverse proxy, media storage,
# error reporting. Documented in docs/settings.md and docs/deploy.md.
# ---------------------------------------------------------------------------------------------------
# REGLAB_LOG_FORMAT=json: one JSON object per line (for journald/Loki/ELK); default plain text.
REGLAB_LOG_FORMAT = env_str("REGLAB_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "reglab.operations.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if REGLAB_LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("REGLAB_LOG_LEVEL", "WARNING")},
    # Job outcomes are operational facts worth keeping even when the root level is WARNING.
    "loggers": {"reglab.operations": {"level": env_str("REGLAB_OPS_LOG_LEVEL", "INFO")}},
}

# Background jobs: django-tasks with its database backend; `reglab worker` runs them. The operations app
# holds jobs, the schedule, backups, /healthz and /drift/.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "reglab.operations"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Failed jobs are retried this many times in all, waiting BACKOFF * 2**(attempt-1) seconds in between.
REGLAB_JOB_MAX_ATTEMPTS = env_int("REGLAB_JOB_MAX_ATTEMPTS", 3)
REGLAB_JOB_BACKOFF_SECONDS = env_int("REGLAB_JOB_BACKOFF_SECONDS", 60)
# /healthz calls the worker stale after this many seconds without a heartbeat, statistics after N days.
REGLAB_WORKER_STALE_SECONDS = env_int("REGLAB_WORKER_STALE_SECONDS", 300)
# `reglab serve` (development) runs queued jobs in a thread of its own process, so a sync or an upload
# started on a page completes under `make run` without a second terminal; production uses `reglab worker`.
REGLAB_DEV_WORKER = env_bool("REGLAB_DEV_WORKER", True)
REGLAB_SYNC_STALE_DAYS = env_int("REGLAB_SYNC_STALE_DAYS", 8)

# Backups: where `reglab backup` writes archives, and how many it keeps.
REGLAB_BACKUP_DIR = Path(env_str("REGLAB_BACKUP_DIR", str(DATA_DIR / "backups"))).resolve()
REGLAB_BACKUP_KEEP = env_int("REGLAB_BACKUP_KEEP", 14)

# Behind a TLS-terminating reverse proxy (nginx): trust X-Forwarded-Proto (REGLAB_BEHIND_PROXY above)
# and X-Forwarded-Host when the proxy sets it.
USE_X_FORWARDED_HOST = env_bool("REGLAB_USE_X_FORWARDED_HOST", False)
# Health probes (a container's or load balancer's) talk plain http to the app directly.
SECURE_REDIRECT_EXEMPT = [r"^halsa/$", r"^healthz$"]

# Media on S3-compatible storage when a bucket is configured (pip install 'reglab[s3]'), so several web
# servers share one store; the local filesystem otherwise.
REGLAB_S3_BUCKET = env_str("REGLAB_S3_BUCKET", "")
if REGLAB_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": REGLAB_S3_BUCKET,
            "endpoint_url": env_str("REGLAB_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("REGLAB_S3_REGION", "") or None,
            "access_key": env_str("REGLAB_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("REGLAB_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("REGLAB_S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Error reporting: only when SENTRY_DSN is set and sentry-sdk is installed (pip install 'reglab[sentry]').
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError as exc:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install 'reglab[sentry]'"
        ) from exc
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
