"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

The one browser fixture for the suite; it skips with a reason when chromium is absent and fails
instead under REGLAB_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import skip_unless_required
from tests.programme.conftest import (  # noqa: F401 - the programme's role fixtures, for the flows here
    idea_round,
    orgs,
    proposals,
    regions,
    round_,
    secretariat_org,
    secretary,
    users,
)

CHROMIUM = os.environ.get("REGLAB_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        skip_unless_required(
            f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)", "REGLAB_REQUIRE_BROWSER"
        )
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
