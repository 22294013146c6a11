"""Request size limit: refused by its declared size before the body is read, with a clear page."""

import pytest

pytestmark = pytest.mark.django_db


def test_oversized_body_is_refused_with_413_before_parsing(client, settings):
    settings.REGLAB_MAX_REQUEST_BYTES = 1024 * 1024
    # Declares 3 MB but sends nothing: the answer must come without waiting for or reading the body.
    answer = client.generic("POST", "/konto/logga-in/", b"", CONTENT_LENGTH=str(3 * 1024 * 1024))
    assert answer.status_code == 413
    page = answer.content.decode()
    # Swedish number format: decimal comma.
    assert "För stor förfrågan" in page and "3,0 MB" in page and "gränsen är 1 MB" in page
    assert answer["Connection"] == "close"


def test_a_body_under_the_limit_reaches_the_view(client, settings):
    settings.REGLAB_MAX_REQUEST_BYTES = 1024 * 1024
    answer = client.post("/konto/logga-in/", {"username": "x", "password": "y" * 1000})
    assert answer.status_code == 200 and "Logga in" in answer.content.decode()


def test_the_request_limit_sits_above_the_upload_limit(settings):
    # An upload just over the upload limit still reaches the upload form and its own message.
    assert settings.REGLAB_MAX_REQUEST_BYTES > settings.REGLAB_MAX_UPLOAD_BYTES
