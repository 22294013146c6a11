"""Kolada API v3: KPI metadata, municipalities and data, with id chunking and paging.

Path segments carry at most 25 comma-separated ids, so lists are chunked and every combination
of chunks is requested; each response is paged with `per_page=5000` and `next_url` is followed to
the end. A failed chunk or page raises (never skipped). Values are attributed "Källa: Kolada".
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reglab.clients._http import HttpClient, RetryPolicy, Throttle
from reglab.clients.errors import BadResponse
from reglab.readers.table import StatTable
from reglab.reference.region_codes import kolada_to_scb

__all__ = ["ATTRIBUTION", "KoladaClient", "KoladaValue", "chunks"]

ATTRIBUTION = "Källa: Kolada"
MAX_IDS = 25
PER_PAGE = 5000


def chunks(ids: Sequence[str], size: int = MAX_IDS) -> list[list[str]]:
    ids = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    return [ids[i : i + size] for i in range(0, len(ids), size)]


@dataclass(frozen=True)
class KoladaValue:
    kpi: str
    municipality: str
    period: int
    gender: str
    value: float | None
    status: str


class KoladaClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        max_per_second: float = 5.0,
        per_page: int = PER_PAGE,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.http = HttpClient(
            base_url,
            timeout=timeout,
            retry=retry,
            throttle=Throttle(max(1, int(max_per_second)), 1.0),
            sleep=sleep if sleep is not None else time.sleep,
        )
        self.per_page = min(per_page, PER_PAGE)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pages(self, path: str, params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        url: str | None = path
        query: dict[str, Any] | None = {"per_page": self.per_page, **(params or {})}
        while url:
            raw = self.http.get_json(url, params=query)
            if not isinstance(raw, dict) or not isinstance(raw.get("values"), list):
                raise BadResponse(f"Oväntat svar från Kolada för {url}: 'values' saknas.", url=str(url))
            yield from raw["values"]
            url = raw.get("next_url") or None
            query = None  # next_url carries its own query string

    def kpis(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for part in chunks(ids):
            found.extend(self._pages(f"kpi/{','.join(part)}"))
        return found

    def municipalities(self, *, kind: str | None = None) -> list[dict[str, Any]]:
        # v3 names the filter `region_type` (K kommun, L region); v2's `type` is ignored by v3.
        return list(self._pages("municipality", {"region_type": kind} if kind else None))

    def data(
        self,
        kpis: Sequence[str],
        *,
        municipalities: Sequence[str] | None = None,
        years: Sequence[int | str] | None = None,
    ) -> list[KoladaValue]:
        """Every value for the KPIs (× municipalities × years); segments chunked to 25 ids."""
        if not kpis:
            return []
        if municipalities is None and years is None:
            raise ValueError("Kolada needs at least two of kpi, municipality and year.")
        kpi_parts = chunks(kpis)
        # None stands for "no such path segment".
        mun_parts: list[list[str] | None] = [*chunks(municipalities)] if municipalities else [None]
        year_parts: list[list[str] | None] = [*chunks([str(y) for y in years])] if years else [None]
        rows: list[KoladaValue] = []
        for kpi_part, mun_part, year_part in itertools.product(kpi_parts, mun_parts, year_parts):
            path = f"data/kpi/{','.join(kpi_part)}"
            if mun_part:
                path += f"/municipality/{','.join(mun_part)}"
            if year_part:
                path += f"/year/{','.join(year_part)}"
            for item in self._pages(path):
                # Rows (or values) flagged `isdeleted` were removed by Kolada; rKolada drops them too.
                if item.get("isdeleted"):
                    continue
                try:
                    for value in item.get("values") or []:
                        if value.get("isdeleted"):
                            continue
                        rows.append(
                            KoladaValue(
                                kpi=str(item["kpi"]),
                                municipality=str(item["municipality"]),
                                period=int(item["period"]),
                                gender=str(value.get("gender") or "T"),
                                value=None if value.get("value") is None else float(value["value"]),
                                status=str(value.get("status") or ""),
                            )
                        )
                except (KeyError, TypeError, ValueError) as exc:
                    raise BadResponse(f"Ogiltig datarad från Kolada ({path}): {exc!r}", url=path) from exc
        return rows


def values_to_table(
    rows: Sequence[KoladaValue], *, table_id: str, title: str = "", updated: str = ""
) -> StatTable:
    """Kolada rows for kommuner, regioner and Riket as a `StatTable` (ids translated to SCB codes)."""

    def records() -> Iterator[tuple[tuple[str, ...], float | None, str | None]]:
        for row in rows:
            try:
                code = kolada_to_scb(row.municipality)
            except ValueError:
                continue  # municipality groups and other non-geographic ids
            yield (row.kpi, code, str(row.period), row.gender), row.value, row.status or None

    return StatTable.from_records(
        table_id=table_id,
        title=title or table_id,
        dimension_specs=[
            ("kpi", "KPI", "measure"),
            ("region", "Region", "region"),
            ("year", "År", "time"),
            ("gender", "Kön", "sex"),
        ],
        rows=records(),
        source="Kolada",
        updated=updated,
    )
