"""Shipped BRP+ package data: configuration per stämpelår and the region code key (no DB needed)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from reglab.engine.brp_plus import BrpConfig, CodeKey

DATA_PACKAGE = "reglab.indicators"
DATA_DIR = ("data", "brp_plus")


def _read(name: str) -> dict:
    ref = resources.files(DATA_PACKAGE).joinpath(*DATA_DIR, name)
    return json.loads(ref.read_text(encoding="utf-8"))


def available_versions() -> list[str]:
    folder = resources.files(DATA_PACKAGE).joinpath(*DATA_DIR)
    return sorted(
        p.name.removeprefix("config_").removesuffix(".json")
        for p in folder.iterdir()
        if p.name.startswith("config_") and p.name.endswith(".json")
    )


@lru_cache(maxsize=8)
def config_data(version: str = "2025") -> dict:
    if version not in available_versions():
        raise KeyError(
            f"ingen BRP+-konfiguration för stämpelår {version} (finns: {', '.join(available_versions())})"
        )
    return _read(f"config_{version}.json")


def load_config(version: str = "2025") -> BrpConfig:
    return BrpConfig.from_dict(config_data(version))


@lru_cache(maxsize=1)
def load_codekey() -> CodeKey:
    return CodeKey.from_dict(_read("codekey.json"))
