from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from reglab.accounts.models import Organisation
from reglab.programme.models import ActivityStatus, Ballot, ChangeLog, IdeaRound, Programme, Registration

DECK = """Reglab
Idéworkshop 3 oktober



Förslag Reglab aktiviteter 2027

- Datadriven besöksnäring
Vi vill jämföra gästnätter mellan regionerna. Reglab: ERFA-träffar med andra regioner.
Region Gotland
kontakt@gotland.example.se



Cirkulära provrum
Testa en gemensam modell för återbruk. Format: provrum.
Region Västerbotten



Kompetens i vården
Lärprojekt om kompetensförsörjning.
Region Dalarna
"""


def _run(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_without_file_walks_to_a_programme():
    output = _run("--year", "2031")
    programme = Programme.objects.get(year=2031)
    assert Ballot.objects.get().is_closed
    assert IdeaRound.objects.get().phase == "closed"
    statuses = dict(programme.activities.values_list("title", "status"))
    assert statuses["Provrum för cirkulär upphandling"] == ActivityStatus.PLANNED
    assert sum(1 for s in statuses.values() if s == ActivityStatus.RUNNING) == 3
    assert "nu deltar 1 (Region Skåne)" in output
    assert Registration.objects.filter(status="waiting").exists()  # the meeting is smaller than the network
    assert all(a.source_proposals.exists() for a in programme.activities.all())
    assert ChangeLog.objects.filter(action="demo_build").exists()


@pytest.mark.django_db
def test_demo_from_a_text_document(tmp_path):
    deck = tmp_path / "deck.txt"
    deck.write_text(DECK, encoding="utf-8")
    output = _run("--from-file", str(deck), "--year", "2032")
    assert "Förslag: 3 från deck.txt" in output
    round_ = IdeaRound.objects.get()
    titles = set(round_.proposals.values_list("title", flat=True))
    assert titles == {"Datadriven besöksnäring", "Cirkulära provrum", "Kompetens i vården"}
    p = round_.proposals.get(title="Datadriven besöksnäring")
    assert p.organisations.get().name == "Region Gotland" and p.contact_email == "kontakt@gotland.example.se"
    assert p.formats == ["erfa"] and p.source_document == "deck.txt"
    assert Organisation.objects.filter(name="Region Västerbotten").exists()


@pytest.mark.django_db
def test_demo_uses_the_deck_importer(tmp_path):
    """Headers skipped, formats recognised, source slide recorded: as in the secretariat's import."""
    deck = tmp_path / "deck.txt"
    deck.write_text(DECK, encoding="utf-8")
    _run("--from-file", str(deck), "--year", "2033")
    provrum = IdeaRound.objects.get().proposals.get(title="Cirkulära provrum")
    assert provrum.formats == ["provrum"] and provrum.source_locator and provrum.source_document_sha256


@pytest.mark.django_db
def test_demo_refuses_bad_input_and_saves_nothing(tmp_path):
    with pytest.raises(CommandError, match="Hittar inte filen"):
        _run("--from-file", str(tmp_path / "missing.txt"))
    empty = tmp_path / "empty.txt"
    empty.write_text("Reglab\n", encoding="utf-8")
    with pytest.raises(CommandError, match="färre än två förslag"):
        _run("--from-file", str(empty))
    assert not IdeaRound.objects.exists() and not ChangeLog.objects.exists()


@pytest.mark.shared
@pytest.mark.django_db
def test_demo_from_the_seed_deck(shared_seed):
    output = _run("--from-file", str(shared_seed), "--year", "2018")
    round_ = IdeaRound.objects.get()
    assert round_.proposals.count() >= 10
    names = set(Organisation.objects.filter(proposals__round=round_).values_list("name", flat=True))
    assert {"Region Kronoberg", "Region Västerbotten", "Region Blekinge"} <= names
    assert Programme.objects.get(year=2018).activities.count() >= 3
    assert "Program:  /program/ar/2018/" in output
