"""Must show: the teaching view's query ("Så hämtar du datan") is accepted by the platform's own client
against the local SCB-shaped server and returns the chart's data."""

from __future__ import annotations

import contextlib
import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from reglab.clients.pxweb import PxWebClient
from reglab.geography.models import Region
from reglab.readers.jsonstat import decode_jsonstat
from tests.analysis.matching_support import chart_values, m2_server_table, matchning_csv, page_tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def m2_server(geography, shared_data):
    """SCB's recorded /config, 400 above maxDataCells (400 cells), and TAB6366 in the v2 shape."""
    from tests.support.fakeserver import FakeStatServer

    lan = dict(Region.objects.lan().values_list("name", "code"))
    server = FakeStatServer(max_cells=400, recorded=shared_data / "scb-pxweb-v2-recorded")
    server.add_table("TAB6366", m2_server_table(shared_data, lan), updated="2025-03-20T07:00:00Z")
    with server:
        yield server


def _sorted_values(table) -> list[float]:
    return sorted(round(float(v), 4) for v in table.values if v == v)  # NaN != NaN: missing cells out


def test_teaching_queries_return_the_charts_data(client, settings, shared_data, m2_server):
    call_command("data_import", str(matchning_csv(shared_data)), "--no-progress", stdout=io.StringIO())
    settings.REGLAB_SCB_API_URL = m2_server.scb_url
    charts = page_tables(client.get(reverse("matching:region", args=["20"])).content.decode())
    response = client.get(reverse("matching:teaching", args=["20"]))
    assert response.status_code == 200
    html = response.content.decode()
    sections = re.findall(
        r'<section class="teaching-chart" aria-labelledby="([\w-]+)-q">(.*?)</section>', html, re.S
    )
    assert [ident for ident, _ in sections] == ["m2-sex", "m2-groups", "m2-riket"]
    for ident, section in sections:
        url = unescape(re.search(r'<textarea[^>]*class="api-url"[^>]*>([^<]+)</textarea>', section).group(1))
        assert url.startswith(f"{m2_server.scb_url}/tables/TAB6366/data?") and "valuecodes[Region]=20" in url
        assert "https://www.statistikdatabasen.scb.se/pxweb/sv/ssd/START__AM__AM9906__AM9906A/" in section
        assert "ej bekräftad" in section and 'class="exercise"' in section
        expected = chart_values(charts, ident)
        assert expected, ident

        # 1. The copyable GET URL, sent by the platform's HTTP client as it stands.
        with PxWebClient(m2_server.scb_url) as px:
            px.config()
            raw = px.http.get_json(url)
        assert _sorted_values(decode_jsonstat(raw, table_id="TAB6366")) == expected, ident

        # 2. The Python snippet, run as shown (it uses PxWebClient.fetch, which POSTs the selection).
        snippet = unescape(
            re.search(r'<code id="[\w-]+-py" class="snippet">(.*?)</code>', section, re.S).group(1)
        )
        namespace: dict = {}
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            exec(compile(snippet, f"<snippet {ident}>", "exec"), namespace)  # noqa: S102 - our own page's code
        assert _sorted_values(namespace["table"]) == expected, ident
        assert "value" in printed.getvalue()
    # Both request forms reached the server, and none was refused.
    assert m2_server.count("/tables/TAB6366/data", "GET") == 3
    assert m2_server.count("/tables/TAB6366/data", "POST") >= 3


def test_selection_in_teaching_view_matches_chart(client, settings, shared_data, m2_server):
    call_command("data_import", str(matchning_csv(shared_data)), "--no-progress", stdout=io.StringIO())
    settings.REGLAB_SCB_API_URL = m2_server.scb_url
    html = client.get(reverse("matching:teaching", args=["20"])).content.decode()
    assert (
        "Region: 20\nKon: 2, 1, SAMANST\nAlderFodelselandgr: TOT\nContentsCode: 000007I3\nTid: 2015, 2016"
        in html
    )
    assert "Region: 20, 00" in html  # the Riket comparison asks for both
