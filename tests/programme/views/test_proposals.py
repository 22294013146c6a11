from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reglab.programme.models import ImportBatch, Proposal, ProposalMerge, RoundPhase, TextEmbedding
from reglab.programme.services import proposals as proposal_services
from tests.readers.decks_factory import build_pptx

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


# ---------------------------------------------------------------- member form


def test_member_form_prefills_own_organisation_only(client, member, round_, regions):
    login(client, member)
    response = client.get(reverse("programme:proposal-create", args=[round_.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Region Kronoberg" in html
    assert "Region Blekinge" not in html  # cannot propose on behalf of others
    pk = regions["07"].pk
    assert re.search(rf'value="{pk}"[^>]*checked|checked[^>]*value="{pk}"', html)


def test_member_creates_and_edits_own_proposal(client, member, round_, regions):
    login(client, member)
    response = client.post(
        reverse("programme:proposal-create", args=[round_.pk]),
        {
            "title": "  Socialt   företagande ",
            "organisations": [regions["07"].pk],
            "description": "Stödstrukturer.",
            "formats": ["larprojekt", "natverk"],
            "contact_email": "x@kronoberg.se",
            "strategy_text": "RUS\n\nSmart specialisering",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.title == "Socialt företagande"
    assert proposal.formats == ["larprojekt", "natverk"]
    assert proposal.strategy_links == ["RUS", "Smart specialisering"]
    assert proposal.source == "web"
    response = client.post(
        reverse("programme:proposal-edit", args=[proposal.pk]),
        {
            "title": "Socialt företagande 2.0",
            "organisations": [regions["07"].pk],
            "formats": ["natverk"],
            "loaded_version": proposal.updated_at.isoformat(),  # the edit form carries it (issue 9)
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Socialt företagande 2.0"
    assert proposal.revisions.count() == 2
    detail = client.get(proposal.get_absolute_url()).content.decode()
    assert "Socialt företagande 2.0" in detail and "Historik" in detail


def test_member_cannot_post_for_another_organisation(client, member, round_, regions):
    login(client, member)
    response = client.post(
        reverse("programme:proposal-create", args=[round_.pk]),
        {"title": "Fel", "organisations": [regions["10"].pk]},
    )
    assert response.status_code == 200
    assert Proposal.objects.count() == 0


def test_editing_rules(client, member, other_member, viewer, round_, regions):
    proposal = proposal_services.proposal_create(
        round_=round_, user=member, organisations=[regions["07"]], title="Egen"
    )
    url = reverse("programme:proposal-edit", args=[proposal.pk])
    assert login(client, other_member).get(url).status_code == 403
    assert (
        login(client, viewer).get(reverse("programme:proposal-create", args=[round_.pk])).status_code == 403
    )
    assert login(client, member).get(url).status_code == 200
    round_.phase = RoundPhase.REVIEWING
    round_.save()
    assert login(client, member).get(url).status_code == 403  # only while collecting
    assert (
        login(client, member).get(reverse("programme:proposal-create", args=[round_.pk])).status_code == 403
    )


def test_anonymous_is_sent_to_login(client, round_):
    response = client.get(reverse("programme:proposal-create", args=[round_.pk]))
    assert response.status_code == 302 and "logga-in" in response["Location"]


# ---------------------------------------------------------------- import review flow


def upload(client, round_, data: bytes, name="workshop.pptx"):
    return client.post(
        reverse("programme:import-upload", args=[round_.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def review_post(client, url, response, **overrides):
    """Submit the review form as rendered, with overrides."""
    form = response.context["rows"]
    data = {}
    for row in form:
        for name, field in row["form"].fields.items():
            key = f"d{row['index']}-{name}"
            value = row["form"].initial.get(name, field.initial)
            if isinstance(value, list):
                data[key] = value
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = value
    data.update(overrides)
    return client.post(url, data)


def test_import_review_shows_fields_next_to_source_and_saves_nothing_until_confirmed(
    client, secretary, round_, regions
):
    login(client, secretary)
    deck = build_pptx()
    response = upload(client, round_, deck)
    assert response.status_code == 302
    review_url = response["Location"]
    assert Proposal.objects.count() == 0 and ImportBatch.objects.count() == 0
    page = client.get(review_url)
    html = page.content.decode()
    assert "Källtext" in html and "Kompetensförsörjning i glesbygd" in html
    assert "anna.berg@regionjh.se" in html
    assert len(page.context["rows"]) == 3
    assert not TextEmbedding.objects.exists()  # not even cached vectors before confirming

    # Fix a field, then split the first draft and join it back.
    response = review_post(
        client, review_url, page, **{"d1-title": "Cirkulär offentlig upphandling", "action": "update"}
    )
    assert response.status_code == 302
    page = client.get(review_url)
    assert page.context["rows"][1]["draft"]["title"] == "Cirkulär offentlig upphandling"
    lines = page.context["rows"][0]["source_lines"]
    split_at = next(
        i for i, line in enumerate(lines, start=1) if line.startswith("Kompetensförsörjning") and i > 1
    )
    response = review_post(client, review_url, page, action="split:0", split_at_0=str(split_at))
    page = client.get(review_url)
    assert len(page.context["rows"]) == 4
    assert page.context["rows"][0]["locator"] == "bild 2" and page.context["rows"][1]["locator"] == "bild 3"
    response = review_post(client, review_url, page, action="join:1")
    page = client.get(review_url)
    assert len(page.context["rows"]) == 3
    assert page.context["rows"][0]["locator"] == "bild 2–3"
    assert Proposal.objects.count() == 0

    # Leave one out, save.
    response = review_post(client, review_url, page, action="save", **{"d2-include": ""})
    assert response.status_code == 302
    assert set(Proposal.objects.values_list("title", flat=True)) == {
        "Kompetensförsörjning i glesbygd",
        "Cirkulär offentlig upphandling",
    }
    saved = Proposal.objects.get(title="Cirkulär offentlig upphandling")
    assert saved.source_locator == "bild 4" and saved.source_document == "workshop.pptx"
    assert [o.name for o in saved.organisations.all()] == ["Region Skåne"]
    assert client.get(review_url).status_code == 404  # the draft is gone

    # Re-import of the same file: nothing duplicated.
    response = upload(client, round_, deck)
    page = client.get(response["Location"])
    review_post(client, response["Location"], page, action="save")
    assert Proposal.objects.count() == 3  # only the one left out before is new
    assert ImportBatch.objects.order_by("-pk").first().skipped_count == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Äldre Office-format"),
        (b"PK\x03\x04garbage", "skadad"),
        ("Reglab\nIdéworkshop 3 maj\n".encode(), "Inga förslag"),
    ],
)
def test_bad_upload_is_one_message_and_nothing_saved(client, secretary, round_, data, message):
    login(client, secretary)
    response = upload(client, round_, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert Proposal.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_upload_limit(client, secretary, round_, settings):
    settings.REGLAB_MAX_UPLOAD_BYTES = 1024
    login(client, secretary)
    response = upload(client, round_, b"x" * 5000, "big.txt")
    assert response.status_code == 200 and "för stor" in response.content.decode()
    # Far over the limit: the file is cut off at the limit while streaming, never stored whole.
    response = upload(client, round_, b"x" * 200_000, "huge.txt")
    assert response.status_code == 200 and "för stor" in response.content.decode()
    assert Proposal.objects.count() == 0


def test_upload_still_needs_csrf(secretary, round_):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    response = upload(client, round_, b"Titel\n\nText", "deck.txt")
    assert response.status_code == 403


def test_only_secretariat_imports(client, member, round_):
    login(client, member)
    assert client.get(reverse("programme:import-upload", args=[round_.pk])).status_code == 403


def test_cancel_import(client, secretary, round_):
    login(client, secretary)
    review_url = upload(client, round_, build_pptx())["Location"]
    response = client.post(review_url, {"action": "cancel"})
    assert response.status_code == 302
    assert client.get(review_url).status_code == 404
    assert Proposal.objects.count() == 0


# ---------------------------------------------------------------- merge rules


@pytest.fixture
def pair(round_, regions, member, other_member):
    a = proposal_services.proposal_create(
        round_=round_, user=member, organisations=[regions["07"]], title="Cirkulär ekonomi"
    )
    b = proposal_services.proposal_create(
        round_=round_, user=other_member, organisations=[regions["10"]], title="Cirkulär omställning"
    )
    return a, b


def test_secretariat_merges_in_the_web(client, secretary, pair, round_):
    a, b = pair
    login(client, secretary)
    url = reverse("programme:proposals-merge", args=[round_.pk])
    response = client.post(url, {"proposals": [a.pk, b.pk], "title": "Cirkulär ekonomi – gemensamt"})
    joint = Proposal.objects.get(is_joint=True)
    assert response["Location"] == joint.get_absolute_url()
    html = client.get(joint.get_absolute_url()).content.decode()
    assert "Ursprungliga förslag" in html and "Cirkulär omställning" in html and "Region Blekinge" in html
    overview = client.get(round_.get_absolute_url()).content.decode()
    assert "Sammanfört i" in overview
    original = client.get(a.get_absolute_url()).content.decode()
    assert "Det här förslaget är sammanfört i" in original and "Cirkulär ekonomi – gemensamt" in original


def test_merge_after_voting_needs_logged_decision(client, secretary, pair, round_):
    a, b = pair
    round_.phase = RoundPhase.PRIORITISING
    round_.save()
    login(client, secretary)
    url = reverse("programme:proposals-merge", args=[round_.pk])
    assert "Röstningen har börjat" in client.get(url).content.decode()
    response = client.post(url, {"proposals": [a.pk, b.pk], "title": "X"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "uttryckligt beslut" in page
    assert "[&#x27;" not in page and "['" not in page  # the message itself, not a Python list
    assert not Proposal.objects.filter(is_joint=True).exists()
    response = client.post(url, {"proposals": [a.pk, b.pk], "title": "X", "decision": "Mötet beslutade 3/10"})
    assert response.status_code == 302
    assert ProposalMerge.objects.get().after_voting_started


def test_unmerging_a_proposal_that_is_not_joint_says_why_in_one_line(client, secretary, pair):
    a, _ = pair
    login(client, secretary)
    response = client.post(reverse("programme:proposal-unmerge", args=[a.pk]), follow=True)
    page = response.content.decode()
    assert "Förslaget är inte ett sammanfört förslag." in page and "[&#x27;" not in page


def test_members_cannot_merge(client, member, pair, round_):
    a, b = pair
    login(client, member)
    url = reverse("programme:proposals-merge", args=[round_.pk])
    assert client.post(url, {"proposals": [a.pk, b.pk]}).status_code == 403


def test_overlaps_and_clusters_pages(client, secretary, member, pair, round_):
    login(client, member)
    a, _ = pair
    detail = client.get(a.get_absolute_url()).content.decode()
    assert "Liknande förslag från andra organisationer" in detail and "Cirkulär omställning" in detail
    html = client.get(reverse("programme:round-overlaps", args=[round_.pk])).content.decode()
    assert "Cirkulär omställning" in html
    assert client.post(reverse("programme:round-clusters", args=[round_.pk])).status_code == 403
    login(client, secretary)
    response = client.post(reverse("programme:round-clusters", args=[round_.pk]))
    assert response.status_code == 302
    assert round_.clusters.exists()
    assert "Cirkulär" in client.get(reverse("programme:round-clusters", args=[round_.pk])).content.decode()


def test_index_lists_rounds_to_those_with_a_membership(client, round_, viewer, django_user_model):
    # Issue 9: round titles and counts are no longer shown to anonymous visitors (this test used to
    # assert that they were); a viewer (any membership) sees them, a login without membership does not.
    anonymous = client.get(reverse("programme:index")).content.decode()
    assert round_.title not in anonymous and f"{round_.proposals.count()} förslag" not in anonymous
    assert "Logga in för att se idérundorna." in anonymous
    client.force_login(django_user_model.objects.create_user("utomstaende"))
    assert round_.title not in client.get(reverse("programme:index")).content.decode()
    client.force_login(viewer)
    html = client.get(reverse("programme:index")).content.decode()
    assert round_.title in html


def test_member_attaches_file_and_topics_within_limit(client, member, round_, regions, settings):
    settings.REGLAB_MAX_UPLOAD_BYTES = 2000
    login(client, member)
    url = reverse("programme:proposal-create", args=[round_.pk])
    base = {"title": "Med bilaga", "organisations": [regions["07"].pk], "topics_text": "tillväxt, klimat"}
    too_big = client.post(url, {**base, "attachment": SimpleUploadedFile("stor.pdf", b"x" * 5000)})
    assert too_big.status_code == 200 and "för stor" in too_big.content.decode()
    assert Proposal.objects.count() == 0
    response = client.post(url, {**base, "attachment": SimpleUploadedFile("bakgrund.pdf", b"%PDF-1.4 liten")})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.topics == ["tillväxt", "klimat"]
    (attachment,) = proposal.attachments.all()
    assert attachment.original_name == "bakgrund.pdf" and attachment.size_bytes == 14
    assert "bakgrund.pdf" in client.get(proposal.get_absolute_url()).content.decode()


def test_admin_lists_proposals_and_never_deletes(client, round_, regions, member, django_user_model):
    proposal_services.proposal_create(
        round_=round_, user=member, organisations=[regions["07"]], title="I admin"
    )
    admin_user = django_user_model.objects.create_superuser("admin", "a@example.se", "pw-test-123")
    client.force_login(admin_user)
    response = client.get("/admin/programme/proposal/")
    assert response.status_code == 200 and "I admin" in response.content.decode()
    proposal = Proposal.objects.get()
    assert client.get(f"/admin/programme/proposal/{proposal.pk}/delete/").status_code == 403
    assert client.get("/admin/programme/proposalmerge/").status_code == 200


@pytest.fixture
def back_to_swedish():
    from django.utils import translation

    yield
    # The locale middleware leaves the thread's language active after a request.
    translation.activate("sv")


def test_review_screen_in_english(client, secretary, round_, back_to_swedish):
    login(client, secretary)
    review_url = upload(client, round_, build_pptx())["Location"]
    html = client.get(review_url + "?lang=en").content.decode()
    assert '<html lang="en">' in html
    assert "Review the import" in html and "Source text" in html and "Save selected proposals" in html


def test_concurrent_edit_is_refused_and_keeps_the_first_save(client, member, round_, regions):
    """Two editors open the same proposal; the second save is refused and loses nothing stored."""
    login(client, member)
    client.post(
        reverse("programme:proposal-create", args=[round_.pk]),
        {"title": "Cirkulär ekonomi", "organisations": [regions["07"].pk]},
    )
    proposal = Proposal.objects.get()
    url = reverse("programme:proposal-edit", args=[proposal.pk])
    form_html = client.get(url).content.decode()
    loaded = re.search(r'name="loaded_version" value="([^"]+)"', form_html).group(1)
    first = client.post(
        url, {"title": "Första ändringen", "organisations": [regions["07"].pk], "loaded_version": loaded}
    )
    assert first.status_code == 302
    second = client.post(
        url, {"title": "Andra ändringen", "organisations": [regions["07"].pk], "loaded_version": loaded}
    )
    assert second.status_code == 200
    assert "ändrades av någon annan" in second.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Första ändringen"
    assert proposal.revisions.count() == 2  # created + the first edit; the refused one left no trace


@pytest.mark.parametrize("loaded_version", [None, "", "inte ett datum"])
def test_edit_without_a_loaded_version_is_refused_and_nothing_changes(
    client, member, round_, regions, loaded_version
):
    proposal = proposal_services.proposal_create(
        round_=round_, user=member, organisations=[regions["07"]], title="Orört"
    )
    data = {"title": "Överskrivet", "organisations": [regions["07"].pk]}
    if loaded_version is not None:
        data["loaded_version"] = loaded_version
    login(client, member)
    response = client.post(reverse("programme:proposal-edit", args=[proposal.pk]), data)
    assert response.status_code == 200
    assert (
        "Sidan saknar uppgift om vilken version du ändrade, så inget sparades." in response.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.title == "Orört" and proposal.revisions.count() == 1


def test_creator_loses_edit_rights_when_the_proposal_moves_to_another_organisation(
    client, member, other_member, secretary, round_, regions
):
    proposal = proposal_services.proposal_create(
        round_=round_, user=member, organisations=[regions["07"]], title="Flyttas"
    )
    proposal_services.proposal_update(proposal=proposal, user=secretary, organisations=[regions["10"]])
    edit_url = reverse("programme:proposal-edit", args=[proposal.pk])
    login(client, member)
    assert client.get(edit_url).status_code == 403
    data = {
        "title": "Kapat",
        "organisations": [regions["07"].pk],
        "loaded_version": proposal.updated_at.isoformat(),
    }
    assert client.post(edit_url, data).status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Flyttas"
    login(client, other_member)
    assert client.get(edit_url).status_code == 200
