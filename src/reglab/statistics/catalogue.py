"""The catalogue of SCB tables and Kolada KPIs to sync, read from TOML (package data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class ScbEntry:
    id: str
    title: str = ""
    table: str = ""  # PxWeb v2 id
    v1_path: str = ""
    selection: dict[str, list[str]] = field(default_factory=dict)
    group: str = ""
    source: str = "scb"


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
            found: list[ScbEntry | KoladaEntry] = [
                e
                for e in chosen
                if e.id.upper() in wanted or (isinstance(e, ScbEntry) and e.table.upper() in wanted)
            ]
            known = {e.id.upper() for e in found} | {
                e.table.upper() for e in found if isinstance(e, ScbEntry)
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
        scb = tuple(
            ScbEntry(
                id=str(e["id"]),
                title=str(e.get("title", "")),
                table=str(e.get("table", "")),
                v1_path=str(e.get("v1_path", "")),
                selection={k: [str(x) for x in v] for k, v in (e.get("selection") or {}).items()},
                group=str(e.get("group", "")),
            )
            for e in data.get("scb", [])
        )
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
        if not entry.table and not entry.v1_path:
            raise CatalogueError(f"SCB-posten {entry.id} behöver `table` (v2) eller `v1_path`.")
    ids = [e.id for e in scb] + [e.kpi for e in kolada]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogueError(f"Dubbla id i katalogen: {', '.join(duplicates)}")
    return Catalogue(scb=scb, kolada=kolada, default_years=default_years)
