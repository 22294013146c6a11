"""The import review screen in a real browser: upload, see fields next to the source, save."""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls stay synchronous and safe.
# (Main's tests/conftest.py sets the same when the browser fixture starts.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from reglab.programme.models import Proposal
from tests.readers.decks_factory import build_pptx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_review(page, live_server, client, secretary, round_, tmp_path) -> None:
    """Log the secretary in, upload the factory deck and land on the review screen."""
    client.force_login(secretary)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    deck = tmp_path / "workshop.pptx"
    deck.write_bytes(build_pptx())
    page.goto(f"{live_server.url}/program/rundor/{round_.pk}/import/")
    page.set_input_files("input[type=file]", str(deck))
    page.get_by_role("button", name="Läs in och granska").click()
    page.wait_for_url("**/import/*/")


def test_upload_review_and_save_in_browser(page, live_server, client, secretary, round_, regions, tmp_path):
    open_review(page, live_server, client, secretary, round_, tmp_path)
    assert page.get_by_role("heading", name="Granska importen").is_visible()
    assert page.locator("section.card").count() == 3
    first = page.locator("section.card").first
    assert first.get_by_label("Titel").input_value() == "Kompetensförsörjning i glesbygd"
    assert "anna.berg@regionjh.se" in first.locator(".source").first.inner_text() or (
        "anna.berg@regionjh.se" in first.inner_text()
    )
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    assert Proposal.objects.count() == 0
    first.get_by_label("Titel").fill("Kompetensförsörjning i glesbygden")
    page.get_by_role("button", name="Spara markerade förslag").click()
    page.wait_for_url(f"**/program/rundor/{round_.pk}/")
    assert "3 förslag sparades" in page.inner_text("main")
    assert Proposal.objects.filter(title="Kompetensförsörjning i glesbygden").exists()


def test_enter_in_a_field_saves_instead_of_splitting_the_first_draft(
    page, live_server, client, secretary, round_, regions, tmp_path
):
    open_review(page, live_server, client, secretary, round_, tmp_path)
    drafts = page.locator("section.card").count()
    first = page.locator("section.card").first
    title = first.get_by_label("Titel")
    title.fill("Kompetensförsörjning i glesbygden")
    title.press("Enter")
    page.wait_for_url(f"**/program/rundor/{round_.pk}/")
    main = page.inner_text("main")
    assert f"{drafts} förslag sparades" in main
    assert "Ange ett radnummer" not in main and "delades" not in main
    assert Proposal.objects.count() == drafts
    assert Proposal.objects.filter(title="Kompetensförsörjning i glesbygden").exists()
