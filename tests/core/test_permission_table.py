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
    ProposalComment,
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
    ("programme.manage_round", "collecting_round", SECRETARIAT),
    ("programme.import_proposals", "collecting_round", SECRETARIAT),
    ("programme.import_proposals", "closed_round", SUPERUSER),
    ("programme.merge_proposals", "collecting_round", SECRETARIAT),
    ("programme.manage_clusters", "collecting_round", SECRETARIAT),
    # Discussion: members of any organisation comment; the author edits for a short time; the
    # secretariat moderates and answers officially.
    ("programme.add_comment", "own_proposal", MEMBERS),
    ("programme.add_comment", "other_proposal", MEMBERS),
    ("programme.change_comment", "own_comment", {"member", "superuser"}),
    ("programme.change_comment", "old_comment", SUPERUSER),
    ("programme.change_comment", "hidden_comment", SUPERUSER),
    ("programme.moderate_comment", "own_comment", SECRETARIAT),
    ("programme.answer_proposal", "own_proposal", SECRETARIAT),
    # Prioritisation
    ("programme.view_ballot", "open_ballot", READERS),
    ("programme.view_ballot_results", "open_ballot", SUPERUSER),
    ("programme.view_ballot_results", "closed_ballot", READERS),
    ("programme.manage_ballot", None, SECRETARIAT),
    # One ballot per member organisation: the secretariat runs the ballot and votes only when it says so.
    ("programme.cast_ballot", "open_ballot", {"member", "other_member", "superuser"}),
    ("programme.cast_ballot", "open_ballot_with_secretariat", MEMBERS),
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
    # A network's member organisations: run by those who run the activity, only for networks.
    ("programme.manage_network", "led_activity", {"member", "secretariat", "superuser"}),
    ("programme.manage_network", "foreign_activity", {"other_member", "secretariat", "superuser"}),
    ("programme.manage_network", "led_workshop", SUPERUSER),
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
    ("operations.view_status", None, SECRETARIAT),
    ("operations.run_job", None, SECRETARIAT),
    ("operations.change_schedule", None, SECRETARIAT),
    # Notifications: everyone with an account has their own (the views show only the user's own)
    ("notifications.view_notifications", None, EVERYONE - {"anonymous"}),
    # Statistics: a sync or an uploaded file from the statistics pages
    ("statistics.update_data", None, MEMBERS),
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
    collecting = IdeaRoundFactory(phase=RoundPhase.COLLECTING)
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
    led_workshop = activity(draft_programme, [own], [])
    led_workshop.format = ActivityFormat.WORKSHOP
    led_workshop.save()
    commented = ProposalFactory(round=collecting, organisations=[own])

    def comment(**fields):
        return ProposalComment.objects.create(
            proposal=commented, author=users["member"], text="Bra!", **fields
        )

    old_comment = comment()
    ProposalComment.objects.filter(pk=old_comment.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
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
        "open_ballot_with_secretariat": Ballot.objects.create(
            round=collecting, title="Öppen för alla", state=BallotState.OPEN, secretariat_votes=True
        ),
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
        "led_workshop": led_workshop,
        "own_comment": comment(),
        "old_comment": ProposalComment.objects.get(pk=old_comment.pk),
        "hidden_comment": comment(hidden_at=timezone.now(), hidden_reason="Osakligt"),
        "kommun": OrganisationFactory(
            name="Sundsvalls kommun", slug="sundsvall", kind=OrganisationKind.MUNICIPALITY, is_member=False
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


# --- every programme view, per role ----------------------------------------------------------------
#
# The same table at the level of pages: each URL of the programme (name, method, object) with the roles
# that get through. A role outside the set is sent to the login page (anonymous) or gets 403; a role
# inside gets `ok` (a status, or None: anything but a refusal or a server error, for posts whose empty
# form may be answered with a form error or a redirect). The last test fails when a URL is added
# without a row.

LEADS = {"member", "secretariat", "superuser"}  # "member"'s organisation leads "led_activity"

VIEWS = [
    ("index", "get", {}, EVERYONE, 200),
    ("round-create", "get", {}, SECRETARIAT, 200),
    ("round-detail", "get", {"pk": "collecting_round"}, READERS, 200),
    ("round-advance", "post", {"pk": "collecting_round"}, SECRETARIAT, None),
    ("proposal-create", "get", {"round_pk": "collecting_round"}, MEMBERS, 200),
    ("import-upload", "get", {"round_pk": "collecting_round"}, SECRETARIAT, 200),
    ("import-review", "get", {"round_pk": "collecting_round", "token": "okand"}, SECRETARIAT, 404),
    ("round-overlaps", "get", {"pk": "collecting_round"}, READERS, 200),
    ("round-clusters", "get", {"pk": "collecting_round"}, READERS, 200),
    ("round-clusters", "post", {"pk": "collecting_round"}, SECRETARIAT, None),
    ("round-clusters-accept", "post", {"pk": "collecting_round"}, SECRETARIAT, None),
    ("proposals-merge", "get", {"pk": "collecting_round"}, SECRETARIAT, 200),
    ("proposal-detail", "get", {"pk": "own_proposal"}, READERS, 200),
    ("proposal-attachment", "get", {"pk": "own_proposal", "attachment_pk": "attachment"}, READERS, 200),
    ("proposal-edit", "get", {"pk": "own_proposal"}, {"member", "secretariat", "superuser"}, 200),
    ("proposal-edit", "get", {"pk": "moved_proposal"}, {"other_member", "secretariat", "superuser"}, 200),
    ("proposal-unmerge", "post", {"pk": "joint_proposal"}, SECRETARIAT, None),
    ("proposal-comment", "post", {"pk": "other_proposal"}, MEMBERS, None),
    ("proposal-answer", "get", {"pk": "own_proposal"}, SECRETARIAT, 200),
    ("comment-edit", "get", {"pk": "own_comment"}, {"member", "superuser"}, 200),
    ("comment-edit", "get", {"pk": "old_comment"}, SUPERUSER, 200),
    ("comment-moderate", "post", {"pk": "own_comment"}, SECRETARIAT, None),
    ("ballot-list", "get", {}, READERS, 200),
    ("focus-area-create", "get", {}, SECRETARIAT, 200),
    ("focus-area-edit", "get", {"pk": "focus_area"}, SECRETARIAT, 200),
    ("ballot-create", "get", {}, SECRETARIAT, 200),
    ("ballot-detail", "get", {"pk": "open_ballot"}, READERS, 200),
    ("ballot-cast", "post", {"pk": "open_ballot"}, {"member", "other_member", "superuser"}, None),
    ("ballot-cast", "post", {"pk": "open_ballot_with_secretariat"}, MEMBERS, None),
    ("ballot-open", "post", {"pk": "draft_ballot"}, SECRETARIAT, None),
    ("ballot-close", "post", {"pk": "open_ballot"}, SECRETARIAT, None),
    ("ballot-close", "get", {"pk": "open_ballot"}, SECRETARIAT, 200),  # the confirmation page
    ("ballot-results", "get", {"pk": "closed_ballot"}, READERS, 200),
    ("programme-list", "get", {}, EVERYONE, 200),
    ("programme-create", "get", {}, SECRETARIAT, 200),
    ("programme-detail", "get", {"year": 2027}, READERS, 200),
    ("programme-detail", "get", {"year": 2028}, EVERYONE, 200),
    ("programme-decide", "get", {"year": 2027}, SECRETARIAT, 200),
    ("programme-ical", "get", {"year": 2027}, READERS, 200),
    ("programme-ical", "get", {"year": 2028}, EVERYONE, 200),
    ("programme-report", "get", {"year": 2027}, READERS, 200),
    ("programme-report-xlsx", "get", {"year": 2027}, READERS, 200),
    ("activity-create", "get", {}, SECRETARIAT, 200),
    ("activity-detail", "get", {"pk": "led_activity"}, READERS, 200),
    ("activity-edit", "get", {"pk": "led_activity"}, LEADS, 200),
    ("activity-transition", "post", {"pk": "led_activity"}, LEADS, None),
    ("activity-transition", "get", {"pk": "led_activity"}, LEADS, None),  # confirmation when cancelling
    ("activity-organisations", "get", {"pk": "led_activity"}, LEADS, 200),
    ("activity-followup", "get", {"pk": "led_activity"}, READERS, 200),
    ("network-member-add", "post", {"pk": "led_activity"}, LEADS, None),
    ("network-member-remove", "post", {"pk": "led_activity", "organisation_pk": "kommun"}, LEADS, None),
    ("network-member-add", "post", {"pk": "led_workshop"}, SUPERUSER, None),
    (
        "activity-followup",
        "post:result",
        {"pk": "joined_activity"},
        MEMBERS,
        None,
    ),
    (
        "activity-followup",
        "post:lesson",
        {"pk": "foreign_activity"},
        {"other_member", "secretariat", "superuser"},
        None,
    ),
    (
        "activity-followup",
        "post:evaluation",
        {"pk": "joined_activity"},
        {"member", "other_member", "superuser"},
        None,
    ),
    ("activity-followup", "post:evaluation", {"pk": "foreign_activity"}, {"other_member", "superuser"}, None),
    ("activity-ical", "get", {"pk": "led_activity"}, READERS, 200),
    ("meeting-create", "get", {"pk": "led_activity"}, LEADS, 200),
    ("meeting-detail", "get", {"pk": "led_meeting"}, READERS, 200),
    ("meeting-detail", "get", {"pk": "published_meeting"}, EVERYONE, 200),
    ("meeting-register", "post", {"pk": "published_meeting"}, MEMBERS, None),
    ("meeting-cancel", "post", {"pk": "published_meeting"}, MEMBERS, None),
    ("meeting-call-off", "post", {"pk": "led_meeting"}, LEADS, None),
    ("meeting-call-off", "get", {"pk": "led_meeting"}, LEADS, 200),  # the confirmation page
    ("meeting-edit", "get", {"pk": "led_meeting"}, LEADS, 200),
    ("meeting-attendance", "post", {"pk": "led_meeting"}, LEADS, None),
    ("meeting-minutes", "post", {"pk": "led_meeting"}, LEADS, None),
    ("meeting-document", "post", {"pk": "led_meeting"}, LEADS, None),
    ("meeting-document-download", "get", {"pk": "led_meeting", "document_pk": "document"}, READERS, 200),
    ("organisation-ical", "get", {"slug": "region-blekinge"}, READERS, 200),
    ("organisation-ical", "get", {"slug": "region-kronoberg"}, EVERYONE, 200),
    ("changelog", "get", {}, SECRETARIAT, 200),
    ("search", "get", {}, EVERYONE, 200),
    ("lessons-bank", "get", {}, EVERYONE, 200),
]


@pytest.fixture
def view_world(world):
    """The rule table's world plus what the pages need: a meeting with a document, an attachment."""
    from django.core.files.base import ContentFile

    from reglab.programme.models import FocusArea, MeetingDocument, ProposalAttachment

    users, objects = world
    led_meeting = Meeting.objects.create(
        activity=objects["led_activity"], title="Planering", starts_at=timezone.now() + dt.timedelta(days=20)
    )
    objects = {
        **objects,
        "led_meeting": led_meeting,
        "document": MeetingDocument.objects.create(
            meeting=led_meeting, title="Dagordning", file=ContentFile(b"%PDF-1.4 x", name="dagordning.pdf")
        ),
        "attachment": ProposalAttachment.objects.create(
            proposal=objects["own_proposal"],
            file=ContentFile(b"%PDF-1.4 x", name="bilaga.pdf"),
            original_name="bilaga.pdf",
        ),
        "joint_proposal": objects["own_merged_proposal"].merged_into,
        "focus_area": FocusArea.objects.create(round=objects["collecting_round"], title="Sakområde"),
    }
    return users, objects


VIEW_CASES = [
    pytest.param(
        name,
        method,
        kwargs,
        role,
        role in allowed,
        ok,
        id=f"{name}-{method}-{'-'.join(map(str, kwargs.values()))}-{role}",
    )
    for name, method, kwargs, allowed, ok in VIEWS
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "kwargs", "role", "allowed", "ok"), VIEW_CASES)
def test_role_reaches_programme_view(client, view_world, name, method, kwargs, role, allowed, ok):
    from django.urls import reverse

    users, objects = view_world
    args = {
        key: objects[value].pk if isinstance(value, str) and value in objects else value
        for key, value in kwargs.items()
    }
    url = reverse(f"programme:{name}", kwargs=args)
    if role != "anonymous":
        client.force_login(users[role])
    if method == "get":
        response = client.get(url)
    else:
        kind = method.partition(":")[2]
        response = client.post(url, {"kind": kind} if kind else {})
    login_url = reverse("accounts:login")
    sent_to_login = response.status_code == 302 and response["Location"].startswith(login_url)
    if not allowed:
        assert sent_to_login if role == "anonymous" else response.status_code == 403, response.status_code
    elif ok is None:
        assert response.status_code < 500 and response.status_code != 403 and not sent_to_login
    else:
        assert response.status_code == ok


def test_view_table_covers_every_programme_url():
    from reglab.programme import urls

    assert {pattern.name for pattern in urls.urlpatterns} == {name for name, *_rest in VIEWS}


# --- admin actions beyond the documents, per role ----------------------------------------------------
#
# The secretariat uses the Django admin as staff in the "Sekretariat" group; a superuser has Django's
# powers. Each row: an admin page (GET), the object, the role, the expected status.


@pytest.fixture
def admin_world(world):
    from reglab.accounts.services import secretariat_group
    from reglab.programme.models import BallotCast

    users, objects = world
    secretariat = users["secretariat"]
    secretariat.is_staff = True
    secretariat.save(update_fields=["is_staff"])
    secretariat.groups.add(secretariat_group())
    colleague = user_with_role("kollega", secretariat.memberships.get().organisation, Role.SECRETARIAT)
    cast = BallotCast.objects.create(
        ballot=objects["closed_ballot"],
        organisation=users["member"].memberships.get().organisation,
        voter_key="org:1",
    )
    return users, {**objects, "colleague": colleague, "cast": cast}


ADMIN = [
    ("auth_user_password_change", "member", "secretariat", 403),
    ("auth_user_password_change", "colleague", "secretariat", 200),
    ("auth_user_password_change", "member", "superuser", 200),
    ("auth_user_delete", "member", "secretariat", 403),
    ("auth_user_change", "superuser", "secretariat", 200),  # shown read-only, see below
    ("programme_ballotcast_delete", "cast", "secretariat", 403),
    ("programme_ballotcast_delete", "cast", "superuser", 403),
    ("programme_ballot_delete", "closed_ballot", "superuser", 403),
    ("programme_ballot_delete", "open_ballot", "secretariat", 403),
    ("programme_ballot_delete", "draft_ballot", "superuser", 200),
    ("auth_group_change", "group", "secretariat", 200),  # shown read-only, see below
    ("auth_group_delete", "group", "secretariat", 403),
]


def _admin_target(users, objects, name):
    from django.contrib.auth.models import Group

    if name == "group":
        return Group.objects.get(name="Sekretariat")
    return objects[name] if name in objects else users[name]


@pytest.mark.parametrize(
    ("page", "obj", "role", "expected"), ADMIN, ids=[f"{p}-{o}-{r}" for p, o, r, _e in ADMIN]
)
def test_admin_page_per_role(client, admin_world, page, obj, role, expected):
    from django.urls import reverse

    users, objects = admin_world
    client.force_login(users[role])
    url = reverse(f"admin:{page}", args=[_admin_target(users, objects, obj).pk])
    assert client.get(url).status_code == expected


def test_secretariat_cannot_grant_itself_superuser_or_staff_or_groups(client, admin_world):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    users, objects = admin_world
    colleague = objects["colleague"]
    client.force_login(users["secretariat"])
    url = reverse("admin:auth_user_change", args=[colleague.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="is_staff"' not in page and 'name="groups"' not in page
    now = timezone.localtime()
    response = client.post(
        url,
        {
            "username": colleague.username,
            "first_name": "Kollega",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name="Sekretariat").pk],
            "date_joined_0": now.strftime("%Y-%m-%d"),
            "date_joined_1": now.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.first_name == "Kollega"  # the change went through, the powers did not
    assert not colleague.is_superuser and not colleague.is_staff and not colleague.groups.exists()
    # Nor can it edit a superuser, or the group that carries its own admin permissions.
    superuser_url = reverse("admin:auth_user_change", args=[users["superuser"].pk])
    assert client.post(superuser_url, {"username": "kapad"}).status_code == 403
    group = Group.objects.get(name="Sekretariat")
    group_url = reverse("admin:auth_group_change", args=[group.pk])
    assert client.post(group_url, {"name": "Sekretariat", "permissions": []}).status_code == 403
    assert group.permissions.exists()


def test_secretariat_cannot_set_another_organisations_password(client, admin_world):
    from django.urls import reverse

    users, _objects = admin_world
    member = users["member"]
    before = member.password
    client.force_login(users["secretariat"])
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    data = {"password1": "Ny-l0senord-123", "password2": "Ny-l0senord-123"}
    assert client.post(url, data).status_code == 403
    member.refresh_from_db()
    assert member.password == before


def test_adding_a_member_to_the_secretariat_does_not_open_their_password(client, admin_world):
    from django.urls import reverse

    from reglab.accounts.models import Membership

    users, _objects = admin_world
    member, secretariat = users["member"], users["secretariat"]
    Membership.objects.create(
        user=member, organisation=secretariat.memberships.get().organisation, role=Role.VIEWER
    )
    before = member.password
    client.force_login(secretariat)
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    data = {"password1": "Ny-l0senord-123", "password2": "Ny-l0senord-123"}
    assert client.post(url, data).status_code == 403
    member.refresh_from_db()
    assert member.password == before


def test_cast_of_a_closed_ballot_cannot_be_changed_or_deleted_even_by_a_superuser(client, admin_world):
    from django.urls import reverse

    from reglab.programme.models import BallotCast

    users, objects = admin_world
    cast = objects["cast"]
    client.force_login(users["superuser"])
    delete_url = reverse("admin:programme_ballotcast_delete", args=[cast.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    change_url = reverse("admin:programme_ballotcast_change", args=[cast.pk])
    assert client.post(change_url, {"voter_key": "org:2"}).status_code == 403
    changelist = reverse("admin:programme_ballotcast_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [cast.pk], "post": "yes"})
    assert BallotCast.objects.filter(pk=cast.pk, voter_key="org:1").exists()


# --- read-only pages added in issue 14 (analysis catalogue, rankings, series, similar, charts; the
# plans network): public like the rest of the analysis pillar and the plans, for every role. No new
# rule: writing a goal still needs plans.change_actionplan (rows above).

PUBLIC_READ = [
    ("analysis:catalogue", {}),
    ("analysis:catalogue-export", {"fmt": "csv"}),
    ("analysis:ranking", {}),
    ("analysis:ranking-export", {"fmt": "csv"}),  # without a measure: a 400 form, never a refusal
    ("analysis:region-series", {"code": "00"}),
    ("analysis:region-series-export", {"code": "00", "fmt": "csv"}),
    ("analysis:region-similar", {"code": "00"}),  # Riket: a 400 message (kommuner only)
    ("analysis:region-chart", {"code": "00", "chart": "radar"}),  # no BRP+ stored: a 400 message
    ("plans:network", {}),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "role"),
    [(n, k, r) for n, k in PUBLIC_READ for r in ROLES],
    ids=[f"{n}-{r}" for n, _k in PUBLIC_READ for r in ROLES],
)
def test_public_read_pages_per_role(client, world, name, kwargs, role):
    from django.urls import reverse

    from reglab.geography.models import Region, RegionKind

    Region.objects.get_or_create(code="00", defaults={"name": "Riket", "kind": RegionKind.RIKET})
    users, _objects = world
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code in {200, 400}, response.status_code
    assert not (response.status_code == 302 and "logga-in" in response.get("Location", ""))
