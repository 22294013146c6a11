from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from reglab.programme.models import ImportBatch, Proposal, RoundPhase
from tests.readers.decks_factory import build_pdf_without_text, build_pptx


def run(*args) -> str:
    out = io.StringIO()
    call_command("proposals_import", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_dry_run_json_on_seed_touches_no_database(shared_seed):
    # No django_db mark: any query would fail this test.
    rows = json.loads(run(shared_seed, "--dry-run", "--json"))
    assert 13 <= len(rows) <= 16
    titles = {r["title"]: r for r in rows}
    kronoberg = [r["title"] for r in rows if r["region"] == "Region Kronoberg"]
    assert kronoberg[:2] == ["Socialt företagande", "Cirkulär ekonomi"]
    assert kronoberg[2].startswith("Internationalisering")
    assert any(r["region"] == "Region Blekinge" and "hållbarhet" in r["title"] for r in rows)
    bio = [r for r in rows if r["region"] == "Region Västerbotten"]
    assert bio and bio[0]["contact_email"] == "lena.friborg@regionvasterbotten.se"
    assert len([r for r in rows if r["region"] == "Region Örebro län"]) == 2
    top2 = [s["title"] for s in titles["Erfarenheter regionbildningar"]["similar"][:2]]
    assert "Regionbildning" in top2
    match = next(
        s for s in titles["Erfarenheter regionbildningar"]["similar"] if s["title"] == "Regionbildning"
    )
    assert match["organisation"] == "Region Uppsala" and match["source"].endswith("bild 9")
    assert "Land & Stad" in [s["title"] for s in titles["Stad-/landperspektivet"]["similar"][:2]]
    assert "Stad-/landperspektivet" in [s["title"] for s in titles["Land & Stad"]["similar"][:2]]
    for row in rows:
        for match in row["similar"]:
            assert 0 <= match["score"] <= 1
            if row["region_lan"]:
                assert match["organisation_key"] != f"lan:{row['region_lan']}"
                assert match["organisation"] != row["region"]
        assert row["source"]["locator"].startswith("bild ")


@pytest.mark.django_db
def test_import_saves_once_and_reimport_is_idempotent(tmp_path, round_, regions):
    path = tmp_path / "workshop.pptx"
    path.write_bytes(build_pptx())
    out = run(path, "--round", round_.pk)
    assert "Sparade 3 nya" in out
    assert Proposal.objects.filter(round=round_).count() == 3
    kompetens = Proposal.objects.get(title="Kompetensförsörjning i glesbygd")
    assert [o.name for o in kompetens.organisations.all()] == ["Region Jämtland Härjedalen"]
    assert kompetens.source_locator == "bild 2–3"
    assert kompetens.contact_email == "anna.berg@regionjh.se"
    assert kompetens.revisions.count() == 1
    assert kompetens.created_by is None  # the slide's region is the author, not whoever imported
    out = run(path, "--round", round_.pk)
    assert "Sparade 0 nya; 3 fanns redan" in out
    assert Proposal.objects.filter(round=round_).count() == 3
    assert ImportBatch.objects.count() == 2


@pytest.mark.django_db
def test_import_into_a_round_that_no_longer_collects_is_one_clear_error(tmp_path, round_, regions):
    round_.phase = RoundPhase.REVIEWING
    round_.save()
    path = tmp_path / "workshop.pptx"
    path.write_bytes(build_pptx())
    with pytest.raises(CommandError, match="tar inte emot nya förslag: insamlingen är avslutad"):
        run(path, "--round", round_.pk)
    assert not Proposal.objects.filter(round=round_).exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_dry_run_with_round_saves_nothing(tmp_path, round_, regions):
    path = tmp_path / "workshop.pptx"
    path.write_bytes(build_pptx())
    rows = json.loads(run(path, "--round", round_.pk, "--dry-run", "--json"))
    assert len(rows) == 3
    assert Proposal.objects.count() == 0 and ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "tom"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Äldre Office-format"),
        (b"PK\x03\x04 not really a zip", "skadad"),
        ("Reglab\nIdéworkshop 3 maj\n".encode(), "Inga förslag"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "input.pptx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path, "--dry-run")


def test_pdf_without_text_and_missing_file(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(build_pdf_without_text())
    with pytest.raises(CommandError, match="ingen text"):
        run(path, "--dry-run")
    with pytest.raises(CommandError, match="finns inte"):
        run(tmp_path / "nope.txt", "--dry-run")


def test_file_over_the_limit(tmp_path, settings):
    settings.REGLAB_MAX_UPLOAD_BYTES = 100
    path = tmp_path / "big.txt"
    path.write_text("Titel\n\n" + "text " * 100)
    with pytest.raises(CommandError, match="för stor"):
        run(path, "--dry-run")


def test_saving_needs_a_round(tmp_path):
    path = tmp_path / "workshop.pptx"
    path.write_bytes(build_pptx())
    with pytest.raises(CommandError, match="--round"):
        run(path)


@pytest.mark.django_db
def test_matches_include_the_rounds_existing_proposals(tmp_path, round_, regions, member):
    from reglab.programme.services import proposals as proposal_services

    proposal_services.proposal_create(
        round_=round_,
        user=member,
        organisations=[regions["10"]],
        title="Cirkulär offentlig upphandling",
        description="Upphandling som driver cirkulär ekonomi och återbruk.",
    )
    path = tmp_path / "workshop.pptx"
    path.write_bytes(build_pptx())
    rows = json.loads(run(path, "--round", round_.pk, "--dry-run", "--json"))
    upphandling = next(r for r in rows if r["title"] == "Cirkulär upphandling")
    best = upphandling["similar"][0]
    assert best["title"] == "Cirkulär offentlig upphandling"
    assert best["organisation"] == "Region Blekinge"
    assert Proposal.objects.count() == 1


@pytest.mark.django_db
def test_import_without_loaded_organisations_keeps_the_region(tmp_path, round_):
    from reglab.accounts.models import Organisation

    path = tmp_path / "workshop.pptx"
    path.write_bytes(build_pptx())
    run(path, "--round", round_.pk)
    skane = Proposal.objects.get(title="Cirkulär upphandling").organisations.get()
    assert skane.name == "Region Skåne" and skane.slug == "region-skane"
    assert Organisation.objects.filter(name="Region Skåne").count() == 1
