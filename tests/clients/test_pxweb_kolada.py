from __future__ import annotations

import math

import numpy as np
import pytest

from reglab.clients._http import RetryPolicy
from reglab.clients.errors import BadResponse, UpstreamError
from reglab.clients.kolada import KoladaClient, chunks, values_to_table
from reglab.clients.pxweb import PxWebClient, count_cells, split_selection

FAST = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_cap=0.02)


def test_split_selection_is_minimal_when_shape_allows():
    selection = {
        "region": [str(i) for i in range(312)],
        "age": [str(i) for i in range(37)],
        "year": ["a", "b"],
        "sex": ["1", "2"],
    }
    cells = count_cells(selection)
    for limit in (10_000, 46_176, 100_000):
        parts = split_selection(selection, limit)
        assert all(count_cells(p) <= limit for p in parts)
        assert sum(count_cells(p) for p in parts) == cells
        assert len(parts) == math.ceil(cells / limit)
    # 1 000 cells: the rest (37 × 2 × 2 = 148) allows 6 regions per call, so 52 calls (ceil gives 47).
    parts = split_selection(selection, 1_000)
    assert len(parts) == math.ceil(312 / (1_000 // 148)) == 52
    # When one value of the largest variable is already too big, it is taken one value at a time.
    parts = split_selection({"a": ["1", "2"], "b": [str(i) for i in range(10)]}, 3)
    assert all(count_cells(p) <= 3 for p in parts) and sum(count_cells(p) for p in parts) == 20


def test_fetch_splits_into_ceil_cells_over_max(fake_server):
    client = PxWebClient(fake_server.scb_url, retry=FAST)
    assert fake_server.requests == []  # constructing did nothing
    table = client.fetch("BE0101D1")
    assert len(table) == 46176
    assert client.data_calls == math.ceil(46176 / 10_000) == fake_server.count("/data", "POST")
    original = fake_server.tables["BE0101D1"].table
    assert table.values.sum() == original.values.sum()
    assert table.content_hash() == original.content_hash()


def test_fetch_with_selection_and_unknown_code(fake_server):
    client = PxWebClient(fake_server.scb_url, retry=FAST)
    table = client.fetch("BE0101D1", {"region": ["00", "01*"], "gender": ["2"]})
    region = table.dimension("region")
    assert region.values[0] == "00" and all(c.startswith("01") for c in region.values[1:])
    assert set(table.dimension("gender").values) == {"2"}
    with pytest.raises(UpstreamError, match="Okänd kod"):
        client.fetch("BE0101D1", {"region": ["9999"]})


def test_failed_part_fails_the_fetch(fake_server):
    fake_server.inject("/data", status=503, nth=3, times=10)
    client = PxWebClient(fake_server.scb_url, retry=FAST)
    with pytest.raises(UpstreamError):
        client.fetch("BE0101D1")


def test_v1_fallback(fake_server):
    client = PxWebClient(fake_server.scb_url, v1_base_url=fake_server.scb_v1_url, retry=FAST)
    table = client.fetch_v1("BE/BE0101/BE0101D/BE0101D1", {"region": ["00"]})
    assert len(table) == 37 * 2 * 2 and table.table_id == "BE0101D1"


def test_kolada_chunks_pages_and_attribution(fake_server):
    assert [len(c) for c in chunks([str(i) for i in range(60)])] == [25, 25, 10]
    client = KoladaClient(fake_server.kolada_url, per_page=100, retry=FAST)
    rows = client.data(["N02904", "XBRP01"], years=list(range(2000, 2026)))  # 26 years → 2 year chunks
    assert len(rows) == 315 + 291 * 3
    data_calls = fake_server.count("/data/kpi")
    assert data_calls > 2  # paged through next_url
    table = values_to_table(rows, table_id="x")
    region = table.dimension("region")
    assert "00" in region.values and "01" in region.values and "0114" in region.values
    assert set(table.dimension("gender").values) == {"T", "K", "M"}
    assert np.isfinite(table.values).all()


def test_kolada_rejects_more_than_25_ids_server_side_and_client_chunks(fake_server):
    ids = [f"{i:04d}" for i in range(100, 160)]
    client = KoladaClient(fake_server.kolada_url, retry=FAST)
    client.data(["N02904"], municipalities=ids, years=[2020])
    paths = [p for m, p in fake_server.requests if "/data/kpi" in p]
    assert len(paths) == 3 and all(
        len(p.split("/municipality/")[1].split("/")[0].split(",")) <= 25 for p in paths
    )


def test_kolada_failed_page_raises(fake_server):
    fake_server.inject("/data/kpi", status=500, nth=2, times=10)
    client = KoladaClient(fake_server.kolada_url, per_page=100, retry=FAST)
    with pytest.raises(UpstreamError):
        client.data(["XBRP01"], years=[2025])
    fake_server.clear_failures()
    fake_server.inject("/kpi/", invalid_json=True)
    with pytest.raises(BadResponse):
        client.kpis(["N02904"])


def test_400_too_many_cells_splits_the_part_again(fake_server):
    # The server enforces 10 000 cells but /config advertises 50 000: parts of up to 50 000 are
    # refused with 400 and split in two until they fit; every value still arrives once.
    fake_server.advertised_max_cells = 50_000
    client = PxWebClient(fake_server.scb_url, retry=FAST)
    table = client.fetch("BE0101D1")
    original = fake_server.tables["BE0101D1"].table
    assert table.content_hash() == original.content_hash()
    assert fake_server.count("/data", "POST") > client.data_calls  # the refused part was retried split


def test_get_with_valuecodes_returns_what_post_returns(fake_server):
    import httpx

    client = PxWebClient(fake_server.scb_url, retry=FAST)
    selection = {"region": ["00", "0114"], "maternal age": ["25"], "year": ["2002"], "gender": ["1", "2"]}
    posted = client.fetch("BE0101D1", selection)
    url = client.data_url("BE0101D1", selection)
    assert "valuecodes%5Bregion%5D=00%2C0114" in url
    got = httpx.get(url, timeout=5).json()
    assert got["value"] == posted.values.tolist()
    assert httpx.get(fake_server.scb_url + "/tables/NOPE/data", timeout=5).status_code == 404


def test_v1_config_asks_for_exactly_config(fake_server):
    client = PxWebClient(fake_server.scb_url, v1_base_url=fake_server.scb_v1_url, retry=FAST)
    config = client.v1_config()
    assert config.max_cells == fake_server.max_cells  # the v1 limits, not the defaults
    asked = [e["raw_query"] for e in fake_server.log if e["path"].rstrip("/").endswith("/v1/sv")]
    assert asked == ["config"]
    # What the old client asked for (`?config=`) gets the database list, a JSON array.
    import httpx

    assert isinstance(httpx.get(fake_server.scb_v1_url + "/sv/?config=", timeout=5).json(), list)


def test_v1_database_list_instead_of_config_falls_back_to_defaults(fake_server):
    # A v1 server that answers the config request with its database list (a JSON array) no longer
    # aborts the run with AttributeError: the published defaults are used and the fetch works.
    fake_server.v1_config_as_list = True
    client = PxWebClient(fake_server.scb_url, v1_base_url=fake_server.scb_v1_url, retry=FAST)
    config = client.v1_config()
    assert config == type(config)()
    table = client.fetch_v1("BE/BE0101/BE0101D/BE0101D1", {"region": ["00"]})
    assert len(table) == 37 * 2 * 2


def test_kolada_drops_deleted_rows_and_filters_by_region_type(fake_server):
    fake_server.kolada_rows.append(
        {
            "kpi": "N02904",
            "municipality": "0020",
            "period": 2021,
            "gender": "K",
            "value": 99.0,
            "isdeleted": True,
        }
    )
    client = KoladaClient(fake_server.kolada_url, retry=FAST)
    rows = client.data(["N02904"], years=[2021])
    assert len(rows) == 21 and all(r.value != 99.0 for r in rows)
    regions = client.municipalities(kind="L")
    assert regions and all(m["type"] == "L" for m in regions)
    assert any(e["query"] == [("per_page", "5000"), ("region_type", "L")] for e in fake_server.log)
