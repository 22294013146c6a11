"""Must show (issue 13): the secretariat runs a whole round in the web, with no /admin/ page.

It creates a round, imports a deck (a PPTX built here with python-pptx), accepts the suggested focus
areas, opens a dots ballot that members of two organisations cast, closes it, builds and publishes the
programme with a meeting; a member subscribes to the iCal feed (fetched and parsed with icalendar).

The secretariat's page actions are counted: every click (links, buttons, check boxes), every choice in
a select and every file chosen. Typing into a field and the first visit of the login page are not.
"""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from icalendar import Calendar
from pptx import Presentation

from reglab.accounts.models import Role
from reglab.programme.models import Ballot, FocusArea, IdeaRound, Meeting, Programme, RoundPhase
from tests.factories import PASSWORD, user_with_role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_SECRETARIAT_ACTIONS = 25  # the goal

# (title, body, region, contact, format line): two pairs on the same topic, two topics alone.
PROPOSALS = [
    (
        "Regionbildning",
        "Erfarenheter från regionbildningen och det nya regionala utvecklingsansvaret.",
        "Region Kronoberg",
        "eva.ek@kronoberg.se",
        "Format: Erfarenhetsutbyte",
    ),
    (
        "Erfarenheter regionbildningar",
        "Vad har regionbildningarna inneburit för det regionala "
        "utvecklingsansvaret? Lärdomar mellan regionerna.",
        "Region Blekinge",
        "olof.lind@regionblekinge.se",
        "Format: Erfarenhetsutbyte",
    ),
    (
        "Kompetensförsörjning i glesbygd",
        "Många kommuner har svårt att rekrytera till välfärden.",
        "Region Jämtland Härjedalen",
        "anna.berg@regionjh.se",
        "Format: Lärprojekt",
    ),
    (
        "Kompetensförsörjning och rekrytering",
        "Gemensamma modeller för kompetensplattformar och rekrytering till välfärden.",
        "Region Västernorrland",
        "karl.nord@rvn.se",
        "Format: Lärprojekt",
    ),
    (
        "Cirkulär upphandling",
        "Hur kan offentlig upphandling driva cirkulär ekonomi?",
        "Region Skåne",
        "per.holm@skane.se",
        "Format: Workshop",
    ),
    (
        "Besöksnäringens data",
        "Bättre statistik över besöksnäringen i regionerna.",
        "Region Kalmar län",
        "lisa.sand@regionkalmar.se",
        "Format: Seminarium",
    ),
]


def _deck() -> bytes:
    prs = Presentation()
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "Idéworkshop 19 september"
    cover.placeholders[1].text = "Reglab"
    for title, body, region, email, fmt in PROPOSALS:
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = title
        frame = slide.placeholders[1].text_frame
        frame.text = body
        frame.add_paragraph().text = fmt
        frame.add_paragraph().text = f"Kontakt: {email}"
        frame.add_paragraph().text = region
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


class Actions:
    """The secretariat's page actions, counted as they happen."""

    def __init__(self) -> None:
        self.count = 0
        self.log: list[str] = []

    def __call__(self, what: str, action) -> None:
        self.count += 1
        self.log.append(what)
        action()


def _login(page, base: str, username: str, next_path: str, act=None) -> None:
    page.goto(f"{base}/konto/logga-in/?next={next_path}")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    button = page.get_by_role("button", name="Logga in")
    act("logga in", button.click) if act else button.click()
    page.wait_for_url(f"{base}{next_path}")


