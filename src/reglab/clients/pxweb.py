"""SCB Statistikdatabasen: PxWeb API v2 (json-stat2), with API v1 as fallback.

Limits come from the API's own `/config` (read on first use, not in the constructor): calls are
throttled to `maxCallsPerTimeWindow` per `timeWindow`, and a selection over `maxDataCells` is split
so that the number of data calls is ceil(cells / maxDataCells) whenever the table's shape allows
(see `split_selection`). Each part is decoded as JSON-stat 2 and the parts are joined; any failed
part fails the whole fetch (no silent gaps).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reglab.clients._http import HttpClient, RetryPolicy, Throttle
from reglab.clients.errors import BadResponse, ClientError, TooManyCells, UpstreamError
from reglab.readers.errors import ReaderError
from reglab.readers.jsonstat import decode_jsonstat, dimensions_from_jsonstat
from reglab.readers.table import Dimension, StatTable

__all__ = ["PxConfig", "PxWebClient", "TableInfo", "count_cells", "data_query", "split_selection"]

Selection = dict[str, list[str]]


@dataclass(frozen=True)
class PxConfig:
    max_cells: int = 100_000
    max_calls: int = 10
    time_window: float = 10.0
    api_version: str = ""
    license: str = ""


@dataclass(frozen=True)
class TableInfo:
    id: str
    label: str
    updated: str
    first_period: str = ""
    last_period: str = ""
    discontinued: bool = False
    api: str = "v2"


def count_cells(selection: Mapping[str, Sequence[str]]) -> int:
    return math.prod(len(v) for v in selection.values()) if selection else 0


def split_selection(selection: Selection, max_cells: int) -> list[Selection]:
    """Parts of `selection`, each at most `max_cells` cells, as few as the shape allows.

    For each variable v, the rest is the product of the other variables' sizes; if rest fits, v can
    be cut into chunks of floor(max_cells / rest) values, giving ceil(len(v) / chunk) parts. The
    variable with the fewest parts is cut (ties: the one with most values). When no single variable
    can be cut that way, the largest is taken one value at a time and each part is split again.
    """
    if max_cells < 1:
        raise ValueError("max_cells must be positive")
    cells = count_cells(selection)
    if cells <= max_cells:
        return [dict(selection)]
    best: tuple[int, int, str] | None = None
    for var, values in selection.items():
        if len(values) < 2:
            continue
        rest = cells // len(values)
        if rest <= max_cells:
            step = max_cells // rest
            key = (math.ceil(len(values) / step), -len(values), var)
            if best is None or key < best:
                best = key
    if best is not None:
        var = best[2]
        values = selection[var]
        step = max_cells // (cells // len(values))
        return [{**selection, var: list(values[i : i + step])} for i in range(0, len(values), step)]
    var = max(selection, key=lambda v: len(selection[v]))
    parts: list[Selection] = []
    for value in selection[var]:
        parts.extend(split_selection({**selection, var: [value]}, max_cells))
    return parts


def data_query(selection: Mapping[str, Sequence[str]], *, lang: str = "sv") -> dict[str, str]:
    """Query parameters of the GET form of a data request (`valuecodes[VAR]=a,b`, json-stat2):
    the copyable URL of the same selection the client POSTs."""
    params = {"lang": lang, "outputFormat": "json-stat2"}
    params.update({f"valuecodes[{var}]": ",".join(codes) for var, codes in selection.items()})
    return params


class PxWebClient:
    def __init__(
        self,
        base_url: str,
        *,
        v1_base_url: str = "",
        lang: str = "sv",
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        pause = sleep if sleep is not None else time.sleep
        self.http = HttpClient(base_url, timeout=timeout, retry=retry, sleep=pause)
        self.v1 = HttpClient(v1_base_url, timeout=timeout, retry=retry, sleep=pause) if v1_base_url else None
        self.lang = lang
        self._config: PxConfig | None = None
        self._v1_config: PxConfig | None = None
        self.data_calls = 0  # data requests that succeeded (for request-count checks)

    def close(self) -> None:
        self.http.close()
        if self.v1:
            self.v1.close()

    def __enter__(self) -> PxWebClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- v2 -------------------------------------------------------------------------------
    def config(self) -> PxConfig:
        """Limits from /config (cached); SCB's published defaults if it cannot be read."""
        if self._config is None:
            try:
                raw = self.http.get_json("config")
                self._config = PxConfig(
                    max_cells=int(raw.get("maxDataCells") or 100_000),
                    max_calls=int(raw.get("maxCallsPerTimeWindow") or 10),
                    time_window=float(raw.get("timeWindow") or 10),
                    api_version=str(raw.get("apiVersion", "")),
                    license=str(raw.get("license", "")),
                )
            except ClientError:
                self._config = PxConfig()
            self.http.throttle = Throttle(self._config.max_calls, self._config.time_window)
        return self._config

    def tables(self, *, query: str = "", page_size: int = 100) -> list[dict[str, Any]]:
        self.config()
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            raw = self.http.get_json(
                "tables",
                params={"query": query, "lang": self.lang, "pageNumber": page, "pageSize": page_size},
            )
            found.extend(raw.get("tables", []))
            total = int((raw.get("page") or {}).get("totalPages") or 1)
            if page >= total:
                return found
            page += 1

    def table(self, table_id: str) -> TableInfo:
        self.config()
        raw = self.http.get_json(f"tables/{table_id}", params={"lang": self.lang})
        return TableInfo(
            id=str(raw.get("id", table_id)),
            label=str(raw.get("label", "")),
            updated=str(raw.get("updated", "")),
            first_period=str(raw.get("firstPeriod", "")),
            last_period=str(raw.get("lastPeriod", "")),
            discontinued=bool(raw.get("discontinued", False)),
        )

    def metadata(self, table_id: str) -> list[Dimension]:
        self.config()
        raw = self.http.get_json(f"tables/{table_id}/metadata", params={"lang": self.lang})
        try:
            return dimensions_from_jsonstat(raw)
        except ReaderError as exc:
            raise BadResponse(f"Metadata för {table_id}: {exc}", url=f"tables/{table_id}/metadata") from exc

    def expand(self, dims: Sequence[Dimension], selection: Mapping[str, Sequence[str]] | None) -> Selection:
        """Codes per variable: `*` (or an absent variable) means every value; `01*` is a prefix."""
        selection = selection or {}
        expanded: Selection = {}
        for dim in dims:
            wanted = list(selection.get(dim.code, ["*"]))
            codes: list[str] = []
            for pattern in wanted:
                if pattern == "*":
                    codes.extend(dim.values)
                elif pattern.endswith("*"):
                    codes.extend(v for v in dim.values if v.startswith(pattern[:-1]))
                elif pattern in dim.values:
                    codes.append(pattern)
                else:
                    raise UpstreamError(f"Okänd kod {pattern!r} för variabeln {dim.code}.", status=400)
            expanded[dim.code] = list(dict.fromkeys(codes))
        unknown = set(selection) - {d.code for d in dims}
        if unknown:
            raise UpstreamError(
                f"Tabellen saknar variabeln/variablerna {', '.join(sorted(unknown))}.", status=400
            )
        return expanded

    def plan(self, table_id: str, selection: Mapping[str, Sequence[str]] | None = None) -> list[Selection]:
        dims = self.metadata(table_id)
        return split_selection(self.expand(dims, selection), self.config().max_cells)

    def data(self, table_id: str, selection: Selection) -> StatTable:
        body = {"selection": [{"variableCode": var, "valueCodes": codes} for var, codes in selection.items()]}
        raw = self.http.post_json(
            f"tables/{table_id}/data", body, params={"lang": self.lang, "outputFormat": "json-stat2"}
        )
        self.data_calls += 1
        try:
            return decode_jsonstat(raw, table_id=table_id)
        except ReaderError as exc:
            raise BadResponse(f"Data för {table_id}: {exc}", url=f"tables/{table_id}/data") from exc

    def fetch(
        self,
        table_id: str,
        selection: Mapping[str, Sequence[str]] | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> StatTable:
        """The whole selection as one table: split, fetched part by part, checked and joined.

        A part the server still finds too large (`TooManyCells`: its limit is lower than /config
        said) is split in two and fetched again, down to single cells; any other failure fails all.
        """
        queue = self.plan(table_id, selection)
        total = len(queue)
        tables = []
        done = 0
        while queue:
            part = queue.pop(0)
            try:
                table = self.data(table_id, part)
            except TooManyCells:
                cells = count_cells(part)
                if cells <= 1:
                    raise
                halves = split_selection(part, max(1, cells // 2))
                queue[0:0] = halves
                total += len(halves) - 1
                continue
            expected = count_cells(part)
            if len(table) != expected:
                raise BadResponse(
                    f"Del {done + 1} av {table_id} gav {len(table)} värden i stället för {expected}.",
                    url=f"tables/{table_id}/data",
                )
            tables.append(table)
            done += 1
            if progress:
                progress(done, total)
        joined = StatTable.concat(tables)
        joined.table_id = table_id
        return joined

    def data_url(self, table_id: str, selection: Mapping[str, Sequence[str]]) -> str:
        """The GET URL of a data request for `selection` (for people to copy; the client POSTs)."""
        from urllib.parse import urlencode

        return (
            f"{self.http.url(f'tables/{table_id}/data')}?{urlencode(data_query(selection, lang=self.lang))}"
        )

    # --- v1 fallback ----------------------------------------------------------------------
    def _v1_http(self) -> HttpClient:
        if self.v1 is None:
            raise ClientError("Ingen v1-adress konfigurerad.")
        return self.v1

    def v1_config(self) -> PxConfig:
        v1 = self._v1_http()
        if self._v1_config is None:
            try:
                # Exactly `?config`: v1 answers `?config=` with the database list instead.
                raw = v1.get_json(f"{self.lang}/?config")
                if not isinstance(raw, dict):
                    raise BadResponse(f"v1 gav inte sin konfiguration för {self.lang}/?config.")
                self._v1_config = PxConfig(
                    max_cells=int(raw.get("maxValues") or raw.get("maxCells") or 100_000),
                    max_calls=int(raw.get("maxCalls") or 10),
                    time_window=float(raw.get("timeWindow") or 10),
                )
            except ClientError:
                self._v1_config = PxConfig()
            v1.throttle = Throttle(self._v1_config.max_calls, self._v1_config.time_window)
        return self._v1_config

    def fetch_v1(self, path: str, selection: Mapping[str, Sequence[str]] | None = None) -> StatTable:
        """A table by its v1 path (e.g. `AM/AM9906/AM9906A/RegionInd19M2N1`), split like v2."""
        config = self.v1_config()
        v1 = self._v1_http()
        url = f"{self.lang}/ssd/{path.strip('/')}"
        meta = v1.get_json(url)
        if not isinstance(meta, dict) or not isinstance(meta.get("variables"), list):
            raise BadResponse(f"v1 gav ingen tabellbeskrivning för {path}.", url=url)
        dims = [
            Dimension(
                code=v["code"],
                label=v.get("text", v["code"]),
                values=tuple(v["values"]),
                labels=tuple(v.get("valueTexts", v["values"])),
                role="time" if v.get("time") else "other",
            )
            for v in meta.get("variables", [])
        ]
        parts = split_selection(self.expand(dims, selection), config.max_cells)
        tables = []
        for part in parts:
            body = {
                "query": [
                    {"code": var, "selection": {"filter": "item", "values": codes}}
                    for var, codes in part.items()
                ],
                "response": {"format": "json-stat2"},
            }
            raw = v1.post_json(url, body)
            try:
                tables.append(decode_jsonstat(raw, table_id=path.rsplit("/", 1)[-1]))
            except ReaderError as exc:
                raise BadResponse(f"v1-data för {path}: {exc}", url=url) from exc
        joined = StatTable.concat(tables)
        joined.table_id = path.rsplit("/", 1)[-1]
        return joined
