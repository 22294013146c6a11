"""Operations settings read from the environment: media storage, error reporting, JSON logs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.operations.clitools import cli_env

PROBE = "import django; django.setup(); from django.conf import settings; print({expr})"


def settings_value(tmp_path, expr: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(expr=expr)],
        env=cli_env(tmp_path, DJANGO_SETTINGS_MODULE="reglab.settings", **env),
        capture_output=True,
        text=True,
    )


def test_media_on_the_filesystem_by_default_and_on_s3_when_a_bucket_is_set(tmp_path):
    default = settings_value(tmp_path, "settings.STORAGES['default']['BACKEND']")
    assert default.stdout.strip() == "django.core.files.storage.FileSystemStorage", default.stderr
    s3 = settings_value(
        tmp_path,
        "settings.STORAGES['default']['BACKEND'], settings.STORAGES['default']['OPTIONS']['endpoint_url']",
        REGLAB_S3_BUCKET="reglab-media",
        REGLAB_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert s3.stdout.strip() == "storages.backends.s3.S3Storage http://127.0.0.1:9000", s3.stderr


@pytest.mark.skipif(importlib.util.find_spec("sentry_sdk") is not None, reason="sentry-sdk is installed here")
def test_sentry_dsn_without_sentry_sdk_is_a_clear_error(tmp_path):
    done = settings_value(tmp_path, "1", SENTRY_DSN="https://key@errors.example.org/1")
    assert done.returncode != 0
    assert "SENTRY_DSN is set but sentry-sdk is not installed: pip install 'reglab[sentry]'" in done.stderr


def test_json_log_format_is_chosen_by_the_environment(tmp_path):
    done = settings_value(
        tmp_path,
        "settings.LOGGING['handlers']['console']['formatter']",
        REGLAB_LOG_FORMAT="json",
    )
    assert done.stdout.strip() == "json", done.stderr
