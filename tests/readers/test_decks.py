from __future__ import annotations

import io
import zipfile

import pytest

from reglab.readers.decks import DeckError, parse_proposals, read_deck
from reglab.readers.decks.parse import find_formats, split_region_suffix, unwrap
from tests.readers.decks_factory import build_docx, build_pdf, build_pdf_without_text, build_pptx


def by_title(drafts):
    return {d.title: d for d in drafts}


# ---------------------------------------------------------------- the seed deck (plain text)


@pytest.fixture(scope="module")
def seed_drafts(shared_seed):
    deck = read_deck(shared_seed.read_bytes(), shared_seed.name)
    return deck, parse_proposals(deck.slides)


def test_seed_yields_13_to_16_proposals(seed_drafts):
    deck, drafts = seed_drafts
    assert deck.kind == "txt"
    assert 13 <= len(drafts) <= 16


def test_seed_kronoberg_three(seed_drafts):
    _, drafts = seed_drafts
    kronoberg = [d for d in drafts if d.region_name == "Region Kronoberg"]
    titles = [d.title for d in kronoberg]
    assert len(kronoberg) == 3
    assert titles[0] == "Socialt företagande"
    assert titles[1] == "Cirkulär ekonomi"
    assert titles[2].startswith("Internationalisering")
    assert by_title(drafts)["Cirkulär ekonomi"].formats == ["erfa"]
    assert set(by_title(drafts)["Socialt företagande"].formats) == {"larprojekt", "natverk"}
    assert "Behov av ökad kunskap" in by_title(drafts)["Socialt företagande"].needs


def test_seed_vasterbotten_bioeconomy_with_contact(seed_drafts):
    _, drafts = seed_drafts
    (bio,) = [d for d in drafts if d.region_name == "Region Västerbotten"]
    assert "bioekonomi" in bio.title.lower()
    assert bio.emails == ["lena.friborg@regionvasterbotten.se"]
    assert bio.contact_name == "Lena Friborg"  # suggested from the address, shown for review
    assert "seminarium" in bio.formats
    # The repeated title and the bare mailto line are not body text.
    assert "mailto:" not in bio.description


def test_seed_blekinge_orebro_and_titles_with_region_suffix(seed_drafts):
    _, drafts = seed_drafts
    (blekinge,) = [d for d in drafts if d.region_name == "Region Blekinge"]
    assert "hållbarhet" in blekinge.title
    assert blekinge.title.endswith("utvecklingsarbetet")  # wrapped title joined
    orebro = [d.title for d in drafts if d.region_name == "Region Örebro län"]
    assert orebro == ["Regionalt utvecklingsledarskap", "Stad-/landperspektivet"]
    assert by_title(drafts)["Land & Stad"].region_name == "Region Västernorrland"
    assert by_title(drafts)["Regionbildning"].region_name == "Region Uppsala"


def test_seed_headers_dropped_and_cover_skipped(seed_drafts):
    _, drafts = seed_drafts
    titles = [d.title for d in drafts]
    assert not any("Förslag Reglab aktiviteter" in t for t in titles)
    assert "Erfarenheter regionbildningar" in titles
    assert not any("Idéworkshop" in t or t == "Reglab" for t in titles)
    # "Fortsatt kunskapsutveckling" heads two different proposals: not joined, not a title.
    assert "Fortsatt kunskapsutveckling" not in titles
    assert any(t.startswith("Att räkna på hållbar tillväxt") for t in titles)
    assert "Matcha rätt" in titles


# ---------------------------------------------------------------- pptx built here


def test_pptx_extracts_same_fields():
    deck = read_deck(build_pptx(), "workshop.pptx")
    assert deck.kind == "pptx"
    drafts = parse_proposals(deck.slides)
    titles = [d.title for d in drafts]
    assert titles == [
        "Kompetensförsörjning i glesbygd",
        "Cirkulär upphandling",
        "Smart specialisering och S3",
    ]
    kompetens, upphandling, s3 = drafts
    # Two slides joined; notes kept and mined for the contact; region from a text box.
    assert kompetens.slides == [2, 3] and kompetens.locator == "bild 2–3"
    assert kompetens.region_name == "Region Jämtland Härjedalen"
    assert kompetens.emails == ["anna.berg@regionjh.se"]
    assert kompetens.contact_name == "Anna Berg"
    assert "Kontakt: Anna Berg" in kompetens.notes
    assert kompetens.formats == ["larprojekt", "erfa"]
    assert "Behov av gemensamma modeller" in kompetens.needs
    # Table: label/value rows.
    assert upphandling.region_name == "Region Skåne"
    assert upphandling.emails == ["per.holm@skane.se"]
    assert upphandling.formats == ["workshop", "studieresa"]
    assert upphandling.description.startswith("Hur kan offentlig upphandling")
    assert "Kontakt" not in upphandling.description
    # Grouped shapes read; a slide that is only a region name continues the proposal.
    assert "innovationsstrategier" in s3.description and "prioriteringar" in s3.description
    assert s3.region_name == "Region Värmland"
    assert s3.slides == [5, 6]
    assert "Regional innovationsstrategi" in s3.strategy_links


