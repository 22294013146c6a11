"""Syncing catalogue entries from SCB PxWeb and Kolada into dataset versions.

Each dataset is fetched completely (all parts, all pages) before anything is written, then stored
with `dataset_ingest` (build → flip in one transaction). A failure of one dataset is recorded with a
hint and the run continues with the next; earlier datasets stay committed, so re-running resumes:
SCB tables whose `updated` stamp and query are unchanged are skipped without a data call, and any
content identical to the current version (same hash) creates no new version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings

from reglab.clients._http import RetryPolicy
from reglab.clients.errors import BadResponse, ClientError, RateLimited, RequestTimeout, UpstreamError
from reglab.clients.kolada import ATTRIBUTION, KoladaClient, values_to_table
from reglab.clients.pxweb import PxWebClient, TableInfo
from reglab.readers.errors import ReaderError
from reglab.readers.table import StatTable
from reglab.statistics.catalogue import KoladaEntry, ScbEntry, ScbPart
from reglab.statistics.models import Dataset, DatasetVersion, SourceKind
from reglab.statistics.series import (
    SeriesError,
    period_span,
    series_join,
    table_collapse,
    table_periods,
    table_recode,
)
from reglab.statistics.services import IngestError, dataset_ingest, failure_record, source_ensure


@dataclass(frozen=True)
class SyncOutcome:
    source: str
    id: str
    state: str  # "new" | "unchanged" | "failed"
    version: int | None = None
    rows: int = 0
    message: str = ""
    hint: str = ""
    outside: str = ""  # region codes of a new version outside the geography (one line), if any


def retry_policy() -> RetryPolicy:
    return RetryPolicy(
        max_retries=settings.REGLAB_HTTP_RETRIES,
        backoff_base=settings.REGLAB_HTTP_BACKOFF,
        backoff_cap=max(settings.REGLAB_HTTP_BACKOFF, 8.0 if settings.REGLAB_HTTP_BACKOFF >= 0.5 else 0.5),
    )


def scb_client() -> PxWebClient:
    return PxWebClient(
        settings.REGLAB_SCB_API_URL,
        v1_base_url=settings.REGLAB_SCB_V1_API_URL,
        timeout=settings.REGLAB_HTTP_TIMEOUT,
        retry=retry_policy(),
    )


def kolada_client() -> KoladaClient:
    return KoladaClient(
        settings.REGLAB_KOLADA_API_URL, timeout=settings.REGLAB_HTTP_TIMEOUT, retry=retry_policy()
    )


def hint_for(exc: Exception) -> str:
    if isinstance(exc, RequestTimeout):
        return "Källan svarade inte i tid. Kör `reglab data sync` igen senare (höj ev. REGLAB_HTTP_TIMEOUT)."
    if isinstance(exc, RateLimited):
        return "Källan begränsar antalet anrop. Vänta en stund och kör `reglab data sync` igen."
    if isinstance(exc, UpstreamError) and exc.status == 404:
        return "Tabellen/KPI:n finns inte hos källan: kontrollera id i katalogen."
    if isinstance(exc, UpstreamError) and exc.status and 400 <= exc.status < 500:
        return "Frågan avvisades: kontrollera urvalet i katalogen."
    if isinstance(exc, UpstreamError):
        return "Källans server har problem. Kör `reglab data sync` igen senare; klara dataset hoppas över."
    if isinstance(exc, BadResponse | ReaderError):
        return "Svaret var ofullständigt eller ogiltigt. Kör igen; rapportera om felet består."
    if isinstance(exc, SeriesError):
        return (
            "Tabellerna i serien passar inte ihop: rätta `parts` i katalogen (`reglab data catalogue check`)."
        )
    if isinstance(exc, IngestError):
        return "Granska tabellen hos källan och uppdatera katalogen eller importera om."
    return ""


def _query_scb(entry: ScbEntry, api: str) -> dict:
    return {"api": api, "table": entry.table, "v1_path": entry.v1_path, "selection": entry.selection}


def _current(source: str, external_id: str):
    dataset = Dataset.objects.filter(source__kind=source, external_id=external_id).first()
    return dataset, (dataset.current_version if dataset else None)


def _ingest(
    source: str,
    external_id: str,
    table,
    *,
    query: dict,
    origin: str,
    attribution: str = "",
    message: str = "",
) -> SyncOutcome:
    """Store a fetched table as the dataset's next version (a catalogue sync never changes its structure)."""
    result = dataset_ingest(
        source_kind=source,
        table=table,
        external_id=external_id,
        query=query,
        origin=origin,
        attribution=attribution,
        allow_structure_change=False,
    )
    state = "new" if result.changed else "unchanged"
    return SyncOutcome(source, external_id, state, result.version.number, result.rows, message=message)


