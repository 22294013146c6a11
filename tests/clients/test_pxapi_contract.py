"""Contract test: every request the PxWeb client sends validates against SCB's OpenAPI file
(../shared/data/scb-pxweb-v2-recorded/PxAPI-2.yml): a declared path and method, declared query
parameters with values of the declared types, and a JSON body valid against the request schema."""

from __future__ import annotations

import re

import httpx
import pytest
import yaml
from jsonschema import Draft7Validator

from reglab.clients._http import RetryPolicy
from reglab.clients.errors import UpstreamError
from reglab.clients.pxweb import PxWebClient
from tests.support.fakeserver import SCB_PREFIX

FAST = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_cap=0.02)


@pytest.fixture(scope="module")
def spec(shared_data):
    text = (shared_data / "scb-pxweb-v2-recorded" / "PxAPI-2.yml").read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    # A known slip in the spec: VariableSelection requires "values", a property it never declares;
    # the property is `valueCodes` (its own `properties`, SCB's live API, pxwebpy). Checked here so
    # that a corrected spec makes this test say so instead of silently passing.
    selection = spec["components"]["schemas"]["VariableSelection"]
    assert "values" in selection["required"] and "values" not in selection["properties"]
    selection["required"] = ["variableCode", "valueCodes"]
    return spec


def _operation(spec: dict, method: str, path: str) -> dict:
    for template, item in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return item[method.lower()]
    raise AssertionError(f"{method} {path} is not in PxAPI-2.yml")


def _parameters(spec: dict, operation: dict) -> dict[str, dict]:
    found = {}
    for param in operation.get("parameters", []):
        if "$ref" in param:
            param = spec["components"]["parameters"][param["$ref"].rsplit("/", 1)[-1]]
        if param["in"] == "query":
            found[param["name"]] = param
    return found


def _typed(value: str, schema: dict) -> object:
    kind = schema.get("type")
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        assert value in ("true", "false"), value
        return value == "true"
    return value


def _check(spec: dict, request: dict) -> None:
    path = request["path"][len(SCB_PREFIX) :] or "/"
    operation = _operation(spec, request["method"], path)
    declared = _parameters(spec, operation)
    for key, value in request["query"]:
        deep = re.match(r"^([A-Za-z]+)\[([^\]]+)\]$", key)
        if deep:  # deepObject: valuecodes[Region]=00,01
            param = declared.get(deep.group(1))
            assert param and param.get("style") == "deepObject", f"{key} is not declared for {path}"
            item = param["schema"]["additionalProperties"]
            Draft7Validator(item).validate(value.split(",") if item.get("type") == "array" else value)
            continue
        assert key in declared, f"query parameter {key!r} is not declared for {request['method']} {path}"
        schema = {k: v for k, v in declared[key]["schema"].items() if k != "$ref"}
        Draft7Validator(schema).validate(_typed(value, schema))
    body_spec = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
    if request["body"] is not None:
        assert body_spec, f"{path} takes no JSON body"
        schema = {**body_spec["schema"], "components": spec["components"]}
        errors = list(Draft7Validator(schema).iter_errors(request["body"]))
        assert not errors, [e.message for e in errors]


def test_client_requests_validate_against_pxapi2(spec, scb_server):
    scb_server.advertised_max_cells = 800  # the 400 answer makes the client split again
    client = PxWebClient(scb_server.scb_url, retry=FAST)
    client.tables(query="TAB6366")
    client.table("TAB6366")
    table = client.fetch("TAB6366", {"Region": ["00", "FA*", "2*"], "Tid": ["2022", "2023"]})
    assert len(table) == (62 + 6) * 3 * 1 * 2  # 00, FA00–FA60, län 20–25; three Kon; two years
    # 408 cells fit the advertised 800 but not the enforced 400: refused (400), then sent in halves.
    assert scb_server.count("/data", "POST") == 3 and client.data_calls == 2
    assert (
        httpx.get(
            client.data_url(
                "TAB6366", {"Region": ["00"], "Kon": ["1"], "ContentsCode": ["000007I3"], "Tid": ["2023"]}
            ),
            timeout=5,
        ).status_code
        == 200
    )
    with pytest.raises(UpstreamError):
        client.table("NOPE")
    requests = [r for r in scb_server.log if r["path"].startswith(SCB_PREFIX)]
    methods = {(r["method"], r["path"].rsplit("/", 1)[-1]) for r in requests}
    assert {
        ("GET", "config"),
        ("GET", "tables"),
        ("GET", "metadata"),
        ("POST", "data"),
        ("GET", "data"),
    } <= methods
    for request in requests:
        _check(spec, request)


def test_contract_check_rejects_what_the_spec_does_not_allow(spec):
    # The checker itself: a misspelt body field and an undeclared parameter are caught.
    bad_body = {
        "method": "POST",
        "path": f"{SCB_PREFIX}/tables/T/data",
        "query": [],
        "body": {"selection": [{"variableCode": "Region", "codes": ["00"]}]},
    }
    with pytest.raises(AssertionError, match="valueCodes"):
        _check(spec, bad_body)
    bad_param = {
        "method": "GET",
        "path": f"{SCB_PREFIX}/tables",
        "query": [("pageNumber", "x")],
        "body": None,
    }
    with pytest.raises(ValueError):
        _check(spec, bad_param)
    unknown = {
        "method": "GET",
        "path": f"{SCB_PREFIX}/tables/T/metadata",
        "query": [("format", "px")],
        "body": None,
    }
    with pytest.raises(AssertionError, match="not declared"):
        _check(spec, unknown)
