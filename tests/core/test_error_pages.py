"""Error pages speak the user's language and keep the site's navigation (not Django's bare English)."""

import pytest

from reglab.accounts.models import Role
from tests.factories import OrganisationFactory, user_with_role


@pytest.mark.django_db
def test_not_found_page_in_swedish_and_english(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan finns inte" in html and 'href="#main"' in html  # our layout, with the skip link

    client.get("/?lang=en")
    english = client.get("/finns-inte/").content.decode()
    assert "Page not found" in english and "Sidan finns inte" not in english


@pytest.mark.django_db
def test_forbidden_page_explains_what_to_do(client):
    member = user_with_role("medlem", OrganisationFactory(), Role.MEMBER)
    client.force_login(member)
    response = client.get("/drift/")
    assert response.status_code == 403
    assert "Du saknar behörighet" in response.content.decode()
