"""The catalogue of SCB tables and Kolada KPIs to sync, read from TOML (package data, not code)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class ScbPart:
    """One source table of a series joined from several (population: TAB638 to 2024, TAB5557 from 2025).

    `recode` maps a variable's codes onto the series' codes ({"ContentsCode": {"000007ME": "BE0101N1"}});
    `collapse` drops a variable, keeping the code of SCB's published total ("SC") or, with "sum", summing
    its values (only for years before SCB's noise, and never over a total code: see series.py);
    `periods` ("-2024", "2025-", "2019-2023") keeps only those years of this table.
    """

    table: str = ""
    v1_path: str = ""
    selection: dict[str, list[str]] = field(default_factory=dict)
    recode: dict[str, dict[str, str]] = field(default_factory=dict)
    collapse: dict[str, str] = field(default_factory=dict)
    periods: str = ""

    @property
    def id(self) -> str:
        return self.table or self.v1_path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ScbEntry:
    id: str
    title: str = ""
    table: str = ""  # PxWeb v2 id
    v1_path: str = ""  # only a fallback: SCB ends API v1 at the end of 2026
    selection: dict[str, list[str]] = field(default_factory=dict)
    group: str = ""
    source: str = "scb"
    # A series joined from several tables, oldest first; `selection` is shared by every part.
    parts: tuple[ScbPart, ...] = ()
    # A newer table SCB publishes the same indicator in (reported by `reglab data catalogue check`).
    replaced_by: str = ""

    def tables(self) -> list[str]:
        """Every v2 id this entry reads (its parts', or its own)."""
        ids = [p.table for p in self.parts if p.table] if self.parts else [self.table]
        return [t for t in ids if t]


@dataclass(frozen=True)
class KoladaEntry:
    kpi: str
    title: str = ""
    years: tuple[int, ...] = ()
    group: str = ""
    source: str = "kolada"

    @property
    def id(self) -> str:
        return self.kpi


@dataclass(frozen=True)
class Catalogue:
    scb: tuple[ScbEntry, ...]
    kolada: tuple[KoladaEntry, ...]

    def entries(
        self, *, source: str | None = None, ids: list[str] | None = None
    ) -> list[ScbEntry | KoladaEntry]:
        chosen: list[ScbEntry | KoladaEntry] = [*self.scb, *self.kolada]
        if source:
            chosen = [e for e in chosen if e.source == source]
        if ids:
            wanted = {i.upper() for i in ids}
            # A table id selects the catalogue entry that reads it, unless the source is named: then
            # `--source scb TAB6366` is that provider table, fetched whole under its own id, even
            # when an entry (here M2, dataset RegionInd19M2N1) reads it with its own selection.
            by_table = not source
            found: list[ScbEntry | KoladaEntry] = [
                e
                for e in chosen
                if e.id.upper() in wanted
                or (by_table and isinstance(e, ScbEntry) and wanted & {t.upper() for t in e.tables()})
            ]
            known = {e.id.upper() for e in found} | {
                t.upper() for e in found if by_table and isinstance(e, ScbEntry) for t in e.tables()
            }
            missing = [i for i in ids if i.upper() not in known]
            # Ids outside the catalogue: whole SCB tables or single KPIs, when the source says which.
            for item in missing:
                if source == "scb":
                    found.append(ScbEntry(id=item, table=item))
                elif source == "kolada":
                    found.append(KoladaEntry(kpi=item, years=self.default_years))
                else:
                    raise CatalogueError(
                        f"{item!r} finns inte i katalogen; "
                        "ange --source scb eller --source kolada för att hämta det ändå."
                    )
            chosen = found
        return chosen

    default_years: tuple[int, ...] = ()


def _years(text: str) -> tuple[int, ...]:
    text = str(text).strip()
    if "-" in text:
        first, last = (int(p) for p in text.split("-", 1))
        if last < first:
            raise CatalogueError(f"Fel årsintervall {text!r}.")
        return tuple(range(first, last + 1))
    return tuple(int(p) for p in text.split(",") if p.strip())


_PERIODS = re.compile(r"(\d{4})?-(\d{4})?")


def _selection(raw) -> dict[str, list[str]]:
    return {str(k): [str(x) for x in v] for k, v in (raw or {}).items()}


def _scb_entry(e: dict) -> ScbEntry:
    parts = tuple(
        ScbPart(
            table=str(p.get("table", "")),
            v1_path=str(p.get("v1_path", "")),
            selection=_selection(p.get("selection")),
            recode={
                str(k): {str(a): str(b) for a, b in v.items()} for k, v in (p.get("recode") or {}).items()
            },
            collapse={str(k): str(v) for k, v in (p.get("collapse") or {}).items()},
            periods=str(p.get("periods", "")),
        )
        for p in e.get("parts", [])
    )
    return ScbEntry(
        id=str(e["id"]),
        title=str(e.get("title", "")),
        table=str(e.get("table", "")) or (parts[-1].table if parts else ""),
        v1_path=str(e.get("v1_path", "")),
        selection=_selection(e.get("selection")),
        group=str(e.get("group", "")),
        parts=parts,
        replaced_by=str(e.get("replaced_by", "")),
    )


def catalogue_load(path: str | Path | None = None) -> Catalogue:
    try:
        if path is None:
            raw = resources.files("reglab.statistics").joinpath("catalogue.toml").read_bytes()
        else:
            raw = Path(path).read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise CatalogueError(f"Kan inte läsa katalogen {path}: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"Katalogen är inte giltig TOML: {exc}") from exc
    defaults = data.get("defaults", {})
    default_years = _years(defaults.get("kolada_years", "2010-2025"))
    try:
        scb = tuple(_scb_entry(e) for e in data.get("scb", []))
        kolada = tuple(
            KoladaEntry(
                kpi=str(e["kpi"]),
                title=str(e.get("title", "")),
                years=_years(e["years"]) if "years" in e else default_years,
                group=str(e.get("group", "")),
            )
            for e in data.get("kolada", [])
        )
    except KeyError as exc:
        raise CatalogueError(f"En katalogpost saknar fältet {exc.args[0]!r}.") from exc
    for entry in scb:
        if not entry.table and not entry.v1_path and not entry.parts:
            raise CatalogueError(f"SCB-posten {entry.id} behöver `table` (v2) eller `v1_path`.")
        for part in entry.parts:
            if not part.table and not part.v1_path:
                raise CatalogueError(f"En del av SCB-posten {entry.id} behöver `table` eller `v1_path`.")
            if part.periods and not _PERIODS.fullmatch(part.periods):
                raise CatalogueError(
                    f'SCB-posten {entry.id}: fel `periods` {part.periods!r} (t.ex. "-2024" eller "2025-").'
                )
    ids = [e.id for e in scb] + [e.kpi for e in kolada]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogueError(f"Dubbla id i katalogen: {', '.join(duplicates)}")
    return Catalogue(scb=scb, kolada=kolada, default_years=default_years)
