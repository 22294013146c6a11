"""The "Matcha rätt" definitions: shipped TOML, typed loader, stored IndicatorDefinition rows, the list."""

from __future__ import annotations

import pytest

from reglab.indicators.matching_data import (
    DefinitionError,
    matching_indicator,
    matching_indicators,
    parse_definitions,
)


def test_every_rmi_indicator_is_defined():
    codes = {i.code for i in matching_indicators()}
    # E1–E4, M2, U1–U5, R1–R4 (U1 and U5 as SCB's U1a/U1b and U5a; R1 as R1a).
    assert {
        "E1",
        "E2",
        "E3",
        "E4",
        "M2",
        "U1a",
        "U1b",
        "U2",
        "U3",
        "U4",
        "U5a",
        "R1a",
        "R2",
        "R3",
        "R4",
    } <= codes
    for ind in matching_indicators():
        assert ind.name_sv and ind.area in {"demand", "matching", "supply", "regional"}
        if ind.status != "unknown":
            assert ind.variables[0] == "Region" and ind.table_v1.startswith("AM/AM9906/")


def test_v2_ids_and_unknowns_are_marked_not_confirmed():
    m2 = matching_indicator("M2")
    assert m2.table_v2 == "TAB6366" and m2.table_v2_status != "confirmed"
    assert m2.formula_status == "inferred" and m2.groups_status == "unknown"
    assert matching_indicator("RMI-U1b").table_v2 == "TAB6368"
    assert "TAB5433" in matching_indicator("U1b").table_v2_alternatives
    assert matching_indicator("U2").table_v2 == "TAB6369"
    assert matching_indicator("E3").table_v2 == "RegionInd19E3CKMNy"
    assert matching_indicator("E3").counts == {"A": "000008QQ", "E": "000008QT"}
    # The recorded SCB responses list none of these tables: no v2 id may claim to be confirmed.
    assert all(i.table_v2_status != "confirmed" for i in matching_indicators() if i.table_v2)
    for code in ("U4", "R3", "E2a"):
        assert matching_indicator(code).status == "unknown"
    assert set(matching_indicator("E1").geographies) == {"riket", "lan"}
    assert "kommun" in matching_indicator("R2").geographies
    assert m2.web_url == (
        "https://www.statistikdatabasen.scb.se/pxweb/sv/ssd/START__AM__AM9906__AM9906A/RegionInd19M2N1/"
    )
    assert m2.group_code("födda i Afrika") == "AFR" and m2.group_label("TOT") == "totalt"
    with pytest.raises(KeyError):
        matching_indicator("X9")


@pytest.mark.parametrize(
    "text",
    [
        '[[indicator]]\ncode = "X"\narea = "demand"\nname_sv = "x"\nstatus = "sure"\n',
        '[[indicator]]\ncode = "X"\narea = "elsewhere"\nname_sv = "x"\n',
        '[[indicator]]\ncode = "X"\narea = "demand"\nname_sv = "x"\ngeographies = ["moon"]\n',
        '[[indicator]]\ncode = "X"\narea = "demand"\nname_sv = "x"\n' * 2,
        "[[indicator]\n",
    ],
)
def test_malformed_definitions_are_refused(text):
    with pytest.raises(DefinitionError):
        parse_definitions(text)


@pytest.mark.django_db
def test_definitions_are_stored_and_listed(client):
    from reglab.indicators.models import IndicatorDefinition
    from reglab.indicators.services import matching_definitions_load

    assert matching_definitions_load() == len(matching_indicators())
    assert matching_definitions_load() == len(matching_indicators())  # idempotent
    m2 = IndicatorDefinition.objects.get(code="RMI-M2")
    assert m2.source_kind == "scb" and m2.source["table"] == "TAB6366"
    assert m2.source["table_v2_status"] == "inferred" and "matchning" in m2.source["datasets"]
    assert IndicatorDefinition.objects.get(code="RMI-U4").aggregation_rule == "not_aggregable"
    api = client.get("/api/indicators", {"limit": 100}).json()
    items = api["items"] if isinstance(api, dict) else api
    assert {"RMI-E3", "RMI-M2", "RMI-U1b", "RMI-R4"} <= {i["code"] for i in items}
    html = client.get("/indikatorer/").content.decode()
    assert "RMI-M2" in html and "Matchningsindikatorer (Matcha rätt)" in html and "ej bekräftad" in html
    assert html.count('id="rmi-h"') == 1  # the section once, and the page title untouched
    assert "<title>Indikatorer och BRP+" in html
