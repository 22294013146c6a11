"""`reglab data catalogue check`: does every catalogue entry still exist at its source, as configured?

For each SCB table the check asks PxWeb v2 for the table (`/tables/{id}`: gone = 404, renamed = it
answers under another id, discontinued = `discontinued: true`) and its metadata (every selected
variable and code still exists; the metadata's own `discontinued`). Entries with only a v1 path are a
warning (SCB ends API v1 at the end of 2026); online, v2 is searched for the v1 name to suggest an id.
Kolada KPIs are looked up in `/kpi` (gone, or a changed title). Offline, the same questions are asked
of the responses recorded from SCB (`../shared/data/scb-pxweb-v2-recorded/`): a table not recorded
there cannot be checked and says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reglab.clients.errors import ClientError, UpstreamError
from reglab.statistics.catalogue import KoladaEntry, ScbEntry

OK, WARNING, ERROR = "ok", "varning", "fel"


@dataclass(frozen=True)
class CheckResult:
    source: str
    id: str
    state: str  # ok | varning | fel
    message: str

    def line(self) -> str:
        return f"{self.source}:{self.id}: {self.state.upper()}: {self.message}"


class RecordedScb:
    """SCB answers from recorded files: `<ID>_metadata.json`, and the table lists tables.json/search.json."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        responses = folder / "responses"
        if not responses.is_dir():
            raise FileNotFoundError(f"Hittar inga inspelade svar i {responses}.")
        self.responses = responses
        self.listed: dict[str, dict] = {}
        for name in ("tables.json", "search.json"):
            path = responses / name
            if path.is_file():
                for table in json.loads(path.read_text(encoding="utf-8")).get("tables", []):
                    self.listed.setdefault(str(table.get("id", "")).upper(), table)

    def table(self, table_id: str) -> dict | None:
        listed = self.listed.get(table_id.upper())
        if listed is not None:
            return listed
        meta = self.metadata(table_id)
        if meta is None:
            return None
        px = (meta.get("extension") or {}).get("px") or {}
        return {
            "id": px.get("tableid", table_id),
            "label": meta.get("label", ""),
            "updated": meta.get("updated"),
        }

    def metadata(self, table_id: str) -> dict | None:
        path = self.responses / f"{table_id}_metadata.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def knows(self, table_id: str) -> bool:
        return table_id.upper() in self.listed or (self.responses / f"{table_id}_metadata.json").is_file()

    def search(self, query: str) -> list[dict]:
        return []


class LiveScb:
    """SCB's PxWeb v2 through the platform's client (throttled, retried)."""

    def __init__(self, client) -> None:
        self.client = client

    def table(self, table_id: str) -> dict | None:
        self.client.config()
        try:
            return self.client.http.get_json(f"tables/{table_id}", params={"lang": self.client.lang})
        except UpstreamError as exc:
            if exc.status == 404:
                return None
            raise

    def metadata(self, table_id: str) -> dict | None:
        try:
            return self.client.http.get_json(f"tables/{table_id}/metadata", params={"lang": self.client.lang})
        except UpstreamError as exc:
            if exc.status == 404:
                return None
            raise

    def knows(self, table_id: str) -> bool:
        return True

    def search(self, query: str) -> list[dict]:
        return self.client.tables(query=query, page_size=20)[:5]


def _codes(meta: dict) -> dict[str, set[str]]:
    """Variable -> value codes from JSON-stat 2 metadata (index as a mapping or a list)."""
    found: dict[str, set[str]] = {}
    for code, dim in (meta.get("dimension") or {}).items():
        index = (dim.get("category") or {}).get("index") or {}
        found[code] = set(index) if isinstance(index, dict) else {str(v) for v in index}
    return found


def _selection_problems(selection: dict[str, list[str]], meta: dict) -> list[str]:
    codes = _codes(meta)
    problems = []
    for variable, wanted in selection.items():
        if variable not in codes:
            problems.append(f"variabeln {variable} finns inte")
            continue
        if not codes[variable]:
            continue  # metadata without values (SCB's `"value": []` form lists them; some do not)
        for pattern in wanted:
            if pattern == "*" or (
                pattern.endswith("*") and any(c.startswith(pattern[:-1]) for c in codes[variable])
            ):
                continue
            if pattern not in codes[variable]:
                problems.append(f"koden {pattern!r} finns inte i {variable}")
    return problems


def _discontinued(info: dict | None, meta: dict | None) -> bool:
    if info and info.get("discontinued"):
        return True
    extension = (meta or {}).get("extension") or {}
    return bool(extension.get("discontinued") or (extension.get("px") or {}).get("discontinued"))


