"""The pure dimension reduction: one sex, totals where the table has them, sums only when additive."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from reglab.engine.dimensions import DimensionError, Reduction, reduce_dimensions


def _rows(cells: list[tuple[str, str, dict, float | None]]) -> pd.DataFrame:
    """(region, sex, dimensions, value) for one period and measure."""
    return pd.DataFrame(
        [(r, "2023", "m", sex, dims, v) for r, sex, dims, v in cells],
        columns=["region", "period", "measure", "sex", "dimensions", "value"],
    )


def test_a_total_code_is_used_instead_of_summing():
    rows = _rows(
        [
            ("0114", "total", {"age": "tot"}, 10.0),
            ("0114", "total", {"age": "0-19"}, 4.0),
            ("0114", "total", {"age": "20+"}, 6.0),
            ("0114", "women", {"age": "tot"}, 5.0),
        ]
    )
    reduced = reduce_dimensions(rows, sex="total", total_sex="total", additive=True)
    assert reduced.values.to_dict("records") == [
        {"region": "0114", "period": "2023", "measure": "m", "value": 10.0}
    ]
    assert reduced.steps == [Reduction("total", dimension="age", code="tot")]


def test_additive_measure_without_a_total_is_summed_and_json_dimensions_are_read():
    rows = _rows([("0114", "total", '{"age": "0-19"}', 4.0), ("0114", "total", '{"age": "20+"}', 6.0)])
    reduced = reduce_dimensions(rows, sex="total", total_sex="total", additive=True)
    assert reduced.values["value"].tolist() == [10.0]
    assert reduced.steps == [Reduction("summed", dimension="age", count=2)]


def test_a_missing_cell_makes_the_sum_missing():
    rows = _rows([("0114", "total", {"age": "0-19"}, 4.0), ("0114", "total", {"age": "20+"}, None)])
    reduced = reduce_dimensions(rows, sex="total", total_sex="total", additive=True)
    assert math.isnan(reduced.values["value"].iloc[0])


def test_total_for_sex_is_women_plus_men_only_for_additive_measures():
    rows = _rows([("0114", "women", {}, 3.0), ("0114", "men", {}, 4.0), ("0180", "women", {}, 1.0)])
    reduced = reduce_dimensions(rows, sex="total", total_sex="total", additive=True)
    assert dict(zip(reduced.values["region"], reduced.values["value"], strict=True)) == {
        "0114": 7.0,
        "0180": 1.0,
    }
    assert reduced.steps == [Reduction("sexes_summed")]
    with pytest.raises(DimensionError) as info:
        reduce_dimensions(rows, sex="total", total_sex="total", additive=False)
    assert info.value.kind == "no_sex" and info.value.sex == "total"


def test_a_rate_split_by_a_dimension_without_total_is_refused():
    rows = _rows([("0114", "total", {"age": "0-19"}, 4.0), ("0114", "total", {"age": "20+"}, 6.0)])
    with pytest.raises(DimensionError) as info:
        reduce_dimensions(rows, sex="total", total_sex="total", additive=False)
    assert info.value.kind == "not_additive" and info.value.dimension == "age"


def test_an_empty_table_gives_an_empty_frame_with_the_value_columns():
    reduced = reduce_dimensions(_rows([]), sex="women", total_sex="total", additive=False)
    assert reduced.values.empty and list(reduced.values.columns) == ["region", "period", "measure", "value"]
    assert reduced.steps == []
