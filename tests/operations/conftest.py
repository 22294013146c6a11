from __future__ import annotations

import contextlib

import pytest

from reglab.accounts.models import Organisation, OrganisationKind, Role
from reglab.accounts.services import user_create

# The statistics tests' fixtures for the sync job (they skip without ../shared).
from tests.statistics.conftest import api_settings, catalogue_file  # noqa: F401

# After main's test restructuring fake_server is a global fixture (tests/support/fixtures.py).
with contextlib.suppress(ImportError):
    from tests.statistics.conftest import fake_server  # noqa: F401


@pytest.fixture
def secretary(db):
    org = Organisation.objects.create(name="Reglab", slug="reglab-ops", kind=OrganisationKind.NETWORK)
    return user_create(
        username="drift-sekretariat", password="pw-test-123", organisation=org, role=Role.SECRETARIAT
    )


@pytest.fixture
def member(db):
    org = Organisation.objects.create(name="Region Test", slug="region-ops", kind=OrganisationKind.NETWORK)
    return user_create(username="drift-medlem", password="pw-test-123", organisation=org, role=Role.MEMBER)


@pytest.fixture
def backup_dir(tmp_path, settings):
    settings.REGLAB_BACKUP_DIR = tmp_path / "backups"
    return settings.REGLAB_BACKUP_DIR


@pytest.fixture
def schedule(db):
    """The default schedule (a migration seeds it; transactional tests flush it, so seed again)."""
    from reglab.operations.models import ScheduledJob
    from reglab.operations.schedule import schedule_seed

    schedule_seed()
    return {job.key: job for job in ScheduledJob.objects.all()}
