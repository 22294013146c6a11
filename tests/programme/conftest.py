from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from reglab.accounts.models import Membership, Organisation, OrganisationKind, Role
from reglab.geography.models import Region
from reglab.programme.models import IdeaRound, RoundPhase
from reglab.reference.organisations import regional_organisations


@pytest.fixture
def regions(geography):
    """The 21 regional organisations with their län, as organisations_load() would create them."""
    orgs = {}
    for ref in regional_organisations():
        lan = Region.objects.get(code=ref.lan)
        orgs[ref.lan] = Organisation.objects.create(
            name=ref.name, slug=f"region-{ref.lan}", kind=OrganisationKind.REGION, region=lan
        )
    return orgs


@pytest.fixture
def secretariat_org(db):
    return Organisation.objects.create(name="Reglab", slug="reglab", kind=OrganisationKind.NETWORK)


def make_user(username: str, organisation: Organisation, role: str):
    user = get_user_model().objects.create_user(username=username, password="pw-test-123")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def member(regions):
    return make_user("kronoberg", regions["07"], Role.MEMBER)


@pytest.fixture
def other_member(regions):
    return make_user("blekinge", regions["10"], Role.MEMBER)


@pytest.fixture
def viewer(regions):
    return make_user("lasare", regions["03"], Role.VIEWER)


@pytest.fixture
def secretary(secretariat_org):
    return make_user("sekretariat", secretariat_org, Role.SECRETARIAT)


@pytest.fixture
def round_(db):
    return IdeaRound.objects.create(
        title="Idéworkshop 19 september 2017, aktiviteter 2018", programme_year=2018, phase=RoundPhase.COLLECT
    )
