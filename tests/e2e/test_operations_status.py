"""The status page in Chromium: the secretariat starts a backup, the worker runs it, the page shows it."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread

from django.core.management import call_command

from reglab.accounts.models import Organisation, OrganisationKind, Role
from reglab.accounts.services import user_create
from reglab.operations.schedule import schedule_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_backup_now_in_the_browser(page, live_server, client, settings, tmp_path):
    settings.REGLAB_BACKUP_DIR = backup_dir = tmp_path / "backups"
    schedule_seed()
    org = Organisation.objects.create(name="Reglab", slug="reglab-drift", kind=OrganisationKind.NETWORK)
    secretary = user_create(username="drift", password="pw-test-123", organisation=org, role=Role.SECRETARIAT)
    client.force_login(secretary)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])

    page.goto(f"{live_server.url}/drift/")
    page.get_by_role("button", name="Säkerhetskopiera nu").click()
    page.wait_for_load_state()
    assert "Jobbet är köat" in page.locator(".messages").inner_text()
    assert page.locator("tr[data-status=READY]").count() == 1

    call_command("worker", "--once")  # what `reglab worker` does in its loop

    page.reload()
    row = page.locator("tr[data-status=SUCCESSFUL]")
    assert row.count() == 1 and "backup_job" in row.inner_text()
    [archive] = backup_dir.glob("*.tar.gz")
    assert archive.name in page.locator("#backup-heading + p").inner_text()

    # Move the nightly backup to 04:15 on the schedule page.
    page.get_by_role("row", name="Nattlig säkerhetskopia").get_by_role("link", name="Ändra").click()
    page.get_by_label("Klockslag").fill("04:15")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"{live_server.url}/drift/")
    assert "04:15" in page.get_by_role("row", name="Nattlig säkerhetskopia").inner_text()
