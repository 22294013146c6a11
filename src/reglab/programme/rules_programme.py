"""Permissions for prioritisation, the programme, meetings and follow-up (django-rules).

Roles: the secretariat runs ballots and the programme; members act for their own organisation (cast its
ballot, register, evaluate; a lead organisation's members also run their activity); viewers read.
Loaded from ``ProgrammeConfig.ready`` (kept apart from ``rules.py`` so part 1's rules merge cleanly).
"""

from __future__ import annotations

import rules

from reglab.accounts.predicates import is_member, is_secretariat, is_viewer, organisation_ids


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

# Prioritisation: the secretariat runs ballots; members cast for their organisation while open.
rules.add_perm("programme.manage_ballot", is_secretariat)
rules.add_perm("programme.cast_ballot", is_member & ballot_is_open)

# Programme: the secretariat plans; a lead organisation's members run their own activity.
rules.add_perm("programme.manage_programme", is_secretariat)
rules.add_perm("programme.change_activity", is_secretariat | (is_member & leads_activity))
rules.add_perm("programme.register_meeting", is_member)
rules.add_perm("programme.add_followup", is_secretariat | (is_member & takes_part_in_activity))
rules.add_perm("programme.evaluate_activity", is_member)
