"""One series from several SCB tables (plain numpy on `StatTable`, no database).

SCB moves a statistic to a new table when it changes method: population is TAB638 up to 2024 and
TAB5557 (with controlled noise) from 2025, with other codes for the same things. A catalogue entry
with parts (`ScbPart`) fetches each table, maps its codes onto one scheme (`table_recode`), drops the
variables the series does not keep (`table_collapse`), keeps each table's years (`table_periods`) and
joins them (`series_join`), so the analysis sees one dataset.

Totals: a variable with a published total code (TAB638's age `tot`, TAB5557's `TotSA`/`SC`) is never
summed together with that total. `collapse = "sum"` takes the published total when the variable has
one and sums only the parts otherwise.
"""

from __future__ import annotations

import numpy as np

from reglab.readers.table import Dimension, StatTable

# Codes SCB uses for "all values of this variable" (TAB638 `tot`; TAB5557 `TotSA`, `TOT1`…, `TotSa`, `SC`).
TOTAL_CODES = frozenset({"tot", "totsa", "tot1", "tot5", "tot10", "sc", "1+2", "samanst", "totalt", "total"})


class SeriesError(ValueError):
    """The tables cannot be joined as configured (one line, says what to change in the catalogue)."""


def total_code(dim: Dimension) -> str | None:
    """The dimension's published total code, if it has one (first in SCB's order)."""
    return next((v for v in dim.values if v.strip().lower() in TOTAL_CODES), None)


def table_recode(table: StatTable, recode: dict[str, dict[str, str]]) -> StatTable:
    """Codes of the named variables replaced (labels kept); two codes may not become one."""
    dims = []
    for dim in table.dimensions:
        mapping = recode.get(dim.code, {})
        values = tuple(mapping.get(v, v) for v in dim.values)
        if len(set(values)) != len(values):
            raise SeriesError(f"Omkodningen av {dim.code} i {table.table_id} slår ihop två koder.")
        dims.append(Dimension(dim.code, dim.label, values, dim.labels, dim.role))
    table.dimensions = dims
    return table


def table_collapse(table: StatTable, variable: str, how: str) -> StatTable:
    """`variable` dropped: keep the cells of code `how` (SCB's published total), or with "sum" the
    published total when there is one, else the sum of its values (NaN when any part is missing)."""
    try:
        dim = table.dimension(variable)
    except KeyError:
        raise SeriesError(f"{table.table_id} har ingen variabel {variable!r} att slå ihop.") from None
    rest = [d for d in table.dimensions if d.code != variable]
    code = total_code(dim) if how == "sum" else how
    if code is not None:
        if code not in dim.values:
            raise SeriesError(f"{table.table_id}: {variable} har ingen kod {code!r}.")
        kept = table.subset(table.index[variable] == dim.values.index(code))
        kept.dimensions = rest
        kept.index.pop(variable)
        return kept
    # Sum over the variable: one cell per combination of the other variables.
    key = np.zeros(len(table), dtype=np.int64)
    for d in rest:
        key = key * max(len(d), 1) + table.index[d.code]
    unique, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    values = np.nan_to_num(table.values, nan=0.0)
    sums = np.bincount(inverse, weights=values, minlength=len(unique))
    missing = np.bincount(inverse, weights=np.isnan(table.values), minlength=len(unique))
    sums[missing > 0] = np.nan
    return StatTable(
        table_id=table.table_id,
        title=table.title,
        dimensions=rest,
        index={d.code: table.index[d.code][first] for d in rest},
        values=sums,
        status=None,
        unit=table.unit,
        source=table.source,
        updated=table.updated,
        notes=table.notes,
        extra=table.extra,
    )


def _year(code: str) -> int | None:
    return int(code[:4]) if code[:4].isdigit() else None


def table_periods(table: StatTable, periods: str) -> StatTable:
    """Only the cells whose period's year is within `periods` ("-2024", "2025-", "2019-2023")."""
    if not periods:
        return table
    first_text, _sep, last_text = periods.partition("-")
    first = int(first_text) if first_text else None
    last = int(last_text) if last_text else None
    times = table.by_role("time")
    if not times:
        raise SeriesError(f"{table.table_id} har ingen tidsvariabel att välja år ur.")
    dim = times[0]
    inside = np.array(
        [
            (y := _year(v)) is not None and (first is None or y >= first) and (last is None or y <= last)
            for v in dim.values
        ],
        dtype=bool,
    )
    return table.subset(inside[table.index[dim.code]]) if len(dim) else table


def series_join(parts: list[StatTable], *, table_id: str) -> StatTable:
    """Tables with the same variables (after recoding and collapsing) as one series, oldest first."""
    if not parts:
        raise SeriesError("Inga tabeller att foga samman.")
    codes = [sorted(d.code for d in p.dimensions) for p in parts]
    if any(c != codes[0] for c in codes):
        shown = " / ".join(", ".join(c) for c in codes)
        raise SeriesError(
            f"Delarna av {table_id} har olika variabler ({shown}); lägg till `collapse` i katalogen."
        )
    order = [d.code for d in parts[0].dimensions]
    aligned = []
    for part in parts:
        if [d.code for d in part.dimensions] != order:
            part.dimensions = [part.dimension(c) for c in order]
        aligned.append(part)
    joined = StatTable.concat(aligned)
    joined.table_id = table_id
    return joined


def period_span(table: StatTable) -> str:
    """ "1968–2024" for the years in a table (for the dataset page's "which years from which table")."""
    times = table.by_role("time")
    if not times or not len(table):
        return ""
    dim = times[0]
    present = sorted({dim.values[i] for i in np.unique(table.index[dim.code])})
    return present[0] if len(present) == 1 else f"{present[0]}–{present[-1]}"
