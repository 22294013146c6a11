"""Read-only BRP+ pages: the official table per region and stored recomputations (thin views)."""

from __future__ import annotations

import math

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from reglab.indicators.brp_data import load_codekey
from reglab.indicators.models import BrpRun, IndicatorDefinition, RunSource
from reglab.indicators.selectors import brp_compare_with_official, brp_official_run, brp_run_frame

GENDERS = (("T", "Totalt"), ("K", "Kvinnor"), ("M", "Män"))


def brp_index(request):
    runs = BrpRun.objects.select_related("config").order_by("source", "-created_at")[:50]
    # "Matcha rätt" (RMI-*), stored by indicators.services.matching_definitions_load.
    matching = IndicatorDefinition.objects.filter(code__startswith="RMI-").order_by("pk")
    return render(
        request,
        "indicators/brp_index.html",
        {"runs": runs, "official": brp_official_run(), "matching": matching},
    )


def _table(frame, level_rows, region):
    """Rows for one region: label, T/K/M values, Riket per sex, out-of-range flags."""
    unit = frame[frame["municipality_id"] == region]
    riket = frame[frame["municipality_id"] == "0000"]
    rows = []
    for key, label in level_rows:
        sel_u = unit
        sel_r = riket
        for col, val in key.items():
            sel_u = sel_u[sel_u[col] == val]
            sel_r = sel_r[sel_r[col] == val]
        cells = []
        for g, _label in GENDERS:
            v = sel_u.loc[sel_u["gender"] == g, "value"]
            r = sel_r.loc[sel_r["gender"] == g, "value"]
            value = None if v.empty or v.isna().all() else float(v.iloc[0])
            ref = None if r.empty or r.isna().all() else float(r.iloc[0])
            cells.append(
                {
                    "value": value,
                    "riket": ref,
                    "outside": value is not None and not (0 <= value <= 100) and not math.isnan(value),
                }
            )
        if any(c["value"] is not None for c in cells):
            rows.append(
                {"label": label, "cells": cells, "is_part": "theme" not in key, "theme": key.get("theme", "")}
            )
    return rows


def brp_region(request, run_id: int | None = None):
    run = (
        get_object_or_404(BrpRun.objects.select_related("config"), pk=run_id)
        if run_id
        else brp_official_run()
    )
    if run is None:
        return render(request, "indicators/brp_region.html", {"run": None})
    view = request.GET.get("vy", "L")
    if view not in {"K", "L"}:
        raise Http404(_("Okänd vy"))
    frame = brp_run_frame(run)
    frame = frame[frame["view"] == view]
    codekey = load_codekey()
    units = sorted(set(frame["municipality_id"]) - {"0000"})
    choices = [(u, codekey.label(u)) for u in units]
    region = request.GET.get("region") or ""
    if region not in units:  # e.g. after switching between kommun and region index
        region = units[0] if units else ""
    parts = frame[frame["level"] == "part"]
    themes = frame[frame["level"] == "theme"]
    config_themes = run.config.data.get("themes", [])
    theme_names = {t["code"]: t["name_sv"] for t in config_themes}
    level_rows = []
    for part in [p["name_sv"] for p in run.config.data.get("parts", [])]:
        level_rows.append(({"part": part}, part))
        for t in config_themes:
            if t["part"] == part:
                name = t["code"] if t["code"] == t["name_sv"] else f"{t['code']} {t['name_sv']}"
                level_rows.append(({"part": part, "theme": t["code"]}, name))
    rows = []
    for key, label in level_rows:
        source = themes if "theme" in key else parts
        rows += _table(source, [(key, label)], region)
    context = {
        "run": run,
        "is_official": run.source == RunSource.OFFICIAL,
        "view": view,
        "choices": choices,
        "region": region,
        "region_label": codekey.label(region) if region else "",
        "rows": rows,
        "genders": GENDERS,
        "theme_names": theme_names,
    }
    return render(request, "indicators/brp_region.html", context)


def brp_compare(request, run_id: int):
    run = get_object_or_404(BrpRun.objects.select_related("config"), pk=run_id, source=RunSource.COMPUTED)
    cmp = brp_compare_with_official(run)
    summary = None
    if not cmp.empty:
        both = cmp[cmp["status"] == "both"]
        diff = both["diff"].abs()
        summary = {
            "both": len(both),
            "official_only": int((cmp["status"] == "official_only").sum()),
            "computed_only": int((cmp["status"] == "computed_only").sum()),
            "max_diff": float(diff.max()) if len(diff.dropna()) else None,
            "within_1e6": int((diff <= 1e-6).sum()),
        }
        worst = both.assign(absdiff=diff).sort_values("absdiff", ascending=False).head(20)
        summary["worst"] = worst.to_dict("records")
    return render(request, "indicators/brp_compare.html", {"run": run, "summary": summary})


def brp_theme(request, run_id: int):
    """Why is this theme low: a unit's aspects in a theme, their share and distance to the best unit."""
    run = get_object_or_404(BrpRun.objects.select_related("config"), pk=run_id, source=RunSource.COMPUTED)
    view = request.GET.get("vy", "L")
    region = request.GET.get("region", "")
    theme = request.GET.get("tema", "")
    gender = request.GET.get("kon", "T")
    if view not in {"K", "L"} or gender not in {"T", "K", "M"}:
        raise Http404(_("Okänd vy"))
    frame = brp_run_frame(run, levels=("aspect", "theme"))
    frame = frame[(frame["view"] == view) & (frame["gender"] == gender) & (frame["theme"] == theme)]
    units = frame[frame["municipality_id"] != "0000"]
    mine = units[(units["municipality_id"] == region) & (units["level"] == "aspect")]
    if mine.empty:
        raise Http404(_("Inga värden för regionen i temat"))
    aspects = units[units["level"] == "aspect"]
    best = aspects.loc[aspects.groupby("aspect")["value"].idxmax(), ["aspect", "municipality_id", "value"]]
    best = best.rename(columns={"municipality_id": "best_unit", "value": "best_value"})
    rows = mine.merge(best, on="aspect")
    n = rows["value"].notna().sum()
    rows["share"] = rows["value"] / n if run.aggregation == "levels" and n else float("nan")
    rows["gap"] = rows["best_value"] - rows["value"]
    rows = rows.sort_values("gap", ascending=False)
    codekey = load_codekey()
    theme_value = units[(units["municipality_id"] == region) & (units["level"] == "theme")]["value"]
    context = {
        "run": run,
        "region_label": codekey.label(region),
        "theme": theme,
        "gender": dict(GENDERS)[gender],
        "theme_value": None if theme_value.empty else float(theme_value.iloc[0]),
        "rows": [
            {**r, "best_label": codekey.label(r["best_unit"]), "has_share": not math.isnan(r["share"])}
            for r in rows.to_dict("records")
        ],
        "levels": run.aggregation == "levels",
    }
    return render(request, "indicators/brp_theme.html", context)