def test_docx_sections_and_table():
    deck = read_deck(build_docx(), "forslag.docx")
    drafts = parse_proposals(deck.slides)
    found = by_title(drafts)
    assert set(found) == {"Digital infrastruktur", "Besöksnäring"}
    assert found["Digital infrastruktur"].region_name == "Region Gävleborg"
    assert found["Digital infrastruktur"].emails == ["eva.lind@regiongavleborg.se"]
    assert found["Digital infrastruktur"].formats == ["natverk"]
    assert found["Besöksnäring"].region_name == "Region Kalmar län"
    assert found["Besöksnäring"].formats == ["seminarium"]
    assert found["Besöksnäring"].locator == "avsnitt 3"


def test_pdf_title_from_largest_font():
    deck = read_deck(build_pdf(), "deck.pdf")
    assert deck.kind == "pdf"
    drafts = parse_proposals(deck.slides)
    assert [d.title for d in drafts] == ["Turism och besöksnäring", "Energiomställning"]
    assert drafts[0].region_name == "Region Halland"
    assert drafts[0].emails == ["lars.ek@regionhalland.se"]
    assert drafts[0].locator == "sida 1"
    assert drafts[1].region_name == "Region Dalarna"
    assert drafts[1].formats == ["natverk"]


# ---------------------------------------------------------------- helpers


def test_unwrap_and_suffix_and_formats():
    assert unwrap("Fortsatt \nkunskapsutveckling") == ["Fortsatt kunskapsutveckling"]
    assert unwrap("• Titel här \n(BRP+) \nBrödtext börjar") == ["• Titel här (BRP+)", "Brödtext börjar"]
    title, org = split_region_suffix("Land & Stad- Västernorrland")
    assert title == "Land & Stad" and org.name == "Region Västernorrland"
    assert split_region_suffix("Stad-/landperspektivet") == ("Stad-/landperspektivet", None)
    assert find_formats("ERFA-träffar och en studieresa, kanske ett webbinarium") == [
        "erfa",
        "studieresa",
        "seminarium",
    ]


# ---------------------------------------------------------------- bad input


def test_empty_and_unknown():
    with pytest.raises(DeckError) as err:
        read_deck(b"", "x.txt")
    assert err.value.code == "empty"
    with pytest.raises(DeckError) as err:
        read_deck(b"\x00\x01binary\x00" * 10, "x.bin")
    assert err.value.code == "unknown_type"


def test_too_large():
    with pytest.raises(DeckError) as err:
        read_deck(b"a" * 2000, "big.txt", max_bytes=1000)
    assert err.value.code == "too_large"


def test_corrupt_pptx():
    data = build_pptx()
    with pytest.raises(DeckError) as err:
        read_deck(data[: len(data) // 2], "broken.pptx")
    assert err.value.code == "corrupt"


def test_zip_bomb_disguised_as_pptx_is_refused_before_parsing():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        chunk = b"\0" * (1024 * 1024)
        with archive.open("ppt/slides/slide1.xml", "w", force_zip64=True) as member:
            for _ in range(400):  # 400 MB of zeros, ~400 KB compressed
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(DeckError) as err:
        read_deck(data, "bomb.pptx")
    assert err.value.code == "zip_bomb"


def test_encrypted_office_file_and_encrypted_zip_member():
    # Encrypted OOXML files are OLE containers.
    with pytest.raises(DeckError) as err:
        read_deck(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "secret.pptx")
    assert err.value.code == "old_format"
    data = bytearray(build_pptx())
    # Set the "encrypted" flag bit on every member in the central directory.
    index = 0
    while (index := data.find(b"PK\x01\x02", index)) != -1:
        data[index + 8] |= 0x1
        index += 4
    with pytest.raises(DeckError) as err:
        read_deck(bytes(data), "locked.pptx")
    assert err.value.code == "encrypted"


def test_encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf())))
    writer.encrypt(user_password="hemligt", owner_password="ägare")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DeckError) as err:
        read_deck(out.getvalue(), "locked.pdf")
    assert err.value.code == "encrypted"


