from __future__ import annotations

import pytest

from reglab.programme.errors import ServiceError
from reglab.programme.models import (
    ActivityFormat,
    ChangeLog,
    Proposal,
    ProposalAnswer,
    ProposalState,
    RoundPhase,
)
from reglab.programme.selectors.states import proposal_state, with_state
from reglab.programme.services import states
from reglab.programme.services.activities import activity_create
from reglab.programme.services.ballots import focus_area_create
from reglab.programme.services.merges import proposals_merge


def _states(proposals) -> dict[str, str]:
    qs = with_state(Proposal.objects.filter(pk__in=[p.pk for p in proposals]))
    return {p.title: p.current_state for p in qs}


def test_state_follows_merges_focus_areas_and_the_programme(users, proposals, idea_round, programme):
    secretariat = users["secretariat"]
    idea_round.phase = RoundPhase.REVIEWING  # merges and focus areas are made while reviewing
    idea_round.save(update_fields=["phase"])
    assert set(_states(proposals).values()) == {ProposalState.RECEIVED}
    joint = proposals_merge(originals=proposals[:2], user=secretariat, title="Gemensamt")
    area = focus_area_create(user=secretariat, round=idea_round, title="Kompetens", proposals=[joint])
    got = _states([*proposals, joint])
    assert got["Kompetensförsörjning i glesbygd"] == ProposalState.MERGED
    assert got["Gemensamt"] == ProposalState.IN_FOCUS_AREA
    assert got["Besöksnäringens data"] == ProposalState.RECEIVED
    activity_create(
        user=secretariat,
        programme=programme,
        title="Lärprojekt",
        format=ActivityFormat.LEARNING_PROJECT,
        focus_area=area,
    )
    assert proposal_state(Proposal.objects.get(pk=joint.pk)) == ProposalState.IN_PROGRAMME


def test_answer_sets_the_state_keeps_history_and_calls_the_hook_after_commit(
    users, proposals, monkeypatch, django_capture_on_commit_callbacks
):
    called = []
    monkeypatch.setattr(states, "on_answer", lambda proposal: called.append(proposal.pk))
    proposal = proposals[2]
    with django_capture_on_commit_callbacks(execute=True):
        states.answer_proposal(
            proposal=proposal, user=users["secretariat"], state=ProposalState.IN_FOCUS_AREA, text="Först."
        )
        assert called == []  # not before the answer is committed
    assert called == [proposal.pk]
    states.answer_proposal(
        proposal=proposal,
        user=users["secretariat"],
        state=ProposalState.NOT_TAKEN_FORWARD,
        text="Sakområdet fick för få prickar; förslaget går till nästa års idébank.",
    )
    assert proposal_state(proposal) == ProposalState.NOT_TAKEN_FORWARD
    assert [a.state for a in proposal.answers.all()] == ["not_taken_forward", "in_focus_area"]
    entry = ChangeLog.objects.filter(action="proposal_answer").first()
    assert entry.changes["state"] == ["in_focus_area", "not_taken_forward"]


def test_bad_answers_are_refused_and_nothing_is_saved(users, proposals, programme):
    secretariat = users["secretariat"]
    with pytest.raises(ServiceError, match="Okänt läge"):
        states.answer_proposal(proposal=proposals[0], user=secretariat, state="approved", text="Ja")
    with pytest.raises(ServiceError, match="Skriv ett svar"):
        states.answer_proposal(proposal=proposals[0], user=secretariat, state="received", text="  ")
    activity_create(
        user=secretariat,
        programme=programme,
        title="Nätverk",
        format=ActivityFormat.NETWORK,
        source_proposals=[proposals[0]],
    )
    with pytest.raises(ServiceError, match="ingår redan i programmet"):
        states.answer_proposal(proposal=proposals[0], user=secretariat, state="not_taken_forward", text="Nej")
    assert not ProposalAnswer.objects.exists()


def test_on_answer_is_a_harmless_placeholder(proposals):
    assert states.on_answer(proposals[0]) is None
