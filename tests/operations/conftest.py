from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from reglab.accounts.models import Membership, Organisation, OrganisationKind, Role


def _user(username: str, organisation: Organisation, role: str):
    user = get_user_model().objects.create_user(username=username, password="pw-test-123")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def secretary(db):
    org = Organisation.objects.create(name="Reglab", slug="reglab-ops", kind=OrganisationKind.NETWORK)
    return _user("drift-sekretariat", org, Role.SECRETARIAT)


@pytest.fixture
def member(db):
    org = Organisation.objects.create(name="Region Test", slug="region-ops", kind=OrganisationKind.NETWORK)
    return _user("drift-medlem", org, Role.MEMBER)


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
