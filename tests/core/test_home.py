import pytest


@pytest.mark.django_db
def test_home_is_swedish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Program" in html and "Analys" in html and "Handlingsplaner" in html


@pytest.mark.django_db
def test_lang_query_switches_to_english_and_sticks(client):
    response = client.get("/?lang=en")
    assert '<html lang="en">' in response.content.decode()
    # the choice is remembered for the next request
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_english_page_is_translated(client):
    html = client.get("/?lang=en").content.decode()
    assert "Programme" in html and "Analysis" in html and "Action plans" in html
    assert "How it works" in html
    swedish = client.get("/?lang=sv").content.decode()
    assert "Så fungerar det" in swedish


@pytest.mark.django_db
def test_health(client):
    assert client.get("/halsa/").json() == {"status": "ok"}


@pytest.mark.django_db
def test_stylesheet_is_served_locally(client):
    html = client.get("/").content.decode()
    assert "/static/reglab/reglab.css" in html and "https://" not in html.split("<body")[0]
    response = client.get("/static/reglab/reglab.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_browser_language_does_not_override_swedish(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html


@pytest.mark.django_db
def test_switcher_sets_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
