"""The UI shell in a real browser (Debian chromium through Playwright)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_in_swedish_then_english_via_switcher(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Program").is_visible()
    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="Byt språk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.get_by_role("navigation", name="Main menu")
    assert nav.get_by_role("link", name="Programme").is_visible()
    assert nav.get_by_role("link", name="Action plans").is_visible()


def test_skip_link_is_first_in_keyboard_order(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"


def test_layout_fits_a_phone(page, live_server):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
