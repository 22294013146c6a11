"""A local PxWeb v2 (+ v1) and Kolada v3 server for tests and benchmarks.

A threaded `http.server` on 127.0.0.1 with a random port. It serves tables built from the real files
in ../shared/data (e.g. BE0101D1.px as a PxWeb table, Kolada-shaped rows from dalastrategin) and
speaks enough of both protocols for the production clients, shaped like SCB's live v2 API as
recorded in ../shared/data/scb-pxweb-v2-recorded (pass `recorded=` that folder): /config as recorded
(with this server's limits), /tables/{id}, metadata with only the `time` and `metric` roles, data by
POST with `selection` or GET with `valuecodes[VAR]=a,b`, HTTP 400 above maxDataCells (SCB's v2 answer,
where the spec says 403), 404 for a missing table; the v1 `?config` (only that exact query; anything
else under /sv/ lists the databases, as v1 does); Kolada paging with next_url, the 25-id limit (400),
`region_type=` on /municipality and rows flagged `isdeleted`.

Failures are scripted with `inject(...)`: a status (429 with Retry-After, 5xx), a delay (slow),
a truncated body, or invalid JSON, for the Nth matching request and for a number of times.
`requests` records every request (method, path) for counting.
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, urlencode, urlparse

import numpy as np

from reglab.readers.table import Dimension, StatTable

SCB_PREFIX = "/api/v2"
V1_PREFIX = "/api/v1"
KOLADA_PREFIX = "/kolada/v3"


@dataclass
class Failure:
    path_contains: str
    method: str | None = None
    nth: int = 1  # the first matching request that fails (1-based)
    times: int = 1  # how many consecutive matching requests fail (large = permanently)
    status: int | None = None
    retry_after: str | None = None
    delay: float = 0.0
    truncate: bool = False
    invalid_json: bool = False
    seen: int = 0


@dataclass
class PxTable:
    table: StatTable
    updated: str = "2024-02-22T08:00:00Z"
    v1_path: str | None = None
    cube: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """The cube in dimension order (the table must be a full cube, as PX files are)."""
        sizes = [len(d) for d in self.table.dimensions]
        cube = np.full(sizes, np.nan)
        idx = tuple(self.table.index[d.code] for d in self.table.dimensions)
        cube[idx] = self.table.values
        self.cube = cube


class FakeStatServer:
    def __init__(
        self,
        *,
        max_cells: int = 100_000,
        max_calls: int = 1000,
        time_window: float = 10.0,
        kolada_max_per_page: int = 5000,
        recorded=None,
    ) -> None:
        self.recorded = recorded  # ../shared/data/scb-pxweb-v2-recorded, or None
        # What /config advertises when it differs from the limit enforced (a server that changed it).
        self.advertised_max_cells: int | None = None
        self.v1_config_as_list = False  # v1 answers even `?config` with its database list
        # Tables SCB no longer updates (`discontinued: true`) and old ids answering as a new table.
        self.discontinued: set[str] = set()
        self.renamed: dict[str, str] = {}
        self.max_cells = max_cells
        self.max_calls = max_calls
        self.time_window = time_window
        self.kolada_max_per_page = kolada_max_per_page
        self.tables: dict[str, PxTable] = {}
        self.kolada_kpis: dict[str, dict] = {}
        self.kolada_rows: list[dict] = []  # {kpi, municipality, period, gender, value, status}
        self.failures: list[Failure] = []
        self.requests: list[tuple[str, str]] = []
        # Every request in full (method, path, query pairs as sent, JSON body) for contract checks.
        self.log: list[dict] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- set-up -----------------------------------------------------------------------------
    def add_table(
        self, table_id: str, table: StatTable, *, updated: str = "2024-02-22T08:00:00Z", v1_path=None
    ):
        self.tables[table_id] = PxTable(table=table, updated=updated, v1_path=v1_path)

    def add_kolada(
        self, kpi: str, title: str, rows: list[dict], *, publication_date: str = "2024-03-01"
    ) -> None:
        self.kolada_kpis[kpi] = {
            "id": kpi,
            "title": title,
            "publication_date": publication_date,
            "is_divided_by_gender": any(r["gender"] != "T" for r in rows),
            "municipality_type": "A",
        }
        self.kolada_rows.extend({**r, "kpi": kpi} for r in rows)

    def inject(self, path_contains: str, **kwargs) -> Failure:
        failure = Failure(path_contains=path_contains, **kwargs)
        with self._lock:
            self.failures.append(failure)
        return failure

    def clear_failures(self) -> None:
        with self._lock:
            self.failures.clear()

    def count(self, path_contains: str, method: str | None = None) -> int:
        return sum(1 for m, p in self.requests if path_contains in p and (method is None or m == method))

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def scb_url(self) -> str:
        return self.url + SCB_PREFIX

    @property
    def scb_v1_url(self) -> str:
        return self.url + V1_PREFIX

    @property
    def kolada_url(self) -> str:
        return self.url + KOLADA_PREFIX

    def start(self) -> FakeStatServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.fake = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeStatServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- failure matching ---------------------------------------------------------------------
    def _failure_for(self, method: str, path: str) -> Failure | None:
        with self._lock:
            self.requests.append((method, path))
            # (the full record is appended by the handler, which knows the query and body)
            for failure in self.failures:
                if failure.path_contains in path and (failure.method in (None, method)):
                    failure.seen += 1
                    if failure.nth <= failure.seen < failure.nth + failure.times:
                        return failure
        return None

    # --- PxWeb ----------------------------------------------------------------------------------
    def px_config(self) -> dict:
        if self.recorded is not None:
            # SCB's own /config, with this server's limits (integers, as the spec types them).
            config = json.loads((self.recorded / "responses" / "config.json").read_text(encoding="utf-8"))
            config["maxDataCells"] = self.advertised_max_cells or self.max_cells
            config["maxCallsPerTimeWindow"] = self.max_calls
            config["timeWindow"] = max(1, round(self.time_window))
            return config
        return {
            "apiVersion": "2.0.0",
            "languages": [{"id": "sv", "label": "Svenska"}, {"id": "en", "label": "English"}],
            "defaultLanguage": "sv",
            "maxDataCells": self.advertised_max_cells or self.max_cells,
            "maxCallsPerTimeWindow": self.max_calls,
            "timeWindow": self.time_window,
            "license": "https://creativecommons.org/publicdomain/zero/1.0/",
            "dataFormats": ["json-stat2", "csv", "px"],
            "defaultDataFormat": "json-stat2",
        }

    def px_table(self, table_id: str) -> dict:
        entry = self.tables[table_id]
        time_dim = next((d for d in entry.table.dimensions if d.role == "time"), None)
        return {
            "type": "Table",
            "id": table_id,
            "label": entry.table.title,
            "updated": entry.updated,
            "firstPeriod": time_dim.values[0] if time_dim else "",
            "lastPeriod": time_dim.values[-1] if time_dim else "",
            "discontinued": table_id in self.discontinued,
            "variableNames": [d.code for d in entry.table.dimensions],
        }

    def _dims_json(self, entry: PxTable, selection: dict[str, list[str]] | None) -> dict:
        dims = {}
        for dim in entry.table.dimensions:
            codes = selection[dim.code] if selection else list(dim.values)
            labels = dict(zip(dim.values, dim.labels, strict=True))
            dims[dim.code] = {
                "label": dim.label,
                "category": {
                    "index": {c: i for i, c in enumerate(codes)},
                    "label": {c: labels[c] for c in codes},
                },
            }
        return dims

    def px_metadata(self, table_id: str) -> dict:
        entry = self.tables[table_id]
        # Like SCB's recorded metadata: only `time` and `metric`; the region is known by its code.
        roles = {"time": [d.code for d in entry.table.dimensions if d.role == "time"]}
        roles["metric"] = [d.code for d in entry.table.dimensions if d.role == "measure"]
        return {
            "version": "2.0",
            "class": "dataset",
            "label": entry.table.title,
            "source": "SCB",
            "updated": entry.updated,
            "id": [d.code for d in entry.table.dimensions],
            "size": [len(d) for d in entry.table.dimensions],
            "role": roles,
            "dimension": self._dims_json(entry, None),
            "extension": {"px": {"tableid": table_id}},
            "value": [],
        }

    def px_data(self, table_id: str, selection: dict[str, list[str]]) -> tuple[int, dict]:
        entry = self.tables[table_id]
        full = {}
        positions = []
        for dim in entry.table.dimensions:
            wanted = selection.get(dim.code)
            if not wanted:
                return 400, {"title": "Bad Request", "detail": f"Variable {dim.code} must be selected"}
            lookup = {c: i for i, c in enumerate(dim.values)}
            unknown = [c for c in wanted if c not in lookup]
            if unknown:
                return 400, {
                    "title": "Bad Request",
                    "detail": f"Unknown value code {unknown[0]} for {dim.code}",
                }
            full[dim.code] = wanted
            positions.append([lookup[c] for c in wanted])
        cells = int(np.prod([len(p) for p in positions]))
        if cells > self.max_cells:
            # SCB's v2 answers 400 here (PROVENANCE.md of the recorded responses); the spec says 403.
            return 400, {
                "type": "about:blank",
                "title": "Bad Request",
                "status": 400,
                "detail": f"Too many cells selected: {cells} data cells exceed maxDataCells {self.max_cells}",
            }
        block = entry.cube[np.ix_(*positions)].ravel()
        body = self.px_metadata(table_id)
        body["size"] = [len(p) for p in positions]
        body["dimension"] = self._dims_json(entry, full)
        body["value"] = [None if np.isnan(v) else float(v) for v in block]
        return 200, body

    def v1_meta(self, path: str) -> dict | None:
        entry = next((t for t in self.tables.values() if t.v1_path == path), None)
        if entry is None:
            return None
        return {
            "title": entry.table.title,
            "variables": [
                {
                    "code": d.code,
                    "text": d.label,
                    "values": list(d.values),
                    "valueTexts": list(d.labels),
                    "time": d.role == "time",
                }
                for d in entry.table.dimensions
            ],
        }

    # --- Kolada ---------------------------------------------------------------------------------
    def kolada_data(self, segments: dict[str, list[str]]) -> list[dict]:
        kpis = set(segments.get("kpi", []))
        muns = set(segments.get("municipality", []))
        years = {int(y) for y in segments.get("year", [])}
        grouped: dict[tuple, list[dict]] = {}
        for row in self.kolada_rows:
            if kpis and row["kpi"] not in kpis:
                continue
            if muns and row["municipality"] not in muns:
                continue
            if years and int(row["period"]) not in years:
                continue
            key = (row["kpi"], row["municipality"], int(row["period"]), bool(row.get("isdeleted")))
            grouped.setdefault(key, []).append(
                {"gender": row["gender"], "value": row["value"], "count": 1, "status": row.get("status", "")}
            )
        return [
            {"kpi": k, "municipality": m, "period": p, "values": values, **({"isdeleted": True} if d else {})}
            for (k, m, p, d), values in sorted(grouped.items())
        ]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    @property
    def fake(self) -> FakeStatServer:
        return self.server.fake  # type: ignore[attr-defined]

    def _send(
        self, status: int, body, *, failure: Failure | None = None, headers: dict | None = None
    ) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
        content_type = "application/problem+json" if status >= 400 else "application/json; charset=utf-8"
        length = len(raw)
        if failure and failure.invalid_json:
            raw = raw[: max(1, len(raw) // 2)]
            length = len(raw)  # a complete, well-framed body that is not JSON
        elif failure and failure.truncate:
            raw = raw[: max(1, len(raw) // 2)]  # Content-Length promises more than is sent
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if failure and failure.truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            self.wfile.write(raw)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _handle(self, method: str) -> None:
        parsed = urlparse(self.path)
        path = parsed.path
        query = {k: v[-1] for k, v in parse_qs(parsed.query, keep_blank_values=True).items()}
        body = None
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            try:
                body = json.loads(self.rfile.read(length))
            except ValueError:
                return self._send(400, {"title": "Bad Request", "detail": "Body is not JSON"})
        failure = self.fake._failure_for(method, path)
        with self.fake._lock:
            self.fake.log.append(
                {
                    "method": method,
                    "path": path,
                    "raw_query": parsed.query,
                    "query": parse_qsl(parsed.query, keep_blank_values=True),
                    "body": body,
                }
            )
        self._raw_query = parsed.query
        if failure:
            if failure.delay:
                time.sleep(failure.delay)
            if failure.status:
                headers = {"Retry-After": failure.retry_after} if failure.retry_after is not None else None
                return self._send(failure.status, {"title": f"Injected {failure.status}"}, headers=headers)
        try:
            status, payload = self._route(method, path, query, body)
        except KeyError as exc:
            status, payload = 404, {"title": "Not Found", "detail": f"Unknown {exc.args[0]}"}
        self._send(status, payload, failure=failure)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _route(self, method: str, path: str, query: dict, body) -> tuple[int, object]:
        fake = self.fake
        if path.startswith(SCB_PREFIX):
            rest = path[len(SCB_PREFIX) :].strip("/").split("/")
            if rest == ["config"]:
                return 200, fake.px_config()
            if rest == ["tables"]:
                found = [fake.px_table(t) for t in fake.tables if query.get("query", "").lower() in t.lower()]
                return 200, {
                    "tables": found,
                    "page": {"pageNumber": 1, "pageSize": len(found), "totalPages": 1},
                }
            if len(rest) >= 2 and rest[0] == "tables":
                table_id = fake.renamed.get(rest[1], rest[1])
                if table_id not in fake.tables:
                    return 404, {"title": "Not Found", "detail": f"Table {table_id} not found"}
                if len(rest) == 2:
                    return 200, fake.px_table(table_id)
                if rest[2] == "metadata":
                    return 200, fake.px_metadata(table_id)
                if rest[2] == "data":
                    if query.get("outputFormat", "json-stat2") != "json-stat2":
                        return 400, {"title": "Unsupported format"}
                    if method == "POST":
                        selection = {
                            s["variableCode"]: list(s["valueCodes"])
                            for s in (body or {}).get("selection", [])
                        }
                    else:  # GET ?valuecodes[Region]=00,01&valuecodes[Tid]=2020
                        selection = {
                            key[len("valuecodes[") : -1]: [c for c in value.split(",") if c]
                            for key, value in query.items()
                            if key.startswith("valuecodes[") and key.endswith("]")
                        }
                    return fake.px_data(table_id, selection)
            return 404, {"title": "Not Found"}
        if path.startswith(V1_PREFIX):
            rest = path[len(V1_PREFIX) :].strip("/")
            if rest in ("sv", "en"):
                # v1 answers its config only to the exact `?config`; `?config=` (what a client that
                # encodes an empty parameter sends) gets the database list, as at api.scb.se.
                if self._raw_query == "config" and not fake.v1_config_as_list:
                    return 200, {
                        "maxValues": fake.max_cells,
                        "maxCalls": fake.max_calls,
                        "timeWindow": fake.time_window,
                    }
                return 200, [{"dbid": "ssd", "text": "Statistikdatabasen"}]
            table_path = rest.split("/ssd/", 1)[-1]
            meta = fake.v1_meta(table_path)
            if meta is None:
                return 404, {"title": "Not Found"}
            if method == "GET":
                return 200, meta
            entry = next(t for t in fake.tables.values() if t.v1_path == table_path)
            table_id = next(k for k, v in fake.tables.items() if v is entry)
            selection = {q["code"]: list(q["selection"]["values"]) for q in (body or {}).get("query", [])}
            return fake.px_data(table_id, selection)
        if path.startswith(KOLADA_PREFIX):
            return self._kolada(path[len(KOLADA_PREFIX) :].strip("/"), query)
        return 404, {"title": "Not Found"}

    def _kolada(self, path: str, query: dict) -> tuple[int, object]:
        fake = self.fake
        parts = path.split("/")
        per_page = int(query.get("per_page") or 5000)
        page = int(query.get("page") or 1)
        if per_page > 5000:
            return 400, {"message": "per_page must be at most 5000"}
        for segment in parts[1::2] if parts[0] == "data" else parts[1:2]:
            if len(segment.split(",")) > 25:
                return 400, {"message": "At most 25 ids per path segment"}
        if parts[0] == "kpi":
            ids = parts[1].split(",") if len(parts) > 1 else list(fake.kolada_kpis)
            values = [fake.kolada_kpis[i] for i in ids if i in fake.kolada_kpis]
        elif parts[0] == "municipality":
            values = sorted(
                {r["municipality"] for r in fake.kolada_rows},
            )
            values = [{"id": m, "title": m, "type": "L" if m.startswith("00") else "K"} for m in values]
            # v3 filters by `region_type`; an unknown parameter (v2's `type`) filters nothing.
            if query.get("region_type"):
                values = [v for v in values if v["type"] == query["region_type"]]
        elif parts[0] == "data":
            segments = {parts[i]: parts[i + 1].split(",") for i in range(1, len(parts) - 1, 2)}
            if len(segments) < 2:
                return 400, {"message": "At least two of kpi, municipality and year are required"}
            values = fake.kolada_data(segments)
        else:
            return 404, {"message": "No route"}
        size = min(per_page, fake.kolada_max_per_page)
        chunk = values[(page - 1) * size : page * size]
        base = f"{fake.kolada_url}/{path}"
        next_url = (
            f"{base}?{urlencode({'per_page': per_page, 'page': page + 1})}"
            if page * size < len(values)
            else None
        )
        prev_url = f"{base}?{urlencode({'per_page': per_page, 'page': page - 1})}" if page > 1 else None
        return 200, {"values": chunk, "count": len(chunk), "next_url": next_url, "previous_url": prev_url}


# --- data from the real files ---------------------------------------------------------------------


def births_table(shared_data) -> StatTable:
    from reglab.readers.px import read_px

    return read_px(shared_data / "pxweb-example-px" / "BE0101D1.px")


def kolada_rows_utsatthet(shared_data) -> tuple[str, str, list[dict]]:
    """KPI N02904 for the 21 regions, 2007–2021, from Region Dalarna's Kolada extract."""
    import csv

    path = shared_data / "dalastrategin-lan" / "utsatthet.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    title = rows[0]["kpi"]
    data = [
        {
            "municipality": r["municipality_id"],
            "period": int(r["year"]),
            "gender": "T",
            "value": None if r["value"] in ("", "NA") else float(r["value"]),
            "status": "",
        }
        for r in rows
    ]
    return "N02904", title, data


