"""Uploads: stop at the size limit, check the type by content, serve the stored file as a safe download."""

from __future__ import annotations

import zipfile

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy


class SizeLimitUploadHandler(FileUploadHandler):
    """First in the chain: counts bytes and stops the upload once `limit` is exceeded.

    The view then sees `request.upload_too_large` and shows the one-line message. (No early
    refusal on Content-Length: the CSRF token field comes before the file in the body and must
    still be parsed, so the handler lets fields through and cuts the file at the limit.)
    """

    def __init__(self, request, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


# --- what an uploaded file is, judged by its content -------------------------------------------------
#
# Attachments and meeting documents are files members upload for each other. The type is read from the
# first bytes (and, for zip-based office files, the zip's table of contents), never from the name: a
# file called "rapport.pdf" that holds HTML is HTML. Any file is accepted (a region may share a web page,
# an SVG or an Outlook message), but only the allow-listed types below are ever served as themselves;
# everything else, markup included, goes out as an application/octet-stream download with nosniff and
# a sandbox CSP, so the browser saves it and never renders or runs it on our origin. The upload form
# tells the uploader when a file will be offered as a plain download.

PDF = "application/pdf"
OCTET_STREAM = "application/octet-stream"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
# The only types a stored file is ever served as; anything else goes out as application/octet-stream.
ALLOWED_TYPES = {
    PDF,
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    DOCX,
    XLSX,
    PPTX,
    *ODF_TYPES,
    "text/plain",
    "text/csv",
}
SNIFF_BYTES = 8192
# Markup that a browser would run or render: text holding it is never served as text (octet-stream).
_MARKUP_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<iframe", b"<?xml", b"<body", b"<object")
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


def _zip_type(file) -> str | None:
    """An OOXML or OpenDocument type from the zip's member names; nothing is decompressed but `mimetype`."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                for prefix, content_type in _OOXML_PARTS:
                    if any(name.startswith(prefix) for name in names):
                        return content_type
                return None
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    declared = member.read(100).decode("ascii", "replace").strip()
                return declared if declared in ODF_TYPES else None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def _text_type(head: bytes, name: str) -> str | None:
    """text/csv or text/plain for plain text without markup; None for binary data or markup."""
    if b"\x00" in head:
        return None
    if any(byte < 32 and byte not in (9, 10, 12, 13) for byte in head):
        return None
    lowered = head.lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if lowered.startswith(b"<") or any(marker in lowered for marker in _MARKUP_MARKERS):
        return None
    # Text cannot tell a CSV from a note by content; the name only picks between two harmless types.
    return "text/csv" if name.lower().endswith(".csv") else "text/plain"


def detect_type(file, name: str = "") -> str | None:
    """The allowed content type of `file` judged by its content, or None when it is not an allowed type.

    `file` is an open file or upload (read from the start, position restored to the start).
    """
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    result: str | None
    if head.startswith(b"%PDF-"):
        result = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        result = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        result = "image/jpeg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        result = "image/gif"
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        result = "image/webp"
    elif head.startswith(b"PK\x03\x04"):
        result = _zip_type(file)
        file.seek(0)
    elif head:
        result = _text_type(head, name)
    else:
        result = None
    return result


def download_response(field_file, filename: str):
    """The stored file as a download that a browser never renders or runs.

    The content type is read from the stored bytes again (files stored before the upload check
    included), Content-Disposition is attachment (RFC 6266 filename), nosniff stops the browser from
    guessing, and the sandbox CSP disarms the file even if some client opens it inline anyway. Served
    by this view in debug and in production alike; /media/ is not public.
    """
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    content_type = detect_type(handle, filename) or OCTET_STREAM
    if content_type not in ALLOWED_TYPES:
        content_type = OCTET_STREAM
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


# What the upload forms say about types (why an HTML file will not open in the browser).
UPLOAD_HELP = gettext_lazy(
    "PDF, bilder, Office-, OpenDocument-, text- och CSV-filer visas med sin filtyp. Andra filer "
    "(t.ex. HTML eller SVG) går att ladda upp men kan bara laddas ned, aldrig öppnas här."
)
