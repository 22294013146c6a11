"""The change log and a proposal's history read as sentences, in Swedish and in English: no dicts,
lists, action codes or field names."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reglab.programme.models import ActivityFormat, ActivityStatus, RoundPhase
from reglab.programme.services.activities import activity_create, activity_transition
from reglab.programme.services.proposals import proposal_create, proposal_update
from reglab.programme.services.states import answer_proposal

pytestmark = pytest.mark.django_db

INTERNAL = [
    "{",
    "}",
    "[",
    "'",
    "proposal_update",
    "activity_transition",
    "contact_email",
    "strategy_links",
    "formats",
    "natverk",
    "larprojekt",
    "running",
    "not_taken_forward",
    '"id"',
]


@pytest.fixture
def history(users, orgs, idea_round, programme):
    secretariat = users["secretariat"]
    idea_round.phase = RoundPhase.COLLECTING  # proposals come in while the round collects
    idea_round.save(update_fields=["phase"])
    proposal = proposal_create(
        round_=idea_round,
        user=users["member"],
        organisations=[orgs["skane"]],
        title="Kompetensförsörjning i glesbygd",
        contact_email="skane@example.se",
    )
    proposal_update(
        proposal=proposal,
        user=secretariat,
        organisations=[orgs["skane"], orgs["kronoberg"]],
        title="Kompetensförsörjning på landsbygden",
        formats=["natverk", "larprojekt"],
        contact_email="ny@skane.se",
    )
    answer_proposal(proposal=proposal, user=secretariat, state="not_taken_forward", text="Nästa år.")
    activity = activity_create(
        user=secretariat, programme=programme, title="Nätverk för data", format=ActivityFormat.NETWORK
    )
    activity_transition(user=secretariat, activity=activity, to_status=ActivityStatus.PLANNED)
    activity_transition(user=secretariat, activity=activity, to_status=ActivityStatus.RUNNING)
    return proposal, activity


def _section(html: str, start: str, end: str) -> str:
    match = re.search(re.escape(start) + "(.*?)" + re.escape(end), html, re.S)
    assert match, start
    return match.group(1)


def _assert_readable(text: str, lang: str = "sv") -> None:
    # "formats" is the field's name and, in English, also a word of its label ("Proposed formats").
    internal = [t for t in INTERNAL if not (lang == "en" and t == "formats")]
    leaked = [token for token in internal if token in text]
    assert not leaked, (leaked, text)


def test_change_log_in_swedish_reads_as_sentences(client, users, history):
    client.force_login(users["secretariat"])
    table = _section(client.get(reverse("programme:changelog")).content.decode(), "<tbody>", "</tbody>")
    _assert_readable(table)
    assert (
        "Titel ändrad från ”Kompetensförsörjning i glesbygd” till ”Kompetensförsörjning på landsbygden”"
        in table
    )
    assert "Föreslagna format ändrad från ”–” till ”Nätverk, Lärprojekt”" in table
    assert "Föreslås av ändrad från ”Region Skåne” till ”Region Skåne, Region Kronoberg”" in table
    assert "Status ändrad från ”Planerad” till ”Pågår”" in table
    assert "Läge ändrad från ”–” till ”Går inte vidare”" in table
    assert "Aktivitetens status ändrad" in table and "Förslag ändrat" in table


def test_change_log_in_english_shows_english_labels_and_no_internal_names(client, users, history):
    client.force_login(users["secretariat"])
    table = _section(
        client.get(reverse("programme:changelog") + "?lang=en").content.decode(), "<tbody>", "</tbody>"
    )
    _assert_readable(table, "en")
    assert "Title" in table and "Titel" not in table  # the field's English verbose name
    assert "In progress" in table and "Pågår" not in table  # the choice's English label


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_proposal_history_names_fields_and_values_as_people_do(client, users, history, lang):
    proposal, activity = history
    client.force_login(users["member"])
    html = client.get(proposal.get_absolute_url() + f"?lang={lang}").content.decode()
    section = html.split('id="comments-heading"')[1]
    revisions = _section(section, "<ol reversed>", "</ol>")
    _assert_readable(revisions, lang)
    if lang == "sv":
        assert "E-post ändrad från ”skane@example.se” till ”ny@skane.se”" in revisions
        assert "Föreslagna format ändrad från ”–” till ”Nätverk, Lärprojekt”" in revisions
    else:
        assert "E-mail" in revisions or "Email" in revisions
        assert "Network" in revisions  # the format's English label
    activity_log = client.get(activity.get_absolute_url() + f"?lang={lang}").content.decode()
    _assert_readable(_section(activity_log, "<details><summary>", "</details>"), lang)
