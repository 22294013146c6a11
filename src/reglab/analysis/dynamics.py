"""Ekonomi/Miljö trade-offs and rank robustness for a kommun, län or Riket from synced BRP+ KPI values."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.core.cache import cache
from django.utils.translation import gettext as _

from reglab.analysis.brp import brp_latest_run, brp_view_for
from reglab.analysis.measures import MeasureError
from reglab.engine.brp_plus import BrpSettings
from reglab.engine.brp_plus.analysis import robustness, tradeoffs, trends
from reglab.geography.models import Region, RegionKind
from reglab.indicators.brp_data import load_config
from reglab.reference.region_codes import scb_to_kolada
from reglab.statistics.models import DatasetVersion, VersionStatus
from reglab.statistics.selectors import kolada_observations_frame


@dataclass
class RegionDynamics:
    view: str
    unit: str | None  # the Kolada id; None for a code Kolada has no id for (then no values match)
    lag: int
    tradeoff: dict | None  # change_ekonomi, change_miljo, tradeoff, kind
    tradeoff_units: int  # units of the same view with a trade-off
    robustness: dict | None  # scenario ranks, rank_min/max/range, reversals, flag
    scenarios: list[str]
    flagged_units: int
    units: int
    theme_changes: list[dict]


def region_dynamics(region: Region, *, lag: int = 5, part: str = "Livskvalitet") -> RegionDynamics | None:
    """Ekonomi/Miljö trade-offs and rank robustness for a kommun, län or Riket from synced KPI values.

    Returns None when no BRP+ KPI values are stored (the published files hold indices only).
    """
    if region.kind not in {RegionKind.KOMMUN, RegionKind.LAN, RegionKind.RIKET}:
        raise MeasureError(
            _("Målkonflikter och robusthet räknas för kommuner och län; en grupp har ingen egen rangordning.")
        )
    run = brp_latest_run()
    version = str(run.config.stampelar) if run else "2025"
    config = load_config(version)
    view = brp_view_for(region)
    unit = scb_to_kolada(region.code)
    # Every unit's result depends only on the stored KPI versions: computed once, cached for all regions.
    kolada_versions = sorted(
        DatasetVersion.objects.filter(
            status=VersionStatus.CURRENT, dataset__source__kind="kolada"
        ).values_list("pk", "content_hash")
    )
    stamp = "-".join(f"{pk}.{digest[:12]}" for pk, digest in kolada_versions)
    key = f"analysis:dynamics:{version}:{lag}:{part}:{view}:{stamp}"
    cached = cache.get(key)
    if cached is None:
        obs = kolada_observations_frame(list(config.kpis)) if kolada_versions else pd.DataFrame()
        if obs.empty:
            return None
        tr = trends(obs, config, lag=lag, settings=BrpSettings())
        t = tradeoffs(tr["themes"])
        themes = tr["themes"]
        cached = {
            "tradeoffs": t[t["view"] == view],
            "themes": themes[(themes["view"] == view) & (themes["gender"] == "T")],
            "robustness": robustness(obs, config, part=part, view=view, lags=(None, lag)),
        }
        cache.set(key, cached, 3600)
    t, rob = cached["tradeoffs"], cached["robustness"]
    mine = t[t["municipality_id"] == unit]
    themes = cached["themes"][cached["themes"]["municipality_id"] == unit]
    scenarios = [c for c in rob.columns if "|" in c]
    mine_rob = rob.loc[unit].to_dict() if unit in rob.index else None
    return RegionDynamics(
        view=view,
        unit=unit,
        lag=lag,
        tradeoff=mine.iloc[0].to_dict() if not mine.empty else None,
        tradeoff_units=int(t["tradeoff"].sum()),
        robustness=mine_rob,
        scenarios=scenarios,
        flagged_units=int(rob["flag"].sum()),
        units=len(rob),
        theme_changes=themes.sort_values("theme").to_dict("records"),
    )