def check_table(
    source: RecordedScb | LiveScb, table_id: str, selection: dict[str, list[str]]
) -> tuple[str, str]:
    """(state, message) for one v2 table and the selection the catalogue sends it."""
    if not source.knows(table_id):
        return WARNING, f"{table_id} finns inte bland de inspelade svaren och kan inte kontrolleras offline"
    info = source.table(table_id)
    if info is None:
        return ERROR, f"{table_id} finns inte längre hos SCB (404): rätta id i katalogen"
    answered = str(info.get("id") or table_id)
    if answered.upper() != table_id.upper():
        return ERROR, f"{table_id} heter nu {answered}: byt id i katalogen"
    meta = source.metadata(table_id)
    if _discontinued(info, meta):
        return ERROR, f"{table_id} är avslutad hos SCB (uppdateras inte längre): leta upp den nya tabellen"
    if meta is None:
        return OK, f"{table_id} finns (uppdaterad {info.get('updated') or '–'}); metadata ej inspelad"
    problems = _selection_problems(selection, meta)
    if problems:
        return ERROR, f"{table_id}: urvalet stämmer inte: {'; '.join(problems)}"
    return OK, f"{table_id} finns, uppdaterad {info.get('updated') or meta.get('updated') or '–'}"


def check_scb(entry: ScbEntry, source: RecordedScb | LiveScb) -> CheckResult:
    parts = entry.parts or ()
    jobs = (
        [(p.table, {**entry.selection, **p.selection}) for p in parts if p.table]
        if parts
        else ([(entry.table, entry.selection)] if entry.table else [])
    )
    if not jobs:
        message = "har bara en v1-sökväg (SCB stänger API v1 vid utgången av 2026)"
        name = entry.v1_path.rsplit("/", 1)[-1] or entry.id
        try:
            found = source.search(name)
        except ClientError:
            found = []
        if found:
            message += "; kandidater i v2: " + ", ".join(
                f"{t.get('id')} ({t.get('label', '')[:60]})" for t in found
            )
        if entry.replaced_by:
            message += f"; SCB har en nyare tabell: {entry.replaced_by}"
        return CheckResult("scb", entry.id, WARNING, message)
    states, messages = [], []
    for table_id, selection in jobs:
        try:
            state, message = check_table(source, table_id, selection)
        except ClientError as exc:
            state, message = ERROR, f"{table_id}: källan svarade inte: {exc}"
        states.append(state)
        messages.append(message)
    if entry.replaced_by:
        states.append(WARNING)
        messages.append(f"SCB har en nyare tabell: {entry.replaced_by}")
    state = ERROR if ERROR in states else (WARNING if WARNING in states else OK)
    return CheckResult("scb", entry.id, state, "; ".join(messages))


def check_kolada(entries: list[KoladaEntry], client) -> list[CheckResult]:
    if client is None:
        return [CheckResult("kolada", e.kpi, WARNING, "Kolada kontrolleras inte offline") for e in entries]
    try:
        found = {str(k.get("id")): k for k in client.kpis([e.kpi for e in entries])}
    except ClientError as exc:
        return [CheckResult("kolada", e.kpi, ERROR, f"Kolada svarade inte: {exc}") for e in entries]
    results = []
    for entry in entries:
        kpi = found.get(entry.kpi)
        if kpi is None:
            results.append(CheckResult("kolada", entry.kpi, ERROR, "KPI:n finns inte längre i Kolada"))
        elif entry.title and str(kpi.get("title", "")).strip() != entry.title.strip():
            results.append(
                CheckResult("kolada", entry.kpi, ERROR, f"ny titel i Kolada: {kpi.get('title')!r}")
            )
        else:
            results.append(CheckResult("kolada", entry.kpi, OK, "finns, samma titel"))
    return results


def catalogue_check(
    entries: list[ScbEntry | KoladaEntry],
    *,
    scb: RecordedScb | LiveScb,
    kolada: Any = None,
    on_result: Callable[[CheckResult], None] | None = None,
) -> list[CheckResult]:
    results: list[CheckResult] = []
    for entry in entries:
        if isinstance(entry, ScbEntry):
            result = check_scb(entry, scb)
            results.append(result)
            if on_result:
                on_result(result)
    kolada_entries = [e for e in entries if isinstance(e, KoladaEntry)]
    if kolada_entries:
        for result in check_kolada(kolada_entries, kolada):
            results.append(result)
            if on_result:
                on_result(result)
    return results
