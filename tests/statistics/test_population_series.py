"""Population as one series: TAB638 (to 2024) and TAB5557 (from 2025) joined into one dataset, with
SCB's published totals kept and no sum over age that includes the age total `tot`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse

from reglab.engine.dimensions import reduce_dimensions
from reglab.readers.table import StatTable
from reglab.statistics.catalogue import catalogue_load
from reglab.statistics.models import Dataset, Observation
from reglab.statistics.series import SeriesError, series_join, table_collapse, table_periods
from reglab.statistics.sync import catalogue_sync
from tests.support.fakeserver import population_tables

pytestmark = pytest.mark.django_db


def _value(table: StatTable, **codes: str) -> float:
    keep = np.ones(len(table), dtype=bool)
    for code, value in codes.items():
        dim = table.dimension(code)
        keep &= table.index[code] == dim.values.index(value)
    [value] = table.values[keep]
    return float(value)


def test_collapse_sum_over_age_takes_the_total_never_adds_it():
    tab638, _ = population_tables()
    single = sum(
        _value(tab638, Region="01", Civilstand="G", Alder=a, Kon="1", ContentsCode="BE0101N1", Tid="2024")
        for a in ("0", "1", "100+")
    )
    collapsed = table_collapse(tab638, "Alder", "sum")
    assert "Alder" not in [d.code for d in collapsed.dimensions]
    value = _value(collapsed, Region="01", Civilstand="G", Kon="1", ContentsCode="BE0101N1", Tid="2024")
    assert value == single  # the published `tot`, which equals the parts here; not tot + parts (2×)


def test_collapse_sum_without_total_adds_the_parts_and_missing_stays_missing():
    tab638, _ = population_tables()
    parts = [
        _value(tab638, Region="20", Civilstand=c, Alder="tot", Kon="2", ContentsCode="BE0101N1", Tid="2023")
        for c in ("OG", "G", "SK", "ÄNKL")
    ]
    collapsed = table_collapse(tab638, "Civilstand", "sum")
    assert _value(collapsed, Region="20", Alder="tot", Kon="2", ContentsCode="BE0101N1", Tid="2023") == sum(
        parts
    )
    tab638.values[0] = np.nan
    gap = table_collapse(tab638, "Civilstand", "sum")
    assert np.isnan(gap.values).sum() == 1


def test_collapse_keeps_the_published_total_code():
    _, tab5557 = population_tables()
    kept = table_collapse(tab5557, "Civilstand", "SC")
    published = _value(
        tab5557, Region="0114", Civilstand="SC", Alder="TotSA", Kon="1", ContentsCode="000007ME", Tid="2025"
    )
    assert (
        _value(kept, Region="0114", Alder="TotSA", Kon="1", ContentsCode="000007ME", Tid="2025") == published
    )
    with pytest.raises(SeriesError, match="ingen kod"):
        table_collapse(tab5557, "Civilstand", "XX")


def test_join_refuses_parts_with_different_variables():
    tab638, tab5557 = population_tables()
    with pytest.raises(SeriesError, match="olika variabler"):
        series_join([table_collapse(tab638, "Civilstand", "sum"), tab5557], table_id="X")
    assert len(table_periods(tab638, "2024-")) == len(tab638) // 2


def test_packaged_population_entry_syncs_as_one_series(
    geography, population_settings, population_server, client
):
    entries = catalogue_load().entries(ids=["BE0101N1"])

    [outcome] = catalogue_sync(entries)
    assert outcome.state == "new", outcome.message

    tab638, tab5557 = population_tables()
    dataset = Dataset.objects.get(source__kind="scb", external_id="BE0101N1")
    rows = list(
        Observation.objects.filter(version=dataset.current_version).values(
            "region_code", "period", "sex", "measure", "dimensions", "value"
        )
    )
    assert {r["measure"] for r in rows} == {"BE0101N1"}
    assert {r["period"] for r in rows} == {"2023", "2024", "2025"}
    assert all(r["dimensions"] == {"Alder": "tot"} for r in rows)
    stored = {(r["region_code"], r["period"], r["sex"]): r["value"] for r in rows}
    assert len(stored) == len(rows) == 4 * 3 * 2
    # Before 2025: the four civilstånd of TAB638's `tot` summed (exact there).
    old = sum(
        _value(tab638, Region="20", Civilstand=c, Alder="tot", Kon="2", ContentsCode="BE0101N1", Tid="2024")
        for c in ("OG", "G", "SK", "ÄNKL")
    )
    assert stored[("20", "2024", "women")] == old
    # From 2025: SCB's published total (SC, TotSA), not a sum of its noisy parts.
    published = _value(
        tab5557, Region="20", Civilstand="SC", Alder="TotSA", Kon="2", ContentsCode="000007ME", Tid="2025"
    )
    parts = sum(
        _value(tab5557, Region="20", Civilstand=c, Alder=a, Kon="2", ContentsCode="000007ME", Tid="2025")
        for c in ("OG", "G", "SK", "ÄNKL")
        for a in ("0", "1", "100+1")
    )
    assert stored[("20", "2025", "women")] == published != parts

    # The analysis' reduction finds the total and does not sum over age.
    frame = pd.DataFrame(
        [
            {
                "region": r["region_code"],
                "period": r["period"],
                "measure": r["measure"],
                "sex": r["sex"],
                "dimensions": r["dimensions"],
                "value": r["value"],
            }
            for r in rows
        ]
    )
    reduced = reduce_dimensions(frame, sex="women", total_sex="total", additive=True)
    value = reduced.values.query("region == '20' and period == '2025'")["value"].item()
    assert value == published and [s.kind for s in reduced.steps] == ["total"]

    # Which years came from which table: in the query and on the dataset page.
    parts_info = [(p["table"], p["periods"]) for p in dataset.query["parts"]]
    assert parts_info == [("TAB638", "2023–2024"), ("TAB5557", "2025")]
    page = client.get(reverse("statistics:dataset-detail", args=[dataset.pk])).content.decode()
    assert "TAB638" in page and "2023–2024" in page and "TAB5557" in page

    # Nothing changed at SCB: the next sync asks only for the tables' stamps.
    posts = population_server.count("/data", "POST")
    [again] = catalogue_sync(entries)
    assert again.state == "unchanged" and population_server.count("/data", "POST") == posts
