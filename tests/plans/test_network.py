"""All regions' plans side by side, with similar goals found by the proposal similarity engine; the
migration of free-text indicators to catalogue keys."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from reglab.accounts.models import Organisation, OrganisationKind
from reglab.engine.similarity import TfidfEmbedder
from reglab.plans.models import ActionPlan, Goal
from reglab.plans.selectors import plans_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_plans():
    goals = {}
    for slug, name, titles in (
        (
            "region-blekinge",
            "Region Blekinge",
            ["Minska växthusgasutsläppen från transporter", "Fler nya företag"],
        ),
        ("region-kronoberg", "Region Kronoberg", ["Minskade utsläpp av växthusgaser från transporter"]),
    ):
        org = Organisation.objects.create(name=name, slug=slug, kind=OrganisationKind.REGION)
        plan = ActionPlan.objects.create(
            organisation=org, title=f"Klimatplan {name}", start_year=2018, end_year=2026
        )
        for title in titles:
            goals[title] = Goal.objects.create(plan=plan, title=title)
    return goals


def test_similar_goals_across_regions(two_plans):
    columns = plans_network(embedder=TfidfEmbedder())
    assert [c.organisation.name for c in columns] == ["Region Blekinge", "Region Kronoberg"]
    blekinge = {r["goal"].title: r for p in columns[0].plans for r in p["goals"]}
    similar = blekinge["Minska växthusgasutsläppen från transporter"]["similar"]
    assert similar and similar[0]["goal"] == two_plans["Minskade utsläpp av växthusgaser från transporter"]
    # Never a goal of the same organisation.
    for row in blekinge.values():
        assert all(s["goal"].plan.organisation.name != "Region Blekinge" for s in row["similar"])
    assert blekinge["Fler nya företag"]["status_label"] == "saknar data"


def test_network_page(client, two_plans):
    html = client.get("/handlingsplaner/natverk/").content.decode()
    assert "Region Blekinge" in html and "Minskade utsläpp av växthusgaser från transporter" in html


def test_free_text_indicators_become_catalogue_keys_with_a_note(db):
    org = Organisation.objects.create(
        name="Region Blekinge", slug="region-blekinge", kind=OrganisationKind.REGION
    )
    plan = ActionPlan.objects.create(organisation=org, title="Plan", start_year=2018, end_year=2026)
    brp = Goal.objects.create(plan=plan, title="a", indicator="BRP+:Miljö")
    free = Goal.objects.create(plan=plan, title="b", indicator="andel förnybar energi")
    migration = importlib.import_module("reglab.plans.migrations.0003_goal_indicator_from_catalogue")
    migration.indicators_to_catalogue_keys(apps, None)
    brp.refresh_from_db()
    free.refresh_from_db()
    assert (brp.indicator, brp.indicator_note) == ("brp:Miljö", "BRP+:Miljö")
    assert (free.indicator, free.indicator_note) == ("", "andel förnybar energi")
