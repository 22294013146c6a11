"""Rounds in the web: create, next phase, round-scoped forms, cluster labels, the voting policy's refusal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reglab.programme.models import ChangeLog, IdeaRound, RoundPhase
from reglab.programme.services.ballots import ballot_create, focus_area_create
from reglab.programme.services.imports import deck_extract, proposals_import_save
from reglab.programme.services.overlaps import round_clusters_save
from reglab.programme.services.programmes import programme_create
from tests.factories import IdeaRoundFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_secretariat_creates_a_round_and_moves_it_on(client, users):
    client.force_login(users["secretariat"])
    index = client.get(reverse("programme:index"))
    assert reverse("programme:round-create").encode() in index.content
    form = client.get(reverse("programme:round-create"))
    assert form.context["form"].initial["programme_year"] > 2000  # pre-filled: next year
    response = client.post(
        reverse("programme:round-create"), {"title": "Idéworkshop 2027", "programme_year": 2028}
    )
    round_ = IdeaRound.objects.get()
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Importera presentation" in page and 'value="reviewing"' in page
    client.post(reverse("programme:round-advance", args=[round_.pk]), {"to_phase": "reviewing"})
    round_.refresh_from_db()
    assert round_.phase == RoundPhase.REVIEWING
    assert ChangeLog.objects.filter(action="round_advance", object_id=round_.pk).exists()
    # A stale page's second click is refused with a message and nothing moves.
    response = client.post(
        reverse("programme:round-advance", args=[round_.pk]), {"to_phase": "reviewing"}, follow=True
    )
    assert "redan i fasen Bearbetning" in response.content.decode()
    round_.refresh_from_db()
    assert round_.phase == RoundPhase.REVIEWING


def test_members_cannot_create_or_move_rounds(client, users, idea_round):
    client.force_login(users["member"])
    assert client.get(reverse("programme:round-create")).status_code == 403
    url = reverse("programme:round-advance", args=[idea_round.pk])
    assert client.post(url, {"to_phase": "planning"}).status_code == 403
    idea_round.refresh_from_db()
    assert idea_round.phase == RoundPhase.PRIORITISING


def test_forms_offer_only_the_rounds_own_items(client, users, idea_round, proposals):
    other = IdeaRoundFactory(title="Idéworkshop 2025", programme_year=2026)
    ProposalFactory(round=other, title="Förslag från förra rundan")
    focus_area_create(user=users["secretariat"], round=other, title="Förra årets sakområde")
    mine = [
        focus_area_create(user=users["secretariat"], round=idea_round, title=t, proposals=[p])
        for t, p in (("Kompetens", proposals[0]), ("Data", proposals[1]))
    ]
    client.force_login(users["secretariat"])
    page = client.get(reverse("programme:focus-area-create") + f"?round={idea_round.pk}").content.decode()
    assert "Idéworkshop 2026" in page and proposals[0].title in page
    assert "Förslag från förra rundan" not in page
    page = client.get(reverse("programme:ballot-create") + f"?round={idea_round.pk}")
    form = page.context["form"]
    assert list(form.fields["options"].queryset) == mine
    assert form.initial["options"] == [a.pk for a in mine] and form.initial["open_now"] is True
    assert "Förra årets sakområde" not in page.content.decode()
    # A posted foreign proposal is not a valid choice of this round's form: nothing is saved.
    stranger = other.proposals.get()
    response = client.post(
        reverse("programme:focus-area-create") + f"?round={idea_round.pk}",
        {"round": idea_round.pk, "title": "Blandat", "proposals": [proposals[0].pk, stranger.pk]},
    )
    assert response.status_code == 200 and not idea_round.focus_areas.filter(title="Blandat").exists()


def test_programme_shows_its_round(client, users, idea_round):
    programme = programme_create(user=users["secretariat"], year=2027, round=idea_round, is_published=True)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert 'data-testid="programme-round"' in page and "Idéworkshop 2026" in page


def test_secretariat_gets_403_and_a_clear_message_when_the_policy_excludes_it(
    client, users, orgs, idea_round, proposals
):
    areas = [
        focus_area_create(user=users["secretariat"], round=idea_round, title=p.title, proposals=[p])
        for p in proposals
    ]
    ballot = ballot_create(
        user=users["secretariat"], round=idea_round, title="B", options=areas, open_now=True
    )
    client.force_login(users["secretariat"])
    page = client.get(ballot.get_absolute_url()).content.decode()
    assert "sekretariatet röstar inte (det leder omröstningen)" in page
    assert "Lägg röst" not in page
    response = client.post(
        reverse("programme:ballot-cast", args=[ballot.pk]),
        {"organisation": orgs["reglab"].pk, f"dots_{areas[0].pk}": 3},
    )
    assert response.status_code == 403
    assert "Sekretariatet röstar inte i den här omröstningen" in response.content.decode()
    assert not ballot.casts.exists()


def test_one_click_from_clusters_to_focus_areas(client, users, idea_round, proposals):
    client.force_login(users["secretariat"])
    client.post(reverse("programme:round-clusters", args=[idea_round.pk]))
    clusters = list(idea_round.clusters.all())
    assert clusters
    response = client.post(reverse("programme:round-clusters-accept", args=[idea_round.pk]), follow=True)
    assert "skapades av klustren" in response.content.decode()
    assert sorted(a.title for a in idea_round.focus_areas.all()) == sorted(c.label for c in clusters)
    area = idea_round.focus_areas.first()
    edit = reverse("programme:focus-area-edit", args=[area.pk])
    client.post(edit, {"title": "Eget namn", "description": "", "proposals": [proposals[0].pk]})
    area.refresh_from_db()
    assert area.title == "Eget namn" and list(area.proposals.all()) == [proposals[0]]


def test_seed_deck_clusters_are_labelled_by_a_proposals_title(shared_seed, secretary, regions, round_):
    data = shared_seed.read_bytes()
    deck, drafts = deck_extract(data=data, filename=shared_seed.name, max_bytes=10_000_000)
    proposals_import_save(round_=round_, deck=deck, drafts=drafts, user=secretary)
    clusters = round_clusters_save(round_=round_, user=secretary)
    groups = [c for c in clusters if c.proposals.count() > 1]
    lines = [f"{c.label!r} ← {[p.title for p in c.proposals.all()]}" for c in groups]
    print("\nseed clusters:", *lines, sep="\n  ")
    assert groups, "the seed has overlapping proposals (e.g. Regionbildning), so some cluster has two"
    for cluster in clusters:
        titles = [p.title for p in cluster.proposals.all()]
        # The label is what a person would write: one member's title, not a list of keywords.
        assert cluster.label in titles
    bildning = next(c for c in groups if "Regionbildning" in [p.title for p in c.proposals.all()])
    assert "regionbildning" in bildning.label.lower()
