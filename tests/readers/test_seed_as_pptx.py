"""The seed deck rebuilt as a real PPTX (title placeholders, notes, a two-slide proposal, a table)
must give the same proposals as the text export."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.util import Inches

from reglab.readers.decks import parse_proposals, read_deck
from reglab.readers.decks.read import split_paragraphs
from reglab.readers.decks.text import read_text


def seed_as_pptx(seed_bytes: bytes) -> bytes:
    prs = Presentation()
    layout = prs.slide_layouts[1]  # title and content
    for index, slide in enumerate(read_text(seed_bytes)):
        paragraphs = slide.paragraphs
        title, body = " ".join(paragraphs[0].split()), paragraphs[1:]
        if title == "Socialt företagande":
            # Split over two slides with the same title; the second carries the format and region.
            first, second = body[:2], body[2:]
            for part in (first, second):
                s = prs.slides.add_slide(layout)
                s.shapes.title.text = title
                s.placeholders[1].text_frame.text = "\n\n".join(part)
            continue
        s = prs.slides.add_slide(layout)
        s.shapes.title.text = title
        if "lena.friborg" in "\n".join(body):
            # Contact details as a table, the rest as text.
            rest = [p for p in body if "mailto:" not in p and p.strip() != "Region Västerbotten"]
            s.placeholders[1].text_frame.text = "\n\n".join(rest)
            table = s.shapes.add_table(2, 2, Inches(0.5), Inches(6.2), Inches(9), Inches(1)).table
            table.cell(0, 0).text, table.cell(0, 1).text = "Region", "Region Västerbotten"
            table.cell(1, 0).text, table.cell(1, 1).text = (
                "Kontakt",
                "mailto:lena.friborg@regionvasterbotten.se",
            )
        else:
            s.placeholders[1].text_frame.text = "\n\n".join(body) if body else ""
        s.notes_slide.notes_text_frame.text = f"Bild {index + 1} från idéworkshopen."
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


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
