""" "Matcha rätt" pages (read-only, GET): overview with the indicator definitions, a region's matching
charts, the map of län and FA regions, and the teaching view "Så hämtar du datan"."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reglab.analysis.matching import MAP_LEVELS, matching_map, matching_page, status_text
from reglab.geography.models import Region, RegionKind
from reglab.indicators.matching_data import matching_indicators

REGION_KINDS = (RegionKind.RIKET, RegionKind.LAN, RegionKind.FA, RegionKind.GROUP)


def _regions():
    return Region.objects.filter(kind__in=REGION_KINDS).order_by("kind", "code").only("code", "name", "kind")


def _definitions() -> list[dict]:
    rows = []
    for ind in matching_indicators():
        rows.append(
            {
                "ind": ind,
                "status": status_text(ind.status),
                "table_v2_status": status_text(ind.table_v2_status),
                "geographies_status": status_text(ind.geographies_status),
            }
        )
    return rows


def index(request):
    code = (request.GET.get("kod") or "").strip()
    error = ""
    if code:
        if Region.objects.filter(code=code, kind__in=REGION_KINDS).exists():
            return redirect("matching:region", code=code)
        error = _("Okänd region: %(code)s. Välj ett län, en FA-region eller Riket.") % {"code": code}
    ctx = {"regions": _regions(), "definitions": _definitions(), "error": error}
    return render(request, "analysis/matching/index.html", ctx, status=400 if error else 200)


def _region(code: str) -> Region:
    return get_object_or_404(Region, code=code, kind__in=REGION_KINDS)


def region(request, code: str):
    page = matching_page(_region(code))
    charts = [{"chart": c, "svg": mark_safe(c.svg())} for c in page.charts]  # noqa: S308 - charts.py escapes
    return render(request, "analysis/matching/region.html", {"page": page, "charts": charts})


def teaching(request, code: str):
    page = matching_page(_region(code))
    return render(request, "analysis/matching/teaching.html", {"page": page})


def map_view(request):
    level = request.GET.get("niva", "lan")
    if level not in MAP_LEVELS:
        ctx = {"error": _("Nivå ska vara lan eller fa."), "level": level}
        return render(request, "analysis/matching/map.html", ctx, status=400)
    found = matching_map(level, period=request.GET.get("ar"))
    return render(request, "analysis/matching/map.html", {"map": found, "level": level})
