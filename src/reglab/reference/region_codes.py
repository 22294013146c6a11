"""Region code rules and the Kolada id translation (pure, no Django)."""

from __future__ import annotations

import re

RIKET = "00"
KOLADA_RIKET = "0000"
# The 21 län (counties) since 1998, in SCB's order.
LAN_CODES = (
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
    "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
)  # fmt: skip
_LAN = re.compile(r"^\d{2}$")
_KOMMUN = re.compile(r"^\d{4}$")
_FA = re.compile(r"^FA\d{2}$")


def kind_of(code: str) -> str:
    """The region kind an SCB-style code denotes."""
    if code == RIKET:
        return "riket"
    if _LAN.match(code):
        return "lan"
    if _KOMMUN.match(code):
        return "kommun"
    if _FA.match(code):
        return "fa"
    if code.startswith("G-"):
        return "group"
    raise ValueError(f"Okänd regionkod: {code!r}")


def scb_to_kolada(code: str) -> str | None:
    """SCB code to Kolada id: Riket 00 -> 0000, län 01 -> 0001, kommun unchanged."""
    kind = kind_of(code)
    if kind == "riket":
        return KOLADA_RIKET
    if kind == "lan":
        return "00" + code
    if kind == "kommun":
        return code
    return None


def kolada_to_scb(kolada_id: str) -> str:
    """Kolada id to SCB code: 0000 -> 00, 00XX -> XX, kommun unchanged."""
    kolada_id = kolada_id.strip()
    if kolada_id == KOLADA_RIKET:
        return RIKET
    if len(kolada_id) == 4 and kolada_id.startswith("00"):
        return kolada_id[2:]
    if _KOMMUN.match(kolada_id):
        return kolada_id
    raise ValueError(f"Okänt Kolada-id: {kolada_id!r}")


def pad(code: str | int) -> str:
    """Zero-pad integer-like codes read from files that dropped leading zeros (114 -> 0114, 1 -> 01)."""
    text = str(code).strip()
    if text.isdigit():
        return text.zfill(4) if len(text) > 2 else text.zfill(2)
    return text


# Codes SCB tables carry beside the standard ones. Such a code is mapped to a known region only when
# the table's own label for it names that region; otherwise its rows are kept as "outside the
# geography" with the source's label. Evidence, as far as it goes:
# - The AM9906 matching-indicator tables list `FA00` beside `00` and `FA01`–`FA60` (issue 12; public
#   scripts query them). None of the recorded responses in ../shared/data/scb-pxweb-v2-recorded is an
#   AM9906 table, and ../shared/docs/matching-indicators.md marks the meaning of FA00 as unconfirmed,
#   so no label has been seen: FA00 maps to Riket only when the table labels it "Riket"/"Sverige".
# - `FA99` and `999` have no label in any file we hold (in Region Dalarna's export file the code `99`
#   is unallocated exports, not a region), so they are never mapped: their rows stay outside.
SOURCE_CODE_ALIASES: dict[str, tuple[str, frozenset[str]]] = {
    # code: (the known region it may be, the labels that confirm it, lower case)
    "FA00": (RIKET, frozenset({"riket", "sverige", "hela riket", "hela landet"})),
}


def alias_for(code: str, label: str) -> str | None:
    """The known region code a non-standard source code stands for, when its label confirms it."""
    entry = SOURCE_CODE_ALIASES.get(code.strip())
    if entry is None:
        return None
    target, labels = entry
    text = " ".join(label.split()).lower()
    # SCB labels are sometimes prefixed with the code ("FA00 Riket").
    text = text.removeprefix(code.strip().lower()).strip()
    return target if text in labels else None
