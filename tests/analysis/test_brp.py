"""BRP+ per region, called directly: view choice, published rows, and the labelled approximation."""

from __future__ import annotations

import pytest

from reglab.analysis.brp import (
    brp_compare_view,
    brp_groups_values,
    brp_latest_run,
    brp_level_values,
    brp_profile,
    brp_view_for,
)
from reglab.analysis.measures import METHOD_APPROX_UNWEIGHTED, measure_resolve
from reglab.geography.models import Region, RegionKind

pytestmark = pytest.mark.django_db


def test_view_follows_the_region_kind():
    lan, kommun = Region(code="03", kind=RegionKind.LAN), Region(code="0305", kind=RegionKind.KOMMUN)
    riket, group = Region(code="00", kind=RegionKind.RIKET), Region(code="G-x", kind=RegionKind.GROUP)
    assert [brp_view_for(r) for r in (lan, kommun, group, riket)] == ["L", "K", "K", "L"]
    assert brp_view_for(riket, "K") == "K" and brp_view_for(lan, "K") == "L"
    assert brp_compare_view([lan, riket]) == "L" and brp_compare_view([lan, kommun]) == "K"


def test_group_is_the_mean_of_its_kommuners_index(brp_official, group):
    run = brp_latest_run()
    profile = brp_profile(group, run=run)
    assert profile.method == METHOD_APPROX_UNWEIGHTED and profile.members == 3
    measure = measure_resolve("brp:Livskvalitet")
    kommun = brp_level_values(run, measure, "kommun", "T")
    expected = sum(kommun[c] for c in ("0305", "0319", "0330")) / 3
    assert profile.row("Livskvalitet")["T"] == pytest.approx(expected)
    values, method = brp_groups_values(run, measure, {"A": ["0305", "0319", "0330"], "B": ["0180"]}, "T")
    assert values["A"] == pytest.approx(expected) and values["B"] == pytest.approx(kommun["0180"])
    assert method == METHOD_APPROX_UNWEIGHTED


def test_lan_values_are_keyed_by_scb_code_without_riket(brp_official):
    values = brp_level_values(brp_latest_run(), measure_resolve("brp:T6"), "lan", "K")
    assert len(values) == 21 and "00" not in values and "03" in values
