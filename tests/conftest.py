"""Shared test fixtures.

Real data in ../shared/data comes through `shared_data`, which skips with a reason when the folder
is absent and fails instead under REGLAB_REQUIRE_SHARED=1 (CI). The browser fixture does the same
for Debian's chromium under REGLAB_REQUIRE_BROWSER=1 (tests/e2e/conftest.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("REGLAB_DEBUG", "1")
# Servers and commands that tests start keep their own in-process cache. (This process's settings are
# loaded by pytest-django before this file, so `_clear_cache` switches its cache explicitly.)
os.environ.setdefault("REGLAB_CACHE", "locmem")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("REGLAB_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()

pytest_plugins = ["tests.support.fixtures"]


def require_flag(flag: str) -> bool:
    return os.environ.get(flag, "") not in {"", "0", "false", "no"}


def skip_unless_required(message: str, flag: str) -> None:
    """Skip the test with ``message``; fail it instead when the environment variable ``flag`` is set (CI)."""
    if require_flag(flag):
        pytest.fail(f"{message}; {flag}=1 is set", pytrace=False)
    pytest.skip(message)


def need_shared(relative: str = "") -> Path:
    """Path inside ../shared; skip (or fail under REGLAB_REQUIRE_SHARED=1) when absent."""
    path = SHARED_DIR / relative
    if not path.exists():
        skip_unless_required(
            f"needs {path} (the project's ../shared folder with real public data)", "REGLAB_REQUIRE_SHARED"
        )
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return need_shared("data")


@pytest.fixture(scope="session")
def shared_seed() -> Path:
    return need_shared("seed/000_cbc1b2dc12c1557d.txt")


@pytest.fixture(scope="session")
def _geography_loaded(django_db_setup, django_db_blocker):
    """Load the real geography once per test session, outside any test's transaction."""
    from reglab.geography.services import geography_load

    with django_db_blocker.unblock():
        geography_load()


@pytest.fixture
def geography(_geography_loaded, db):
    """The real geography (Riket, 21 län, 290 kommuner, 60 FA, with geometries).

    It is shared reference data for the whole session: tests read it and never create regions with
    real codes themselves (that would clash with it). A transactional test flushes the database when
    it ends, so the rows are checked and, if gone, loaded again.
    """
    from reglab.geography.models import Region
    from reglab.geography.services import geography_counts, geography_load

    if Region.objects.kommuner().count() != 290 or not Region.objects.filter(code="00").exists():
        geography_load()
    return geography_counts()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, settings):
    """Each test writes uploads and caches in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """MD5 instead of PBKDF2 in tests: hashing is not under test here and PBKDF2 dominated the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _swedish():
    """Every test starts in Swedish: a request in English leaves English active in the thread (the
    language middleware activates, nothing deactivates), which made message checks depend on order."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache(settings):
    """Rate-limit counters and cached pages never leak from one test into the next, nor between test runs:
    an in-process cache, never the file cache in the developer's data directory."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reglab-tests"}
    }

    cache.clear()
    yield
    cache.clear()
