"""Fixtures for the plans tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def kronoberg(geography):
    """Region Kronoberg acting for Kronobergs län (07)."""
    from reglab.accounts.models import Organisation, OrganisationKind
    from reglab.geography.models import Region

    return Organisation.objects.create(
        name="Region Kronoberg",
        slug="region-kronoberg",
        kind=OrganisationKind.REGION,
        region=Region.objects.get(code="07"),
    )
