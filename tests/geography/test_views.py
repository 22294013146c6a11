import pytest

from reglab.accounts.models import Organisation, OrganisationKind, Role
from reglab.accounts.services import user_create
from reglab.geography.models import Region

pytestmark = pytest.mark.django_db


def test_public_region_pages(client, geography):
    listing = client.get("/geografi/")
    assert listing.status_code == 200 and "Kronobergs län" in listing.content.decode()
    detail = client.get("/geografi/07/")
    html = detail.content.decode()
    assert detail.status_code == 200 and "Växjö" in html and "<svg" in html
    assert client.get("/geografi/0780/").status_code == 200
    assert client.get("/geografi/FA08/").status_code == 200
    assert client.get("/geografi/9999/").status_code == 404


def test_group_creation_needs_a_member(client, geography):
    assert client.get("/geografi/grupper/ny/").status_code == 302  # to login
    org = Organisation.objects.create(name="Region X", slug="region-x", kind=OrganisationKind.REGION)
    user_create(username="v", password="x-Pass-123", organisation=org, role=Role.VIEWER)
    client.login(username="v", password="x-Pass-123")
    assert client.get("/geografi/grupper/ny/").status_code == 403


def test_member_creates_a_region_formation_scenario(client, geography):
    org = Organisation.objects.create(name="Region X", slug="region-x", kind=OrganisationKind.REGION)
    user_create(username="m", password="x-Pass-123", organisation=org, role=Role.MEMBER)
    client.login(username="m", password="x-Pass-123")
    ids = list(Region.objects.filter(code__in=["12", "10", "07", "08"]).values_list("pk", flat=True))
    response = client.post("/geografi/grupper/ny/", {"name": "Sydsverige", "members": ids})
    assert response.status_code == 302 and response["Location"].endswith("/geografi/G-sydsverige/")
    page = client.get("/geografi/G-sydsverige/").content.decode()
    assert "Skåne län" in page and "Karlskrona" in page