def _v2_info(client: PxWebClient, table_id: str, v1_path: str) -> TableInfo | None:
    """The v2 table's description; None when there is no v2 id, or v2 answers 404 and a v1 path is
    there to fall back on (any other failure is raised)."""
    if not table_id:
        return None
    try:
        return client.table(table_id)
    except UpstreamError as exc:
        if exc.status != 404 or not v1_path:
            raise
        return None


def _fetch_part(part: ScbPart, entry: ScbEntry, client: PxWebClient) -> tuple[StatTable, str, str]:
    """One part of a joined series, recoded, collapsed and cut to its years: (table, api, updated)."""
    selection = {**entry.selection, **part.selection}
    table = None
    api, updated = "v1", ""
    info = _v2_info(client, part.table, part.v1_path)
    if info is not None:
        table = client.fetch(part.table, selection)
        api, updated = "v2", info.updated
        table.title = table.title or info.label
    if table is None:
        table = client.fetch_v1(part.v1_path, selection)
    table = table_recode(table, part.recode)
    for variable, how in part.collapse.items():
        table = table_collapse(table, variable, how)
    return table_periods(table, part.periods), api, updated


def sync_scb_series(entry: ScbEntry, client: PxWebClient) -> SyncOutcome:
    """A series joined from several tables (`[[scb.parts]]`), stored as one dataset."""
    stamps = {}
    for part in entry.parts:
        info = _v2_info(client, part.table, part.v1_path)
        if info is not None:
            stamps[part.id] = info.updated
    dataset, current = _current(SourceKind.SCB, entry.id)
    newest = max(stamps.values(), default="")
    if current is not None and newest and current.provider_updated == newest[:40]:
        recorded = [(p.get("table"), p.get("updated")) for p in (dataset.query or {}).get("parts", [])]
        if recorded == [(p.id, stamps.get(p.id, "")) for p in entry.parts]:
            return SyncOutcome(SourceKind.SCB, entry.id, "unchanged", current.number, current.row_count)
    tables, described = [], []
    for part in entry.parts:
        table, api, updated = _fetch_part(part, entry, client)
        tables.append(table)
        described.append(
            {
                "table": part.id,
                "api": api,
                "updated": updated,
                "periods": period_span(table),
                "selection": {**entry.selection, **part.selection},
                "recode": part.recode,
                "collapse": part.collapse,
            }
        )
    joined = series_join(tables, table_id=entry.id)
    joined.title = entry.title or joined.title
    joined.updated = newest
    joined.notes = [
        *tables[-1].notes,
        "; ".join(f"{d['periods']}: {d['table']}" for d in described if d["periods"]),
    ]
    query = {"api": "v2" if all(d["api"] == "v2" for d in described) else "v1", "parts": described}
    origin = "PxWeb " + " + ".join(f"{d['api']} {d['table']}" for d in described)
    return _ingest(SourceKind.SCB, entry.id, joined, query=query, origin=origin)


def sync_scb(entry: ScbEntry, client: PxWebClient, *, progress: Callable[[int, int], None] | None = None):
    if entry.parts:
        return sync_scb_series(entry, client)
    table = None
    info = _v2_info(client, entry.table, entry.v1_path)
    if info is not None:
        query = _query_scb(entry, "v2")
        dataset, current = _current(SourceKind.SCB, entry.id)
        if (
            current is not None
            and info.updated
            and current.provider_updated == info.updated[:40]
            and dataset.query == query
        ):
            return SyncOutcome(SourceKind.SCB, entry.id, "unchanged", current.number, current.row_count)
        table = client.fetch(entry.table, entry.selection, progress=progress)
        table.updated = info.updated
        table.title = table.title or info.label or entry.title
    if table is None:
        query = _query_scb(entry, "v1")
        table = client.fetch_v1(entry.v1_path, entry.selection)
        table.title = table.title or entry.title
    origin = f"PxWeb {query['api']} {entry.table or entry.v1_path}"
    return _ingest(SourceKind.SCB, entry.id, table, query=query, origin=origin)


