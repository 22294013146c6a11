"""Idea rounds: create one and move it through its phases, with each phase's rules in one place.

collecting → reviewing → prioritising → planning → closed, one step forward at a time. What a phase
allows is asked here by the other services (``round_require_collecting``, ``round_require_prioritising``)
so a view, a command and a test meet the same refusal. Every change goes to the change log.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from reglab.programme.audit import log_change
from reglab.programme.errors import ServiceError
from reglab.programme.models import BallotState, IdeaRound, RoundPhase


def _stored_phase(round_: IdeaRound) -> str:
    # The stored phase, not the caller's copy: another user may have moved the round meanwhile.
    round_.phase = IdeaRound.objects.filter(pk=round_.pk).values_list("phase", flat=True).get()
    return round_.phase


def round_require_collecting(round_: IdeaRound) -> None:
    """No new proposals (typed or imported) once the round has stopped collecting."""
    if _stored_phase(round_) != RoundPhase.COLLECTING:
        raise ServiceError(
            _("Rundan ”%(round)s” tar inte emot nya förslag: insamlingen är avslutad (fas: %(phase)s).")
            % {"round": round_.title, "phase": round_.get_phase_display()}
        )


def round_require_prioritising(round_: IdeaRound) -> None:
    """A ballot opens only while its round is prioritising."""
    if _stored_phase(round_) != RoundPhase.PRIORITISING:
        raise ServiceError(
            _(
                "Omröstningen kan öppnas först när rundan ”%(round)s” är i fasen Prioritering (nu: "
                "%(phase)s). Flytta rundan till prioritering på rundans sida."
            )
            % {"round": round_.title, "phase": round_.get_phase_display()}
        )


@transaction.atomic
def round_create(
    *,
    user,
    title: str,
    programme_year: int,
    workshop_date: dt.date | None = None,
    description: str = "",
) -> IdeaRound:
    title = title.strip()
    if not title:
        raise ServiceError(_("Idérundan behöver en titel."))
    round_ = IdeaRound.objects.create(
        title=title,
        programme_year=programme_year,
        workshop_date=workshop_date,
        description=description,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    log_change(
        user=user,
        action="round_create",
        obj=round_,
        changes={"title": title, "programme_year": programme_year, "phase": round_.phase},
    )
    return round_


def _leave_problems(round_: IdeaRound) -> list[str]:
    """Why the round cannot leave its current phase (empty when it can)."""
    if round_.phase == RoundPhase.PRIORITISING:
        open_ballots = list(round_.ballots.filter(state=BallotState.OPEN).values_list("title", flat=True))
        if open_ballots:
            return [
                _("Stäng omröstningen ”%(ballot)s” innan rundan går vidare till planering.")
                % {"ballot": title}
                for title in open_ballots
            ]
    return []


def round_advance_problems(round_: IdeaRound) -> list[str]:
    """For the round page: what stops the next phase move (the service refuses with the same text)."""
    if round_.next_phase is None:
        return [_("Rundan är avslutad.")]
    return _leave_problems(round_)


@transaction.atomic
def round_advance(*, user, round_: IdeaRound, to_phase: str) -> IdeaRound:
    """Move the round one phase forward. ``to_phase`` is the phase the user asked for: a stale page
    (someone else already moved the round) is refused instead of skipping a phase."""
    round_ = IdeaRound.objects.select_for_update().get(pk=round_.pk)
    if to_phase != round_.next_phase:
        raise ServiceError(
            _("Rundan är redan i fasen %(phase)s; ladda om sidan och välj nästa steg igen.")
            % {"phase": round_.get_phase_display()}
        )
    problems = round_advance_problems(round_)
    if problems:
        raise ServiceError(problems)
    old = round_.phase
    round_.phase = to_phase
    round_.save(update_fields=["phase", "updated_at"])
    log_change(user=user, action="round_advance", obj=round_, changes={"phase": [old, to_phase]})
    return round_
