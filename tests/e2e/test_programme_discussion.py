"""In a real browser: members of two organisations discuss a proposal, the secretariat hides a comment
with a reason and answers officially, and the proposing organisation reads the answer."""

from __future__ import annotations

import os

import pytest

from reglab.programme.models import ProposalComment
from tests.e2e.helpers import login as _login
from tests.e2e.helpers import logout as _logout

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_discuss_moderate_and_answer_a_proposal(page, live_server, users, proposals):
    base = live_server.url
    proposal = proposals[0]  # Region Skåne's
    path = proposal.get_absolute_url()

    # Region Örebro län comments on Region Skåne's proposal (markup stays text).
    _login(page, base, "orebro", path)
    page.get_by_label("Kommentar").fill("Vi vill gärna vara med <b>från start</b>.")
    page.get_by_role("button", name="Kommentera").click()
    comment = page.locator("article.comment").first
    comment.wait_for()
    assert "Vi vill gärna vara med <b>från start</b>." in comment.inner_text()
    _logout(page)

    # Region Skåne replies in the thread.
    _login(page, base, "skane", path)
    page.get_by_text("Svara", exact=True).click()
    page.locator("textarea[name=text]").first.fill("Välkomna!")
    page.get_by_role("button", name="Skicka svar").click()
    page.locator("article.reply").wait_for()
    assert "Välkomna!" in page.locator("article.reply").inner_text()
    _logout(page)

    # The secretariat hides the first comment with a reason and answers officially.
    _login(page, base, "sekretariat", path)
    first = ProposalComment.objects.get(parent__isnull=True)
    article = page.locator(f"#kommentar-{first.pk}")
    article.get_by_text("Dölj", exact=True).click()
    article.get_by_label("Skäl (visas för alla)").fill("Dubblett av ett tidigare inlägg")
    article.get_by_role("button", name="Dölj kommentaren").click()
    page.get_by_test_id("comment-hidden").wait_for()
    page.get_by_role("link", name="Svara och sätt läge").click()
    page.get_by_label("Läge").select_option("in_focus_area")
    page.get_by_label("Officiellt svar").fill("Förslaget ingår i sakområdet Kompetensförsörjning.")
    page.get_by_role("button", name="Spara").click()
    page.get_by_test_id("proposal-answer").wait_for()
    _logout(page)

    # The proposing organisation reads state, answer and the moderation note.
    _login(page, base, "skane", path)
    assert page.get_by_test_id("proposal-state").inner_text() == "I sakområde"
    assert "ingår i sakområdet Kompetensförsörjning" in page.get_by_test_id("proposal-answer").inner_text()
    assert (
        "Dold av sekretariatet: Dubblett av ett tidigare inlägg"
        in page.get_by_test_id("comment-hidden").inner_text()
    )
    assert "Vi vill gärna vara med" not in page.content()
