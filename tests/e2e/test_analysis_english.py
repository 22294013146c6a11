"""Must show (issue 14): in English mode the profile, map and compare pages contain no Swedish UI text.

Checked against the message catalogue: every msgid of src/reglab/locale/en/LC_MESSAGES/django.po that
has a different English translation is Swedish UI text, so finding it verbatim (as whole words) in the
English page's visible text or chart descriptions is a failure. Names of places and official titles
(region names, dataset and BRP+ measure titles, Kolada's required attribution) are removed first.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CATALOGUE = Path(__file__).resolve().parents[2] / "src/reglab/locale/en/LC_MESSAGES/django.po"
# Attribution that Kolada requires in Swedish on its published values (an official title, not UI text).
OFFICIAL = ["Källa: Kolada"]


def _po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .po file, multi-line strings joined; plural forms give their first form."""
    entries, current, key = [], {"msgid": "", "msgstr": ""}, ""
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        line = line.strip()
        match = re.match(r"^(msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\])\s+(\".*\")$", line)
        if match:
            key = {"msgstr[0]": "msgstr"}.get(match.group(1), match.group(1))
            if key == "msgid" and current["msgid"]:
                entries.append((current["msgid"], current["msgstr"]))
                current = {"msgid": "", "msgstr": ""}
            current.setdefault(key, "")
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] = current.get(key, "") + ast.literal_eval(line)
        elif not line and current["msgid"]:
            entries.append((current["msgid"], current["msgstr"]))
            current, key = {"msgid": "", "msgstr": ""}, ""
    return entries


def swedish_phrases() -> list[str]:
    """Literal Swedish UI phrases: translated msgids, each placeholder splitting them into fragments."""
    phrases = set()
    for msgid, msgstr in _po_entries(CATALOGUE):
        if not msgstr or msgstr == msgid:
            continue
        for part in re.split(r"%\(\w+\)[sdfr]|%[sd]|\{\{.*?\}\}|<[^>]+>", msgid):
            part = part.strip(" .,:;–-()")
            # Very short fragments ("av", "och") say nothing on their own; words with letters only. A
            # fragment the English keeps verbatim ("BRP+", "version", the project name "Matcha rätt") is
            # a name or a word both languages share, not Swedish UI text.
            if len(part) >= 4 and re.search(r"[A-Za-zÅÄÖåäö]{3}", part) and part not in msgstr:
                phrases.add(part)
    return sorted(phrases, key=len, reverse=True)


def swedish_in(text: str, phrases: list[str]) -> list[str]:
    """The phrases found, each with a little of the text around its first occurrence."""
    found = []
    for p in phrases:
        match = re.search(r"(?<![\wÅÄÖåäö])" + re.escape(p) + r"(?![\wÅÄÖåäö])", text)
        if match:
            found.append(f"{p!r} in …{text[max(0, match.start() - 30) : match.end() + 30]!r}…")
    return found


def test_the_catalogue_parser_finds_known_swedish_phrases():
    phrases = swedish_phrases()
    assert "Jämför regioner" in phrases and "Källa: Kolada" in phrases
    assert any(
        f.startswith("'Jämför regioner'") for f in swedish_in("Compare regions – Jämför regioner", phrases)
    )
    assert swedish_in("Compare regions", phrases) == []


def _page_text(page) -> str:
    """Visible text plus every SVG chart's title and description (what a screen reader reads)."""
    text = page.locator("body").inner_text()
    described = page.eval_on_selector_all(
        "svg title, svg desc, [aria-label], [title]",
        "els => els.map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || '')"
        " + ' ' + (['title', 'desc'].includes(e.tagName.toLowerCase()) ? e.textContent : ''))",
    )
    return text + "\n" + "\n".join(described)


def test_profile_map_and_compare_have_no_swedish_ui_text_in_english(page, live_server, shared_data):
    from reglab.geography.models import Region
    from reglab.geography.services import geography_load, region_group_create
    from reglab.indicators.services import brp_official_import
    from reglab.statistics.models import Dataset

    if Region.objects.filter(kind="kommun").count() != 290:
        geography_load(with_geometry=False)
    brp_official_import(directory=shared_data / "brp-plus-2025")
    group = region_group_create(name="Bergslagen", member_codes=["1880", "1881", "2080"])

    page.goto(live_server.url + "/")
    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="Byt språk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"

    official = [*OFFICIAL, *Region.objects.values_list("name", flat=True)]
    official += list(Dataset.objects.values_list("title", flat=True))
    phrases = swedish_phrases()
    pages = {
        "profile": "/analys/region/2080/",
        "profile of a län": "/analys/region/20/",
        "profile of a group": f"/analys/region/{group.code}/",
        "map": "/analys/karta/?m=brp:Livskvalitet&niva=kommun&kon=T",
        "compare": f"/analys/jamfor/?m=brp:T6&r=2080&r=20&r={group.code}&r=00&kon=T",
    }
    found = {}
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, name
        assert page.locator("html").get_attribute("lang") == "en"
        text = _page_text(page)
        for title in sorted(official, key=len, reverse=True):
            text = text.replace(title, " ")
        leaks = swedish_in(text, phrases)
        if leaks:
            found[name] = leaks
    assert found == {}, f"Swedish UI text in English mode: {found}"
