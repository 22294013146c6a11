"""The seed deck (../shared/seed) made findable: its "goda exempel" and "erfarenhetsutbyte" by search, and
its "Nätverket för näringslivsutveckling" as a network with kommuner and a länsstyrelse as members."""

from __future__ import annotations

import pytest

from reglab.accounts.models import OrganisationKind
from reglab.programme.models import ActivityFormat, ProposalState
from reglab.programme.selectors.search import lessons_bank, search_proposals
from reglab.programme.selectors.states import proposal_state
from reglab.programme.services.activities import activity_create
from reglab.programme.services.followup import lesson_add
from reglab.programme.services.imports import deck_extract, proposals_import_save
from reglab.programme.services.networks import network_member_add, network_members
from reglab.programme.services.programmes import programme_create

pytestmark = [pytest.mark.shared, pytest.mark.django_db]


def test_seed_deck_good_examples_exchange_and_network_beyond_the_regions(
    shared_seed, regions, round_, secretary
):
    deck, drafts = deck_extract(data=shared_seed.read_bytes(), filename=shared_seed.name, max_bytes=10**7)
    proposals_import_save(round_=round_, deck=deck, drafts=drafts, user=secretary)
    found = lambda query: {p.title for p in search_proposals(query=query, round_=round_)}  # noqa: E731
    assert found("goda exempel") == {"Lärprojekt regional fysisk planering"}
    assert found("erfarenhetsutbyte") == {"Regionbildning"}
    assert "Nätverket för näringslivsutveckling" in found("näringslivsutveckling")

    network_proposal = round_.proposals.get(title="Nätverket för näringslivsutveckling")
    programme = programme_create(user=secretary, year=2018, round=round_)
    network = activity_create(
        user=secretary,
        programme=programme,
        title=network_proposal.title,
        format=ActivityFormat.NETWORK,
        lead_organisations=list(network_proposal.organisations.all()),
        source_proposals=[network_proposal],
    )
    assert proposal_state(network_proposal) == ProposalState.IN_PROGRAMME
    for name, kind in [
        ("Sundsvalls kommun", OrganisationKind.MUNICIPALITY),
        ("Örnsköldsviks kommun", OrganisationKind.MUNICIPALITY),
        ("Länsstyrelsen Västernorrland", OrganisationKind.AGENCY),
    ]:
        network_member_add(user=secretary, activity=network, name=name, kind=kind)
    network_member_add(user=secretary, activity=network, organisation=regions["22"])
    groups = dict(network_members(network))
    assert [o.name for o in groups["Kommun"]] == ["Sundsvalls kommun", "Örnsköldsviks kommun"]
    assert [o.name for o in groups["Myndighet"]] == ["Länsstyrelsen Västernorrland"]
    assert [o.name for o in groups["Region"]] == ["Region Västernorrland"]

    lesson_add(
        user=secretary,
        activity=network,
        text="Goda exempel från kommunernas näringslivschefer sprids bäst i nätverket.",
    )
    assert [e.activity for e in lessons_bank(user=secretary, query="goda exempel")] == [network]
