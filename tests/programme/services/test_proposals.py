from __future__ import annotations

import pytest

from reglab.programme.errors import MergeRefused
from reglab.programme.models import Proposal, ProposalMerge, RoundPhase
from reglab.programme.services import merges as merge_services
from reglab.programme.services import overlaps as overlap_services
from reglab.programme.services import proposals as proposal_services


@pytest.fixture
def two(round_, regions, member, other_member):
    a = proposal_services.proposal_create(
        round_=round_,
        user=member,
        organisations=[regions["07"]],
        title="Cirkulär ekonomi",
        description="Cirkulära affärsmodeller.",
        contact_email="a@kronoberg.se",
        formats=["erfa"],
    )
    b = proposal_services.proposal_create(
        round_=round_,
        user=other_member,
        organisations=[regions["10"]],
        title="Cirkulär omställning",
        description="Återbruk och resurseffektivitet.",
        contact_name="Bo",
        contact_email="b@blekinge.se",
        formats=["workshop"],
    )
    return a, b


def test_update_records_history_of_edits(two, member):
    a, _ = two
    proposal_services.proposal_update(
        proposal=a, user=member, title="Cirkulär ekonomi i regionen", needs="Kunskap"
    )
    proposal_services.proposal_update(
        proposal=a, user=member, title="Cirkulär ekonomi i regionen"
    )  # no change
    revisions = list(a.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].changed_fields == ["needs", "title"]
    assert revisions[1].snapshot["title"] == "Cirkulär ekonomi i regionen"
    assert revisions[0].snapshot["title"] == "Cirkulär ekonomi"
    with pytest.raises(ValueError, match="not an editable field"):
        proposal_services.proposal_update(proposal=a, user=member, round_id=99)


def test_merge_keeps_originals_and_links_them(two, secretary, regions):
    a, b = two
    joint = merge_services.proposals_merge(
        originals=[a, b], user=secretary, title="Cirkulär ekonomi (gemensamt)"
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.merged_into == joint and b.merged_into == joint
    assert a.title == "Cirkulär ekonomi" and a.contact_email == "a@kronoberg.se"  # untouched
    assert Proposal.objects.count() == 3
    assert joint.is_joint
    assert {o.name for o in joint.organisations.all()} == {"Region Kronoberg", "Region Blekinge"}
    assert {"name": "Bo", "email": "b@blekinge.se"} in joint.contacts
    assert joint.formats == ["erfa", "workshop"]
    log = ProposalMerge.objects.get()
    assert set(log.originals.all()) == {a, b}
    assert log.decided_by == secretary and not log.after_voting_started


def test_merge_refused_after_voting_without_decision(two, secretary, round_):
    a, b = two
    round_.phase = RoundPhase.PRIORITISING
    round_.save()
    with pytest.raises(MergeRefused, match="Röstningen har börjat"):
        merge_services.proposals_merge(originals=[a, b], user=secretary, title="X")
    assert Proposal.objects.count() == 2 and ProposalMerge.objects.count() == 0
    joint = merge_services.proposals_merge(
        originals=[a, b], user=secretary, title="X", decision="Beslut 3/10: tally per original visas öppet"
    )
    log = ProposalMerge.objects.get(joint=joint)
    assert log.after_voting_started and log.round_phase == RoundPhase.PRIORITISING
    assert "Beslut 3/10" in log.decision


def test_merge_refusals(two, secretary):
    a, b = two
    with pytest.raises(MergeRefused):
        merge_services.proposals_merge(originals=[a], user=secretary, title="X")
    merge_services.proposals_merge(originals=[a, b], user=secretary, title="X")
    a.refresh_from_db()
    with pytest.raises(MergeRefused, match="redan"):
        merge_services.proposals_merge(originals=[a, b], user=secretary, title="Y")


def test_unmerge_is_logged_and_reversible(two, secretary):
    a, b = two
    joint = merge_services.proposals_merge(originals=[a, b], user=secretary, title="X")
    merge_services.proposal_unmerge(joint=joint, user=secretary)
    a.refresh_from_db()
    assert a.merged_into is None
    assert ProposalMerge.objects.filter(joint=joint).count() == 2
    assert Proposal.objects.filter(pk=joint.pk).exists()


def test_round_clusters_and_overlaps(two, secretary, round_, regions):
    a, _ = two
    proposal_services.proposal_create(
        round_=round_,
        user=secretary,
        organisations=[regions["03"]],
        title="Bredband på landsbygden",
        description="Fiber i glesbygd.",
    )
    proposals, matches = overlap_services.round_overlaps(round_, k=2)
    assert len(proposals) == 3
    assert matches[f"p{a.pk}"][0].title == "Cirkulär omställning"
    clusters = overlap_services.round_clusters_save(round_=round_, user=secretary)
    assert sum(c.proposals.count() for c in clusters) == 3
    assert Proposal.objects.count() == 3


def test_an_opened_ballot_means_voting_has_started(two, secretary, round_):
    from reglab.programme.models import Ballot, BallotState
    from reglab.programme.selectors.proposals import voting_started

    a, b = two
    ballot = Ballot.objects.create(round=round_, title="Prioritering 2018")
    assert not voting_started(round_)  # a draft ballot is not voting
    ballot.state = BallotState.OPEN
    ballot.save()
    assert voting_started(round_)
    with pytest.raises(MergeRefused):
        merge_services.proposals_merge(originals=[a, b], user=secretary, title="X")
