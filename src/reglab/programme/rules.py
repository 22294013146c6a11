"""Who may do what in the programme (django-rules; autodiscovered). docs/permissions.md has the table.

Roles: the secretariat runs rounds, ballots and the programme; members act for their own organisation
(propose, cast its ballot, register, evaluate what it took part in; a lead organisation's members also
run their activity); viewers read.

| permission                    | object     | who                                                   |
|-------------------------------|------------|-------------------------------------------------------|
| programme.view_round          | IdeaRound  | anyone with a membership (viewer, member, secretariat) |
| programme.add_proposal        | IdeaRound  | members and secretariat while the round collects      |
| programme.change_proposal     | Proposal   | secretariat; members of the proposal's current        |
|                               |            | organisations while the round collects (not merged)   |
| programme.manage_round        | IdeaRound  | secretariat (create a round, move it to the next phase) |
| programme.import_proposals    | IdeaRound  | secretariat while the round collects                  |
| programme.merge_proposals     | IdeaRound  | secretariat                                           |
| programme.manage_clusters     | IdeaRound  | secretariat                                           |
| programme.add_comment         | Proposal   | members (of any organisation) and secretariat         |
| programme.change_comment      | Comment    | its author, within REGLAB_COMMENT_EDIT_MINUTES, while  |
|                               |            | not hidden                                            |
| programme.moderate_comment    | Comment    | secretariat (hide with a reason)                      |
| programme.answer_proposal     | Proposal   | secretariat (state + official answer)                 |
| programme.manage_network      | Activity   | as change_activity, for a network activity            |
"""

from __future__ import annotations

import datetime as dt

import rules
from django.conf import settings
from django.utils import timezone

from reglab.accounts.predicates import is_member, is_secretariat, is_viewer, organisation_ids


def _round_of(obj):
    return getattr(obj, "round", obj)


@rules.predicate
def round_is_collecting(user, obj) -> bool:
    round_ = _round_of(obj)
    return bool(round_ is not None and round_.is_collecting)


@rules.predicate
def is_own_proposal(user, proposal) -> bool:
    # The proposal's current organisations decide, not who created it: a proposal moved to another
    # organisation is that organisation's to edit.
    if proposal is None or not user.is_authenticated:
        return False
    mine = organisation_ids(user)
    return any(org_id in mine for org_id in proposal.organisations.values_list("pk", flat=True))


@rules.predicate
def is_not_merged(user, proposal) -> bool:
    return proposal is not None and proposal.merged_into_id is None


rules.add_perm("programme.view_round", is_viewer)
rules.add_perm("programme.add_proposal", is_member & round_is_collecting)
rules.add_perm(
    "programme.change_proposal",
    is_secretariat | (is_member & is_own_proposal & round_is_collecting & is_not_merged),
)
rules.add_perm("programme.manage_round", is_secretariat)
rules.add_perm("programme.import_proposals", is_secretariat & round_is_collecting)
rules.add_perm("programme.merge_proposals", is_secretariat)
rules.add_perm("programme.manage_clusters", is_secretariat)


# --- prioritisation, the programme, meetings and follow-up -----------------------------------------


@rules.predicate
def programme_is_published(user, obj) -> bool:
    programme = getattr(obj, "programme", obj)
    if hasattr(programme, "activity"):  # a Meeting
        programme = programme.activity.programme
    return bool(getattr(programme, "is_published", False))


@rules.predicate
def ballot_is_open(user, ballot) -> bool:
    return bool(ballot is not None and ballot.is_open)


@rules.predicate
def may_vote_in_ballot(user, ballot) -> bool:
    """The ballot's voting policy lets the user cast for some organisation (see voting_organisations)."""
    from reglab.programme.selectors.organisations import voting_organisations

    return ballot is not None and voting_organisations(user, ballot).exists()


@rules.predicate
def ballot_is_closed(user, ballot) -> bool:
    return bool(ballot is not None and ballot.is_closed)


def _activity(obj):
    return getattr(obj, "activity", obj)


@rules.predicate
def leads_activity(user, obj) -> bool:
    activity = _activity(obj)
    if activity is None:
        return False
    return activity.lead_organisations.filter(pk__in=organisation_ids(user)).exists()


@rules.predicate
def takes_part_in_activity(user, obj) -> bool:
    activity = _activity(obj)
    if activity is None:
        return False
    ids = organisation_ids(user)
    return (
        activity.lead_organisations.filter(pk__in=ids).exists()
        or activity.participating_organisations.filter(pk__in=ids).exists()
    )


# Reading: viewers (any role) read everything; a published programme is readable (and subscribable) by all.
rules.add_perm("programme.view_programme", is_viewer | programme_is_published)
rules.add_perm("programme.view_ballot", is_viewer)
rules.add_perm("programme.view_ballot_results", is_viewer & ballot_is_closed)
rules.add_perm("programme.view_changelog", is_secretariat)

# Prioritisation: the secretariat runs ballots; members cast for their organisation while open, the
# secretariat only when the ballot's policy lets it.
rules.add_perm("programme.manage_ballot", is_secretariat)
rules.add_perm("programme.cast_ballot", is_member & ballot_is_open & may_vote_in_ballot)

# Programme: the secretariat plans; a lead organisation's members run their own activity.
rules.add_perm("programme.manage_programme", is_secretariat)
rules.add_perm("programme.change_activity", is_secretariat | (is_member & leads_activity))
rules.add_perm("programme.register_meeting", is_member)
rules.add_perm("programme.add_followup", is_secretariat | (is_member & takes_part_in_activity))
# Evaluating needs an organisation that took part (leads or participates), not just any membership.
rules.add_perm("programme.evaluate_activity", is_member & takes_part_in_activity)


# --- discussion and official answers ---------------------------------------------------------------


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return bool(comment is not None and user.is_authenticated and comment.author_id == user.pk)


@rules.predicate
def comment_is_editable(user, comment) -> bool:
    """Not hidden, and still within the edit window after it was written."""
    if comment is None or comment.hidden_at is not None:
        return False
    window = dt.timedelta(minutes=settings.REGLAB_COMMENT_EDIT_MINUTES)
    return timezone.now() - comment.created_at <= window


@rules.predicate
def is_network_activity(user, activity) -> bool:
    from reglab.programme.models import ActivityFormat

    return bool(activity is not None and getattr(activity, "format", None) == ActivityFormat.NETWORK)


rules.add_perm("programme.add_comment", is_member)
rules.add_perm("programme.change_comment", is_member & is_comment_author & comment_is_editable)
rules.add_perm("programme.moderate_comment", is_secretariat)
rules.add_perm("programme.answer_proposal", is_secretariat)
rules.add_perm(
    "programme.manage_network", is_network_activity & (is_secretariat | (is_member & leads_activity))
)
