"""The role × permission table: every rule of every app's rules.py, per role and object.

Each row is one permission on one object with the roles that have it (docs/permissions.md in code).
The roles: anonymous, a logged-in user without membership (outsider), a viewer, a member of the own
organisation, a member of another organisation, the secretariat and a superuser. The last test checks
that the table covers every rule that is registered, so a new rule cannot go untested.
"""

from __future__ import annotations

import datetime as dt

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from reglab.accounts.models import OrganisationKind, Role
from reglab.plans.models import ActionPlan
from reglab.programme.models import (
    Activity,
    ActivityFormat,
    Ballot,
    BallotState,
    Meeting,
    Programme,
    RoundPhase,
)
from tests.factories import (
    IdeaRoundFactory,
    OrganisationFactory,
    ProposalFactory,
    UserFactory,
    user_with_role,
)

ROLES = ("anonymous", "outsider", "viewer", "member", "other_member", "secretariat", "superuser")
EVERYONE = set(ROLES)
READERS = {"viewer", "member", "other_member", "secretariat", "superuser"}
MEMBERS = {"member", "other_member", "secretariat", "superuser"}
SECRETARIAT = {"secretariat", "superuser"}
SUPERUSER = {"superuser"}  # Django lets an active superuser do everything, whatever the rule says

# (permission, object, roles that have it). "own" is the organisation of "member" (and "viewer"),
# "other" the organisation of "other_member".
TABLE = [
    # Idea rounds and proposals
    ("programme.view_round", "collecting_round", READERS),
    ("programme.add_proposal", "collecting_round", MEMBERS),
    ("programme.add_proposal", "closed_round", SUPERUSER),
    ("programme.change_proposal", "own_proposal", {"member", "secretariat", "superuser"}),
    ("programme.change_proposal", "other_proposal", {"other_member", "secretariat", "superuser"}),
    # Created by "member" but moved to the other organisation: the current organisation decides.
    ("programme.change_proposal", "moved_proposal", {"other_member", "secretariat", "superuser"}),
    ("programme.change_proposal", "own_proposal_closed_round", SECRETARIAT),
    ("programme.change_proposal", "own_merged_proposal", SECRETARIAT),
    ("programme.import_proposals", "collecting_round", SECRETARIAT),
    ("programme.merge_proposals", "collecting_round", SECRETARIAT),
    ("programme.manage_clusters", "collecting_round", SECRETARIAT),
    # Prioritisation
    ("programme.view_ballot", "open_ballot", READERS),
    ("programme.view_ballot_results", "open_ballot", SUPERUSER),
    ("programme.view_ballot_results", "closed_ballot", READERS),
    ("programme.manage_ballot", None, SECRETARIAT),
    ("programme.cast_ballot", "open_ballot", MEMBERS),
    ("programme.cast_ballot", "draft_ballot", SUPERUSER),
    ("programme.cast_ballot", "closed_ballot", SUPERUSER),
    # The year's programme
    ("programme.view_programme", "draft_programme", READERS),
    ("programme.view_programme", "published_programme", EVERYONE),
    ("programme.view_programme", "led_activity", READERS),
    ("programme.view_programme", "published_meeting", EVERYONE),
    ("programme.view_changelog", None, SECRETARIAT),
    ("programme.manage_programme", None, SECRETARIAT),
    ("programme.change_activity", "led_activity", {"member", "secretariat", "superuser"}),
    ("programme.change_activity", "joined_activity", {"other_member", "secretariat", "superuser"}),
    ("programme.change_activity", "foreign_activity", {"other_member", "secretariat", "superuser"}),
    ("programme.register_meeting", "published_meeting", MEMBERS),
    ("programme.add_followup", "led_activity", {"member", "secretariat", "superuser"}),
    ("programme.add_followup", "joined_activity", {"member", "other_member", "secretariat", "superuser"}),
    ("programme.add_followup", "foreign_activity", {"other_member", "secretariat", "superuser"}),
    # Evaluate an activity one took part in: the evaluating organisation leads or participates.
    ("programme.evaluate_activity", "led_activity", {"member", "superuser"}),
    ("programme.evaluate_activity", "joined_activity", {"member", "other_member", "superuser"}),
    ("programme.evaluate_activity", "foreign_activity", {"other_member", "superuser"}),
    ("programme.evaluate_activity", "secretariat_activity", SECRETARIAT),
    # Action plans
    ("plans.add_actionplan", None, MEMBERS),
    ("plans.change_actionplan", "own_plan", {"member", "secretariat", "superuser"}),
    ("plans.change_actionplan", "other_plan", {"other_member", "secretariat", "superuser"}),
    # Geography
    ("geography.add_region_group", None, MEMBERS),
    # Accounts
    ("accounts.manage_organisation", None, SECRETARIAT),
    ("accounts.manage_users", None, SECRETARIAT),
]


