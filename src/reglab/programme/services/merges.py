"""Merging proposals into a joint one and undoing it; nothing is deleted and every decision is logged."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from reglab.programme.audit import log_change
from reglab.programme.errors import MergeRefused
from reglab.programme.models import MergeAction, Proposal, ProposalMerge
from reglab.programme.selectors.proposals import voting_started
from reglab.programme.services.proposals import record_revision


@transaction.atomic
def proposals_merge(
    *, originals: Sequence[Proposal], user, title: str, description: str = "", decision: str = ""
) -> Proposal:
    """Merge proposals into a new joint proposal. Nothing is deleted; every original stays linked.

    After voting has started a merge is refused unless `decision` records an explicit decision
    (e.g. "Beslut på mötet 3/10: rösterna redovisas per ursprungligt förslag"); it is logged.
    Votes are never moved: they stay on the originals they were cast on.
    """
    originals = list(originals)
    if len(originals) < 2:
        raise MergeRefused(_("Välj minst två förslag att sammanföra."))
    rounds = {p.round_id for p in originals}
    if len(rounds) != 1:
        raise MergeRefused(_("Förslagen tillhör olika idérundor."))
    if any(p.merged_into_id for p in originals):
        raise MergeRefused(_("Ett av förslagen är redan sammanfört med ett annat."))
    round_ = originals[0].round
    started = voting_started(round_)
    if started and not decision.strip():
        raise MergeRefused(
            _("Röstningen har börjat: sammanföring kräver ett uttryckligt beslut som skrivs in och loggas.")
        )
    title = title.strip() or " / ".join(p.title for p in originals)
    joint = Proposal.objects.create(
        round=round_,
        title=title[:300],
        description=description.strip()
        or "\n\n".join(f"{p.title}: {p.description}".strip() for p in originals),
        needs="\n".join(p.needs for p in originals if p.needs),
        contact_name=originals[0].contact_name,
        contact_email=originals[0].contact_email,
        contacts=[
            {"name": p.contact_name, "email": p.contact_email}
            for p in originals[1:]
            if p.contact_name or p.contact_email
        ]
        + [c for p in originals for c in p.contacts],
        formats=list(dict.fromkeys(f for p in originals for f in p.formats)),
        topics=list(dict.fromkeys(t for p in originals for t in p.topics)),
        strategy_links=list(dict.fromkeys(s for p in originals for s in p.strategy_links)),
        is_joint=True,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    joint.organisations.set({o for p in originals for o in p.organisations.all()})
    Proposal.objects.filter(pk__in=[p.pk for p in originals]).update(merged_into=joint)
    _record_decision(
        joint=joint,
        originals=originals,
        user=user,
        action=MergeAction.MERGE,
        started=started,
        decision=decision,
    )
    record_revision(joint, user=user, before=None, comment=_("Sammanfört förslag"))
    return joint


@transaction.atomic
def proposal_unmerge(*, joint: Proposal, user, decision: str = "") -> list[Proposal]:
    """Reverse a merge: the originals stand alone again; the joint proposal and the log stay."""
    if not joint.is_joint:
        raise MergeRefused(_("Förslaget är inte ett sammanfört förslag."))
    originals = list(joint.merged_from.all())
    started = voting_started(joint.round)
    if started and not decision.strip():
        raise MergeRefused(
            _("Röstningen har börjat: att dela upp kräver ett uttryckligt beslut som skrivs in och loggas.")
        )
    joint.merged_from.update(merged_into=None)
    _record_decision(
        joint=joint,
        originals=originals,
        user=user,
        action=MergeAction.UNMERGE,
        started=started,
        decision=decision,
    )
    return originals


def _record_decision(*, joint: Proposal, originals, user, action: str, started: bool, decision: str) -> None:
    """The proposal's merge log (shown on its page) and the programme's change log."""
    log = ProposalMerge.objects.create(
        joint=joint,
        action=action,
        decided_by=user if getattr(user, "is_authenticated", False) else None,
        round_phase=joint.round.phase,
        after_voting_started=started,
        decision=decision.strip(),
    )
    log.originals.set(originals)
    log_change(
        user=user,
        action="proposals_merge" if action == MergeAction.MERGE else "proposal_unmerge",
        obj=joint,
        changes={"originals": originals, "after_voting_started": started, "decision": decision.strip()},
    )
