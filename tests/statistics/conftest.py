"""Fixtures for the statistics tests: the real geography, loaded once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def geography(django_db_setup, django_db_blocker):
    """Riket, 21 län, 290 kommuner and 60 FA regions in the test database (no geometries)."""
    from reglab.geography.models import Region
    from reglab.geography.services import geography_load

    with django_db_blocker.unblock():
        if Region.objects.filter(kind="kommun").count() != 290:
            geography_load(with_geometry=False)
    return True


@pytest.fixture
def px_dir(shared_data):
    return shared_data / "pxweb-example-px"
