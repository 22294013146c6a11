"""Stored BRP+ results: configuration as data, official import, computed runs with provenance, comparison."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from reglab.indicators.models import BrpConfigVersion, BrpRun, BrpValue, IndicatorDefinition
from reglab.indicators.selectors import brp_compare_with_official, brp_official_run, brp_run_frame
from reglab.indicators.services import brp_config_load
from tests.engine.brp_fixtures import kolada_rows, load_codekey_dict, load_config_dict, write_rows

pytestmark = pytest.mark.django_db


def test_config_2025_loads_as_indicator_definitions():
    cfg = brp_config_load(version="2025")
    assert cfg.stampelar == 2025 and str(cfg.configuration_date) == "2026-03-25"
    assert cfg.indicators.count() == 84
    d = IndicatorDefinition.objects.get(code="N00905")
    assert d.source_kind == "kolada" and d.source["kpi"] == "N00905"
    assert IndicatorDefinition.objects.filter(direction="lower_is_better").count() == 37
    themes = {i["theme"] for i in cfg.data["indicators"]}
    assert len(themes) == 15 and {"T1", "T12", "Ekonomi", "Miljö", "Social"} <= themes


def test_import_official_files(shared_data):
    call_command("brp_import_official", str(shared_data / "brp-plus-2025"))
    run = brp_official_run(2025)
    assert run is not None and run.source == "official"
    assert BrpValue.objects.filter(run=run).count() == 1746 + 12513 + 132 + 946
    frame = brp_run_frame(run)
    riket = frame[(frame["municipality_id"] == "0000") & (frame["level"] == "part") & (frame["view"] == "L")]
    assert len(riket) == 6
    assert riket.set_index(["gender", "part"]).loc[("K", "Hållbarhet"), "value"] == pytest.approx(
        30.4069722058805
    )
    # importing again replaces, not duplicates
    call_command("brp_import_official", str(shared_data / "brp-plus-2025"))
    assert BrpRun.objects.filter(source="official").count() == 1


def test_compute_save_and_compare_with_official(shared_data, tmp_path):
    cfg = load_config_dict()
    rows = kolada_rows([i["kpi"] for i in cfg["indicators"]], load_codekey_dict())
    path = tmp_path / "in.csv"
    write_rows(rows, path)
    call_command("brp_import_official", str(shared_data / "brp-plus-2025"))
    call_command("brp_compute", "--input", str(path), "--save", "--aggregation", "r-code", "--lag", "5")
    run = BrpRun.objects.get(source="computed")
    assert run.aggregation == "r-code" and run.lag == 5 and run.sex_mode == "total_bas"
    assert run.provenance["kind"] == "file" and len(run.provenance["sha256"]) == 64
    assert run.config == BrpConfigVersion.objects.get(stampelar=2025)
    assert set(run.values.values_list("level", flat=True)) == {"part", "theme", "aspect"}
    cmp = brp_compare_with_official(run)
    both = cmp[cmp["status"] == "both"]
    assert len(both) > 0 and {"official_only", "both"} <= set(cmp["status"])
    assert both["diff"].notna().any()


def test_bad_input_gives_one_line_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("kpi;municipality_id;year;gender;value\nN00905;Sthlm;2024;T;1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="municipality_id"):
        call_command("brp_compute", "--input", str(bad))
    missing = tmp_path / "cols.csv"
    missing.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="saknar kolumner"):
        call_command("brp_compute", "--input", str(missing))
    with pytest.raises(CommandError, match="Katalogen finns inte"):
        call_command("brp_import_official", str(tmp_path / "nope"))
    assert BrpRun.objects.count() == 0
