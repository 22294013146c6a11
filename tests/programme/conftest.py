"""Programme fixtures, built with tests/factories.py.

Two casts are used: the real 21 regional organisations (``regions`` with ``member``, ``other_member``,
``viewer``, ``secretary`` and ``round_``) for the idea workshop, and a small network (``orgs``,
``users``, ``idea_round``, ``proposals``) for prioritisation and the year's programme.
"""

from __future__ import annotations

import pytest

from reglab.accounts.models import OrganisationKind, Role
from reglab.geography.models import Region
from reglab.programme.models import RoundPhase
from reglab.reference.organisations import regional_organisations
from tests.factories import IdeaRoundFactory, OrganisationFactory, ProposalFactory, user_with_role


@pytest.fixture
def regions(geography):
    """The 21 regional organisations with their län, as organisations_load() would create them."""
    return {
        ref.lan: OrganisationFactory(
            name=ref.name,
            slug=f"region-{ref.lan}",
            kind=OrganisationKind.REGION,
            region=Region.objects.get(code=ref.lan),
        )
        for ref in regional_organisations()
    }


@pytest.fixture
def secretariat_org(db):
    return OrganisationFactory(name="Reglab", slug="reglab", kind=OrganisationKind.NETWORK)


@pytest.fixture
def member(regions):
    return user_with_role("kronoberg", regions["07"], Role.MEMBER)


@pytest.fixture
def other_member(regions):
    return user_with_role("blekinge", regions["10"], Role.MEMBER)


@pytest.fixture
def viewer(regions):
    return user_with_role("lasare", regions["03"], Role.VIEWER)


@pytest.fixture
def secretary(secretariat_org):
    return user_with_role("sekretariat", secretariat_org, Role.SECRETARIAT)


@pytest.fixture
def round_(db):
    return IdeaRoundFactory(
        title="Idéworkshop 19 september 2017, aktiviteter 2018",
        programme_year=2018,
        phase=RoundPhase.COLLECTING,
    )


@pytest.fixture
def orgs(db):
    return {
        "skane": OrganisationFactory(name="Region Skåne", slug="region-skane"),
        "orebro": OrganisationFactory(name="Region Örebro län", slug="region-orebro"),
        "kronoberg": OrganisationFactory(name="Region Kronoberg", slug="region-kronoberg"),
        "tillvaxt": OrganisationFactory(
            name="Tillväxtverket", kind=OrganisationKind.AGENCY, slug="tillvaxtverket"
        ),
        "reglab": OrganisationFactory(
            name="Reglab sekretariat", kind=OrganisationKind.NETWORK, slug="reglab", is_member=False
        ),
    }


@pytest.fixture
def users(orgs):
    return {
        "secretariat": user_with_role("sekretariat", orgs["reglab"], Role.SECRETARIAT),
        "member": user_with_role("skane", orgs["skane"], Role.MEMBER),
        "member2": user_with_role("orebro", orgs["orebro"], Role.MEMBER),
        "member3": user_with_role("kronoberg", orgs["kronoberg"], Role.MEMBER),
        "viewer": user_with_role("lasare", orgs["tillvaxt"], Role.VIEWER),
        "outsider": user_with_role("utomstaende", None),
    }


@pytest.fixture
def idea_round(db):
    """A round whose proposals are in: it is prioritising, so its ballots can open."""
    return IdeaRoundFactory(title="Idéworkshop 2026", programme_year=2027, phase=RoundPhase.PRIORITISING)


@pytest.fixture
def proposals(idea_round, orgs):
    return [
        ProposalFactory(
            round=idea_round, title=title, contact_email=f"{org}@example.se", organisations=[orgs[org]]
        )
        for title, org in [
            ("Kompetensförsörjning i glesbygd", "skane"),
            ("Smart specialisering och uppföljning", "orebro"),
            ("Besöksnäringens data", "kronoberg"),
        ]
    ]


@pytest.fixture
def programme(users, idea_round):
    """The 2027 programme planned from ``idea_round``."""
    from reglab.programme.services.programmes import programme_create

    return programme_create(user=users["secretariat"], year=2027, round=idea_round)
