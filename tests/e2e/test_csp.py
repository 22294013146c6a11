"""Every main page in Chromium under the production Content-Security-Policy: header present, no violation.

Violations are caught two ways: a `securitypolicyviolation` listener installed before any page script
runs, and Chromium's console messages ("Refused to ... because it violates the ... Content Security
Policy"). Pages are visited anonymously and as a logged-in secretariat superuser (admin included).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""

PASSWORD = "S3kret-lösen!"


@pytest.fixture
def site(geography, shared_data):
    """Published BRP+ results, a statistics dataset, a round, a published programme with a meeting."""
    from django.contrib.auth import get_user_model

    from reglab.accounts.models import Organisation
    from reglab.programme.models import Activity, IdeaRound, Meeting, Programme, Registration
    from reglab.statistics.models import Dataset

    call_command("brp_import_official", str(shared_data / "brp-plus-2025"))
    call_command(
        "data_import", str(shared_data / "pxweb-example-px" / "BE0101D1.px"), "--no-progress", verbosity=0
    )
    admin = get_user_model().objects.create_superuser("chef", "chef@example.org", PASSWORD)
    round_ = IdeaRound.objects.create(title="Idéworkshop 2031", programme_year=2031)
    programme = Programme.objects.create(year=2031, title="Program 2031", is_published=True)
    activity = Activity.objects.create(programme=programme, title="Lärande nätverk", format="natverk")
    meeting = Meeting.objects.create(
        activity=activity, title="Första träffen", starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    Registration.objects.create(
        meeting=meeting, user=admin, organisation=Organisation.objects.first(), status="registered"
    )
    return {
        "round": round_,
        "programme": programme,
        "activity": activity,
        "meeting": meeting,
        "dataset": Dataset.objects.get(external_id="BE0101D1"),
    }


def _visit(page, url: str, console: list[str]) -> list[str]:
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert response is not None and response.status == 200, f"{url}: HTTP {response and response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy, f"{url}: CSP {policy!r}"
    assert response.headers.get("x-frame-options") == "DENY"
    violations = page.evaluate("window.__cspViolations")
    violations += [m for m in console if "Content Security Policy" in m]
    console.clear()
    return [f"{url}: {v}" for v in violations]


def test_main_pages_load_without_csp_violations(browser, live_server, site):
    context = browser.new_context(locale="sv-SE")
    context.add_init_script(LISTENER)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    base = live_server.url
    anonymous = [
        "/",
        "/program/",
        "/analys/",
        "/analys/region/0780/",
        "/analys/region/07/",
        "/analys/region/0780/rapport/",
        "/analys/karta/",
        "/analys/jamfor/?regions=0780&regions=0180",
        "/statistik/",
        site["dataset"].get_absolute_url(),
        "/konto/logga-in/",
        "/konto/losenord/aterstall/",
        "/admin/login/",
        "/api/docs",
    ]
    violations: list[str] = []
    for path in anonymous:
        violations += _visit(page, base + path, console)

    page.goto(base + "/konto/logga-in/")
    page.fill("#id_username", "chef")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Logga in").last.click()
    page.wait_for_load_state("load")
    logged_in = [
        "/program/",
        site["round"].get_absolute_url(),
        site["programme"].get_absolute_url(),
        site["activity"].get_absolute_url(),
        site["meeting"].get_absolute_url(),
        "/handlingsplaner/",
        "/konto/lasta-konton/",
        "/admin/",
        "/admin/programme/activity/",
        f"/admin/programme/activity/{site['activity'].pk}/change/",
    ]
    for path in logged_in:
        violations += _visit(page, base + path, console)
    context.close()
    assert violations == []


def test_print_button_works_without_inline_script(browser, live_server, site):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.url + "/analys/region/0780/rapport/")
    page.evaluate("window.__printed = 0; window.print = () => { window.__printed += 1; }")
    button = page.get_by_role("button", name="Skriv ut")
    assert button.get_attribute("onclick") is None
    button.click()
    assert page.evaluate("window.__printed") >= 1
    context.close()


def test_the_listener_does_catch_a_violation(browser, live_server):
    """Guards the main test: an inline style set by script is reported, so silence means no violation."""
    context = browser.new_context(locale="sv-SE")
    context.add_init_script(LISTENER)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert "style-src-attr" in page.evaluate("window.__cspViolations")[0]
    context.close()


def test_api_docs_render_from_local_files(browser, live_server):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/api/docs")
    page.get_by_text("/api/datasets/{dataset_id}/observations").first.wait_for()
    assert all(url.startswith(live_server.url) for url in requested)
    context.close()
