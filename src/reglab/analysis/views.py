"""Analysis pages: region profile, compare, map and their exports (read-only, GET, bookmarkable).

Each view parses the request, calls one builder (``profile``, ``series``, ``maps``, ``dynamics``,
``exports``) and renders; bad parameters are a one-line message with status 400.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reglab.analysis import charts, exports
from reglab.analysis.brp import brp_has_both_sources, brp_profile
from reglab.analysis.catalogue import measure_catalogue, ranking, region_series, similar_regions
from reglab.analysis.deck import region_deck
from reglab.analysis.dynamics import region_dynamics
from reglab.analysis.exports import VIEW_NAMES
from reglab.analysis.maps import class_map, map_page
from reglab.analysis.measures import (
    GENDERS,
    SCALE_TEXT,
    Measure,
    MeasureError,
    measure_and_gender,
    measure_choices,
    method_label,
)
from reglab.analysis.profile import ProfilePage, profile_page, run_modes_text
from reglab.analysis.series import Comparison, comparison_build, formation_build
from reglab.analysis.tradeoffs import quadrant_text, region_tradeoffs, scenario_label
from reglab.analysis.urban_rural import classes_of, urban_rural_split
from reglab.geography.models import Region, RegionKind
from reglab.reference.urban_rural import class_labels

# The analysis pillar's entry points; an entry whose app has no page yet is simply not shown.
SECTIONS = [
    (
        "analysis:region-pick",
        gettext_lazy("Regionprofil"),
        gettext_lazy(
            "BRP+ med kvinnor och män, Riket som referens och senaste statistiken för en region – med export."
        ),
    ),
    (
        "analysis:compare",
        gettext_lazy("Jämför regioner"),
        gettext_lazy(
            "Ett mått för flera regioner och grupper över tid: tabell, diagram, Excel och PowerPoint."
        ),
    ),
    (
        "analysis:map",
        gettext_lazy("Karta"),
        gettext_lazy("Ett BRP+-index eller mått över kommuner eller län, med klassgränser och tabell."),
    ),
    (
        "analysis:region-formation",
        gettext_lazy("Regionbildning"),
        gettext_lazy(
            "Slå ihop län eller kommuner och se den nya regionen bredvid sina delar, för valfritt mått."
        ),
    ),
    (
        "analysis:urban-rural",
        gettext_lazy("Stad och land"),
        gettext_lazy(
            "Valfritt mått per Tillväxtverkets stads- och landsbygdsklass, för Sverige eller inom ett län, "
            "med karta."
        ),
    ),
    (
        "matching:index",
        gettext_lazy("Matcha rätt"),
        gettext_lazy(
            "Regionala matchningsindikatorer för län och FA-regioner, med karta och hur man hämtar datan."
        ),
    ),
    (
        "analysis:catalogue",
        gettext_lazy("Måttkatalog och rangordning"),
        gettext_lazy("Sök bland alla mått på titel, id eller tema och se kommuner och län i rangordning."),
    ),
    (
        "indicators:index",
        gettext_lazy("BRP+"),
        gettext_lazy("Mått på livskvalitet och hållbar utveckling, beräknat enligt den officiella metoden."),
    ),
    (
        "statistics:dataset-list",
        gettext_lazy("Statistik"),
        gettext_lazy(
            "Tabeller från SCB:s statistikdatabas och nyckeltal från Kolada, med version, källa och export."
        ),
    ),
    (
        "geography:region-list",
        gettext_lazy("Regioner"),
        gettext_lazy(
            "Län, kommuner, FA-regioner och egna regiongrupper, t.ex. scenarier för regionbildning."
        ),
    ),
]
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def index(request):
    sections = []
    for name, title, text in SECTIONS:
        try:
            sections.append({"url": reverse(name), "title": title, "text": text})
        except NoReverseMatch:
            continue
    return render(request, "analysis/index.html", {"sections": sections})


def region_choice_groups(
    *, kinds: tuple[str, ...] = ("lan", "fa", "kommun", "group")
) -> list[tuple[str, list]]:
    """Regions for a picker, as option groups in the order an analyst looks for them: län, FA regions,
    kommuner per län, own groups (Riket is a separate first option in the templates)."""
    regions = list(
        Region.objects.exclude(kind=RegionKind.RIKET)
        .select_related("parent")
        .order_by("code")
        .only("code", "name", "kind", "parent__name")
    )
    out: list[tuple[str, list]] = []
    if "lan" in kinds:
        out.append((str(_("Län")), [r for r in regions if r.kind == RegionKind.LAN]))
    if "fa" in kinds:
        out.append((str(_("FA-regioner")), [r for r in regions if r.kind == RegionKind.FA]))
    if "kommun" in kinds:
        by_lan: dict[str, list] = {}
        for r in regions:
            if r.kind == RegionKind.KOMMUN:
                by_lan.setdefault(r.parent.name if r.parent else "", []).append(r)
        for lan in [r for r in regions if r.kind == RegionKind.LAN]:
            if lan.name in by_lan:
                out.append((_("Kommuner i %(lan)s") % {"lan": lan.name}, by_lan.pop(lan.name)))
        for rest in by_lan.values():
            out.append((str(_("Kommuner")), rest))
    if "group" in kinds:
        out.append(
            (
                str(_("Egna regiongrupper")),
                sorted((r for r in regions if r.kind == RegionKind.GROUP), key=lambda r: r.name),
            )
        )
    return [(label, items) for label, items in out if items]


def _region_options():
    return region_choice_groups()


def region_pick(request):
    code = (request.GET.get("kod") or "").strip()
    if code:
        found = (
            Region.objects.filter(code=code).first()
            or Region.objects.filter(name__iexact=code).order_by("kind").first()
        )
        if found is not None:
            return redirect("analysis:region", code=found.code)
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


def _error(request, message: str):
    return render(request, "analysis/error.html", {"error": message}, status=400)


def _profile(request, code: str) -> tuple[Region, ProfilePage]:
    region = get_object_or_404(Region, code=code)
    return region, profile_page(region, view=request.GET.get("vy"), source=request.GET.get("kalla"))


def _profile_context(page: ProfilePage) -> dict:
    ctx: dict = {
        "region": page.region,
        "profile": page.profile,
        "scale_text": SCALE_TEXT,
        "genders": GENDERS,
        "has_both_sources": brp_has_both_sources(),
        "source": page.source,
        "statistics": page.statistics,
        "links": page.links,
    }
    if page.profile is not None:
        ctx.update(
            {
                # Built by charts.py, which escapes all text.
                "radar_svg": mark_safe(page.radar_svg()),  # noqa: S308
                "radar_sex_svg": mark_safe(page.radar_sex_svg()),  # noqa: S308
                "bars_svg": mark_safe(page.bars_svg()),  # noqa: S308
                "view_name": VIEW_NAMES[page.profile.view],
                "method_text": method_label(page.profile.method),
                "modes_text": run_modes_text(page.profile.run),
            }
        )
    return ctx


def _profile_view(template: str):
    def view(request, code: str):
        try:
            _region, page = _profile(request, code)
        except MeasureError as exc:
            return _error(request, str(exc))
        return render(request, template, {**_profile_context(page), "query": request.GET.urlencode()})

    return view


region_profile = _profile_view("analysis/region_profile.html")
region_report = _profile_view("analysis/region_report.html")


def region_dynamics_view(request, code: str):
    """Ekonomi vs Miljö trade-offs and rank robustness (sex mode × reference year) for a kommun or län."""
    region = get_object_or_404(Region, code=code)
    lag = request.GET.get("lag", "5")
    if not lag.isdigit() or not 1 <= int(lag) <= 10:
        return _error(request, _("Laggat år ska vara ett heltal 1–10."))
    try:
        dynamics = region_dynamics(region, lag=int(lag))
        tradeoffs = region_tradeoffs(region)
    except ValueError as exc:  # MeasureError and the engine's one-line data errors
        return _error(request, str(exc))
    ctx: dict[str, object] = {"region": region, "dynamics": dynamics, "lag": int(lag), "tradeoffs": tradeoffs}
    ctx["robustness_rows"] = [
        {
            "part": part,
            "result": result,
            "rows": [{"label": scenario_label(s.key), "rank": s.rank} for s in result.scenarios],
        }
        for part, result in tradeoffs.robustness.items()
    ]
    ctx["tradeoff_view_name"] = VIEW_NAMES[tradeoffs.view]
    if tradeoffs.ekonomi_miljo is not None:
        ctx["ekonomi_miljo_quadrant"] = quadrant_text(tradeoffs.ekonomi_miljo.quadrant, "Ekonomi", "Miljö")
    if dynamics is None:
        # Without synced KPI values: the published Ekonomi/Miljö/Social index next to Riket's (issue 14).
        profile = brp_profile(region)
        ctx["sustainability"] = profile.sustainability_themes if profile is not None else []
        ctx["profile"] = profile
    else:
        ctx["view_name"] = VIEW_NAMES[dynamics.view]
        rob = dynamics.robustness or {}
        ctx["scenario_rows"] = [
            {"label": c.replace("|", ", "), "rank": rob.get(c)} for c in dynamics.scenarios
        ]
    return render(request, "analysis/region_dynamics.html", ctx)


def _download(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def region_export(request, code: str, fmt: str):
    if fmt not in EXPORT_TYPES:
        raise Http404(_("Okänt exportformat"))
    try:
        region, page = _profile(request, code)
    except MeasureError as exc:
        return _error(request, str(exc))
    if fmt == "pptx":
        name = f"workshop-{exports.slug(region.name)}-{region.code}"
        return _download(region_deck(page), fmt, name)
    bundle = exports.profile_bundle(page)
    if fmt == "xlsx":
        return _download(exports.to_xlsx(bundle), fmt, exports.profile_file_name(page))
    if not bundle.tables:
        return _error(request, _("Inga värden att exportera."))
    return _download(exports.to_csv(bundle.tables[0]), fmt, exports.profile_file_name(page))


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
    measure, ctx["errors"] = measure_and_gender(key, gender)
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
        comparison = comparison_build(measure, regions, gender=gender)
    except MeasureError as exc:
        ctx["errors"].append(str(exc))
        return ctx
    ctx.update(
        {
            "comparison": comparison,
            "measure": measure,
            "regions_selected": regions,
            "frame": comparison.frame,
            "periods": comparison.periods,
            "rows": comparison.rows,
            "brp_view": VIEW_NAMES[comparison.brp_view] if comparison.brp_view else "",
            "published": comparison.published,
            "any_approximation": comparison.any_approximation,
            "sources": comparison.sources,
            "notes": comparison.notes,
            "query": request.GET.urlencode(),
            "chart_svg": mark_safe(comparison.chart_svg()),  # noqa: S308 - charts.py escapes all text
        }
    )
    return ctx


def compare(request):
    ctx = _compare_context(request)
    return render(request, "analysis/compare.html", ctx, status=400 if ctx["errors"] else 200)


def compare_export(request, fmt: str):
    if fmt not in EXPORT_TYPES:
        raise Http404(_("Okänt exportformat"))
    ctx = _compare_context(request)
    if ctx["errors"] or "comparison" not in ctx:
        ctx["errors"] = ctx["errors"] or [_("Välj mått och regioner först.")]
        return render(request, "analysis/compare.html", ctx, status=400)
    comparison: Comparison = ctx["comparison"]
    if fmt == "pptx":
        view, source = request.GET.get("vy"), request.GET.get("kalla")
        try:
            profiles = [profile_page(r, view=view, source=source) for r in comparison.regions[:8]]
        except MeasureError as exc:
            return _error(request, str(exc))
        name = f"workshop-{exports.slug(comparison.measure.label)}"
        return _download(exports.compare_deck(comparison, profiles), fmt, name)
    bundle = exports.compare_bundle(comparison)
    if fmt == "csv":
        return _download(exports.to_csv(bundle.tables[0]), fmt, exports.compare_file_name(comparison))
    return _download(exports.to_xlsx(bundle), fmt, exports.compare_file_name(comparison))


# --- Map ---------------------------------------------------------------------------------------------


def _map_context(request) -> dict:
    """Parse the GET form; errors become a list of messages; a shown map adds ``page``."""
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
    measure, errors = measure_and_gender(key, gender)
    ctx["errors"] += errors
    if ctx["errors"] or measure is None:
        # Without parameters (the default measure on a first visit) a problem is shown, not an error status.
        return {**ctx, "status": 400 if request.GET else 200}
    try:
        page = map_page(measure, level, gender=gender, period=request.GET.get("period"))
    except MeasureError as exc:
        ctx["errors"].append(str(exc))
        return {**ctx, "status": 400}
    ctx.update(
        {
            "page": page,
            "measure": measure,
            "period": page.values.period,
            "drawing": page.drawing,
            "paths": page.paths,
            "legend": page.legend,
            "no_data_colour": charts.NO_DATA_COLOUR,
            "table": page.table,
            "published": measure.is_brp,
            "missing": page.missing,
            "notes": page.values.notes,
            "query": request.GET.urlencode(),
        }
    )
    return ctx


def map_view(request):
    ctx = _map_context(request)
    return render(request, "analysis/map.html", ctx, status=ctx.pop("status", 200))


def map_export(request, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404(_("Okänt exportformat"))
    ctx = _map_context(request)
    if "page" not in ctx:
        ctx.pop("status", None)
        return render(request, "analysis/map.html", ctx, status=400)
    bundle = exports.map_bundle(ctx["page"])
    name = exports.map_file_name(ctx["page"])
    if fmt == "csv":
        return _download(exports.to_csv(bundle.tables[0]), fmt, name)
    return _download(exports.to_xlsx(bundle), fmt, name)


# --- Find and rank (issue 14): catalogue, rankings, series with provenance, similar regions ---------


def _table_download(fmt: str, bundle: exports.ExportBundle, name: str) -> HttpResponse:
    if fmt == "csv":
        return _download(exports.to_csv(bundle.tables[0]), fmt, name)
    return _download(exports.to_xlsx(bundle), fmt, name)


def catalogue(request):
    """Every measure, searchable on title, id and theme; each links to its ranking."""
    query = request.GET.get("q", "").strip()[:200]
    entries = measure_catalogue(query)
    return render(
        request, "analysis/catalogue.html", {"entries": entries, "q": query, "query": request.GET.urlencode()}
    )


def catalogue_export(request, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404(_("Okänt exportformat"))
    entries = measure_catalogue(request.GET.get("q", "").strip()[:200])
    return _table_download(fmt, exports.catalogue_bundle(entries), "mattkatalog")


def _measure_form(request, **extra) -> tuple[dict, Measure | None]:
    """The measure and sex of a GET form (``m``, ``kon``): the context and the measure, or None with
    the problems in ``errors`` (no measure asked for: None and no errors)."""
    key, gender = request.GET.get("m", ""), request.GET.get("kon", "T")
    ctx: dict = {
        "choices": measure_choices(),
        "selected_measure": key,
        "gender": gender,
        "genders": GENDERS,
        "errors": [],
        "query": request.GET.urlencode(),
        **extra,
    }
    if not key:
        return ctx, None
    measure, ctx["errors"] = measure_and_gender(key, gender)
    return ctx, None if ctx["errors"] else measure


def _ranking_context(request) -> dict:
    level = request.GET.get("niva", "kommun")
    highlight = request.GET.get("r", "").strip()
    # One reverse for all rows: 290 {% url %} tags were a third of the page's time.
    base = reverse("analysis:region-pick")
    ctx, measure = _measure_form(request, level=level, highlight=highlight, region_base=base)
    if measure is None:
        return ctx
    try:
        ctx["ranking"] = ranking(measure, level, gender=ctx["gender"], highlight=highlight)
    except MeasureError as exc:
        ctx["errors"].append(str(exc))
    return ctx


def ranking_view(request):
    ctx = _ranking_context(request)
    return render(request, "analysis/ranking.html", ctx, status=400 if ctx["errors"] else 200)


def ranking_export(request, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404(_("Okänt exportformat"))
    ctx = _ranking_context(request)
    if "ranking" not in ctx:
        ctx["errors"] = ctx["errors"] or [_("Välj ett mått först.")]
        return render(request, "analysis/ranking.html", ctx, status=400)
    result = ctx["ranking"]
    name = f"rangordning-{exports.slug(result.measure.label)}-{result.level}"
    return _table_download(fmt, exports.ranking_bundle(result), name)


def _series_context(request, code: str) -> dict:
    region = get_object_or_404(Region, code=code)
    ctx, measure = _measure_form(request, region=region)
    if measure is None:
        return ctx
    try:
        ctx["measure"], ctx["points"], ctx["notes"] = region_series(measure.key, region, gender=ctx["gender"])
    except MeasureError as exc:
        ctx["errors"].append(str(exc))
        return ctx
    ctx["chart_svg"] = mark_safe(  # noqa: S308 - charts.py escapes all text
        charts.line_svg(
            [p.period for p in ctx["points"]],
            [(region.name, [p.value for p in ctx["points"]])],
            title=ctx["measure"].label,
        )
    )
    return ctx


def region_series_view(request, code: str):
    ctx = _series_context(request, code)
    return render(request, "analysis/region_series.html", ctx, status=400 if ctx["errors"] else 200)


def region_series_export(request, code: str, fmt: str):
    if fmt not in {"csv", "xlsx", "svg"}:
        raise Http404(_("Okänt exportformat"))
    ctx = _series_context(request, code)
    if "points" not in ctx:
        ctx["errors"] = ctx["errors"] or [_("Välj ett mått först.")]
        return render(request, "analysis/region_series.html", ctx, status=400)
    region, measure = ctx["region"], ctx["measure"]
    name = f"tidsserie-{exports.slug(measure.label)}-{region.code}"
    if fmt == "svg":
        return _svg_download(str(ctx["chart_svg"]), name)
    return _table_download(fmt, exports.series_bundle(region, measure, ctx["points"], ctx["notes"]), name)


def region_similar(request, code: str):
    region = get_object_or_404(Region, code=code)
    try:
        similar = similar_regions(region)
    except MeasureError as exc:
        return _error(request, str(exc))
    return render(request, "analysis/region_similar.html", {"region": region, "similar": similar})


def _svg_download(svg: str, name: str) -> HttpResponse:
    content = svg if svg.lstrip().startswith("<?xml") else '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
    response = HttpResponse(content.encode("utf-8"), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    return response


PROFILE_CHARTS = {"radar": "radar_svg", "radar-kon": "radar_sex_svg", "hallbarhet": "bars_svg"}


def region_chart(request, code: str, chart: str):
    """A profile chart as an SVG file (the same drawing as on the page)."""
    if chart not in PROFILE_CHARTS:
        raise Http404(_("Okänt diagram"))
    try:
        region, page = _profile(request, code)
    except MeasureError as exc:
        return _error(request, str(exc))
    if page.profile is None:
        return _error(request, _("Inga BRP+-resultat finns ännu (importera: reglab brp import-official)."))
    svg = getattr(page, PROFILE_CHARTS[chart])()
    return _svg_download(svg, f"{chart}-{exports.slug(region.name)}-{region.code}")


# --- Region formation ---------------------------------------------------------------------------------


def region_formation(request):
    """Pick län or kommuner (or start from a group) and see the merged region next to its parts."""
    group_code = (request.GET.get("grupp") or "").strip()
    codes = [c.strip() for c in request.GET.getlist("r") if c.strip()]
    group = None
    if group_code:
        group = Region.objects.filter(code=group_code, kind=RegionKind.GROUP).first()
        if group is None:
            return _error(request, _("Okänd regiongrupp: %(code)s.") % {"code": group_code})
        codes = codes or list(group.members.order_by("code").values_list("code", flat=True))
    key = request.GET.get("m", "")
    gender = request.GET.get("kon", "T")
    ctx: dict = {
        "choices": measure_choices(),
        "regions": region_choice_groups(kinds=("lan", "kommun")),
        "selected_measure": key,
        "selected_regions": codes,
        "gender": gender,
        "genders": GENDERS,
        "group": group,
        "errors": [],
        "scale_text": SCALE_TEXT,
    }
    if not (key and codes):
        return render(request, "analysis/region_formation.html", ctx)
    measure, ctx["errors"] = measure_and_gender(key, gender)
    parts = list(Region.objects.filter(code__in=codes, kind__in=[RegionKind.LAN, RegionKind.KOMMUN]))
    unknown = sorted(set(codes) - {p.code for p in parts})
    if unknown:
        ctx["errors"].append(
            _("Välj län eller kommuner; okända: %(codes)s.") % {"codes": ", ".join(unknown[:10])}
        )
    if len(codes) > 60:
        ctx["errors"].append(_("Högst 60 delar åt gången."))
    if ctx["errors"] or measure is None:
        return render(request, "analysis/region_formation.html", ctx, status=400)
    try:
        formation = formation_build(measure, parts, gender=gender, label=group.name if group else "")
    except MeasureError as exc:
        ctx["errors"].append(str(exc))
        return render(request, "analysis/region_formation.html", ctx, status=400)
    ctx.update({"measure": measure, "formation": formation, "chart_svg": mark_safe(formation.chart_svg())})  # noqa: S308
    return render(request, "analysis/region_formation.html", ctx)


# --- Urban/rural ----------------------------------------------------------------------------------------


def urban_rural(request):
    """Any measure split by Tillväxtverket's urban/rural classes, for Sweden or within a län, with the map."""
    key = request.GET.get("m", "brp:Livskvalitet")
    scheme = request.GET.get("schema", "3")
    lan_code = (request.GET.get("lan") or "").strip()
    gender = request.GET.get("kon", "T")
    ctx: dict = {
        "choices": measure_choices(),
        "selected_measure": key,
        "scheme": scheme,
        "lan_code": lan_code,
        "lan_options": Region.objects.lan().order_by("code").only("code", "name"),
        "gender": gender,
        "genders": GENDERS,
        "errors": [],
        "scale_text": SCALE_TEXT,
    }
    lan = None
    if scheme not in {"3", "6"}:
        ctx["errors"].append(_("Välj indelning 3 eller 6 klasser."))
    if lan_code:
        lan = Region.objects.lan().filter(code=lan_code).first()
        if lan is None:
            ctx["errors"].append(_("Okänt län: %(code)s.") % {"code": lan_code})
    measure, errors = measure_and_gender(key, gender)
    ctx["errors"] += errors
    if ctx["errors"] or measure is None:
        asked = {"m", "schema", "lan", "kon"} & request.GET.keys()  # not ?lang=en alone
        return render(request, "analysis/urban_rural.html", ctx, status=400 if asked else 200)
    labels = class_labels(int(scheme))
    ctx["class_map"] = class_map(classes_of(int(scheme)), labels, lan=lan)
    ctx["no_data_colour"] = charts.NO_DATA_COLOUR
    try:
        split = urban_rural_split(measure, int(scheme), lan=lan, gender=gender)
    except MeasureError as exc:
        ctx["errors"].append(str(exc))
        return render(request, "analysis/urban_rural.html", ctx, status=400)
    ctx.update(
        {"measure": measure, "split": split, "lan": lan, "chart_svg": mark_safe(split.chart_svg())}  # noqa: S308
    )
    return render(request, "analysis/urban_rural.html", ctx)
