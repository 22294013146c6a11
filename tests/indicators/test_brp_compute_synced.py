"""`reglab brp compute` without --input reads synced observations through the statistics selector."""

from __future__ import annotations

import sys
import types

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from tests.engine.brp_fixtures import kolada_rows, load_codekey_dict, load_config_dict


@pytest.fixture
def fake_selector(monkeypatch):
    module = types.ModuleType("reglab.statistics.selectors")
    calls = {}

    def install(frame):
        def kolada_observations_frame(kpi_ids):
            calls["kpis"] = list(kpi_ids)
            return frame

        module.kolada_observations_frame = kolada_observations_frame
        monkeypatch.setitem(sys.modules, "reglab.statistics.selectors", module)
        return calls

    return install


def test_synced_observations_are_used(fake_selector, tmp_path):
    cfg = load_config_dict()
    rows = kolada_rows([i["kpi"] for i in cfg["indicators"]], load_codekey_dict())
    calls = fake_selector(pd.DataFrame(rows, columns=["kpi", "municipality_id", "year", "gender", "value"]))
    call_command("brp_compute", "--out", str(tmp_path))
    assert len(calls["kpis"]) == 84
    assert (
        (tmp_path / "3.kolada_totalindex_region2025.csv")
        .read_text(encoding="utf-8")
        .startswith("Region;Del;")
    )


def test_empty_or_missing_selector_gives_clear_error(fake_selector, monkeypatch):
    fake_selector(pd.DataFrame(columns=["kpi", "municipality_id", "year", "gender", "value"]))
    with pytest.raises(CommandError, match="Inga synkade"):
        call_command("brp_compute")
    monkeypatch.setitem(sys.modules, "reglab.statistics.selectors", None)  # import fails
    with pytest.raises(CommandError, match="inte tillgängliga"):
        call_command("brp_compute")
