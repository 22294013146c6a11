"""Analysis pages: region profile, compare, map and their exports (read-only, GET, bookmarkable)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reglab.analysis import charts, exports
from reglab.analysis.selectors import (
    GENDERS,
    METHOD_PUBLISHED,
    SCALE_TEXT,
    Measure,
    MeasureError,
    brp_compare_view,
    brp_has_both_sources,
    brp_latest_run,
    brp_profile,
    compare_table,
    map_values,
    measure_choices,
    measure_resolve,
    method_label,
    region_dynamics,
    series_for,
    statistics_latest,
)
from reglab.geography.models import Region, RegionKind
from reglab.geography.svg import svg_paths

# The analysis pillar's entry points; an entry whose app has no page yet is simply not shown.
SECTIONS = [
    (
        "analysis:region-pick",
        _lazy("Regionprofil"),
        _lazy(
            "BRP+ med kvinnor och män, Riket som referens och senaste statistiken för en region – med export."
        ),
    ),
    (
        "analysis:compare",
        _lazy("Jämför regioner"),
        _lazy("Ett mått för flera regioner och grupper över tid: tabell, diagram, Excel och PowerPoint."),
    ),
    (
        "analysis:map",
        _lazy("Karta"),
        _lazy("Ett BRP+-index eller mått över kommuner eller län, med klassgränser och tabell."),
    ),
    (
        "indicators:index",
        _lazy("BRP+"),
        _lazy("Mått på livskvalitet och hållbar utveckling, beräknat enligt den officiella metoden."),
    ),
    (
        "statistics:dataset-list",
        _lazy("Statistik"),
        _lazy(
            "Tabeller från SCB:s statistikdatabas och nyckeltal från Kolada, med version, källa och export."
        ),
    ),
    (
        "geography:region-list",
        _lazy("Regioner"),
        _lazy("Län, kommuner, FA-regioner och egna regiongrupper, t.ex. scenarier för regionbildning."),
    ),
]
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
VIEW_NAMES = {"K": _lazy("kommunindex"), "L": _lazy("regionindex")}


def _resolve_measure_and_gender(key: str, gender: str, errors: list) -> Measure | None:
    """The chosen measure, or None; problems with the measure or the sex go to `errors`."""
    if gender not in {"T", "K", "M"}:
        errors.append(_("Okänt kön: välj T, K eller M."))
    try:
        return measure_resolve(key)
    except MeasureError as exc:
        errors.append(str(exc))
        return None


def index(request):
    sections = []
    for name, title, text in SECTIONS:
        try:
            sections.append({"url": reverse(name), "title": title, "text": text})
        except NoReverseMatch:
            continue
    return render(request, "analysis/index.html", {"sections": sections})


def _region_options():
    return Region.objects.exclude(kind=RegionKind.RIKET).order_by("kind", "code").only("code", "name", "kind")


def region_pick(request):
    code = (request.GET.get("kod") or "").strip()
    if code:
        if Region.objects.filter(code=code).exists():
            return redirect("analysis:region", code=code)
        error = _("Okänd region: %(code)s.") % {"code": code}
    else:
        error = ""
    riket = Region.objects.filter(kind=RegionKind.RIKET).first()
    return render(
        request,
        "analysis/region_pick.html",
        {"regions": _region_options(), "riket": riket, "error": error},
        status=400 if error else 200,
    )


# --- Region profile ----------------------------------------------------------------------------------


def _profile_context(request, region: Region) -> dict:
    requested_view = request.GET.get("vy")
    if requested_view not in {None, "", "K", "L"}:
        raise MeasureError(_("Okänd vy: välj K (kommunindex) eller L (regionindex)."))
    source = request.GET.get("kalla") or "officiell"
    if source not in {"officiell", "beraknad"}:
        raise MeasureError(_("Okänd källa: välj officiell eller beraknad."))
    run = brp_latest_run(prefer="computed" if source == "beraknad" else "official")
    profile = brp_profile(region, run=run, view=requested_view or None)
    ctx: dict = {
        "region": region,
        "profile": profile,
        "scale_text": SCALE_TEXT,
        "genders": GENDERS,
        "has_both_sources": brp_has_both_sources(),
        "source": source,
    }
    if profile is not None:
        themes = profile.life_themes
        axes = [r["short"] for r in themes]
        radar_series = [
            (region.name + " – " + _("totalt"), [r["T"] for r in themes]),
            (_("Riket – totalt"), [r["riket_T"] for r in themes]),
        ]
        sex_series = [
            (_("Kvinnor"), [r["K"] for r in themes]),
            (_("Män"), [r["M"] for r in themes]),
            (_("Riket – totalt"), [r["riket_T"] for r in themes]),
        ]
        sus = profile.sustainability_themes
        bar_series = [(name, [r[g] for r in sus]) for g, name in GENDERS]
        bar_series.append((_("Riket – totalt"), [r["riket_T"] for r in sus]))
        ctx.update(
            {
                "radar_svg": mark_safe(  # noqa: S308 - built by charts.py, which escapes all text
                    charts.radar_svg(
                        axes,
                        radar_series,
                        title=_("Livskvalitet T1–T12: %(r)s och Riket") % {"r": region.name},
                    )
                ),
                "radar_sex_svg": mark_safe(  # noqa: S308
                    charts.radar_svg(
                        axes,
                        sex_series,
                        title=_("Livskvalitet T1–T12: kvinnor och män i %(r)s") % {"r": region.name},
                        ident="radar-sex",
                    )
                ),
                "bars_svg": mark_safe(  # noqa: S308
                    charts.bars_svg(
                        [r["label"] for r in sus],
                        bar_series,
                        title=_("Hållbarhet: Ekonomi, Miljö, Social i %(r)s") % {"r": region.name},
                    )
                ),
                "view_name": VIEW_NAMES[profile.view],
                "method_text": method_label(profile.method),
                "radar_axes": axes,
                "radar_series": radar_series,
                "bar_series": bar_series,
            }
        )
    ctx["statistics"] = statistics_latest(region)
    ctx["links"] = _region_links(region)
    return ctx


def _region_links(region: Region) -> dict:
    from reglab.plans.models import ActionPlan

    regions = [region]
    if region.parent_id:
        regions.append(region.parent)
    plans = ActionPlan.objects.filter(organisation__region__in=regions).select_related("organisation")[:20]
    return {
        "lan": region.parent if region.kind == RegionKind.KOMMUN else None,
        "fa": region.fa_region,
        "groups": list(region.groups.all()[:20]),
        "members": (
            list(region.members.all()[:60])
            if region.kind == RegionKind.GROUP
            else list(region.fa_members.order_by("code")[:60])
            if region.kind == RegionKind.FA
            else []
        ),
        "plans": list(plans),
    }


def region_profile(request, code: str):
    region = get_object_or_404(Region, code=code)
    try:
        ctx = _profile_context(request, region)
    except MeasureError as exc:
        return render(request, "analysis/error.html", {"error": str(exc)}, status=400)
    ctx["query"] = request.GET.urlencode()
    return render(request, "analysis/region_profile.html", ctx)


def region_dynamics_view(request, code: str):
    """Ekonomi vs Miljö trade-offs and rank robustness (sex mode × reference year) for a kommun or län."""
    region = get_object_or_404(Region, code=code)
    lag = request.GET.get("lag", "5")
    if not lag.isdigit() or not 1 <= int(lag) <= 10:
        return render(
            request, "analysis/error.html", {"error": _("Laggat år ska vara ett heltal 1–10.")}, status=400
        )
    try:
        dynamics = region_dynamics(region, lag=int(lag))
    except MeasureError as exc:
        return render(request, "analysis/error.html", {"error": str(exc)}, status=400)
    except ValueError as exc:  # the engine's one-line data errors
        return render(request, "analysis/error.html", {"error": str(exc)}, status=400)
    ctx = {"region": region, "dynamics": dynamics, "lag": int(lag)}
    if dynamics is not None:
        ctx["view_name"] = VIEW_NAMES[dynamics.view]
        rob = dynamics.robustness or {}
        ctx["scenario_rows"] = [
            {"label": c.replace("|", ", "), "rank": rob.get(c)} for c in dynamics.scenarios
        ]
    return render(request, "analysis/region_dynamics.html", ctx)


def region_report(request, code: str):
    region = get_object_or_404(Region, code=code)
    try:
        ctx = _profile_context(request, region)
    except MeasureError as exc:
        return render(request, "analysis/error.html", {"error": str(exc)}, status=400)
    return render(request, "analysis/region_report.html", ctx)


def _profile_bundle(region: Region, ctx: dict) -> exports.ExportBundle:
    profile = ctx["profile"]
    tables = []
    sources = []
    if profile is not None:
        rows = [
            [
                region.code,
                region.name,
                r["level"],
                r["part"],
                r["code"],
                r["label"],
                r["T"],
                r["K"],
                r["M"],
                r["riket_T"],
                r["riket_K"],
                r["riket_M"],
                profile.method,
            ]
            for r in profile.rows
        ]
        tables.append(
            exports.Table(
                "BRP+",
                [
                    "region_kod",
                    "region",
                    "niva",
                    "del",
                    "kod",
                    "namn",
                    "totalt",
                    "kvinnor",
                    "man",
                    "riket_totalt",
                    "riket_kvinnor",
                    "riket_man",
                    "metod",
                ],
                rows,
            )
        )
        run = profile.run
        sources.append(
            [
                f"BRP+ {run.config.stampelar} ({VIEW_NAMES[profile.view]})",
                "Källa: Kolada" if profile.is_published else run.get_source_display(),
                f"körning {run.pk}, konfiguration {run.config.stampelar}",
                f"{run.modes_label}; {method_label(profile.method)}",
            ]
        )
    stats = ctx["statistics"]
    if stats:
        tables.append(
            exports.Table(
                "Statistik",
                [
                    "region_kod",
                    "dataset",
                    "matt",
                    "dimensioner",
                    "period",
                    "totalt",
                    "kvinnor",
                    "man",
                    "status",
                    "enhet",
                ],
                [
                    [
                        region.code,
                        s["dataset"].external_id,
                        s["measure"],
                        s["dimensions"],
                        s["period"],
                        s["total"],
                        s["women"],
                        s["men"],
                        s["status"],
                        s["unit"],
                    ]
                    for s in stats
                ],
            )
        )
        seen = set()
        for s in stats:
            v = s["version"]
            if v.pk in seen:
                continue
            seen.add(v.pk)
            sources.append(
                [
                    s["dataset"].title or s["dataset"].external_id,
                    s["attribution"],
                    f"version {v.number}, hämtad {v.fetched_at:%Y-%m-%d}",
                    v.origin[:200],
                ]
            )
    return exports.ExportBundle(title=region.name, tables=tables, sources=sources)


def _profile_slide(region: Region, ctx: dict) -> exports.ProfileSlide | None:
    profile = ctx.get("profile")
    if profile is None:
        return None
    sus = profile.sustainability_themes
    note = method_label(profile.method)
    if profile.is_approximation:
        note = _("Approximation från %(n)d kommuner: %(m)s.") % {"n": profile.members, "m": note}
    return exports.ProfileSlide(
        region_name=region.name,
        subtitle=_("BRP+ %(year)s, %(view)s. %(src)s")
        % {
            "year": profile.run.config.stampelar,
            "view": VIEW_NAMES[profile.view],
            "src": "Källa: Kolada" if profile.is_published else "",
        },
        themes=ctx["radar_axes"],
        series=ctx["radar_series"],
        bars_categories=[r["label"] for r in sus],
        bars_series=ctx["bar_series"],
        note=note,
    )


def _download(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def region_export(request, code: str, fmt: str):
    region = get_object_or_404(Region, code=code)
    if fmt not in EXPORT_TYPES:
        raise Http404(_("Okänt exportformat"))
    try:
        ctx = _profile_context(request, region)
    except MeasureError as exc:
        return render(request, "analysis/error.html", {"error": str(exc)}, status=400)
    bundle = _profile_bundle(region, ctx)
    profile = ctx["profile"]
    year = profile.run.config.stampelar if profile else ""
    name = f"regionprofil-{exports.slug(region.name)}-{region.code}" + (f"-brp{year}" if year else "")
    if fmt == "csv":
        if not bundle.tables:
            return render(
                request, "analysis/error.html", {"error": _("Inga värden att exportera.")}, status=400
            )
        return _download(exports.to_csv(bundle.tables[0]), fmt, name)
    if fmt == "xlsx":
        return _download(exports.to_xlsx(bundle), fmt, name)
    slide = _profile_slide(region, ctx)
    comparison = None
    if profile is not None:
        parts = profile.parts
        comparison = exports.ComparisonSlide(
            title=_("%(r)s jämfört med Riket: BRP+ delindex") % {"r": region.name},
            periods=[p["label"] for p in parts],
            series=[(region.name, [p["T"] for p in parts]), (_("Riket"), [p["riket_T"] for p in parts])],
            note=SCALE_TEXT,
        )
    deck = exports.to_pptx(
        title=_("Regionprofil: %(r)s") % {"r": region.name},
        subtitle=_("Underlag för workshop – Reglab"),
        profiles=[slide] if slide else [],
        comparison=comparison,
        sources=bundle.sources or [[_("Inga källor"), "", "", ""]],
    )
    return _download(deck, "pptx", f"workshop-{exports.slug(region.name)}-{region.code}")


# --- Compare ---------------------------------------------------------------------------------------


def _compare_context(request) -> dict:
    """Parse the GET form; errors become a list of messages (never an exception)."""
    key = request.GET.get("m", "")
    codes = [c.strip() for c in request.GET.getlist("r") if c.strip()]
    gender = request.GET.get("kon", "T")
    ctx = {
        "choices": measure_choices(),
        "regions": _region_options(),
        "selected_measure": key,
        "selected_regions": codes,
        "gender": gender,
        "genders": GENDERS,
        "errors": [],
        "scale_text": SCALE_TEXT,
        "submitted": bool(key or codes),
    }
    if not ctx["submitted"]:
        return ctx
    measure = _resolve_measure_and_gender(key, gender, ctx["errors"])
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        ctx["errors"].append(_("Okända regioner: %(codes)s.") % {"codes": ", ".join(unknown[:10])})
    if not codes:
        ctx["errors"].append(_("Välj minst en region."))
    if len(codes) > 20:
        ctx["errors"].append(_("Högst 20 regioner åt gången."))
    if ctx["errors"] or measure is None:
        return ctx
    regions = [found[c] for c in dict.fromkeys(codes)]
    try:
        frame = series_for(measure, regions, gender=gender)
    except MeasureError as exc:
        ctx["errors"].append(str(exc))
        return ctx
    periods, rows = compare_table(frame, regions)
    ctx.update(
        {
            "measure": measure,
            "regions_selected": regions,
            "frame": frame,
            "periods": periods,
            "rows": rows,
            "brp_view": VIEW_NAMES[brp_compare_view(regions)] if measure.is_brp else "",
            "published": measure.is_brp and (frame["method"] == METHOD_PUBLISHED).any(),
            "any_approximation": any(r["approximation"] for r in rows),
            "sources": sorted(set(frame["source"])) if not frame.empty else [],
            "notes": frame.attrs.get("notes", []),
            "query": request.GET.urlencode(),
            "chart_svg": mark_safe(  # noqa: S308 - charts.py escapes all text
                charts.line_svg(
                    periods,
                    [(r["region"].name, r["values"]) for r in rows],
                    title=_("%(m)s per period") % {"m": measure.label},
                )
            ),
        }
    )
    return ctx


def compare(request):
    ctx = _compare_context(request)
    return render(request, "analysis/compare.html", ctx, status=400 if ctx["errors"] else 200)


def _compare_bundle(ctx: dict) -> exports.ExportBundle:
    measure = ctx["measure"]
    frame = ctx["frame"]
    names = {r.code: r.name for r in ctx["regions_selected"]}
    rows = [
        [
            r.region,
            names.get(r.region, r.region),
            measure.key,
            measure.label,
            ctx["gender"],
            r.period,
            r.value,
            r.method,
            r.members,
            r.members_with_value,
            r.source,
        ]
        for r in frame.itertuples(index=False)
    ]
    table = exports.Table(
        "Jämförelse",
        [
            "region_kod",
            "region",
            "matt_id",
            "matt",
            "kon",
            "period",
            "varde",
            "metod",
            "medlemmar",
            "medlemmar_med_varde",
            "kalla",
        ],
        rows,
    )
    sources = [
        [measure.label, s, measure.version.number if measure.version else "", measure.rule or ctx["brp_view"]]
        for s in ctx["sources"]
    ]
    methods = sorted(set(frame["method"])) if not frame.empty else []
    sources += [[_("Metod"), m, "", method_label(m)] for m in methods]
    return exports.ExportBundle(title=measure.label, tables=[table], sources=sources)


def compare_export(request, fmt: str):
    if fmt not in EXPORT_TYPES:
        raise Http404(_("Okänt exportformat"))
    ctx = _compare_context(request)
    if ctx["errors"] or "measure" not in ctx:
        ctx["errors"] = ctx["errors"] or [_("Välj mått och regioner först.")]
        return render(request, "analysis/compare.html", ctx, status=400)
    bundle = _compare_bundle(ctx)
    measure = ctx["measure"]
    name = f"jamforelse-{exports.slug(measure.label)}-{len(ctx['regions_selected'])}-regioner"
    if fmt == "csv":
        return _download(exports.to_csv(bundle.tables[0]), fmt, name)
    if fmt == "xlsx":
        return _download(exports.to_xlsx(bundle), fmt, name)
    profiles = []
    for region in ctx["regions_selected"][:8]:
        pctx = _profile_context(request, region)
        slide = _profile_slide(region, pctx)
        if slide:
            profiles.append(slide)
    note = "; ".join(sorted({m for r in ctx["rows"] for m in r["methods"]}))
    deck = exports.to_pptx(
        title=_("Jämförelse: %(m)s") % {"m": measure.label},
        subtitle=", ".join(r.name for r in ctx["regions_selected"]),
        profiles=profiles,
        comparison=exports.ComparisonSlide(
            title=measure.label,
            periods=ctx["periods"],
            series=[(r["region"].name, r["values"]) for r in ctx["rows"]],
            note=note,
        ),
        sources=bundle.sources,
    )
    return _download(deck, "pptx", f"workshop-{exports.slug(measure.label)}")


# --- Map ---------------------------------------------------------------------------------------------


def map_view(request):
    key = request.GET.get("m", "brp:Livskvalitet")
    level = request.GET.get("niva", "kommun")
    gender = request.GET.get("kon", "T")
    ctx = {
        "choices": measure_choices(),
        "selected_measure": key,
        "level": level,
        "gender": gender,
        "genders": GENDERS,
        "errors": [],
    }
    if level not in {"kommun", "lan", "fa"}:
        ctx["errors"].append(_("Nivå ska vara kommun, lan eller fa."))
    measure = _resolve_measure_and_gender(key, gender, ctx["errors"])
    if ctx["errors"] or measure is None:
        return render(request, "analysis/map.html", ctx, status=400 if request.GET else 200)
    try:
        values, period, notes = map_values(measure, level, gender=gender, period=request.GET.get("period"))
    except MeasureError as exc:
        ctx["errors"].append(str(exc))
        return render(request, "analysis/map.html", ctx, status=400)
    kind = {"kommun": RegionKind.KOMMUN, "lan": RegionKind.LAN, "fa": RegionKind.FA}[level]
    regions = list(Region.objects.filter(kind=kind).order_by("code").only("code", "name", "geometry"))
    breaks = charts.quantile_breaks([v for v in values.values() if v is not None])
    colours = charts.class_colours(len(breaks))
    shapes, table = [], []
    for region in regions:
        value = values.get(region.code)
        cls = charts.class_of(value, breaks)
        table.append({"region": region, "value": value, "class": None if cls is None else cls + 1})
        if region.geometry:
            shapes.append((region.code, region.geometry, "c" if cls is None else f"c{cls}"))
    drawing = svg_paths(shapes, width=480) if shapes else None
    names = {r.code: r.name for r in regions}
    paths = []
    if drawing:
        for p in drawing["paths"]:
            value = values.get(p["id"])
            cls = charts.class_of(value, breaks)
            paths.append(
                {
                    **p,
                    "fill": charts.NO_DATA_COLOUR if cls is None else colours[cls],
                    "label": f"{names[p['id']]}: {charts._fmt(value)}",
                }
            )
    legend = []
    lower = min((v for v in values.values() if v is not None), default=None)
    for k, upper in enumerate(breaks):
        legend.append({"colour": colours[k], "low": lower if k == 0 else breaks[k - 1], "high": upper})
    ctx.update(
        {
            "measure": measure,
            "period": period,
            "drawing": drawing,
            "paths": paths,
            "legend": legend,
            "no_data_colour": charts.NO_DATA_COLOUR,
            "table": table,
            "published": measure.is_brp,
            "missing": sum(1 for r in table if r["value"] is None),
            "notes": notes,
        }
    )
    return render(request, "analysis/map.html", ctx)
