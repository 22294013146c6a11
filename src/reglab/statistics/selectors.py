"""Reading statistics: always from current versions, in long form."""

from __future__ import annotations

import json

import pandas as pd
from django.db.models import Q

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
