"""The seed deck rebuilt as a real PPTX (title placeholders, notes, a two-slide proposal, a table)
must give the same proposals as the text export."""

from __future__ import annotations

import pytest

from reglab.readers.decks import parse_proposals, read_deck
from reglab.readers.decks.read import split_paragraphs
from tests.readers.decks_factory import seed_as_pptx


def summary(drafts):
    return [(d.title, d.region_name, tuple(d.emails), tuple(d.formats)) for d in drafts]


def test_seed_as_pptx_gives_the_same_proposals(shared_seed):
    seed = shared_seed.read_bytes()
    from_text = parse_proposals(read_deck(seed, "seed.txt").slides)
    deck = read_deck(seed_as_pptx(seed), "seed.pptx")
    from_pptx = parse_proposals(deck.slides)
    assert summary(from_pptx) == summary(from_text)
    social = next(d for d in from_pptx if d.title == "Socialt företagande")
    assert len(social.slides) == 2
    assert all(d.notes.startswith("Bild ") for d in from_pptx if d is not social)


@pytest.mark.parametrize("block", ["Region Kronoberg", "Västernorrland"])
def test_region_only_block_is_a_region(block):
    from reglab.readers.decks.parse import region_only

    assert region_only(split_paragraphs(block)[0]) is not None