def test_pdf_without_text_and_corrupt_pdf():
    with pytest.raises(DeckError) as err:
        read_deck(build_pdf_without_text(), "scan.pdf")
    assert err.value.code == "no_text"
    with pytest.raises(DeckError) as err:
        read_deck(b"%PDF-1.4\n garbage garbage", "broken.pdf")
    assert err.value.code in {"corrupt", "no_text"}


def test_text_without_proposals_parses_to_nothing():
    deck = read_deck("Reglab\nIdéworkshop 3 maj\n".encode(), "cover.txt")
    assert parse_proposals(deck.slides) == []


def test_labelled_text_deck_with_region_prefix_and_title_label():
    text = (
        "Region Skåne: Innovationsupphandling\n\nLärprojekt om upphandling som driver innovation.\n"
        "Kontaktperson: Karin Ek, karin.ek@skane.se\n\n\n\n"
        "Förslag till Reglab\n\nTitel: Befolkningsprognoser\nRegion: Gotland\n"
        "Beskrivning: Workshop om metoder för prognoser.\nBehov: gemensamma antaganden.\n"
    )
    drafts = parse_proposals(read_deck(text.encode(), "x.txt").slides)
    assert [(d.title, d.region_name) for d in drafts] == [
        ("Innovationsupphandling", "Region Skåne"),
        ("Befolkningsprognoser", "Region Gotland"),
    ]
    assert drafts[0].contact_name == "Karin Ek" and drafts[0].emails == ["karin.ek@skane.se"]
    assert drafts[0].formats == ["larprojekt"]
    assert drafts[1].formats == ["workshop"]
    assert drafts[1].needs == "gemensamma antaganden."


def test_markdown_export_with_slide_markers_and_notes():
    text = (
        "<!-- Slide number: 1 -->\n# Idéworkshop 2019\n\n"
        "<!-- Slide number: 2 -->\n# Kulturella och kreativa näringar\n"
        "Seminarium om kulturens roll för tillväxt.\n\nRegion Halland\n\n"
        "### Notes:\nKontakt: Sara Ny, sara.ny@regionhalland.se\n\n"
        "<!-- Slide number: 3 -->\n# Befolkningsprognoser\nWorkshop om metoder.\n\nRegion Gotland\n"
    )
    deck = read_deck(text.encode(), "deck.md")
    assert [s.number for s in deck.slides] == [1, 2, 3]
    drafts = parse_proposals(deck.slides)
    assert [(d.title, d.region_name, d.locator) for d in drafts] == [
        ("Kulturella och kreativa näringar", "Region Halland", "bild 2"),
        ("Befolkningsprognoser", "Region Gotland", "bild 3"),
    ]
    assert drafts[0].emails == ["sara.ny@regionhalland.se"] and drafts[0].contact_name == "Sara Ny"
    assert "Kontakt" in drafts[0].notes and "Kontakt" not in drafts[0].description


def test_seed_in_windows_encoding_and_line_endings_gives_the_same(shared_seed, seed_drafts):
    _, drafts = seed_drafts
    text = shared_seed.read_text("utf-8").replace("\n", "\r\n")
    other = parse_proposals(read_deck(text.encode("cp1252", errors="replace"), "seed-win.txt").slides)
    assert [(d.title, d.region_name, d.emails) for d in other] == [
        (d.title, d.region_name, d.emails) for d in drafts
    ]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Regionförbundet Sörmland", "Region Sörmland"),
        ("Landstinget Dalarna", "Region Dalarna"),
        ("Förslag från Regionförbundet Uppsala län", "Region Uppsala"),
        ("Region: Norrbottens läns landsting", "Region Norrbotten"),
    ],
)
def test_older_organisation_names_resolve(line, name):
    from reglab.readers.decks.parse import region_labelled, region_only

    assert (region_labelled(line) or region_only(line)).name == name


def test_agenda_and_thanks_slides_are_not_proposals():
    text = (
        "Agenda\n\n• Välkommen\n• Förslag från regionerna\n• Fika\n\n\n\n"
        "Bredband\n\nNätverk om fiber.\n\nRegion Gotland\n\n\n\nTack!\n"
    )
    drafts = parse_proposals(read_deck(text.encode(), "x.txt").slides)
    assert [d.title for d in drafts] == ["Bredband"]


def test_name_from_email():
    from reglab.readers.decks.parse import name_from_email

    assert name_from_email("anna-karin.berg@region.se") == "Anna-Karin Berg"
    assert name_from_email("info.reglab@region.se") == ""
    assert name_from_email("registrator@region.se") == ""
    assert name_from_email("a.b@region.se") == ""
