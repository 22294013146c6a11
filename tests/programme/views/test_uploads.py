"""Attachments and meeting documents: checked by content on upload, served only as downloads.

A file is served by a view that asks the permission of the object it belongs to, as an attachment,
with a type from the allow list, nosniff and a sandbox CSP, with debug on and off alike; /media/ is
not public.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reglab.programme.models import MeetingDocument, ProposalAttachment
from reglab.programme.services.activities import activity_create
from reglab.programme.services.meetings import meeting_create
from reglab.programme.services.programmes import programme_create
from reglab.programme.uploads import detect_type
from tests.factories import ProposalFactory, future

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def _assert_safe_download(response, filename: str):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert filename in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    content_type = response["Content-Type"].split(";")[0].strip()
    assert content_type not in {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml"}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("a.png", PNG, "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        ("a.gif", b"GIF89a" + b"\x00" * 16, "image/gif"),
        ("a.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("a.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (
            "a.xlsx",
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "a.pptx",
            _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "a.odt",
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
            "application/vnd.oasis.opendocument.text",
        ),
        ("a.txt", "Lärdomar från träffen\nrad två\n".encode(), "text/plain"),
        ("a.csv", "län;värde\n07;12\n".encode("cp1252"), "text/csv"),
        # Refused: markup, executables, a zip that is no office file, an empty file, names that lie.
        ("a.html", HTML, None),
        ("a.svg", SVG, None),
        ("rapport.pdf", HTML, None),
        ("a.txt", b"  <script>alert(1)</script>", None),
        ("a.exe", b"MZ\x90\x00\x03\x00\x00\x00", None),
        ("a.zip", _zip({"readme.txt": b"hej"}), None),
        ("a.odt", _zip({"mimetype": b"text/html"}), None),
        ("a.txt", b"", None),
    ],
)
def test_type_is_judged_by_content_not_name(name, content, expected):
    upload = SimpleUploadedFile(name, content)
    assert detect_type(upload, name) == expected
    assert upload.tell() == 0  # the upload can still be stored in full


@pytest.fixture
def attachment(member, round_, regions):
    proposal = ProposalFactory(round=round_, organisations=[regions["07"]])
    return ProposalAttachment.objects.create(
        proposal=proposal, file=ContentFile(b"%PDF-1.4 hemlig", name="plan.pdf"), original_name="plan.pdf"
    )


def test_anonymous_visitor_cannot_fetch_a_proposal_attachment(client, attachment):
    url = reverse("programme:proposal-attachment", args=[attachment.proposal_id, attachment.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert b"hemlig" not in b"".join(getattr(response, "streaming_content", [response.content]))
    # Nor through the old public path: /media/ is not served at all.
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_logged_in_user_without_membership_gets_403(client, attachment, django_user_model):
    client.force_login(django_user_model.objects.create_user("utomstaende"))
    url = reverse("programme:proposal-attachment", args=[attachment.proposal_id, attachment.pk])
    assert client.get(url).status_code == 403


def test_attachment_of_another_proposal_is_404(client, attachment, viewer, round_):
    client.force_login(viewer)
    other = ProposalFactory(round=round_)
    assert (
        client.get(reverse("programme:proposal-attachment", args=[other.pk, attachment.pk])).status_code
        == 404
    )


def test_viewer_downloads_pdf_attachment(client, attachment, viewer):
    client.force_login(viewer)
    response = client.get(
        reverse("programme:proposal-attachment", args=[attachment.proposal_id, attachment.pk])
    )
    _assert_safe_download(response, "plan.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hemlig"


@pytest.mark.parametrize(("name", "content"), [("sida.html", HTML), ("bild.svg", SVG), ("rapport.pdf", HTML)])
def test_member_uploads_html_or_svg_and_gets_it_as_a_download_never_a_page(
    client, member, round_, regions, name, content
):
    """Markup is accepted (a region may share a web page) but only ever served as a plain download."""
    client.force_login(member)
    url = reverse("programme:proposal-create", args=[round_.pk])
    data = {
        "title": "Med bilaga",
        "organisations": [regions["07"].pk],
        "attachment": SimpleUploadedFile(name, content),
    }
    assert client.post(url, data).status_code == 302
    attachment = ProposalAttachment.objects.get()
    response = client.get(
        reverse("programme:proposal-attachment", args=[attachment.proposal_id, attachment.pk])
    )
    _assert_safe_download(response, name)
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == content
    # Anonymous visitors get the login page, never the file.
    client.logout()
    anonymous = client.get(
        reverse("programme:proposal-attachment", args=[attachment.proposal_id, attachment.pk])
    )
    assert anonymous.status_code == 302 and "/konto/logga-in/" in anonymous["Location"]


def test_html_stored_before_the_check_is_a_download_never_a_page(client, member, round_, regions):
    """A file stored before uploads were checked (or put in by the admin) is still never rendered."""
    proposal = ProposalFactory(round=round_, organisations=[regions["07"]])
    stored = ProposalAttachment.objects.create(
        proposal=proposal, file=ContentFile(HTML, name="x.html"), original_name="x.html"
    )
    client.force_login(member)
    response = client.get(reverse("programme:proposal-attachment", args=[proposal.pk, stored.pk]))
    _assert_safe_download(response, "x.html")
    assert response["Content-Type"] == "application/octet-stream"


def test_member_uploads_docx_and_the_page_links_the_download(client, member, round_, regions):
    client.force_login(member)
    url = reverse("programme:proposal-create", args=[round_.pk])
    data = {
        "title": "Med bilaga",
        "organisations": [regions["07"].pk],
        "attachment": SimpleUploadedFile("underlag.docx", DOCX),
    }
    assert client.post(url, data).status_code == 302
    attachment = ProposalAttachment.objects.get()
    download = reverse("programme:proposal-attachment", args=[attachment.proposal_id, attachment.pk])
    page = client.get(attachment.proposal.get_absolute_url()).content.decode()
    assert f'href="{download}"' in page and "/media/" not in page
    response = client.get(download)
    _assert_safe_download(response, "underlag.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")


@pytest.fixture
def meeting(users, idea_round):
    programme = programme_create(user=users["secretariat"], year=2027, round=idea_round)
    activity = activity_create(
        user=users["secretariat"], programme=programme, title="ERFA analys", format="erfa"
    )
    activity.lead_organisations.set([users["member"].memberships.get().organisation])
    return meeting_create(
        user=users["secretariat"], activity=activity, title="Träff", starts_at=future(), place="Jönköping"
    )


def test_lead_member_uploads_meeting_documents_html_downloaded_png_as_image(client, users, meeting):
    client.force_login(users["member"])
    upload_url = reverse("programme:meeting-document", args=[meeting.pk])
    client.post(upload_url, {"title": "Sida", "file": SimpleUploadedFile("a.html", HTML)})
    page = MeetingDocument.objects.get()
    html = client.get(reverse("programme:meeting-document-download", args=[meeting.pk, page.pk]))
    _assert_safe_download(html, "a")
    assert html["Content-Type"] == "application/octet-stream"
    client.post(upload_url, {"title": "Bilder", "file": SimpleUploadedFile("bilder.png", PNG)})
    document = MeetingDocument.objects.exclude(pk=page.pk).get()
    download = reverse("programme:meeting-document-download", args=[meeting.pk, document.pk])
    assert f'href="{download}"' in client.get(meeting.get_absolute_url()).content.decode()
    response = client.get(download)
    _assert_safe_download(response, "bilder")
    assert response["Content-Type"] == "image/png"


def test_meeting_document_needs_the_meetings_permission(client, users, meeting):
    document = MeetingDocument.objects.create(
        meeting=meeting, title="Sida", file=ContentFile(HTML, name="sida.html")
    )
    download = reverse("programme:meeting-document-download", args=[meeting.pk, document.pk])
    # The programme is not published: anonymous visitors are sent to log in, never get the file.
    response = client.get(download)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client.force_login(users["outsider"])
    assert client.get(download).status_code == 403
    client.force_login(users["viewer"])
    response = client.get(download)
    _assert_safe_download(response, "sida")
    assert response["Content-Type"] == "application/octet-stream"


def test_production_settings_serve_the_same_download(client, attachment, viewer, settings):
    """With debug off the view still serves the file (no 404), with the same headers."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    url = reverse("programme:proposal-attachment", args=[attachment.proposal_id, attachment.pk])
    anonymous = client.get(url, secure=True)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    client.force_login(viewer)
    response = client.get(url, secure=True)
    _assert_safe_download(response, "plan.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert client.get("/media/" + attachment.file.name, secure=True).status_code == 404


def test_admin_lists_attachments_with_the_checked_download_and_takes_no_uploads(
    client, attachment, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.se", "pw-test-123"))
    page = client.get(
        reverse("admin:programme_proposal_change", args=[attachment.proposal_id])
    ).content.decode()
    download = reverse("programme:proposal-attachment", args=[attachment.proposal_id, attachment.pk])
    assert f'href="{download}"' in page and "/media/" not in page
    assert 'type="file"' not in page


def test_services_store_markup_that_is_then_served_as_octet_stream(users, idea_round, orgs, meeting):
    """Commands and other callers of the services get the same treatment as the forms."""
    from reglab.programme.services.meetings import meeting_document_add
    from reglab.programme.services.proposals import proposal_attach

    proposal = ProposalFactory(round=idea_round, organisations=[orgs["skane"]])
    attachment = proposal_attach(
        proposal=proposal, user=users["member"], upload=SimpleUploadedFile("x.svg", SVG)
    )
    document = meeting_document_add(
        user=users["member"], meeting=meeting, title="x", file=SimpleUploadedFile("x.html", HTML)
    )
    for stored in (attachment.file, document.file):
        with stored.open("rb") as handle:
            assert detect_type(handle, stored.name) is None  # not an allow-listed type: a plain download