def sync_kolada(entry: KoladaEntry, client: KoladaClient, *, meta: dict | None = None):
    info = meta
    if info is None:
        info = next(iter(client.kpis([entry.kpi])), None)
    if info is None:
        raise UpstreamError(f"KPI {entry.kpi} finns inte i Kolada.", status=404)
    rows = client.data([entry.kpi], years=list(entry.years))
    table = values_to_table(
        rows,
        table_id=entry.kpi,
        title=str(info.get("title") or entry.title),
        updated=str(info.get("publication_date") or ""),
    )
    if len(table) == 0:
        raise IngestError(f"Kolada gav inga värden för {entry.kpi} åren {entry.years[0]}–{entry.years[-1]}.")
    query = {"kpi": entry.kpi, "years": [entry.years[0], entry.years[-1]]}
    note = ""
    kolada_title = str(info.get("title") or "")
    if entry.title and kolada_title and entry.title.strip() != kolada_title.strip():
        note = f"katalogens titel skiljer sig från Koladas: {kolada_title!r}"
    origin = f"Kolada v3 /data/kpi/{entry.kpi}"
    return _ingest(
        SourceKind.KOLADA, entry.kpi, table, query=query, origin=origin, attribution=ATTRIBUTION, message=note
    )


def _outside_summary(outcome: SyncOutcome) -> str:
    if outcome.version is None:
        return ""
    version = DatasetVersion.objects.filter(
        dataset__source__kind=outcome.source, dataset__external_id=outcome.id, number=outcome.version
    ).first()
    return version.outside_summary() if version else ""


def catalogue_sync(
    entries: list[ScbEntry | KoladaEntry],
    *,
    scb: PxWebClient | None = None,
    kolada: KoladaClient | None = None,
    on_start: Callable[[ScbEntry | KoladaEntry], None] | None = None,
    on_done: Callable[[SyncOutcome], None] | None = None,
) -> list[SyncOutcome]:
    """Sync every entry; never stop at the first failure, never leave a partial version."""
    scb = scb or (scb_client() if any(e.source == "scb" for e in entries) else None)
    kolada = kolada or (kolada_client() if any(e.source == "kolada" for e in entries) else None)
    outcomes = []
    kpi_meta: dict[str, dict] = {}
    kolada_ids = [e.kpi for e in entries if isinstance(e, KoladaEntry)]
    if kolada_ids:
        assert kolada is not None  # created above whenever an entry is a Kolada KPI
        source_ensure(kind=SourceKind.KOLADA)
        try:
            kpi_meta = {str(k["id"]): k for k in kolada.kpis(kolada_ids)}
        except ClientError:
            kpi_meta = {}  # fetched per KPI below, where a failure is recorded per dataset
    try:
        for entry in entries:
            if on_start:
                on_start(entry)
            try:
                if isinstance(entry, ScbEntry):
                    assert scb is not None  # created above whenever an entry is an SCB table
                    outcome = sync_scb(entry, scb)
                else:
                    assert kolada is not None
                    outcome = sync_kolada(entry, kolada, meta=kpi_meta.get(entry.kpi))
            except (ClientError, ReaderError, IngestError, SeriesError) as exc:
                hint = hint_for(exc)
                failure_record(source_kind=entry.source, external_id=entry.id, message=str(exc), hint=hint)
                outcome = SyncOutcome(entry.source, entry.id, "failed", message=str(exc), hint=hint)
            if outcome.state == "new":
                outcome = replace(outcome, outside=_outside_summary(outcome))
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    finally:
        for client in (scb, kolada):
            if client is not None:
                client.close()
    return outcomes
