"""Measure keys and the shared reads, called directly (the pages are tested in test_compare/test_map)."""

from __future__ import annotations

import pandas as pd
import pytest

from reglab.analysis.measures import (
    MeasureError,
    Result,
    measure_and_gender,
    measure_choices,
    measure_resolve,
    population_weights,
    statistics_rule,
)
from tests.analysis.conftest import ingest

pytestmark = pytest.mark.django_db


def test_a_statistics_key_resolves_to_the_current_version_and_its_rule(counts, rates):
    measure = measure_resolve(f"stat:{counts.dataset_id}:TESTANTAL")
    assert measure.kind == "stat" and not measure.is_brp
    assert measure.version == counts and measure.code == "TESTANTAL"
    assert measure.rule == "sum" and measure.additive
    rate = measure_resolve(f"stat:{rates.dataset_id}:TESTANDEL")
    assert rate.rule == "not_aggregable" and not rate.additive
    keys = [k for _group, options in measure_choices() for k, _label in options]
    assert measure.key in keys and rate.key in keys


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "Välj ett mått"),
        ("stat:x:y", "stat:<dataset-id>:<mått>"),
        ("stat:999999:X", "finns inte eller saknar gällande version"),
        ("brp:T1", "Inga BRP+-resultat"),
    ],
)
def test_unknown_keys_are_one_line_messages(geography, key, message):
    with pytest.raises(MeasureError, match=message.replace("+", r"\+")):
        measure_resolve(key)


def test_measure_and_gender_collects_both_problems(counts):
    measure, errors = measure_and_gender("stat:x:y", "X")
    assert measure is None and len(errors) == 2 and "kön" in errors[0]
    measure, errors = measure_and_gender(f"stat:{counts.dataset_id}:TESTANTAL", "K")
    assert measure is not None and errors == []


def test_statistics_rule_from_unit():
    assert statistics_rule("X", "antal personer") == "sum"
    assert statistics_rule("X", "Quantity") == "sum"
    assert statistics_rule("X", "procent") == "not_aggregable"


def test_population_weights_are_the_latest_population(geography):
    assert population_weights(["0305"]) is None
    ingest("N01951", [("0305", "2022", 100.0), ("0305", "2023", 120.0), ("0319", "2022", 50.0)])
    weights = population_weights(["0305", "0319", "0330"])
    assert weights.to_dict() == {"0305": 120.0, "0319": 50.0}


def test_result_keeps_each_note_once_in_order():
    result = Result(pd.DataFrame(), ["b", "a", "b"])
    assert result.notes == ["b", "a"]
