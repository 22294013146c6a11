"""Reading statistics: always from current versions, in long form."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
from django.db.models import CharField, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from reglab.reference.region_codes import scb_to_kolada
from reglab.statistics.models import Dataset, DatasetVersion, Observation, SourceKind, VersionStatus

SEX_TO_KOLADA = {"total": "T", "women": "K", "men": "M"}
EXPORT_COLUMNS = ["measure", "region_code", "period", "period_type", "sex", "value", "status"]


class DatasetNotFound(LookupError):
    pass


def dataset_resolve(identifier: str) -> Dataset:
    """A dataset by id (number) or source table/KPI id ("BE0101D1"), optionally prefixed: "kolada:N01951"."""
    identifier = identifier.strip()
    query = Dataset.objects.select_related("source")
    if identifier.isdigit():
        found = query.filter(pk=int(identifier)).first()
        if found:
            return found
    kind, sep, external = identifier.partition(":")
    if sep and kind in SourceKind.values:
        matches = list(query.filter(source__kind=kind, external_id__iexact=external))
    else:
        matches = list(query.filter(external_id__iexact=identifier))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DatasetNotFound(
            f"Inget dataset med id eller tabell-id {identifier!r} (se `reglab data status`)."
        )
    options = ", ".join(f"{d.pk} ({d.source.kind}:{d.external_id})" for d in matches)
    raise DatasetNotFound(f"{identifier!r} är tvetydigt; ange ett av: {options}.")


def version_frame(version: DatasetVersion) -> pd.DataFrame:
    """Long form: measure, region code, period, period type, other dimensions, sex, value, status."""
    rows = Observation.objects.filter(version=version).values_list(
        "measure", "region_code", "period", "period_type", "sex", "dimensions", "value", "status"
    )
    frame = pd.DataFrame.from_records(
        list(rows),
        columns=["measure", "region_code", "period", "period_type", "sex", "dimensions", "value", "status"],
    )
    others = [d["code"] for d in version.dataset.structure if d.get("role") == "other"]
    parsed = [json.loads(d) if isinstance(d, str) else (d or {}) for d in frame.pop("dimensions")]
    for code in others or sorted({k for p in parsed for k in p}):
        frame.insert(frame.columns.get_loc("sex"), code, [p.get(code, "") for p in parsed])
    frame = frame.sort_values(
        [c for c in ["measure", "region_code", "period", *others, "sex"] if c in frame.columns], kind="stable"
    ).reset_index(drop=True)
    return frame


def current_observations(*, measures: list[str] | None = None, source_kind: str | None = None):
    query = Observation.objects.filter(version__status=VersionStatus.CURRENT)
    if source_kind:
        query = query.filter(version__dataset__source__kind=source_kind)
    if measures is not None:
        query = query.filter(measure__in=measures)
    return query


def kolada_observations_frame(kpi_ids: list[str]) -> pd.DataFrame:
    """Kolada KPI values from the current versions of Kolada datasets (the BRP+ contract).

    Columns: kpi (str), municipality_id (Kolada id: kommun "0114", region "00"+län, Riket "0000"),
    year (int), gender ("T"/"K"/"M"), value (float, NaN when missing). Only yearly values.
    """
    columns = ["kpi", "municipality_id", "year", "gender", "value"]
    kpi_ids = [k.strip() for k in kpi_ids if k and k.strip()]
    if not kpi_ids:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in zip(columns, ["str", "str", "int64", "str", "float64"], strict=False)
            }
        )
    rows = (
        current_observations(measures=kpi_ids, source_kind=SourceKind.KOLADA)
        .filter(Q(period_type="year"))
        .exclude(region_code="")
        .values_list("measure", "region_code", "period", "sex", "value")
    )
    records = []
    for kpi, code, period, sex, value in rows.iterator(chunk_size=20_000):
        kolada_id = scb_to_kolada(code)
        if kolada_id is None:
            continue
        records.append((kpi, kolada_id, int(period), SEX_TO_KOLADA[sex], value))
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame.sort_values(["kpi", "municipality_id", "year", "gender"]).reset_index(drop=True)


# --- the dataset page: filters, paging, published vs computed values ------------------------------

PAGE_SIZE = 50
# Distinct combinations of the other dimensions read to build their filter lists (a table with more
# keeps its first ones; the filters still accept any code typed in the address).
DIMENSION_OPTION_LIMIT = 5000
# From this reference year SCB adds controlled noise to every published figure (Cell Key Method):
# a published total no longer equals the sum of its published parts.
SCB_NOISE_FROM_YEAR = 2025
ORIGIN_PUBLISHED = "published"
ORIGIN_COMPUTED = "computed_sum"


def origin_label(origin: str, source_kind: str = SourceKind.SCB) -> str:
    """How a value was obtained, for labels: SCB's published value, or a sum computed here."""
    from django.utils.translation import gettext as _

    if origin == ORIGIN_COMPUTED:
        return _("beräknad summa")
    if source_kind == SourceKind.SCB:
        return _("SCB:s publicerade värde")
    return _("källans värde")


