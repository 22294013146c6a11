"""Pages cached by data version: anonymous hits, a fresh CSRF token per visitor, invalidation by new data."""

import re

import pytest
from django.test import Client

from reglab.accounts.models import Organisation, OrganisationKind
from reglab.accounts.services import user_create
from reglab.core.cache import data_version
from reglab.indicators.models import IndicatorDefinition

pytestmark = pytest.mark.django_db

URL = "/analys/region/0780/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_second_anonymous_visit_is_a_cache_hit_with_its_own_csrf_token(
    geography, django_assert_max_num_queries
):
    first = Client(enforce_csrf_checks=True)
    assert first.get(URL).status_code == 200
    second = Client(enforce_csrf_checks=True)
    with django_assert_max_num_queries(1):  # the data-version fingerprint only
        hit = second.get(URL)
    assert hit.status_code == 200 and hit["X-Reglab-Cache"] == "hit"
    page = hit.content.decode()
    assert "Växjö" in page
    token = TOKEN.search(page).group(1)
    assert token != TOKEN.search(first.get(URL).content.decode()).group(1)
    # The token in the cached page is this visitor's own: the language form posts with it.
    switched = second.post("/i18n/setlang/", {"language": "en", "next": URL, "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


def test_new_data_changes_the_key(geography):
    client = Client()
    client.get(URL)
    before = data_version()
    IndicatorDefinition.objects.create(code="TEST1", name_sv="Testindikator")
    assert data_version() != before
    assert "X-Reglab-Cache" not in client.get(URL)
    assert client.get(URL)["X-Reglab-Cache"] == "hit"


def test_logged_in_users_and_other_languages_are_not_served_the_anonymous_page(geography):
    Client().get(URL)
    org = Organisation.objects.create(name="Region T", slug="region-t", kind=OrganisationKind.REGION)
    user = user_create(username="anna", password="S3kret-lösen!", organisation=org)
    client = Client()
    client.force_login(user)
    page = client.get(URL)
    assert "X-Reglab-Cache" not in page and "anna" in page.content.decode()
    english = Client().get(URL + "?lang=en")
    assert "X-Reglab-Cache" not in english and 'lang="en"' in english.content.decode()


def test_the_cache_can_be_switched_off(geography, settings):
    settings.REGLAB_PAGE_CACHE = False
    Client().get(URL)
    assert "X-Reglab-Cache" not in Client().get(URL)
