"""Must-show: from the published theme indices the aggregation step reproduces every published part index."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reglab.engine.brp_plus import parts_from_themes
from reglab.engine.brp_plus.output import read_official_csv, to_official_csv
from reglab.engine.brp_plus.rformat import format_column


def _theme_frame(path, view):
    df = read_official_csv(path)
    return pd.DataFrame(
        {
            "view": view,
            "municipality_id": df["Region"].str.split(" ").str[0].map(lambda c: "0000" if c == "00" else c),
            "gender": df["Kon"],
            "part": df["Del"],
            "theme": df["Tema"],
            "value": df["Varde_stand"],
        }
    )


@pytest.mark.parametrize(("theme_file", "part_file", "view"), [("2", "1", "K"), ("4", "3", "L")])
def test_part_index_from_published_themes(shared_data, theme_file, part_file, view):
    folder = shared_data / "brp-plus-2025"
    themes = _theme_frame(next(folder.glob(f"{theme_file}.*.csv")), view)
    published = read_official_csv(next(folder.glob(f"{part_file}.*.csv")))
    published["municipality_id"] = (
        published["Region"].str.split(" ").str[0].map(lambda c: "0000" if c == "00" else c)
    )
    ours = parts_from_themes(themes)
    merged = published.merge(
        ours,
        left_on=["municipality_id", "Kon", "Del"],
        right_on=["municipality_id", "gender", "part"],
        how="outer",
    )
    assert len(merged) == len(published) == len(ours)  # same row set (kommuner/regions, Riket, all sexes)
    assert merged["value"].notna().all() and merged["Varde_stand"].notna().all()
    assert np.abs(merged["value"] - merged["Varde_stand"]).max() < 1e-9
    riket = merged[merged["municipality_id"] == "0000"]
    assert set(riket["Kon"]) == {"Totalt", "Kvinnor", "Män"} and len(riket) == 6


def test_published_files_round_trip_byte_for_byte(shared_data):
    """Reading a published file and writing it with our R number formatting gives the same bytes."""
    for path in sorted((shared_data / "brp-plus-2025").glob("[1-4].*.csv")):
        table = read_official_csv(path)
        assert to_official_csv(table).encode("utf-8") == path.read_bytes(), path.name


def test_r_number_format_rules():
    # common decimals for 15 significant digits; trailing zeros kept per column
    assert format_column([0.5, 1.0, 100.0]) == ["0,5", "1,0", "100,0"]
    assert format_column([54.04017623146067, 0.123456789012345]) == [
        "54,040176231460670",
        "0,123456789012345",
    ]
    # scientific for the whole column when narrower; NA for missing
    assert format_column([1e-7, 12.5, float("nan"), -3.25]) == ["1,00e-07", "1,25e+01", "NA", "-3,25e+00"]
    assert format_column([float("nan")]) == ["NA"]
    assert format_column([-0.5, 2.0]) == ["-0,5", "2,0"]
