"""The "Matcha rätt" indicator definitions shipped as package data (``data/matching.toml``), typed.

No Django: the pages, the service that stores them as ``IndicatorDefinition`` rows and the tests read
the same records. Every statement carries its status (confirmed / inferred / unknown), so a page can
say "ej bekräftad" wherever SCB's documentation or the recorded responses do not confirm it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

DATA_PACKAGE = "reglab.indicators"
DATA_FILE = ("data", "matching.toml")
STATUSES = ("confirmed", "inferred", "unknown")
AREAS = ("demand", "matching", "supply", "regional")
GEOGRAPHIES = ("riket", "lan", "fa", "kommun")
STATISTIKDATABASEN = "https://www.statistikdatabasen.scb.se/pxweb/sv/ssd/"


class DefinitionError(ValueError):
    """The shipped file is malformed (a packaging error, not user input)."""


@dataclass(frozen=True)
class Group:
    code: str
    label: str


@dataclass(frozen=True)
class MatchingIndicator:
    code: str  # E3, M2, U1b, ...
    area: str
    name_sv: str
    name_en: str
    unit: str
    status: str  # of the content
    variables: tuple[str, ...]
    geographies: tuple[str, ...]
    geographies_status: str
    datasets: tuple[str, ...]
    table_v2: str = ""
    table_v2_alternatives: tuple[str, ...] = ()
    table_v2_status: str = "unknown"
    table_v1: str = ""
    older_table: str = ""
    contents: dict[str, str] = field(default_factory=dict)
    counts: dict[str, str] = field(default_factory=dict)
    counts_status: str = "unknown"
    formula: str = ""
    formula_status: str = "confirmed"
    aggregation: str = "not_aggregable"
    direction: str = "higher_is_better"
    note_sv: str = ""
    groups: tuple[Group, ...] = ()
    groups_status: str = "unknown"

    @property
    def key(self) -> str:
        """The IndicatorDefinition code: ``RMI-M2``."""
        return f"RMI-{self.code}"

    @property
    def v1_table(self) -> str:
        return self.table_v1.rsplit("/", 1)[-1] if self.table_v1 else ""

    @property
    def web_url(self) -> str:
        """The table in Statistikdatabasen (the v1 path names the folder; v2 ids have no web path)."""
        if not self.table_v1:
            return ""
        *folders, table = self.table_v1.split("/")
        return f"{STATISTIKDATABASEN}START__{'__'.join(folders)}/{table}/"

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    def group_code(self, label: str) -> str:
        """The group code for a label as published (or the text itself when unknown)."""
        for group in self.groups:
            if label in (group.label, group.code):
                return group.code
        return label

    def group_label(self, code: str) -> str:
        for group in self.groups:
            if code in (group.code, group.label):
                return group.label
        return code


def _status(raw: dict, key: str, default: str = "unknown") -> str:
    value = str(raw.get(key, default))
    if value not in STATUSES:
        raise DefinitionError(f"{raw.get('code')}: {key} must be one of {', '.join(STATUSES)}, not {value!r}")
    return value


def _indicator(raw: dict) -> MatchingIndicator:
    code = str(raw.get("code", "")).strip()
    if not code:
        raise DefinitionError("an indicator without code")
    area = str(raw.get("area", ""))
    if area not in AREAS:
        raise DefinitionError(f"{code}: unknown area {area!r}")
    geographies = tuple(str(g) for g in raw.get("geographies", []))
    if any(g not in GEOGRAPHIES for g in geographies):
        raise DefinitionError(f"{code}: unknown geography in {geographies}")
    return MatchingIndicator(
        code=code,
        area=area,
        name_sv=str(raw["name_sv"]),
        name_en=str(raw.get("name_en", "")),
        unit=str(raw.get("unit", "")),
        status=_status(raw, "status"),
        variables=tuple(str(v) for v in raw.get("variables", [])),
        geographies=geographies,
        geographies_status=_status(raw, "geographies_status"),
        datasets=tuple(str(d) for d in raw.get("datasets", [])),
        table_v2=str(raw.get("table_v2", "")),
        table_v2_alternatives=tuple(str(t) for t in raw.get("table_v2_alternatives", [])),
        table_v2_status=_status(raw, "table_v2_status"),
        table_v1=str(raw.get("table_v1", "")),
        older_table=str(raw.get("older_table", "")),
        contents={str(k): str(v) for k, v in raw.get("contents", {}).items()},
        counts={str(k): str(v) for k, v in raw.get("counts", {}).items()},
        counts_status=_status(raw, "counts_status"),
        formula=str(raw.get("formula", "")),
        formula_status=_status(raw, "formula_status", "confirmed"),
        aggregation=str(raw.get("aggregation", "not_aggregable")),
        direction=str(raw.get("direction", "higher_is_better")),
        note_sv=str(raw.get("note_sv", "")),
        groups=tuple(Group(str(g["code"]), str(g["label"])) for g in raw.get("groups", [])),
        groups_status=_status(raw, "groups_status"),
    )


def parse_definitions(text: str) -> tuple[MatchingIndicator, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"matching.toml: {exc}") from exc
    found = tuple(_indicator(raw) for raw in data.get("indicator", []))
    codes = [i.code for i in found]
    if len(set(codes)) != len(codes):
        raise DefinitionError("matching.toml: an indicator code appears twice")
    return found


@lru_cache(maxsize=1)
def matching_indicators() -> tuple[MatchingIndicator, ...]:
    ref = resources.files(DATA_PACKAGE).joinpath(*DATA_FILE)
    return parse_definitions(ref.read_text(encoding="utf-8"))


def matching_indicator(code: str) -> MatchingIndicator:
    """One definition by its code (``M2``) or key (``RMI-M2``); KeyError when there is none."""
    code = code.removeprefix("RMI-")
    for indicator in matching_indicators():
        if indicator.code == code:
            return indicator
    raise KeyError(code)
