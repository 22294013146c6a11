"""The secretariat's official answer on a proposal: a state and a text the proposers read.

The state shown on a proposal is derived (``selectors/states.py``); an answer sets it where the data
does not decide it (e.g. "not taken forward"). ``on_answer`` tells the proposing organisations.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from reglab.programme.audit import log_change
from reglab.programme.errors import ServiceError
from reglab.programme.models import Proposal, ProposalAnswer, ProposalState

MAX_ANSWER_CHARS = 5000


def on_answer(proposal: Proposal) -> None:
    """Called after an answer on ``proposal`` is committed: tells the author and the proposing
    organisations (on the site, and by e-mail through the worker)."""
    from reglab.programme.services import notices  # notices reads proposals' audiences: no cycle at import

    latest = proposal.answers.first()
    if latest is not None:
        notices.notify_proposal_answered(proposal, latest.text)


@transaction.atomic
def answer_proposal(*, proposal: Proposal, user, state: str, text: str) -> ProposalAnswer:
    """Record the secretariat's official answer (state + text); the previous answers stay as history."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if state not in ProposalState.values:
        raise ServiceError(_("Okänt läge: %(state)s. Välj ett av lägena i listan.") % {"state": state})
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Skriv ett svar till dem som lämnade förslaget."))
    if len(text) > MAX_ANSWER_CHARS:
        raise ServiceError(
            _("Svaret är för långt (%(n)s tecken; högst %(max)s).")
            % {"n": len(text), "max": MAX_ANSWER_CHARS}
        )
    activity = proposal.activities.order_by("pk").first()
    if activity is not None and state != ProposalState.IN_PROGRAMME:
        raise ServiceError(
            _(
                "Förslaget ingår redan i programmet (aktiviteten ”%(activity)s”). Välj läget "
                "”%(label)s” eller ta bort kopplingen på aktiviteten först."
            )
            % {"activity": activity.title, "label": ProposalState.IN_PROGRAMME.label}
        )
    previous = proposal.answers.values_list("state", flat=True).first()
    answer = ProposalAnswer.objects.create(proposal=proposal, state=state, text=text, answered_by=user)
    log_change(
        user=user,
        action="proposal_answer",
        obj=proposal,
        changes={"state": [previous, state], "answer": text[:200]},
    )
    transaction.on_commit(lambda: on_answer(proposal))
    return answer
