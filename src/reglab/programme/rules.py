"""Who may do what with proposals (django-rules; autodiscovered).

| permission                    | object     | who                                                   |
|-------------------------------|------------|-------------------------------------------------------|
| programme.view_round          | IdeaRound  | anyone with a membership (viewer, member, secretariat) |
| programme.add_proposal        | IdeaRound  | members and secretariat while the round collects      |
| programme.change_proposal     | Proposal   | secretariat; members for their own organisation's     |
|                               |            | proposals while the round collects (not merged ones)  |
| programme.import_proposals    | IdeaRound  | secretariat                                           |
| programme.merge_proposals     | IdeaRound  | secretariat                                           |
| programme.manage_clusters     | IdeaRound  | secretariat                                           |
"""

from __future__ import annotations

import rules

from reglab.accounts.predicates import is_member, is_secretariat, is_viewer, organisation_ids


def _round_of(obj):
    return getattr(obj, "round", obj)


@rules.predicate
def round_is_collecting(user, obj) -> bool:
    round_ = _round_of(obj)
    return bool(round_ is not None and round_.is_collecting)


@rules.predicate
def is_own_proposal(user, proposal) -> bool:
    if proposal is None or not user.is_authenticated:
        return False
    if proposal.created_by_id == user.pk:
        return True
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
rules.add_perm("programme.import_proposals", is_secretariat)
rules.add_perm("programme.merge_proposals", is_secretariat)
rules.add_perm("programme.manage_clusters", is_secretariat)
