"""Browser test (issue 12, must show): an analyst logs in, uploads a PX file on the statistics page,
the worker imports it, the page follows the job until it is done, and the dataset shows the new
version in its history."""

from __future__ import annotations

import io
import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread

from django.core.management import call_command

from reglab.statistics.models import Dataset, VersionStatus
from tests.factories import PASSWORD, OrganisationFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _newer(px: bytes) -> bytes:
    """The same PX table with its last value changed (a revised file from the provider)."""
    head, data = px.rsplit(b"DATA=", 1)
    numbers = data.rstrip().rstrip(b";").split()
    numbers[-1] = str(int(numbers[-1]) + 1).encode()
    return head + b"DATA=\n" + b" ".join(numbers) + b";\n"


def test_analyst_uploads_a_px_file_and_sees_the_new_version(
    page, live_server, geography, shared_data, tmp_path
):
    px_dir = shared_data / "pxweb-example-px"
    original = (px_dir / "BE0101A1hierreg.px").read_bytes()
    call_command("data_import", str(px_dir / "BE0101A1hierreg.px"), "--no-progress", stdout=io.StringIO())
    dataset = Dataset.objects.get(external_id="BE0101A1")
    assert dataset.current_version.number == 1
    revised = tmp_path / "BE0101A1-reviderad.px"
    revised.write_bytes(_newer(original))
    user_with_role("dalaanalys", OrganisationFactory(name="Region Dalarna", slug="region-dalarna"))
    base = live_server.url

    page.goto(f"{base}/konto/logga-in/?next=/statistik/")
    page.get_by_label("Användarnamn").fill("dalaanalys")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/statistik/")

    upload = page.locator("form[action$='/ladda-upp/']")
    upload.get_by_label("Fil:").set_input_files(str(revised))
    upload.get_by_label("Spara som dataset-id").fill("BE0101A1")
    upload.get_by_role("button", name="Ladda upp och importera").click()
    page.wait_for_url(f"{base}/statistik/uppdatera/*/")
    status = page.locator("#update-status")
    assert status.get_attribute("data-status") == "queued"
    assert "Köad" in status.inner_text()

    call_command("worker", "--once")  # what `reglab worker` (or `reglab serve`'s thread) does

    # The page polls the job's status by itself: no reload.
    page.locator("#update-status[data-status=done]").wait_for(timeout=15_000)
    assert "Ny version 2 av BE0101A1" in status.inner_text()
    status.get_by_role("link", name="Till datasetet och dess versioner").click()
    page.wait_for_url(f"{base}/statistik/{dataset.pk}/")
    history = page.get_by_role("table").filter(has_text="Ursprung")
    current = history.get_by_role("row").filter(has_text="gällande")
    assert "v2" in current.inner_text() and "uppladdad fil BE0101A1-reviderad.px" in current.inner_text()
    assert "v1" in history.get_by_role("row").filter(has_text="ersatt").inner_text()
    dataset.refresh_from_db()
    assert dataset.versions.get(status=VersionStatus.CURRENT).number == 2
