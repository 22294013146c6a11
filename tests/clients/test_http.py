from __future__ import annotations

import time

import pytest

from reglab.clients._http import HttpClient, RetryPolicy, Throttle
from reglab.clients.errors import BadResponse, RateLimited, RequestTimeout, TooManyCells, UpstreamError

FAST = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_cap=0.02, max_retry_after=5)


def test_constructor_does_no_io_and_timeout_is_required():
    client = HttpClient("http://127.0.0.1:9", timeout=1)  # nothing listens on port 9
    assert client.calls == 0
    with pytest.raises(ValueError, match="timeout"):
        HttpClient("http://127.0.0.1:9", timeout=0)


def test_429_waits_retry_after_then_succeeds(fake_server):
    waits = []
    fake_server.inject("/config", status=429, retry_after="1", times=2)
    client = HttpClient(fake_server.scb_url, timeout=2, retry=FAST, sleep=waits.append)
    assert client.get_json("config")["maxDataCells"] == 10_000
    assert waits == [1.0, 1.0] and client.calls == 3


def test_429_storm_is_reported_after_bounded_retries(fake_server):
    fake_server.inject("/config", status=429, retry_after="0", times=100)
    client = HttpClient(fake_server.scb_url, timeout=2, retry=FAST, sleep=lambda s: None)
    with pytest.raises(RateLimited):
        client.get_json("config")
    assert client.calls == FAST.max_retries + 1


def test_5xx_retried_then_upstream_error(fake_server):
    fake_server.inject("/config", status=503, times=1)
    client = HttpClient(fake_server.scb_url, timeout=2, retry=FAST)
    assert client.get_json("config")["apiVersion"]
    fake_server.inject("/tables/BE0101D1", status=502, times=10)
    with pytest.raises(UpstreamError) as info:
        client.get_json("tables/BE0101D1")
    assert info.value.status == 502 and fake_server.count("/tables/BE0101D1") == 3


def test_4xx_not_retried_and_400_over_max_cells_is_too_many_cells(fake_server):
    client = HttpClient(fake_server.scb_url, timeout=2, retry=FAST)
    with pytest.raises(UpstreamError) as info:
        client.get_json("tables/NOPE")
    assert info.value.status == 404 and fake_server.count("/tables/NOPE") == 1
    body = {"selection": [{"variableCode": "region", "valueCodes": ["00"]}]}
    with pytest.raises(UpstreamError, match="must be selected"):
        client.post_json("tables/BE0101D1/data", body)
    everything = {
        "selection": [
            {"variableCode": d, "valueCodes": list(v)}
            for d, v in [
                ("region", [r for r in fake_server.tables["BE0101D1"].table.dimension("region").values]),
                ("maternal age", fake_server.tables["BE0101D1"].table.dimension("maternal age").values),
                ("year", ["2002", "2003"]),
                ("gender", ["1", "2"]),
            ]
        ]
    }
    with pytest.raises(TooManyCells, match="Too many cells") as too_many:
        client.post_json("tables/BE0101D1/data", everything)
    assert too_many.value.status == 400  # SCB's v2 answer (the spec's 403 maps the same way)


def test_slow_response_times_out(fake_server):
    fake_server.inject("/config", delay=1.0, times=5)
    client = HttpClient(fake_server.scb_url, timeout=0.2, retry=FAST)
    started = time.monotonic()
    with pytest.raises(RequestTimeout):
        client.get_json("config")
    assert client.calls == 3 and time.monotonic() - started < 5


def test_truncated_and_invalid_bodies(fake_server):
    fake_server.inject("/config", truncate=True, times=10)
    client = HttpClient(fake_server.scb_url, timeout=2, retry=FAST)
    with pytest.raises(UpstreamError, match="Förbindelsen bröts"):
        client.get_json("config")
    fake_server.clear_failures()
    fake_server.inject("/config", invalid_json=True)
    with pytest.raises(BadResponse, match="inte giltig JSON"):
        client.get_json("config")


def test_throttle_sliding_window():
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(2, 10.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        throttle.acquire()
    assert now[0] == pytest.approx(20.0)  # calls at 0, 0, 10, 10, 20
