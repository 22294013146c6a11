"""Test data factories (factory_boy): organisations, users with a role, idea rounds, proposals.

Tests build what they need with these instead of per-folder helpers; conftest files turn them into
the named fixtures a folder uses (``member``, ``secretary``, ``orgs``...).
"""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from reglab.accounts.models import Membership, Organisation, OrganisationKind, Role
from reglab.programme.models import IdeaRound, Proposal

PASSWORD = "test-Password-123"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.REGION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER


class IdeaRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdeaRound

    title = factory.Sequence(lambda n: f"Idéworkshop {n}")
    programme_year = 2027


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    round = factory.SubFactory(IdeaRoundFactory)
    title = factory.Sequence(lambda n: f"Förslag {n}")

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organisations.add(*extracted)


def user_with_role(username: str, organisation: Organisation | None, role: str = Role.MEMBER, **fields):
    """A user with one membership (or none when ``organisation`` is None)."""
    user = UserFactory(username=username, **fields)
    if organisation is not None:
        MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def future(days: int = 30, hour: int = 10) -> dt.datetime:
    """A whole hour ``days`` from now (local time), for meetings that have not happened yet."""
    return (timezone.localtime() + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
