"""Factories for the programme part 2 tests (own folder: part 1 may have tests/programme/conftest.py)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from reglab.accounts.models import Membership, Organisation, OrganisationKind, Role
from reglab.programme.models import IdeaRound, Proposal

_seq = itertools.count(1)
PASSWORD = "test-Password-123"


def make_org(name: str, kind: str = OrganisationKind.REGION, **extra) -> Organisation:
    slug = extra.pop("slug", None) or f"org-{next(_seq)}"
    return Organisation.objects.create(name=name, slug=slug, kind=kind, **extra)


def make_user(username: str, organisation: Organisation | None, role: str = Role.MEMBER):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.title()
    )
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def orgs(db):
    return {
        "skane": make_org("Region Skåne", slug="region-skane"),
        "orebro": make_org("Region Örebro län", slug="region-orebro"),
        "kronoberg": make_org("Region Kronoberg", slug="region-kronoberg"),
        "tillvaxt": make_org("Tillväxtverket", kind=OrganisationKind.AGENCY, slug="tillvaxtverket"),
        "reglab": make_org(
            "Reglab sekretariat", kind=OrganisationKind.NETWORK, slug="reglab", is_member=False
        ),
    }


@pytest.fixture
def users(orgs):
    return {
        "secretariat": make_user("sekretariat", orgs["reglab"], Role.SECRETARIAT),
        "member": make_user("skane", orgs["skane"], Role.MEMBER),
        "member2": make_user("orebro", orgs["orebro"], Role.MEMBER),
        "member3": make_user("kronoberg", orgs["kronoberg"], Role.MEMBER),
        "viewer": make_user("lasare", orgs["tillvaxt"], Role.VIEWER),
        "outsider": make_user("utomstaende", None),
    }


@pytest.fixture
def idea_round(db):
    return IdeaRound.objects.create(title="Idéworkshop 2026", programme_year=2027)


@pytest.fixture
def proposals(idea_round, orgs):
    items = []
    for title, org in [
        ("Kompetensförsörjning i glesbygd", "skane"),
        ("Smart specialisering och uppföljning", "orebro"),
        ("Besöksnäringens data", "kronoberg"),
    ]:
        p = Proposal.objects.create(round=idea_round, title=title, contact_email=f"{org}@example.se")
        p.organisations.add(orgs[org])
        items.append(p)
    return items


def future(days: int = 30, hour: int = 10) -> dt.datetime:
    return (timezone.localtime() + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
