"""Writes for the indicators app (BRP+ configuration, runs, official results)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from django.db import transaction

from reglab.engine.brp_plus import BrpResult
from reglab.engine.brp_plus.output import read_official_dir, result_long_frame
from reglab.indicators.brp_data import config_data
from reglab.indicators.models import BrpConfigVersion, BrpRun, BrpValue, IndicatorDefinition, RunSource


@transaction.atomic
def brp_config_load(*, version: str = "2025") -> BrpConfigVersion:
    """Create or update the BRP+ configuration of one stämpelår and its indicator definitions."""
    data = config_data(version)
    date = data.get("configuration_date")
    cfg, _ = BrpConfigVersion.objects.update_or_create(
        stampelar=int(data["stampelar"]),
        defaults={"data": data, "configuration_date": dt.date.fromisoformat(date) if date else None},
    )
    defs = []
    for ind in data["indicators"]:
        definition, _ = IndicatorDefinition.objects.update_or_create(
            code=ind["kpi"],
            defaults={
                "name_sv": ind["name_sv"],
                "direction": ind["direction"],
                "source_kind": "kolada",
                "source": ind.get("source", {"kind": "kolada", "kpi": ind["kpi"]}),
                "aggregation_rule": ind.get("aggregation", {}).get("rule", "not_aggregable"),
                "approximation_weight": "befolkning",
            },
        )
        defs.append(definition)
    cfg.indicators.set(defs)
    return cfg


def _store_values(run: BrpRun, long: pd.DataFrame) -> int:
    long = long.fillna({"theme": "", "aspect": ""})
    objs = [
        BrpValue(
            run=run,
            level=row.level,
            view=row.view,
            region_code=row.municipality_id,
            gender=row.gender,
            part=row.part,
            theme=row.theme or "",
            aspect=getattr(row, "aspect", "") or "",
            value=None if pd.isna(row.value) else float(row.value),
        )
        for row in long.itertuples(index=False)
    ]
    BrpValue.objects.bulk_create(objs, batch_size=5000)
    return len(objs)


@transaction.atomic
def brp_run_store(*, result: BrpResult, provenance: dict) -> BrpRun:
    config = brp_config_load(version=result.config_version)
    years = {
        str(r.kpi): [int(r.latest_year), int(r.selected_year)] for r in result.years.itertuples(index=False)
    }
    run = BrpRun.objects.create(
        config=config,
        source=RunSource.COMPUTED,
        sex_mode=result.settings.sex_mode,
        aggregation=result.settings.aggregation,
        imputation=result.settings.imputation,
        lag=result.settings.lag,
        provenance={**provenance, "years": years, "coverage": result.coverage},
    )
    _store_values(run, result_long_frame(result))
    return run


@transaction.atomic
def brp_official_import(*, directory: Path, version: str = "2025") -> BrpRun:
    """Import the four published files as the official run of the stämpelår (replaces an earlier import)."""
    config = brp_config_load(version=version)
    long = read_official_dir(Path(directory), config.stampelar)
    BrpRun.objects.filter(config=config, source=RunSource.OFFICIAL).delete()
    run = BrpRun.objects.create(
        config=config,
        source=RunSource.OFFICIAL,
        sex_mode="total_bas",
        aggregation="levels",
        imputation="reproduce",
        lag=None,
        provenance={
            "kind": "official_files",
            "directory": Path(directory).name,
            "files": sorted(p.name for p in Path(directory).glob("[1-4].kolada_*.csv")),
            "publisher": "Tillväxtverket / Analytikernätverket (Källa: Kolada)",
        },
    )
    _store_values(run, long.assign(aspect=""))
    return run


@transaction.atomic
def matching_definitions_load() -> int:
    """Create or update the "Matcha rätt" indicator definitions (``RMI-E3``, ``RMI-M2``, …) from the
    shipped ``data/matching.toml``; returns how many there are. Idempotent."""
    from reglab.indicators.matching_data import matching_indicators

    indicators = matching_indicators()
    for ind in indicators:
        IndicatorDefinition.objects.update_or_create(
            code=ind.key,
            defaults={
                "name_sv": f"{ind.code} {ind.name_sv}"[:300],
                "name_en": f"{ind.code} {ind.name_en}"[:300],
                "unit": ind.unit,
                "direction": ind.direction,
                "source_kind": "scb",
                "source": {
                    "kind": "scb",
                    "product": "AM9906",
                    "indicator": ind.code,
                    "table": ind.table_v2 or ind.v1_table,
                    "table_v2": ind.table_v2,
                    "table_v2_alternatives": list(ind.table_v2_alternatives),
                    "table_v2_status": ind.table_v2_status,
                    "v1_path": ind.table_v1,
                    "older_table": ind.older_table,
                    "variables": list(ind.variables),
                    "contents": ind.contents,
                    "geographies": list(ind.geographies),
                    "geographies_status": ind.geographies_status,
                    "status": ind.status,
                    "datasets": list(ind.datasets),
                    "formula": ind.formula,
                    "formula_status": ind.formula_status,
                },
                "aggregation_rule": ind.aggregation
                if ind.aggregation.startswith(("sum", "ratio"))
                else "not_aggregable",
            },
        )
    return len(indicators)
