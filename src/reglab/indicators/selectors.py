"""Reads for the indicators app."""

from __future__ import annotations

import pandas as pd

from reglab.engine.brp_plus.output import compare_long
from reglab.indicators.models import BrpRun, BrpValue, RunSource


def brp_run_frame(run: BrpRun, *, levels: tuple[str, ...] = ("part", "theme")) -> pd.DataFrame:
    rows = BrpValue.objects.filter(run=run, level__in=levels).values_list(
        "level", "view", "region_code", "gender", "part", "theme", "aspect", "value"
    )
    return pd.DataFrame(
        list(rows), columns=["level", "view", "municipality_id", "gender", "part", "theme", "aspect", "value"]
    )


def brp_official_run(stampelar: int | None = None) -> BrpRun | None:
    qs = BrpRun.objects.filter(source=RunSource.OFFICIAL).select_related("config")
    if stampelar is not None:
        qs = qs.filter(config__stampelar=stampelar)
    return qs.order_by("-config__stampelar", "-created_at").first()


def brp_compare_with_official(run: BrpRun) -> pd.DataFrame:
    official = brp_official_run(run.config.stampelar)
    if official is None:
        return pd.DataFrame()
    return compare_long(brp_run_frame(official), brp_run_frame(run))


def indicator_for_regions(
    definition,
    values: pd.DataFrame,
    regions,
    *,
    approximate: bool = False,
    allow_partial: bool = False,
) -> pd.DataFrame:
    """An indicator for any regions (län, FA, Riket, custom groups) computed from kommun-level values.

    ``values``: long frame ``region, period, measure, value`` with kommun codes; the measure names are the
    indicator code and the base measures its rule refers to. Uses each region's ``kommun_codes()`` and the
    definition's aggregation rule; ``not_aggregable`` indicators raise unless ``approximate`` is set, then the
    result is a labelled population-weighted approximation (``definition.approximation_weight``).
    """
    from reglab.engine.aggregation import AggregationRule, aggregate

    membership = pd.DataFrame(
        [(r.code, k) for r in regions for k in r.kommun_codes()], columns=["group", "member"]
    ).drop_duplicates()
    rule = AggregationRule.parse(definition.aggregation_rule)
    weight = (definition.approximation_weight or None) if approximate else None
    return aggregate(
        values,
        membership,
        rule,
        measure=definition.code,
        approximate_with=weight,
        allow_partial=allow_partial,
    )