def kolada_rows_brp_index(shared_data, part: str) -> list[dict]:
    """BRP+ part index per kommun and Riket by sex (2025), shaped as Kolada rows (a stand-in KPI)."""
    import csv

    gender = {"Totalt": "T", "Kvinnor": "K", "Män": "M"}
    path = shared_data / "brp-plus-2025" / "1.kolada_totalindex_kommun2025.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter=";") if r["Del"] == part]
    out = []
    for r in rows:
        code = r["Region"].split()[0]
        kolada_id = "0000" if code == "00" else code
        out.append(
            {
                "municipality": kolada_id,
                "period": 2025,
                "gender": gender[r["Kon"]],
                "value": float(r["Varde_stand"].replace(",", ".")),
                "status": "",
            }
        )
    return out


def matching_table(shared_data) -> StatTable:
    """A table shaped like SCB's AM9906 matching-indicator tables (M2, matchningsgrad): Region with
    `00`, `FA00`, `FA01`–`FA60` and the 21 län; Kon; one ContentsCode; Tid 2019–2023.

    Labels come from the recorded SCB metadata (Riket and the län in TAB6471) and the FA15 key in
    ../shared/data/brp-plus-2025; FA00 keeps its code as label (no file we hold says what it is).
    The values are a deterministic grid (percent with one decimal), not SCB figures.
    """
    import csv

    recorded = shared_data / "scb-pxweb-v2-recorded" / "responses" / "TAB6471_metadata.json"
    region_labels = json.loads(recorded.read_text(encoding="utf-8"))["dimension"]["Region"]["category"][
        "label"
    ]
    lan = [(c, region_labels[c]) for c in region_labels if len(c) == 2 and c != "00"]
    key = shared_data / "brp-plus-2025" / "start_kommun_kodnyckel_tbl.csv"
    with key.open(encoding="utf-8") as fh:
        fa_names = {int(r["FA15Nr"]): r["FA15Namn"] for r in csv.DictReader(fh, delimiter=";")}
    regions = [("00", region_labels["00"]), ("FA00", "FA00")]
    regions += [(f"FA{n:02d}", fa_names[n]) for n in range(1, 61)]
    regions += lan
    dims = [
        Dimension(
            "Region", "region", tuple(c for c, _ in regions), tuple(lbl for _, lbl in regions), "region"
        ),
        Dimension("Kon", "kön", ("1", "2", "1+2"), ("män", "kvinnor", "samtliga anställda"), "sex"),
        Dimension("ContentsCode", "tabellinnehåll", ("000007I3",), ("Matchningsgrad, procent",), "measure"),
        Dimension(
            "Tid",
            "år",
            ("2019", "2020", "2021", "2022", "2023"),
            ("2019", "2020", "2021", "2022", "2023"),
            "time",
        ),
    ]
    cells = math.prod(len(d) for d in dims)
    values = np.round(40.0 + (np.arange(cells) * 7919 % 3700) / 100.0, 1)
    return StatTable.from_cube(
        table_id="TAB6366",
        title="Matchningsgrad efter region, kön och år (testtabell formad som AM9906)",
        dimensions=dims,
        values=values,
        source="SCB",
    )


