import csv

import pytest
from django.core.management import call_command
from django.db.models import Count

from reglab.geography.models import Region, RegionKind
from reglab.geography.services import RegionGroupError, geography_counts, region_group_create

pytestmark = pytest.mark.django_db


def test_load_counts(geography):
    assert (geography.riket, geography.lan, geography.kommun, geography.fa) == (
        1,
        21,
        290,
        60,
    )
    assert str(geography).startswith("riket 1, län 21, kommun 290, fa 60")


def test_every_kommun_has_lan_and_exactly_one_fa_region(geography):
    kommuner = Region.objects.kommuner()
    assert not kommuner.filter(parent__isnull=True).exists()
    assert not kommuner.filter(fa_region__isnull=True).exists()
    for k in kommuner.select_related("parent"):
        assert k.parent.kind == RegionKind.LAN and k.parent.code == k.code[:2]


def test_every_fa_region_is_non_empty(geography):
    empty = Region.objects.filter(kind=RegionKind.FA).annotate(n=Count("fa_members")).filter(n=0)
    assert list(empty) == []
    assert sum(fa.fa_members.count() for fa in Region.objects.filter(kind=RegionKind.FA)) == 290


def test_codes_and_names_match_scb_code_list(geography, shared_data):
    folder = shared_data / "swedish-geodata-codes"
    with open(folder / "counties.csv", encoding="utf-8") as fh:
        counties = {r["county_code"]: r["county_name"] for r in csv.DictReader(fh)}
    with open(folder / "municipalities.csv", encoding="utf-8") as fh:
        municipalities = {r["municipality_code"]: r for r in csv.DictReader(fh)}
    assert dict(Region.objects.lan().values_list("code", "name")) == counties
    ours = {r.code: r for r in Region.objects.kommuner().select_related("parent")}
    assert set(ours) == set(municipalities)
    for code, row in municipalities.items():
        assert ours[code].name == row["municipality_name_short"]
        assert ours[code].parent.code == row["county_code"]


def test_derived_fa_mapping_agrees_with_official_fa15_key(geography, shared_data):
    """The geometry-derived kommun → FA mapping equals Tillväxtverket's FA15 key used by BRP+."""
    with open(shared_data / "brp-plus-2025" / "start_kommun_kodnyckel_tbl.csv", encoding="utf-8") as fh:
        key = {r["Kommun_kod_S"]: int(r["FA15Nr"]) for r in csv.DictReader(fh, delimiter=";")}
    ours = dict(Region.objects.kommuner().values_list("code", "fa_region__code"))
    disagreements = {code: (fa, key[code]) for code, fa in ours.items() if int(fa[2:]) != key[code]}
    assert disagreements == {}


def test_load_is_idempotent_and_prints_counts(geography, capsys):
    before = Region.objects.count()
    call_command("geography_load", "--no-geometry")
    assert Region.objects.count() == before
    out = capsys.readouterr().out
    assert "riket 1, län 21, kommun 290, fa 60, groups" in out
    assert "kommuner utan län: 0, utan FA-region: 0" in out


def test_geometries_are_geojson(geography):
    region = Region.objects.get(code="0180")
    assert region.geometry["type"] in {"Polygon", "MultiPolygon"}
    assert Region.objects.get(code="00").geometry["type"] in {"Polygon", "MultiPolygon"}


def test_region_group_is_a_first_class_region(geography):
    group = region_group_create(name="Sydsverige", member_codes=["12", "10", "07", "08"])
    assert group.code == "G-sydsverige" and group.kind == RegionKind.GROUP
    expected = set(
        Region.objects.filter(parent__code__in=["12", "10", "07", "08"]).values_list("code", flat=True)
    )
    assert set(group.kommun_codes()) == expected
    assert geography_counts().groups == 1
    # a second call updates the same group rather than creating a duplicate
    region_group_create(name="Sydsverige", member_codes=["12"])
    assert geography_counts().groups == 1
    assert set(Region.objects.get(code="G-sydsverige").members.values_list("code", flat=True)) == {"12"}


def test_region_group_rejects_unknown_codes(geography):
    with pytest.raises(RegionGroupError, match="9999"):
        region_group_create(name="Fel", member_codes=["01", "9999"])
    assert not Region.objects.filter(code="G-fel").exists()


def test_kommun_codes_of_each_kind(geography):
    assert len(Region.objects.get(code="00").kommun_codes()) == 290
    assert len(Region.objects.get(code="01").kommun_codes()) == 26
    assert Region.objects.get(code="0114").kommun_codes() == ["0114"]
    assert Region.objects.get(code="0114").kolada_id == "0114"
    assert Region.objects.get(code="01").kolada_id == "0001"
    assert Region.objects.get(code="00").kolada_id == "0000"


def test_urban_rural_classes_are_standard_groups(client, geography):
    """Issue 14: Tillväxtverket's 3 and 6 classes as standard groups usable wherever a region is."""
    from reglab.geography.services import urban_rural_groups_load
    from reglab.reference.urban_rural import class_labels, kommun_classes

    assert urban_rural_groups_load() == 9
    assert urban_rural_groups_load() == 9  # idempotent
    classes = kommun_classes()
    for scheme in (3, 6):
        groups = Region.objects.filter(code__startswith=f"TVK{scheme}-").order_by("code")
        assert [g.name for g in groups] == [f"{label} ({scheme} klasser)" for label in class_labels(scheme)]
        members = [m.code for g in groups for m in g.members.all()]
        assert sorted(members) == sorted(classes) and len(members) == 290  # each kommun in one class
        first = groups.first()
        expected = {
            c
            for c, k in classes.items()
            if (k.class3 if scheme == 3 else k.class6) == class_labels(scheme)[0]
        }
        assert {m.code for m in first.members.all()} == expected
    assert client.get(f"/analys/region/{first.code}/").status_code == 200
