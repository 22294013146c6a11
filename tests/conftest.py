"""Shared test fixtures.

Real data in ../shared/data comes through `shared_data`, which skips with a reason when the folder
is absent and fails instead under REGLAB_REQUIRE_SHARED=1 (CI). The browser fixture does the same
for Debian's chromium under REGLAB_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("REGLAB_DEBUG", "1")
# Each test process keeps its own cache; `_clear_cache` empties it between tests.
os.environ.setdefault("REGLAB_CACHE", "locmem")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("REGLAB_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()
CHROMIUM = os.environ.get("REGLAB_CHROMIUM", "/usr/bin/chromium")


def _require(flag: str) -> bool:
    return os.environ.get(flag, "") not in {"", "0", "false", "no"}


def need_shared(relative: str = "") -> Path:
    """Path inside ../shared; skip (or fail under REGLAB_REQUIRE_SHARED=1) when absent."""
    path = SHARED_DIR / relative
    if not path.exists():
        message = f"needs {path} (the project's ../shared folder with real public data)"
        if _require("REGLAB_REQUIRE_SHARED"):
            pytest.fail(message + "; REGLAB_REQUIRE_SHARED=1 is set", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return need_shared("data")


@pytest.fixture(scope="session")
def shared_seed() -> Path:
    return need_shared("seed/000_cbc1b2dc12c1557d.txt")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if _require("REGLAB_REQUIRE_BROWSER"):
            pytest.fail(message + "; REGLAB_REQUIRE_BROWSER=1 is set", pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django's ORM would refuse to
    # run "in an async context" although the test code itself is synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


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
def _clear_cache():
    """Rate-limit counters and cached pages never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