POPULATION_REGIONS = (
    ("00", "Riket"),
    ("01", "Stockholms län"),
    ("0114", "Upplands Väsby"),
    ("20", "Dalarnas län"),
)


def population_tables() -> tuple[StatTable, StatTable]:
    """Two small tables shaped like SCB's population tables (variables and codes as the live API has
    them): TAB638 (to 2024; Alder with its total `tot`, Kon 1/2, no civilstånd total, BE0101N1) and
    TAB5557 (from 2025; `TotSA`/`TOT1` age totals, `TotSa`, `SC`, `000007ME`). TAB638's totals equal
    the sum of their parts; TAB5557's carry SCB-style noise, so its published totals do not."""

    def build(table_id, title, civil, ages, sexes, contents, years, published):
        dims = [
            Dimension("Region", "region", *map(tuple, zip(*POPULATION_REGIONS, strict=True)), "region"),
            Dimension("Civilstand", "civilstånd", tuple(civil), tuple(civil), "other"),
            Dimension("Alder", "ålder", tuple(ages), tuple(ages), "other"),
            Dimension("Kon", "kön", tuple(sexes), tuple(sexes), "sex"),
            Dimension("ContentsCode", "tabellinnehåll", tuple(contents), tuple(contents), "measure"),
            Dimension("Tid", "år", tuple(years), tuple(years), "time"),
        ]
        shape = [len(d) for d in dims]
        cube = np.zeros(shape)
        for r, c, a, k, m, t in np.ndindex(*shape):
            cube[r, c, a, k, m, t] = published(r, civil[c], ages[a], sexes[k], m, t)
        return StatTable.from_cube(table_id=table_id, title=title, dimensions=dims, values=cube.ravel())

    single = ("0", "1", "100+")

    def old(r, civil, age, sex, m, t):
        if age == "tot":  # exact: the sum of the single ages
            return sum(old(r, civil, a, sex, m, t) for a in single)
        return 10.0 * (r + 1) + {"OG": 1, "G": 2, "SK": 3, "ÄNKL": 4}[civil] + single.index(age) + 0.5 * t + m

    tab638 = build(
        "TAB638",
        "Folkmängden efter region, civilstånd, ålder och kön. År 1968-2024",
        ("OG", "G", "SK", "ÄNKL"),
        (*single, "tot"),
        ("1", "2"),
        ("BE0101N1", "BE0101N2"),
        ("2023", "2024"),
        old,
    )
    new_single = ("0", "1", "100+1")

    def new(r, civil, age, sex, m, t):
        base = {"OG": 1, "G": 2, "SK": 3, "ÄNKL": 4}
        civils = list(base) if civil == "SC" else [civil]
        ages = list(new_single) if age in ("TOT1", "TotSA") else [age]
        sexes = ["1", "2"] if sex == "TotSa" else [sex]
        exact = sum(
            10.0 * (r + 1) + base[c] + new_single.index(a) + 2 + m
            for c in civils
            for a in ages
            for _ in sexes
        )
        # Controlled noise on every published cell (deterministic here): totals != sum of parts.
        return exact + (len(civils) + len(ages) + len(sexes) - 3) + r % 2

    tab5557 = build(
        "TAB5557",
        "Folkmängden efter region, civilstånd, ålder och kön. År 2025",
        ("OG", "G", "SK", "ÄNKL", "SC"),
        (*new_single, "TOT1", "TotSA"),
        ("1", "2", "TotSa"),
        ("000007ME", "000007MG"),
        ("2025",),
        new,
    )
    return tab638, tab5557
