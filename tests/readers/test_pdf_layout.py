"""A PDF exported from a PPTX deck imports as the PPTX does: same titles, organisations, formats and
e-mails per proposal, continuation pages merged. Two PDFs: LibreOffice's own export (when soffice is
installed; CI installs it) and an equivalent layout drawn here (always)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from reglab.readers.decks import parse_proposals, read_deck
from reglab.readers.decks.pdf_layout import Glyph, PageLayout, deck_metrics, page_text, rows_of
from tests.conftest import skip_unless_required
from tests.readers.decks_factory import build_pptx, pptx_as_pdf, seed_as_pptx


def per_proposal(drafts):
    return [(d.title, d.region_name, tuple(d.formats), tuple(d.emails)) for d in drafts]


def assert_same_import(pptx: bytes, pdf: bytes) -> None:
    from_pptx = parse_proposals(read_deck(pptx, "deck.pptx").slides)
    deck = read_deck(pdf, "deck.pdf")
    assert deck.kind == "pdf"
    from_pdf = parse_proposals(deck.slides)
    assert per_proposal(from_pdf) == per_proposal(from_pptx)
    assert [len(d.slides) for d in from_pdf] == [len(d.slides) for d in from_pptx]
    social = next(d for d in from_pdf if d.title == "Socialt företagande")
    assert social.locator == "sida 12–13"  # the continuation page is merged, not a second proposal


@pytest.mark.parametrize("long_lines", [False, True], ids=["seed-lines", "long-lines"])
def test_equivalent_layout_pdf_imports_as_the_pptx(shared_seed, long_lines):
    pptx = seed_as_pptx(shared_seed.read_bytes(), long_lines=long_lines)
    assert_same_import(pptx, pptx_as_pdf(pptx))


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        skip_unless_required(
            "needs LibreOffice to export the PDF (apt-get install libreoffice-impress)",
            "REGLAB_REQUIRE_LIBREOFFICE",
        )
    assert found is not None
    return found


def libreoffice_pdf(pptx: bytes, tmp_path: Path) -> bytes:
    source = tmp_path / "deck.pptx"
    source.write_bytes(pptx)
    # A profile of its own: a second soffice on the same profile would hand the job to the first.
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(
        [_soffice(), profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    return (tmp_path / "deck.pdf").read_bytes()


@pytest.mark.parametrize("long_lines", [False, True], ids=["seed-lines", "long-lines"])
def test_libreoffice_pdf_imports_as_the_pptx(shared_seed, tmp_path, long_lines):
    pptx = seed_as_pptx(shared_seed.read_bytes(), long_lines=long_lines)
    assert_same_import(pptx, libreoffice_pdf(pptx, tmp_path))


def test_factory_deck_as_pdf_keeps_titles_regions_and_formats():
    """Tables, grouped shapes, a slide that is only a region name; e-mails in speaker notes are not
    in a PDF, so only the e-mails on the slides are compared."""
    pptx = build_pptx()
    from_pptx = parse_proposals(read_deck(pptx, "deck.pptx").slides)
    from_pdf = parse_proposals(read_deck(pptx_as_pdf(pptx), "deck.pdf").slides)
    assert [(d.title, d.region_name, d.formats, d.slides) for d in from_pdf] == [
        (d.title, d.region_name, d.formats, d.slides) for d in from_pptx
    ]
    for pdf_draft, pptx_draft in zip(from_pdf, from_pptx, strict=True):
        in_notes = set(pptx_draft.emails) - set(pdf_draft.emails)
        assert all(email in pptx_draft.notes for email in in_notes)


# ---------------------------------------------------------------- layout rules on glyphs


def _run(text: str, x: float, top: float, size: float = 32, font: str = "Body", width: float = 16):
    """One glyph per character, each `width` wide, in a row at `top`."""
    bottom = top + size
    return [
        Glyph(text=ch, x0=x + i * width, x1=x + (i + 1) * width, top=top, bottom=bottom, size=size, font=font)
        for i, ch in enumerate(text)
    ]


def _page(*runs: list[Glyph]) -> PageLayout:
    return PageLayout(number=1, rows=rows_of([g for run in runs for g in run]))


def test_list_bullet_starts_a_paragraph_and_is_not_text_but_a_typed_bullet_is():
    page = _page(
        _run("Titel", 50, 20, size=44, width=22),
        _run("•", 40, 120, font="Symbol"),
        _run("Första punkten", 70, 121),
        _run("•", 40, 170, font="Symbol"),
        _run("• Skriven punkt", 70, 171),
    )
    title, paragraphs = page_text(page.rows, deck_metrics([page]))
    assert title == "Titel"
    assert paragraphs == ["Första punkten\n• Skriven punkt"]


def test_wrapped_line_is_joined_and_a_line_that_ended_early_is_not():
    # Box right edge: 70 + 36 × 16 = 646 (the longest line). "kompetens" (9 × 16 = 144) would not
    # have fitted after the first line, so it was wrapped; "Kontakt:" fits after "i glesbygd.".
    first = "Lärprojekt om rekrytering i glesbygd"
    second = "kompetens i glesbygd."
    page = _page(
        _run("Titel", 50, 20, size=44, width=22),
        _run(first, 70, 120),
        _run(second, 70, 158),
        _run("Kontakt: anna.berg@regionjh.se", 70, 196),
    )
    _, paragraphs = page_text(page.rows, deck_metrics([page]))
    assert paragraphs == [f"{first} {second}\nKontakt: anna.berg@regionjh.se"]


def test_empty_line_gap_separates_blocks_and_table_cells_join_as_label_value():
    page = _page(
        _run("Titel", 50, 20, size=44, width=22),
        _run("Beskrivning av förslaget.", 70, 120),
        _run("Region", 40, 260, size=18, width=9),
        _run("Region Skåne", 300, 260, size=18, width=9),
    )
    _, paragraphs = page_text(page.rows, deck_metrics([page]))
    assert paragraphs == ["Beskrivning av förslaget.", "Region: Region Skåne"]


def test_address_broken_inside_the_word_is_joined_without_a_space():
    page = _page(
        _run("Titel", 50, 20, size=44, width=22),
        _run("Kontakt: anna.berg@region-", 70, 120),
        _run("jamtlandharjedalen.se", 70, 158),
        _run("Ett långt stycke som fyller hela rutan.", 70, 300),  # the box: 70 + 39 × 16
    )
    _, paragraphs = page_text(page.rows, deck_metrics([page]))
    assert paragraphs[0] == "Kontakt: anna.berg@region-jamtlandharjedalen.se"


def test_words_apart_without_space_glyphs_are_separate_words():
    """Some producers place each word on its own and draw no spaces."""
    words = [("Kontakt:", 70), ("anna.berg@regionjh.se", 70 + 8 * 16 + 9)]
    page = _page(
        _run("Titel", 50, 20, size=44, width=22),
        *[_run(word, x, 120) for word, x in words],
    )
    _, paragraphs = page_text(page.rows, deck_metrics([page]))
    assert paragraphs == ["Kontakt: anna.berg@regionjh.se"]
