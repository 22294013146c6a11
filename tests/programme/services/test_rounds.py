"""Rounds: create, move phase by phase, and the rules each phase enforces in the services."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from reglab.programme.models import ChangeLog, IdeaRound, ProposalMerge, RoundPhase
from reglab.programme.services.ballots import ballot_close, ballot_create, ballot_open, focus_area_create
from reglab.programme.services.imports import deck_extract, proposals_import_save
from reglab.programme.services.proposals import proposal_create
from reglab.programme.services.rounds import round_advance, round_create
from tests.factories import ProposalFactory
from tests.readers.decks_factory import build_pptx

pytestmark = pytest.mark.django_db


def test_create_logs_and_starts_collecting(users):
    round_ = round_create(user=users["secretariat"], title=" Idéworkshop 2027 ", programme_year=2028)
    assert (round_.title, round_.phase) == ("Idéworkshop 2027", RoundPhase.COLLECTING)
    entry = ChangeLog.objects.get(action="round_create")
    assert entry.object_id == round_.pk and entry.changes["phase"] == "collecting"


def test_create_without_title_is_refused(users):
    with pytest.raises(ValidationError, match="behöver en titel"):
        round_create(user=users["secretariat"], title="  ", programme_year=2028)
    assert not IdeaRound.objects.exists()


def test_phases_move_one_step_forward_each_logged(users):
    round_ = round_create(user=users["secretariat"], title="Runda", programme_year=2028)
    for phase in [RoundPhase.REVIEWING, RoundPhase.PRIORITISING, RoundPhase.PLANNING, RoundPhase.CLOSED]:
        round_ = round_advance(user=users["secretariat"], round_=round_, to_phase=phase)
        assert round_.phase == phase
    moves = [e.changes["phase"] for e in ChangeLog.objects.filter(action="round_advance").order_by("pk")]
    assert moves == [
        ["collecting", "reviewing"],
        ["reviewing", "prioritising"],
        ["prioritising", "planning"],
        ["planning", "closed"],
    ]
    assert round_.next_phase is None


def test_skipping_or_a_stale_move_is_refused(users):
    round_ = round_create(user=users["secretariat"], title="Runda", programme_year=2028)
    with pytest.raises(ValidationError, match="redan i fasen Insamling"):
        round_advance(user=users["secretariat"], round_=round_, to_phase=RoundPhase.PRIORITISING)
    stale = IdeaRound.objects.get(pk=round_.pk)
    round_advance(user=users["secretariat"], round_=round_, to_phase=RoundPhase.REVIEWING)
    # A second click from the same (old) page does not skip reviewing.
    with pytest.raises(ValidationError, match="redan i fasen Bearbetning"):
        round_advance(user=users["secretariat"], round_=stale, to_phase=RoundPhase.REVIEWING)
    assert IdeaRound.objects.get(pk=round_.pk).phase == RoundPhase.REVIEWING


def test_no_new_proposals_after_collecting(users, orgs):
    round_ = round_create(user=users["secretariat"], title="Runda", programme_year=2028)
    proposal_create(round_=round_, user=users["member"], organisations=[orgs["skane"]], title="I tid")
    round_advance(user=users["secretariat"], round_=round_, to_phase=RoundPhase.REVIEWING)
    with pytest.raises(ValidationError, match="tar inte emot nya förslag"):
        proposal_create(round_=round_, user=users["member"], organisations=[orgs["skane"]], title="Sent")
    deck, drafts = deck_extract(data=build_pptx(), filename="sent.pptx", max_bytes=10_000_000)
    with pytest.raises(ValidationError, match="tar inte emot nya förslag"):
        proposals_import_save(round_=round_, deck=deck, drafts=drafts, user=users["secretariat"])
    assert list(round_.proposals.values_list("title", flat=True)) == ["I tid"]


def test_no_ballot_opens_before_prioritising_and_none_stays_open_after(users):
    s = users["secretariat"]
    round_ = round_create(user=s, title="Runda", programme_year=2028)
    round_advance(user=s, round_=round_, to_phase=RoundPhase.REVIEWING)
    a, b = (
        ProposalFactory(round=round_, title="Ett"),
        ProposalFactory(round=round_, title="Två"),
    )
    areas = [focus_area_create(user=s, round=round_, title=p.title, proposals=[p]) for p in (a, b)]
    ballot = ballot_create(user=s, round=round_, title="Tidigt", options=areas)
    with pytest.raises(ValidationError, match=r"först när rundan .* är i fasen Prioritering"):
        ballot_open(user=s, ballot=ballot)
    with pytest.raises(ValidationError, match="först när rundan"):
        ballot_create(user=s, round=round_, title="Direkt", options=areas, open_now=True)
    ballot.refresh_from_db()
    assert ballot.state == "draft" and round_.ballots.count() == 1  # the refused one left nothing

    round_ = round_advance(user=s, round_=round_, to_phase=RoundPhase.PRIORITISING)
    ballot = ballot_open(user=s, ballot=ballot)
    with pytest.raises(ValidationError, match="Stäng omröstningen ”Tidigt”"):
        round_advance(user=s, round_=round_, to_phase=RoundPhase.PLANNING)
    ballot_close(user=s, ballot=ballot)
    assert round_advance(user=s, round_=round_, to_phase=RoundPhase.PLANNING).phase == RoundPhase.PLANNING


def test_data_migration_maps_old_phases(users):
    migration = importlib.import_module(
        "reglab.programme.migrations.0006_round_phases_and_ballot_secretariat_votes"
    )
    old = {"collect": "collecting", "discuss": "reviewing", "prioritise": "prioritising", "closed": "closed"}
    rounds = {name: IdeaRound.objects.create(title=name, programme_year=2020) for name in old}
    for name, round_ in rounds.items():
        IdeaRound.objects.filter(pk=round_.pk).update(phase=name)  # as stored before the migration
    joint = ProposalFactory(round=rounds["discuss"])
    merge = ProposalMerge.objects.create(joint=joint, round_phase="prioritise")
    migration.forwards(apps, None)
    for name, round_ in rounds.items():
        round_.refresh_from_db()
        assert round_.phase == old[name]
    merge.refresh_from_db()
    assert merge.round_phase == "prioritising"
