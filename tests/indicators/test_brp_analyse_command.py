"""`reglab brp analyse` runs the beyond-the-official analyses on a file, without a database."""

from __future__ import annotations

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from tests.engine.brp_fixtures import kolada_rows, load_codekey_dict, load_config_dict, write_rows


@pytest.fixture(scope="module")
def infile(tmp_path_factory):
    cfg = load_config_dict()
    path = tmp_path_factory.mktemp("an") / "in.csv"
    write_rows(kolada_rows([i["kpi"] for i in cfg["indicators"]], load_codekey_dict(), seed=5), path)
    return path


@pytest.mark.parametrize("analysis", ["robustness", "trends", "tradeoffs"])
def test_analyses_write_tables(infile, tmp_path, analysis):
    out = tmp_path / f"{analysis}.csv"
    call_command("brp_analyse", analysis, "--input", str(infile), "--out", str(out))
    table = pd.read_csv(out, sep=";", dtype={"municipality_id": str})
    assert len(table) > 0
    if analysis == "robustness":
        assert {"municipality_id", "rank_range", "reversals", "flag"} <= set(table.columns)
    if analysis == "tradeoffs":
        assert {"change_ekonomi", "change_miljo", "tradeoff"} <= set(table.columns)


def test_contributions_needs_unit_and_theme(infile, tmp_path):
    with pytest.raises(CommandError, match="--unit"):
        call_command("brp_analyse", "contributions", "--input", str(infile))
    out = tmp_path / "c.csv"
    call_command(
        "brp_analyse",
        "contributions",
        "--input",
        str(infile),
        "--unit",
        "0003",
        "--theme",
        "T6",
        "--out",
        str(out),
    )
    table = pd.read_csv(out, sep=";")
    assert {"kpi", "aspect", "contribution", "gap_to_best", "best_unit"} <= set(table.columns)
