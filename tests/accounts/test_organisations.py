import pytest

from reglab.accounts.models import Organisation, OrganisationKind
from reglab.accounts.services import organisation_for_region_text, organisations_load
from reglab.reference.organisations import find_regions, regional_organisations, resolve_region
from reglab.reference.region_codes import LAN_CODES


@pytest.fixture
def organisations(geography):
    return organisations_load()


def test_twenty_one_regions_each_linked_to_its_lan(organisations):
    assert organisations["region"] == 21
    regions = Organisation.objects.filter(kind=OrganisationKind.REGION).select_related("region")
    assert sorted(o.region.code for o in regions) == sorted(LAN_CODES)
    assert (
        Organisation.objects.filter(
            name__in=["Tillväxtverket", "Vinnova", "Sveriges Kommuner och Regioner"]
        ).count()
        == 3
    )


def test_load_is_idempotent(organisations):
    before = Organisation.objects.count()
    organisations_load()
    assert Organisation.objects.count() == before


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("Region Örebro län", "Region Örebro län"),
        ("Örebro län", "Region Örebro län"),
        ("Region Örebro", "Region Örebro län"),
        ("VGR", "Västra Götalandsregionen"),
        ("Västra Götalandsregionen", "Västra Götalandsregionen"),
        ("Region Jämtland Härjedalen", "Region Jämtland Härjedalen"),
        ("Region Gotland", "Region Gotland"),
        ("Förslag från Region Uppsala", "Region Uppsala"),
        ("Land & Stad- Västernorrland", "Region Västernorrland"),
    ],
)
def test_names_people_write_resolve_to_one_organisation(organisations, text, official):
    assert organisation_for_region_text(text).name == official


def test_text_without_region_resolves_to_nothing():
    assert resolve_region("Regionens utvecklingsarbete i allmänhet") is None


def test_several_regions_in_order_of_mention():
    found = find_regions("Ett samarbete mellan Region Kronoberg, VGR och Region Skåne")
    assert [o.name for o in found] == ["Region Kronoberg", "Västra Götalandsregionen", "Region Skåne"]


def test_every_alias_resolves_to_its_own_organisation():
    for org in regional_organisations():
        for alias in (org.name, *org.aliases, *org.short):
            assert resolve_region(alias).lan == org.lan, alias
