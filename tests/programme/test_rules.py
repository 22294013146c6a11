"""Each rule per role × phase (adhocracy4 style)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from reglab.programme.models import RoundPhase
from reglab.programme.services import merges as merge_services
from reglab.programme.services import proposals as proposal_services

pytestmark = pytest.mark.django_db

PHASES = list(RoundPhase)


@pytest.fixture
def users(member, other_member, viewer, secretary):
    return {
        "anonymous": AnonymousUser(),
        "viewer": viewer,
        "member": member,
        "other_member": other_member,
        "secretariat": secretary,
    }


@pytest.mark.parametrize("phase", PHASES)
def test_add_and_change_proposal(users, round_, regions, phase):
    proposal = proposal_services.proposal_create(
        round_=round_, user=users["member"], organisations=[regions["07"]], title="Egen"
    )
    round_.phase = phase
    round_.save()
    collecting = phase == RoundPhase.COLLECTING
    expected_add = {"anonymous": False, "viewer": False, "member": collecting, "other_member": collecting}
    expected_change = {"anonymous": False, "viewer": False, "member": collecting, "other_member": False}
    for role, allowed in expected_add.items():
        assert users[role].has_perm("programme.add_proposal", round_) is allowed, role
    for role, allowed in expected_change.items():
        assert users[role].has_perm("programme.change_proposal", proposal) is allowed, role
    assert users["secretariat"].has_perm("programme.add_proposal", round_) is collecting
    assert users["secretariat"].has_perm("programme.change_proposal", proposal)


@pytest.mark.parametrize("perm", ["import_proposals", "merge_proposals", "manage_clusters"])
def test_secretariat_only(users, round_, perm):
    for role, user in users.items():
        assert user.has_perm(f"programme.{perm}", round_) is (role == "secretariat"), role


def test_merged_originals_are_not_editable_by_members(users, round_, regions):
    a = proposal_services.proposal_create(
        round_=round_, user=users["member"], organisations=[regions["07"]], title="A"
    )
    b = proposal_services.proposal_create(
        round_=round_, user=users["other_member"], organisations=[regions["10"]], title="B"
    )
    merge_services.proposals_merge(originals=[a, b], user=users["secretariat"], title="A+B")
    a.refresh_from_db()
    assert not users["member"].has_perm("programme.change_proposal", a)
    assert users["secretariat"].has_perm("programme.change_proposal", a)


def test_view_round_needs_a_membership(users, round_):
    assert not users["anonymous"].has_perm("programme.view_round", round_)
    for role in ("viewer", "member", "secretariat"):
        assert users[role].has_perm("programme.view_round", round_)
