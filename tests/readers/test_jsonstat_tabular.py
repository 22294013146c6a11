from __future__ import annotations

import json

import numpy as np
import pytest

from reglab.readers.errors import EmptyFileError, FormatError, InconsistentError
from reglab.readers.jsonstat import decode_jsonstat, parse_jsonstat
from reglab.readers.tabular import read_csv, read_xlsx


def dataset(index_as_list=False, **over):
    region = ["00", "01"] if index_as_list else {"00": 0, "01": 1}
    js = {
        "version": "2.0",
        "class": "dataset",
        "label": "Test",
        "id": ["Region", "Tid"],
        "size": [2, 3],
        "role": {"time": ["Tid"], "geo": ["Region"]},
        "dimension": {
            "Region": {
                "label": "region",
                "category": {"index": region, "label": {"00": "Riket", "01": "Stockholm"}},
            },
            "Tid": {"label": "år", "category": {"index": {"2020": 0, "2021": 1, "2022": 2}}},
        },
        "value": [1, 2, None, 4, 5, 6],
        "status": {"2": ".."},
    }
    js.update(over)
    return js


@pytest.mark.parametrize("as_list", [False, True])
def test_jsonstat_row_major_with_status(as_list):
    table = decode_jsonstat(dataset(index_as_list=as_list))
    frame = table.to_frame()
    assert frame.iloc[4][["Region", "Tid", "value"]].tolist() == ["01", "2021", 5.0]
    assert np.isnan(frame.iloc[2]["value"]) and table.status[2] == ".."
    assert [d.role for d in table.dimensions] == ["region", "time"]


def test_jsonstat_inconsistent_sizes():
    with pytest.raises(InconsistentError, match="5 values but the sizes give 6"):
        decode_jsonstat(dataset(value=[1, 2, 3, 4, 5]))
    with pytest.raises(InconsistentError, match="size says 4"):
        decode_jsonstat(dataset(size=[2, 4]))
    with pytest.raises(InconsistentError):
        decode_jsonstat(dataset(id=["Region"]))


def test_jsonstat_sparse_values_and_bad_json():
    table = decode_jsonstat(dataset(value={"0": 7, "5": 9}))
    assert table.values[0] == 7 and table.values[5] == 9 and np.isnan(table.values[1])
    with pytest.raises(FormatError, match="Invalid JSON"):
        parse_jsonstat(json.dumps(dataset()).encode()[:-30])
    with pytest.raises(EmptyFileError):
        parse_jsonstat(b"")


def test_kolada_style_csv(tmp_path):
    path = tmp_path / "kolada.csv"
    path.write_text(
        "kpi;municipality_id;year;gender;value\nN01951;0001;2020;T;12,5\nN01951;0000;2020;K;..\n"
        "N01951;0114;2021;M;3\n",
        encoding="utf-8",
    )
    table = read_csv(path)
    roles = {d.code: d.role for d in table.dimensions}
    assert roles == {"kpi": "measure", "municipality_id": "region", "year": "time", "gender": "sex"}
    assert table.dimension("municipality_id").values == ("01", "00", "0114")  # Kolada ids → SCB codes
    assert table.values[0] == 12.5 and np.isnan(table.values[1]) and table.status[1] == ".."


def test_scb_wide_csv_with_years_in_columns(tmp_path):
    path = tmp_path / "scb.csv"
    path.write_bytes('"region","kön","2020","2021"\n"0114 Upplands Väsby","män",10,11\n'.encode("cp1252"))
    table = read_csv(path)
    assert table.dimension("Tid").role == "time" and table.dimension("Tid").values == ("2020", "2021")
    assert table.dimension("region").values == ("0114",)
    assert table.dimension("region").labels == ("Upplands Väsby",)


def test_real_dalastrategin_files(shared_data):
    table = read_csv(shared_data / "dalastrategin-lan" / "utsatthet.csv")
    assert len(table) == 315
    assert set(table.dimension("municipality_id").values) >= {"01", "20", "25"}
    match = read_csv(shared_data / "dalastrategin-lan" / "matchning.csv")
    assert len(match) == 378 * 8 and np.isnan(match.values).sum() >= 4


def test_xlsx_with_title_rows(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Folkmängd efter region och år"])
    sheet.append([])
    sheet.append(["region", "år", "Folkmängd"])
    sheet.append(["0114 Upplands Väsby", "2020", 47000])
    sheet.append(["0115 Vallentuna", "2020", 33000])
    path = tmp_path / "scb.xlsx"
    book.save(path)
    table = read_xlsx(path)
    assert table.title == "Folkmängd efter region och år"
    assert table.values.tolist() == [47000.0, 33000.0]


def test_exact_duplicate_rows_are_dropped_conflicting_ones_kept(tmp_path, shared_data):
    table = read_csv(shared_data / "dalastrategin-lan" / "effektivitet.csv")
    assert len(table) == (286 - 13) * 3 and table.duplicate_cells() == 0
    assert "13" in table.notes[-1] or "39" in table.notes[-1]
    path = tmp_path / "conflict.csv"
    path.write_text("region;år;värde\n0114;2020;1\n0114;2020;2\n0115;2020;3\n0115;2020;3\n", encoding="utf-8")
    conflict = read_csv(path)
    assert len(conflict) == 3 and conflict.duplicate_cells() == 1


def test_numeric_code_columns_are_regions_and_padded(shared_data):
    table = read_csv(shared_data / "kommun-panel-2002-2022" / "municip_data.csv")
    region = table.dimension("municip_code")
    assert region.role == "region" and "0114" in region.values and len(region) == 290
