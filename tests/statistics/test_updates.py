"""Data updates from the web: a member or the secretariat uploads a file or starts a sync on the
statistics pages; the worker does the work; the page polls its status; a bad file leaves the
previous version current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from reglab.accounts.models import Role
from reglab.statistics.models import Dataset, DataUpdate, SyncFailure, UpdateStatus
from tests.factories import OrganisationFactory, user_with_role

# Transactional: the worker command closes the database connections when it ends (on PostgreSQL that
# would end a test transaction), as in tests/operations/test_jobs.py.
pytestmark = pytest.mark.django_db(transaction=True)

CSV = "region;år;kön;värde\n0114;2023;kvinnor;10\n0114;2023;män;12\n2080;2023;kvinnor;7\n2080;2023;män;8\n"


@pytest.fixture
def analyst(db):
    return user_with_role("analytiker", OrganisationFactory(name="Region Dalarna", slug="region-dalarna"))


def _upload(client, name: str, content: bytes, **extra):
    return client.post(
        reverse("statistics:update-upload"), {"file": SimpleUploadedFile(name, content), **extra}
    )


def _worker() -> None:
    call_command("worker", "--once")  # what `reglab worker` (or `reglab serve`'s thread) does


def test_member_uploads_a_px_file_the_worker_imports_it(client, analyst, geography, px_dir, settings):
    client.force_login(analyst)
    response = _upload(client, "BE0101A1hierreg.px", (px_dir / "BE0101A1hierreg.px").read_bytes())
    update = DataUpdate.objects.get()
    assert response.status_code == 302 and response["Location"] == update.get_absolute_url()
    # Stored privately under the data directory (not media, not static), and only queued so far.
    stored = Path(settings.DATA_DIR) / update.stored_path
    assert stored.is_file() and "uploads/statistics" in update.stored_path
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    status = client.get(reverse("statistics:update-status", args=[update.pk])).json()
    assert status["status"] == "queued" and not status["finished"]
    page = client.get(update.get_absolute_url()).content.decode()
    assert "data-poll-url" in page and "Köad" in page

    _worker()

    status = client.get(reverse("statistics:update-status", args=[update.pk])).json()
    assert status["status"] == "done" and status["version"] == 1, status
    assert "Ny version 1 av BE0101A1" in status["message"]
    dataset = Dataset.objects.get(external_id="BE0101A1")
    assert status["dataset_url"] == dataset.get_absolute_url()
    detail = client.get(dataset.get_absolute_url()).content.decode()
    assert "uppladdad fil BE0101A1hierreg.px" in detail  # the version history's origin


def test_csv_upload_shows_its_own_source_line(client, analyst, geography):
    client.force_login(analyst)
    _upload(client, "egna siffror.csv", CSV.encode(), dataset_id="EGNA")
    _worker()
    dataset = Dataset.objects.get(external_id="EGNA")
    assert dataset.current_version.row_count == 4
    detail = client.get(dataset.get_absolute_url()).content.decode()
    assert "Egen fil: egna siffror.csv, uppladdad av analytiker 20" in detail
    listing = client.get(reverse("statistics:dataset-list")).content.decode()
    assert "Egen fil: egna siffror.csv" in listing


def test_bad_file_fails_with_a_swedish_line_and_keeps_the_previous_version(client, analyst, geography):
    client.force_login(analyst)
    _upload(client, "egna.csv", CSV.encode(), dataset_id="EGNA")
    _worker()
    _upload(client, "trasig.px", b'MATRIX="X";\nDATA=\n1 2 3', dataset_id="EGNA")
    _worker()
    failed = DataUpdate.objects.order_by("-id").first()
    status = client.get(reverse("statistics:update-status", args=[failed.pk])).json()
    assert status["status"] == "failed"
    assert status["message"].startswith("Filen trasig.px kunde inte läsas som statistik:")
    assert status["message"].endswith("Den gällande versionen är oförändrad.")
    dataset = Dataset.objects.get(external_id="EGNA")
    assert dataset.current_version.number == 1 and dataset.current_version.row_count == 4
    assert SyncFailure.objects.filter(external_id="EGNA").exists()
    page = client.get(failed.get_absolute_url()).content.decode()
    assert "Misslyckad" in page and "kunde inte läsas" in page


def test_wrong_type_and_too_large_are_refused_in_the_form(client, analyst, settings):
    client.force_login(analyst)
    response = _upload(client, "program.exe", b"MZ...")
    assert response.status_code == 400 and "Filtypen .exe stöds inte" in response.content.decode()
    settings.REGLAB_MAX_UPLOAD_BYTES = 10
    response = _upload(client, "stor.csv", CSV.encode())
    assert response.status_code == 400 and "Filen är för stor" in response.content.decode()
    assert not DataUpdate.objects.exists()


def test_who_may_update(client, geography):
    org = OrganisationFactory(name="Region Gävleborg", slug="region-gavleborg")
    url = reverse("statistics:update-upload")
    anonymous = client.post(url, {})
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    client.force_login(user_with_role("lasare", org, Role.VIEWER))
    assert client.post(url, {}).status_code == 403
    assert client.post(reverse("statistics:update-sync"), {"entry": "BE0101N1"}).status_code == 403
    listing = client.get(reverse("statistics:dataset-list")).content.decode()
    assert "Ladda upp en fil" not in listing  # the panel is shown only to those who may use it
    assert not DataUpdate.objects.exists()


def test_sync_from_the_page(client, geography, population_settings, analyst):
    client.force_login(analyst)
    listing = client.get(reverse("statistics:dataset-list")).content.decode()
    assert "Hämta från källan" in listing and 'value="BE0101N1"' in listing
    response = client.post(reverse("statistics:update-sync"), {"entry": "BE0101N1"})
    update = DataUpdate.objects.get()
    assert response.status_code == 302 and update.status == UpdateStatus.QUEUED
    _worker()
    update.refresh_from_db()
    assert update.status == UpdateStatus.DONE and update.version_number == 1, update.message
    assert update.dataset.external_id == "BE0101N1"
    refused = client.post(reverse("statistics:update-sync"), {"entry": "NOPE"})
    assert refused.status_code == 400


def test_status_json_is_for_those_who_may_update(client, analyst, geography):
    client.force_login(analyst)
    _upload(client, "egna.csv", CSV.encode())
    update = DataUpdate.objects.get()
    client.logout()
    response = client.get(reverse("statistics:update-status", args=[update.pk]))
    assert response.status_code == 302
    client.force_login(analyst)
    body = json.loads(client.get(reverse("statistics:update-status", args=[update.pk])).content)
    assert body["id"] == update.pk and body["label"] == "köad"
