"""Must-show: `reglab brp compute --input FILE --out DIR` equals an independent reference, cell for cell."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command

from tests.engine.brp_fixtures import (
    kolada_rows,
    label_function,
    load_codekey_dict,
    load_config_dict,
    read_official,
    reference_config,
    write_rows,
)
from tests.engine.brp_reference import reference_tables

FILES = {
    "total_kommun": "1.kolada_totalindex_kommun2025.csv",
    "tema_kommun": "2.kolada_temaindex_kommun2025.csv",
    "total_region": "3.kolada_totalindex_region2025.csv",
    "tema_region": "4.kolada_temaindex_region2025.csv",
}
HEADERS = {
    "total_kommun": "Region;Del;Kon;Varde_stand",
    "tema_kommun": "Region;Del;Kon;Tema;Varde_stand",
    "total_region": "Region;Del;Kon;Varde_stand",
    "tema_region": "Region;Del;Kon;Tema;Varde_stand",
}


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    cfg = load_config_dict()
    ck = load_codekey_dict()
    rows = kolada_rows([i["kpi"] for i in cfg["indicators"]], ck)
    path = tmp_path_factory.mktemp("brp") / "kolada.csv"
    write_rows(rows, path)
    return rows, reference_config(cfg), label_function(ck), path


def _compare(out_dir, expected):
    for key, name in FILES.items():
        text = (out_dir / name).read_text(encoding="utf-8")
        assert text.split("\n", 1)[0] == HEADERS[key]
        got = read_official(out_dir / name)
        exp = expected[key]
        assert [g[:-1] for g in got] == [e[:-1] for e in exp], f"row set/order differs in {name}"
        for g, e in zip(got, exp, strict=True):
            if e[-1] is None:
                assert g[-1] is None, (name, g, e)
            else:
                assert g[-1] is not None, (name, g, e)
                assert g[-1] == pytest.approx(e[-1], abs=1e-6), (name, g, e)


@pytest.mark.parametrize(
    ("sex_mode", "lag", "aggregation"),
    list(
        itertools.product(["total_bas", "separat_bas", "sammantaget_bas"], [None, 5, 3], ["levels", "r-code"])
    ),
)
def test_compute_matches_reference(case, tmp_path, sex_mode, lag, aggregation):
    rows, config, label, path = case
    args = [
        "--input",
        str(path),
        "--out",
        str(tmp_path),
        "--sex-mode",
        sex_mode,
        "--aggregation",
        aggregation,
    ]
    if lag is not None:
        args += ["--lag", str(lag)]
    call_command("brp_compute", *args)  # no django_db mark: touching the database would fail the test
    expected = reference_tables(rows, config, label, aggregation=aggregation, sex_mode=sex_mode, lag=lag)
    _compare(tmp_path, expected)


def test_intended_imputation_matches_reference(case, tmp_path):
    rows, config, label, path = case
    call_command("brp_compute", "--input", str(path), "--out", str(tmp_path), "--imputation", "intended")
    _compare(tmp_path, reference_tables(rows, config, label, imputation="intended"))


def test_output_has_riket_na_and_no_miljo_for_women_when_no_split_kpi(case, tmp_path):
    path = case[3]
    call_command("brp_compute", "--input", str(path), "--out", str(tmp_path))
    got = read_official(tmp_path / FILES["tema_region"])
    assert got[0][0] == "00 Riket"
    themes_by_sex = {}
    for r in got:
        themes_by_sex.setdefault(r[2], set()).add(r[3])
    # Kvinnor/Män rows exist only for themes with sex-split KPIs: a subset of Totalt's themes
    assert themes_by_sex["Kvinnor"] <= themes_by_sex["Totalt"]
    raw = (tmp_path / FILES["tema_kommun"]).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw and b'"' not in raw
