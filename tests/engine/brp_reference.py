"""An independent, deliberately plain reference implementation of BRP+ (per-indicator loops over dicts).

Written straight from docs/brp-plus.md ("The official code, exactly"); it shares no code with
``reglab.engine.brp_plus``. Used by the round-trip tests and as the loop baseline in benchmarks/bench_brp.py.

Input: a list of ``(kpi, municipality_id, year, gender, value_or_None)`` tuples and the configuration as a
dict ``kpi -> (aspect, theme, part, inverted, log)``. Output: the four official tables as ordered lists of
``(label columns..., value_or_None)``.
"""

from __future__ import annotations

import math
from collections import defaultdict

RIKET = "0000"
GENDER_LABEL = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}


def unit_type(mid: str) -> str:
    if mid == RIKET:
        return "R"
    return "L" if mid.startswith("00") else "K"


def county(mid: str) -> int:
    return int(mid) if unit_type(mid) == "L" else int(mid) // 100


def mean(xs):
    xs = [x for x in xs if x is not None and not math.isnan(x)]
    return sum(xs) / len(xs) if xs else None


def round15(x: float) -> float:
    if x is None or math.isnan(x) or math.isinf(x):
        return x
    return float(f"{x:.14e}")


def pick_year(years, lag):
    latest = max(years)
    if lag is None:
        return latest
    below = [y for y in years if y <= latest - lag]
    return max(below) if below else min(years, key=lambda y: abs(y - (latest - lag)))


def reference_scores(rows, config, *, sex_mode="total_bas", lag=None, imputation="reproduce"):
    """Return {(kpi, mid, gender): score} at each KPI's selected year."""
    rows = [r for r in rows if r[0] in config]
    riket_present = any(r[1] == RIKET for r in rows)
    all_years = sorted({r[2] for r in rows})
    by_kpi = defaultdict(list)
    for r in rows:
        by_kpi[r[0]].append(r)
    scores = {}
    for kpi, krows in by_kpi.items():
        _aspect, _theme, _part, inverted, log = config[kpi]
        genders = sorted({r[3] for r in krows})
        cells = defaultdict(dict)  # (year, gender) -> {mid: value or None}
        for _, mid, year, gender, value in krows:
            cells[(year, gender)][mid] = value
        values = {}  # (mid, year, gender) -> value after imputation
        for year in all_years:
            for gender in genders:
                cell = cells.get((year, gender), {})
                unit_values = [v for m, v in cell.items() if m != RIKET and v is not None]
                if riket_present:
                    rv = cell.get(RIKET)
                    if rv is None:
                        rv = mean(unit_values)
                    if rv is not None:
                        values[(RIKET, year, gender)] = rv
                for mid, v in cell.items():
                    if mid == RIKET:
                        continue
                    if v is None and unit_type(mid) == "K":
                        v = mean(
                            [
                                w
                                for m, w in cell.items()
                                if m != RIKET and county(m) == county(mid) and w is not None
                            ]
                        )
                    elif v is None and unit_type(mid) == "L" and imputation == "intended":
                        v = mean(
                            [
                                w
                                for m, w in cell.items()
                                if unit_type(m) == "K" and county(m) == county(mid) and w is not None
                            ]
                        )
                    if v is not None:
                        values[(mid, year, gender)] = v
        if not values:
            continue
        for key, v in list(values.items()):
            if log:
                v = math.log(v) if v > 0 else (-math.inf if v == 0 else math.nan)
            values[key] = round15(v)
        years = sorted({k[1] for k in values})
        latest = max(years)
        selected = pick_year(years, lag)
        refs = {}
        for utype in ("K", "L"):
            for g in ("T", "K", "M"):
                if sex_mode == "total_bas":
                    pool = [
                        v
                        for (m, y, gg), v in values.items()
                        if y == latest and gg == "T" and unit_type(m) == utype
                    ]
                elif sex_mode == "separat_bas":
                    pool = [
                        v
                        for (m, y, gg), v in values.items()
                        if y == latest and gg == g and unit_type(m) == utype
                    ]
                else:
                    pool = [v for (m, y, gg), v in values.items() if y == latest and unit_type(m) == utype]
                pool = [v for v in pool if not math.isnan(v)]
                refs[(utype, g)] = (min(pool), max(pool)) if pool else None
        for (mid, year, gender), x in values.items():
            if year != selected:
                continue
            if unit_type(mid) == "R":
                scores[(kpi, mid, gender)] = 0.0
                continue
            ref = refs[(unit_type(mid), gender)]
            if ref is None or ref[0] == ref[1]:
                s = 0.0
            elif inverted:
                s = 100 * ((ref[1] - x) / (ref[1] - ref[0]))
            else:
                s = 100 * ((x - ref[0]) / (ref[1] - ref[0]))
            scores[(kpi, mid, gender)] = s
    return scores


def reference_tables(rows, config, codekey_label, *, aggregation="levels", **kwargs):
    """The four official tables: dict name -> list of tuples, sorted like the official files."""
    scores = reference_scores(rows, config, **kwargs)
    # group indicator scores by unit/gender/part/theme/aspect
    tree = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for (kpi, mid, gender), s in scores.items():
        aspect, theme, part, _, _ = config[kpi]
        tree[(mid, gender, part)][theme][aspect].append(s)
    theme_val, part_val = {}, {}
    for (mid, gender, part), themes in tree.items():
        tvals = []
        all_rows = []
        for theme, aspects in themes.items():
            amean = {a: mean(v) for a, v in aspects.items()}
            if aggregation == "levels":
                tv = mean(list(amean.values()))
            else:  # r-code: mean over indicator rows of their aspect mean
                tv = mean([amean[a] for a, v in aspects.items() for _ in v])
            theme_val[(mid, gender, part, theme)] = tv
            tvals.append(tv)
            all_rows.extend([tv] * sum(len(v) for v in aspects.values()))
        part_val[(mid, gender, part)] = mean(tvals) if aggregation == "levels" else mean(all_rows)
    out = {}
    for view, suffix in (("K", "kommun"), ("L", "region")):
        for level, vals in (("total", part_val), ("tema", theme_val)):
            table = []
            units = {k: v for k, v in vals.items() if unit_type(k[0]) == view}
            for k, v in units.items():
                table.append((codekey_label(k[0]), k[2], GENDER_LABEL[k[1]], *k[3:], v))
            for k in vals:
                if k[0] != RIKET:
                    continue
                same = [v for kk, v in units.items() if kk[1:] == k[1:]]
                table.append((codekey_label(RIKET), k[2], GENDER_LABEL[k[1]], *k[3:], mean(same)))
            table.sort(key=lambda t: t[:-1])
            out[f"{level}_{suffix}"] = table
    return out