@pytest.fixture
def world(db):
    """One small network with an object of each kind the rules look at."""
    own = OrganisationFactory(name="Region Kronoberg", slug="region-kronoberg")
    other = OrganisationFactory(name="Region Blekinge", slug="region-blekinge")
    reglab = OrganisationFactory(name="Reglab", slug="reglab", kind=OrganisationKind.NETWORK, is_member=False)
    users = {
        "anonymous": AnonymousUser(),
        "outsider": user_with_role("utomstaende", None),
        "viewer": user_with_role("lasare", own, Role.VIEWER),
        "member": user_with_role("kronoberg", own, Role.MEMBER),
        "other_member": user_with_role("blekinge", other, Role.MEMBER),
        "secretariat": user_with_role("sekretariat", reglab, Role.SECRETARIAT),
        "superuser": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    collecting = IdeaRoundFactory(phase=RoundPhase.COLLECT)
    closed = IdeaRoundFactory(phase=RoundPhase.CLOSED)
    joint = ProposalFactory(round=collecting, organisations=[own, other], is_joint=True)
    draft_programme = Programme.objects.create(year=2027, title="Program 2027")
    published = Programme.objects.create(year=2028, title="Program 2028", is_published=True)

    def activity(programme, leads, participants):
        act = Activity.objects.create(programme=programme, title="Aktivitet", format=ActivityFormat.NETWORK)
        act.lead_organisations.set(leads)
        act.participating_organisations.set(participants)
        return act

    public_activity = activity(published, [own], [])
    objects = {
        None: None,
        "collecting_round": collecting,
        "closed_round": closed,
        "own_proposal": ProposalFactory(round=collecting, organisations=[own]),
        "other_proposal": ProposalFactory(round=collecting, organisations=[other]),
        "moved_proposal": ProposalFactory(
            round=collecting, organisations=[other], created_by=users["member"]
        ),
        "own_proposal_closed_round": ProposalFactory(round=closed, organisations=[own]),
        "own_merged_proposal": ProposalFactory(round=collecting, organisations=[own], merged_into=joint),
        "draft_ballot": Ballot.objects.create(round=collecting, title="Utkast", state=BallotState.DRAFT),
        "open_ballot": Ballot.objects.create(round=collecting, title="Öppen", state=BallotState.OPEN),
        "closed_ballot": Ballot.objects.create(round=collecting, title="Stängd", state=BallotState.CLOSED),
        "draft_programme": draft_programme,
        "published_programme": published,
        "led_activity": activity(draft_programme, [own], []),
        "joined_activity": activity(draft_programme, [other], [own]),
        "foreign_activity": activity(draft_programme, [other], []),
        "secretariat_activity": activity(draft_programme, [], [reglab]),
        "published_meeting": Meeting.objects.create(
            activity=public_activity, title="Träff", starts_at=timezone.now() + dt.timedelta(days=30)
        ),
        "own_plan": ActionPlan.objects.create(organisation=own, title="Plan", start_year=2025, end_year=2030),
        "other_plan": ActionPlan.objects.create(
            organisation=other, title="Plan", start_year=2025, end_year=2030
        ),
    }
    return users, objects


CASES = [
    pytest.param(perm, obj, role, role in allowed, id=f"{perm}-{obj or 'global'}-{role}")
    for perm, obj, allowed in TABLE
    for role in ROLES
]


@pytest.mark.parametrize(("perm", "obj", "role", "expected"), CASES)
def test_role_has_permission_on_object(world, perm, obj, role, expected):
    users, objects = world
    assert users[role].has_perm(perm, objects[obj]) is expected


def test_table_covers_every_registered_rule():
    registered = {name for name in rules.permissions.permissions if name.split(".")[0] in _our_apps()}
    assert registered == {perm for perm, _obj, _allowed in TABLE}


def _our_apps() -> set[str]:
    from django.apps import apps

    return {config.label for config in apps.get_app_configs() if config.name.startswith("reglab.")}
