"""BRP+ configuration (one per stämpelår) and the region code key, as plain typed data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class BrpIndicator:
    kpi: str
    name_sv: str
    aspect: str
    theme: str  # short code as in the result files: "T1".."T12", "Ekonomi", "Miljö", "Social"
    part: str  # "Livskvalitet" | "Hållbarhet"
    inverted: bool  # Omvand_skala = 1: lower is better
    log: bool
    sort: int = 0


@dataclass(frozen=True)
class BrpConfig:
    version: str
    stampelar: int
    indicators: tuple[BrpIndicator, ...]
    theme_names: Mapping[str, str] = field(default_factory=dict)
    parts: tuple[str, ...] = ()
    configuration_date: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BrpConfig:
        indicators = tuple(
            BrpIndicator(
                kpi=str(i["kpi"]),
                name_sv=str(i.get("name_sv", i["kpi"])),
                aspect=str(i["aspect"]),
                theme=str(i["theme"]),
                part=str(i["part"]),
                inverted=i.get("direction") == "lower_is_better" or bool(i.get("inverted", False)),
                log=bool(i.get("log", False)),
                sort=int(i.get("sort", 0)),
            )
            for i in data["indicators"]
        )
        kpis = [i.kpi for i in indicators]
        if len(set(kpis)) != len(kpis):
            raise ValueError("BRP+ configuration lists a KPI twice")
        return cls(
            version=str(data.get("version", data.get("stampelar", ""))),
            stampelar=int(data.get("stampelar", 0) or 0),
            indicators=indicators,
            theme_names={t["code"]: t.get("name_sv", t["code"]) for t in data.get("themes", [])},
            parts=tuple(p["name_sv"] if isinstance(p, Mapping) else str(p) for p in data.get("parts", [])),
            configuration_date=data.get("configuration_date"),
        )

    @property
    def kpis(self) -> list[str]:
        return [i.kpi for i in self.indicators]

    def frame(self) -> pd.DataFrame:
        """One row per KPI: kpi, aspect, theme, part, inverted, log."""
        return pd.DataFrame(
            {
                "kpi": [i.kpi for i in self.indicators],
                "aspect": [i.aspect for i in self.indicators],
                "theme": [i.theme for i in self.indicators],
                "part": [i.part for i in self.indicators],
                "inverted": [i.inverted for i in self.indicators],
                "log": [i.log for i in self.indicators],
            }
        )

    def counts(self) -> dict[str, int]:
        f = self.frame()
        return {
            "kpis": len(f),
            "aspects": len(f[["part", "theme", "aspect"]].drop_duplicates()),
            "themes": f["theme"].nunique(),
            "parts": f["part"].nunique(),
        }


@dataclass(frozen=True)
class CodeKey:
    """Labels used in the official files: ``0114 Upplands Väsby``, ``01 Stockholms län``, ``00 Riket``."""

    kommuner: Mapping[str, str]
    lan: Mapping[str, str]
    riket_code: str = "00"
    riket_name: str = "Riket"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CodeKey:
        riket = data.get("riket", {"code": "00", "name": "Riket"})
        return cls(
            kommuner=dict(data["kommuner"]),
            lan=dict(data["lan"]),
            riket_code=riket["code"],
            riket_name=riket["name"],
        )

    @property
    def riket_label(self) -> str:
        return f"{self.riket_code} {self.riket_name}"

    def labels(self, kolada_ids: pd.Series) -> pd.Series:
        """Kolada id → official label. Kommun ids are SCB codes, regions are "00"+län, Riket "0000".

        As in the official export, an id that is not in the key is labelled ``00 Riket`` (rule 12).
        """
        ids = kolada_ids.astype(str)
        return ids.map({i: self.label(i) for i in ids.unique()}).astype(object)

    def label(self, kolada_id: str) -> str:
        if kolada_id == "0000":
            return self.riket_label
        if kolada_id.startswith("00"):
            name = self.lan.get(kolada_id[2:])
            return f"{kolada_id[2:]} {name}" if name else self.riket_label
        name = self.kommuner.get(kolada_id)
        return f"{kolada_id} {name}" if name else self.riket_label
