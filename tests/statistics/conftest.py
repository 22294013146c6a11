"""Fixtures for the statistics tests: the real geography, loaded once per session."""

from __future__ import annotations

import pytest


@pytest.fixture
def px_dir(shared_data):
    return shared_data / "pxweb-example-px"


def _point_at(settings, server, *, timeout: float):
    settings.REGLAB_SCB_API_URL = server.scb_url
    settings.REGLAB_SCB_V1_API_URL = server.scb_v1_url
    settings.REGLAB_KOLADA_API_URL = server.kolada_url
    settings.REGLAB_HTTP_TIMEOUT = timeout
    settings.REGLAB_HTTP_RETRIES = 2
    settings.REGLAB_HTTP_BACKOFF = 0.01
    return settings


@pytest.fixture
def api_settings(settings, fake_server):
    return _point_at(settings, fake_server, timeout=2.0)


@pytest.fixture
def scb_settings(settings, scb_server):
    """The clients pointed at the SCB-shaped server (`scb_server`)."""
    return _point_at(settings, scb_server, timeout=5.0)


@pytest.fixture
def catalogue_file(tmp_path):
    path = tmp_path / "catalogue.toml"
    path.write_text(
        """
[defaults]
kolada_years = "2005-2025"

[[scb]]
id = "BE0101D1"
table = "BE0101D1"
title = "Levande födda"

[[kolada]]
kpi = "N02904"

[[kolada]]
kpi = "XBRP01"
title = "Fel titel i katalogen"
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def population_server():
    """A local SCB-shaped server with small TAB638 and TAB5557 (the population series' two tables)."""
    from tests.support.fakeserver import FakeStatServer, population_tables

    tab638, tab5557 = population_tables()
    server = FakeStatServer(max_cells=50)
    server.add_table("TAB638", tab638, updated="2025-02-21T07:00:00Z")
    server.add_table("TAB5557", tab5557, updated="2026-02-20T07:00:00Z")
    with server:
        yield server


@pytest.fixture
def population_settings(settings, population_server):
    return _point_at(settings, population_server, timeout=5.0)
