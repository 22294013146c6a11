"""Steps the browser tests share: log in through the login page, log out with the header button."""

from __future__ import annotations

from tests.factories import PASSWORD


def login(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/konto/logga-in/?next={next_path}")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}{next_path}")


def logout(page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