@dataclass(frozen=True)
class ObservationFilter:
    region: str = ""
    period: str = ""
    sex: str = ""
    measure: str = ""
    dimensions: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_query(cls, query, dimension_codes: list[str]) -> ObservationFilter:
        """From the page's GET parameters: region, period, sex, measure and `d.<dimension code>`."""
        return cls(
            region=str(query.get("region", "")).strip()[:64],
            period=str(query.get("period", "")).strip()[:20],
            sex=str(query.get("sex", "")).strip()[:6],
            measure=str(query.get("measure", "")).strip()[:100],
            dimensions=tuple(
                (code, str(query.get(f"d.{code}", "")).strip()[:200])
                for code in dimension_codes
                if str(query.get(f"d.{code}", "")).strip()
            ),
        )

    @property
    def active(self) -> bool:
        return bool(self.region or self.period or self.sex or self.measure or self.dimensions)


def observations_filtered(version: DatasetVersion, chosen: ObservationFilter):
    query = Observation.objects.filter(version=version)
    if chosen.region:
        query = query.filter(region_code=chosen.region)
    if chosen.period:
        query = query.filter(period=chosen.period)
    if chosen.sex:
        query = query.filter(sex=chosen.sex)
    if chosen.measure:
        query = query.filter(measure=chosen.measure)
    for n, (code, value) in enumerate(chosen.dimensions):
        # KeyTextTransform, not `dimensions__<code>`: codes may contain spaces or "__"; cast to text so
        # "-14" is compared as the string stored, not parsed as JSON (SQLite would make it a number).
        text = Cast(KeyTextTransform(code, "dimensions"), output_field=CharField())
        query = query.alias(**{f"_dim{n}": text}).filter(**{f"_dim{n}": value})
    return query.order_by("id")


def filter_options(version: DatasetVersion, dimension_codes: list[str]) -> dict:
    """The values each filter can take in this version (region with its name, period, sex, measure,
    each other dimension)."""
    rows = Observation.objects.filter(version=version)
    regions = list(
        rows.values_list("region_code", "region__name").distinct().order_by("region_code", "region__name")
    )
    outside = version.outside_regions or {}
    others: dict[str, set[str]] = {code: set() for code in dimension_codes}
    if dimension_codes:
        for combo in rows.values_list("dimensions", flat=True).distinct()[:DIMENSION_OPTION_LIMIT]:
            parsed = json.loads(combo) if isinstance(combo, str) else (combo or {})
            for code in dimension_codes:
                if code in parsed:
                    others[code].add(str(parsed[code]))
    return {
        "regions": [(code, name or outside.get(code, "")) for code, name in dict(regions).items()],
        "periods": sorted(rows.values_list("period", flat=True).distinct()),
        "sexes": sorted(rows.values_list("sex", flat=True).distinct()),
        "measures": sorted(rows.values_list("measure", flat=True).distinct()),
        "dimensions": [(code, sorted(others[code])) for code in dimension_codes],
    }


def kommun_sums(version: DatasetVersion, rows: list[dict]) -> dict[int, float | None]:
    """For each row (by its id) of a län or Riket: the sum of the same cell over its kommuner (a
    computed figure, beside SCB's published value), when the version has every kommun's value.

    From 2025 SCB's noise makes the two differ; before that they agree for additive counts.
    """
    from reglab.geography.models import Region, RegionKind

    wanted = [r for r in rows if r.get("region__kind") in (RegionKind.LAN, RegionKind.RIKET)]
    if not wanted:
        return {}
    regions = {r.code: r for r in Region.objects.filter(code__in={r["region_code"] for r in wanted})}
    members = {code: region.kommun_codes() for code, region in regions.items()}
    all_members = {m for codes in members.values() for m in codes}
    cells = Observation.objects.filter(
        version=version,
        region_code__in=all_members,
        period__in={r["period"] for r in wanted},
        measure__in={r["measure"] for r in wanted},
    ).values_list("region_code", "period", "measure", "sex", "dimensions", "value")
    by_cell: dict[tuple, dict[str, float | None]] = {}
    for code, period, measure, sex, dims, value in cells.iterator(chunk_size=20_000):
        key = (period, measure, sex, json.dumps(_dims(dims), sort_keys=True))
        by_cell.setdefault(key, {})[code] = value
    sums: dict[int, float | None] = {}
    for row in wanted:
        key = (
            row["period"],
            row["measure"],
            row["sex"],
            json.dumps(_dims(row["dimensions"]), sort_keys=True),
        )
        found = by_cell.get(key, {})
        parts = [found.get(c) for c in members.get(row["region_code"], [])]
        present = [v for v in parts if v is not None]
        if not parts or len(present) != len(parts):
            continue  # a sum with a kommun missing would be an undercount: none shown
        sums[row["id"]] = float(sum(present))
    return sums


def _dims(value) -> dict:
    return json.loads(value) if isinstance(value, str) else (value or {})
