"""The one settings module. Every value comes from the environment (see docs/settings.md).

Defaults are production-safe: DEBUG is off unless REGLAB_DEBUG=1, and with DEBUG off a missing
REGLAB_SECRET_KEY is an error. `reglab serve` and the test suite set REGLAB_DEBUG for local use.
"""

from __future__ import annotations

import os
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
THIRD_PARTY_APPS = ["rules.apps.AutodiscoverRulesConfig"]
LOCAL_APPS = [
    "reglab.core",
    "reglab.accounts",
    "reglab.geography",
    "reglab.statistics",
    "reglab.indicators",
    "reglab.analysis",
    "reglab.programme",
    "reglab.plans",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reglab.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "reglab.core.permissions.PermissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

AUTHENTICATION_BACKENDS = [
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
            "NAME": DATA_DIR / "reglab.sqlite3",
            # WAL lets readers continue while a sync writes a new dataset version.
            "OPTIONS": {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
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
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
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
# Dataset versions kept per dataset (the current one included) and, if set, the age in days after
# which older versions go; `reglab data prune` and every successful import apply them.
REGLAB_KEEP_DATASET_VERSIONS = env_int("REGLAB_KEEP_DATASET_VERSIONS", 3)
REGLAB_KEEP_DATASET_VERSIONS_DAYS = env_int("REGLAB_KEEP_DATASET_VERSIONS_DAYS", 0)
DATA_UPLOAD_MAX_MEMORY_SIZE = REGLAB_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env_str("REGLAB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("REGLAB_DEFAULT_FROM_EMAIL", "noreply@reglab.local")

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("REGLAB_LOG_LEVEL", "WARNING")},
}