def test_secretariat_runs_a_round_in_the_web(
    browser,
    live_server,
    regions,
    secretary,
    tmp_path,
):
    base = live_server.url
    # Members of two organisations (regions) vote; the secretariat (Reglab) runs everything.
    user_with_role("kronoberg", regions["07"], Role.MEMBER)
    user_with_role("blekinge", regions["10"], Role.MEMBER)
    visited: list[str] = []
    contexts = []

    def new_page():
        context = browser.new_context(locale="sv-SE")
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: visited.append(request.url))
        return page

    deck = tmp_path / "idéworkshop.pptx"
    deck.write_bytes(_deck())
    act = Actions()
    try:
        s = new_page()
        # 1. Log in and create the round (title and year are pre-filled).
        _login(s, base, "sekretariat", "/program/", act)
        act("Ny idérunda", s.get_by_role("link", name="Ny idérunda").click)
        act("Spara runda", s.get_by_role("button", name="Spara").click)
        s.get_by_text("Den tar emot förslag.").wait_for()
        round_ = IdeaRound.objects.get()
        assert round_.phase == RoundPhase.COLLECTING

        # 2. Import the deck.
        act("Importera presentation", s.get_by_role("link", name="Importera presentation").click)
        act("välj fil", lambda: s.set_input_files("input[type=file]", str(deck)))
        act("Läs in och granska", s.get_by_role("button", name="Läs in och granska").click)
        s.wait_for_url("**/import/*/")
        act("Spara markerade förslag", s.get_by_role("button", name="Spara markerade förslag").click)
        s.wait_for_url(f"{base}{round_.get_absolute_url()}")
        assert round_.proposals.count() == len(PROPOSALS)

        # 3. End collecting; compute the clusters and accept them as focus areas in one click.
        act("till bearbetning", s.get_by_role("button", name="Avsluta insamlingen").click)
        s.get_by_text("Rundan är nu i fasen Bearbetning").wait_for()
        act("Beräkna kluster", s.get_by_role("button", name="Beräkna kluster").click)
        s.get_by_text("ämneskluster föreslogs").wait_for()
        act("Skapa sakområden", s.get_by_role("button", name="Skapa sakområden av klustren").click)
        s.get_by_text("skapades av klustren").wait_for()
        areas = list(FocusArea.objects.filter(round=round_))
        titles = {p.title for p in round_.proposals.all()}
        assert len(areas) >= 2 and all(a.title in titles for a in areas)  # labels a person would write

        # 4. Prioritise: the ballot form is pre-filled with the round's focus areas and opens at once.
        act("Starta prioriteringen", s.get_by_role("button", name="Starta prioriteringen").click)
        s.get_by_text("Rundan är nu i fasen Prioritering").wait_for()
        act("Ny omröstning", s.get_by_role("link", name="Ny omröstning").click)
        act("Spara omröstning", s.get_by_role("button", name="Spara").click)
        s.get_by_text("är skapad och öppen").wait_for()
        ballot = Ballot.objects.get()
        assert ballot.is_open and ballot.use_dots and set(ballot.options.all()) == set(areas)
        assert "sekretariatet röstar inte" in s.get_by_test_id("voting-policy").inner_text()
        assert s.get_by_role("button", name="Lägg röst").count() == 0  # the secretariat does not vote

        # 5. Members of two organisations cast their dots (not counted: they are not the secretariat).
        favourite = areas[0]
        for username, org in (("kronoberg", "Region Kronoberg"), ("blekinge", "Region Blekinge")):
            m = new_page()
            _login(m, base, username, ballot.get_absolute_url())
            m.get_by_label(f"Prickar för {favourite.title}").fill("5")
            m.get_by_label(f"Prickar för {areas[1].title}").fill("3")
            m.get_by_role("button", name="Lägg röst").click()
            m.get_by_text(f"Rösten för {org} är registrerad").wait_for()
        assert ballot.casts.count() == 2

        # 6. Close the ballot, go on to planning, create the programme in one click, publish it.
        s.reload()
        act("Stäng omröstningen", s.get_by_role("link", name="Stäng omröstningen").click)
        # A confirmation page says who has not voted before anything is closed.
        assert "2 röster har lagts." in s.get_by_test_id("consequences").inner_text()
        act("Ja, stäng", s.get_by_role("button", name="Ja, stäng omröstningen").click)
        s.get_by_text("Omröstningen är stängd").wait_for()
        act("till planering", s.get_by_role("button", name="Gå vidare till planering").click)
        s.get_by_text("Rundan är nu i fasen Planering").wait_for()
        year = round_.programme_year
        act("Skapa programmet", s.get_by_role("button", name=f"Skapa programmet för {year}").click)
        s.get_by_text("skapades.").first.wait_for()
        programme = Programme.objects.get()
        assert programme.round == round_ and set(programme.focus_areas.all()) == set(areas)
        assert "Från idérundan" in s.get_by_test_id("programme-round").inner_text()
        act("Registrera beslut", s.get_by_role("link", name="Registrera styrelsens beslut").click)
        act("Spara beslut", s.get_by_role("button", name="Spara").click)
        s.get_by_text("Beslutet är registrerat.").wait_for()
        programme.refresh_from_db()
        assert programme.is_published

        # 7. An activity from the winning focus area (title and format pre-filled) and its meeting.
        section = s.locator("section.card", has=s.get_by_role("heading", name=favourite.title))
        act("Skapa aktivitet", section.get_by_role("link", name="Skapa aktivitet").click)
        assert s.get_by_label("Titel").input_value() == favourite.title
        act("Spara aktivitet", s.get_by_role("button", name="Spara").click)
        s.get_by_text(f"Aktiviteten ”{favourite.title}” skapades.").wait_for()
        act("Planera möte", s.get_by_role("link", name="Planera möte").click)
        s.get_by_label("Titel").fill("Uppstartsmöte")
        s.get_by_label("Börjar").fill((dt.date.today() + dt.timedelta(days=40)).strftime("%Y-%m-%dT10:00"))
        s.get_by_role("textbox", name="Plats:").fill("Växjö")
        act("Spara möte", s.get_by_role("button", name="Spara").click)
        s.get_by_text("Mötet är planerat.").wait_for()
        meeting = Meeting.objects.get()

        # 8. A member subscribes to the programme's calendar: the feed parses and holds the meeting.
        m = new_page()
        _login(m, base, "kronoberg", programme.get_absolute_url())
        feed_url = m.get_by_role("link", name="Prenumerera på kalendern (iCal)").get_attribute("href")
        response = m.request.get(f"{base}{feed_url}")
        assert response.ok and response.headers["content-type"].startswith("text/calendar")
        events = [c for c in Calendar.from_ical(response.body()).walk("VEVENT")]
        assert [str(e["SUMMARY"]) for e in events] == [f"{favourite.title}: Uppstartsmöte"]
        assert str(events[0]["URL"]) == f"{base}{meeting.get_absolute_url()}"
    finally:
        for context in contexts:
            context.close()

    assert not [url for url in visited if "/admin/" in url]
    round_.refresh_from_db()
    assert round_.phase == RoundPhase.PLANNING
    print(f"\nsecretariat page actions: {act.count} ({', '.join(act.log)})")
    assert act.count <= MAX_SECRETARIAT_ACTIONS
