"""The workshop deck for one region: the profile, its themes, kommuner, time series and trade-offs as slides.

Every number comes from the same builders as the pages (``ProfilePage``, ``comparison_build``,
``region_tradeoffs``), so the deck shows what the pages show; ``exports.deck_pptx`` lays the slides
out on a grid (no two shapes overlap).
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from reglab.analysis.brp import brp_level_values
from reglab.analysis.exports import (
    VIEW_NAMES,
    ChartBlock,
    DeckSlide,
    TableBlock,
    TextBlock,
    deck_pptx,
    profile_bundle,
    sources_slide,
)
from reglab.analysis.measures import SCALE_TEXT, MeasureError, measure_resolve
from reglab.analysis.profile import ProfilePage
from reglab.analysis.series import comparison_build
from reglab.analysis.tradeoffs import TradeoffPage, region_tradeoffs, scenario_label
from reglab.geography.models import Region, RegionKind

MAX_INDICATORS = 5  # per theme on the strongest/weakest slides
POPULATION_FIRST = ("N01951",)  # the time series slide prefers population when it is stored


def fmt(value: float | None, digits: int = 1) -> str:
    """A number as the pages show it (locale decimal separator), "–" without a value."""
    return "–" if value is None else number_format(value, digits)


def theme_label(row: dict) -> str:
    """'T6 Arbete och löner' for numbered themes, 'Miljö' for the sustainability themes."""
    return f"{row['code']} {row['label']}" if row["code"] != row["label"] else row["label"]


def _theme_indicators(page: ProfilePage) -> dict[str, list[str]]:
    assert page.profile is not None
    out: dict[str, list[str]] = {}
    for ind in page.profile.run.config.data.get("indicators", []):
        out.setdefault(ind.get("theme", ""), []).append(ind.get("name_sv") or ind.get("kpi", ""))
    return out


def _overview(page: ProfilePage) -> DeckSlide:
    profile = page.profile
    assert profile is not None
    life = profile.life_themes
    rows = [[p["label"], fmt(p["T"]), fmt(p["riket_T"])] for p in profile.parts]
    rows += [[theme_label(r), fmt(r["T"]), fmt(r["riket_T"])] for r in profile.sustainability_themes]
    return DeckSlide(
        title=_("BRP+ i överblick: %(r)s") % {"r": page.region.name},
        blocks=[
            ChartBlock(
                "radar",
                _("Livskvalitet per tema"),
                [theme_label(r) for r in life],
                [(page.region.name, [r["T"] for r in life]), (_("Riket"), [r["riket_T"] for r in life])],
            ),
            TableBlock([_("Index"), page.region.name, _("Riket")], rows),
        ],
        note=_("BRP+ %(year)s, %(view)s. %(scale)s")
        % {"year": profile.run.config.stampelar, "view": VIEW_NAMES[profile.view], "scale": SCALE_TEXT},
    )


def _ranked_themes(page: ProfilePage) -> list[dict]:
    assert page.profile is not None
    themes = [r for r in page.profile.rows if r["level"] == "theme" and r["T"] is not None]
    return sorted(themes, key=lambda r: r["T"], reverse=True)


def _themes_slide(page: ProfilePage, rows: list[dict], title: str) -> DeckSlide:
    indicators = _theme_indicators(page)
    lines = []
    for r in rows:
        names = indicators.get(r["code"], [])
        more = len(names) - MAX_INDICATORS
        listed = "; ".join(names[:MAX_INDICATORS]) + (f" (+{more})" if more > 0 else "")
        lines.append(f"{theme_label(r)}: {listed}")
    return DeckSlide(
        title=title,
        blocks=[
            TableBlock(
                [_("Tema"), page.region.name, _("Riket")],
                [[theme_label(r), fmt(r["T"]), fmt(r["riket_T"])] for r in rows],
            ),
            TextBlock([_("Indikatorer i temat:"), *lines]),
        ],
        note=str(SCALE_TEXT),
    )


def breakdown_regions(region: Region) -> tuple[str, Region | None, list[Region]]:
    """(level, the region whose parts are shown, the parts): a kommun's län, a län's kommuner, Riket's län."""
    if region.kind == RegionKind.RIKET:
        return "lan", region, list(Region.objects.filter(kind=RegionKind.LAN).order_by("code"))
    if region.kind == RegionKind.KOMMUN:
        whole = region.parent
        return "kommun", whole, list(whole.children.order_by("code")) if whole else [region]
    if region.kind == RegionKind.LAN:
        return "kommun", region, list(region.children.order_by("code"))
    codes = region.kommun_codes()
    return "kommun", region, list(Region.objects.filter(code__in=codes).order_by("code"))


def _breakdown(page: ProfilePage) -> DeckSlide:
    level, whole, parts = breakdown_regions(page.region)
    run = page.profile.run if page.profile else None
    series = []
    for key in ("brp:Livskvalitet", "brp:Hållbarhet"):
        measure = measure_resolve(key)
        values = brp_level_values(run, measure, level, "T") if run else {}
        series.append((measure.label, [values.get(r.code) for r in parts]))
    view = VIEW_NAMES["K" if level == "kommun" else "L"]
    name = whole.name if whole else page.region.name
    return DeckSlide(
        title=_("Kommunerna i %(r)s") % {"r": name} if level == "kommun" else _("Länen i Sverige"),
        blocks=[
            ChartBlock("bar", _("BRP+ per del (%(view)s)") % {"view": view}, [r.name for r in parts], series)
        ],
        note=_("Publicerade index per %(level)s; %(n)d områden.")
        % {"level": _("kommun") if level == "kommun" else _("län"), "n": len(parts)},
    )


def _time_series(page: ProfilePage) -> tuple[DeckSlide, list[str]]:
    """The longest stored statistics series for the region next to its län or Riket."""
    keys = [s["key"] for s in page.statistics if not s["dimensions"]]
    keys.sort(key=lambda k: k.rsplit(":", 1)[-1] not in POPULATION_FIRST)
    region = page.region
    reference = region.parent if region.kind == RegionKind.KOMMUN and region.parent else None
    reference = reference or Region.objects.filter(kind=RegionKind.RIKET).first()
    regions = [region] + ([reference] if reference and reference != region else [])
    for key in keys[:8]:
        try:
            comparison = comparison_build(measure_resolve(key), regions)
        except MeasureError:
            continue
        if len(comparison.periods) < 2:
            continue
        return (
            DeckSlide(
                title=_("Över tid: %(m)s") % {"m": comparison.measure.label},
                blocks=[
                    ChartBlock(
                        "line",
                        comparison.measure.label,
                        comparison.periods,
                        [(r["region"].name, r["values"]) for r in comparison.rows],
                    )
                ],
                note="; ".join(comparison.sources)[:300],
            ),
            comparison.sources,
        )
    return (
        DeckSlide(
            title=_("Över tid"),
            blocks=[
                TextBlock([_("Ingen lagrad tidsserie med flera år för regionen ännu (importera statistik).")])
            ],
        ),
        [],
    )


def _urban_rural(page: ProfilePage) -> DeckSlide:
    from reglab.analysis.urban_rural_split import urban_rural_rows

    title = _("Stad och land")
    rows, note = urban_rural_rows(page.region, page.profile.run if page.profile else None)
    if not rows:
        return DeckSlide(title=title, blocks=[TextBlock([note])])
    return DeckSlide(
        title=title,
        blocks=[
            ChartBlock(
                "column",
                _("BRP+ Livskvalitet per kommungrupp"),
                [r[0] for r in rows],
                [(_("Medel av kommunindex"), [r[2] for r in rows])],
            ),
            TableBlock(
                [_("Kommungrupp"), _("Kommuner"), _("Livskvalitet")], [[r[0], r[1], fmt(r[2])] for r in rows]
            ),
        ],
        note=note,
    )


def _other_measure_slide(page: ProfilePage) -> DeckSlide | None:
    """A slide for the first registered measure kind beyond BRP+ and statistics (matching), if any."""
    from reglab.analysis.catalogue import other_measures

    region = page.region
    reference = Region.objects.filter(kind=RegionKind.RIKET).first()
    regions = [region] + ([reference] if reference and reference != region else [])
    for entry in other_measures()[:4]:
        try:
            comparison = comparison_build(measure_resolve(entry.key), regions)
        except MeasureError:
            continue
        if not comparison.periods:
            continue
        kind = "line" if len(comparison.periods) > 1 else "column"
        return DeckSlide(
            title=f"{entry.theme}: {comparison.measure.label}",
            blocks=[
                ChartBlock(
                    kind,
                    comparison.measure.label,
                    comparison.periods,
                    [(r["region"].name, r["values"]) for r in comparison.rows],
                )
            ],
            note="; ".join(comparison.sources)[:300],
        )
    return None


def _tradeoffs(page: ProfilePage) -> tuple[DeckSlide, TradeoffPage | None]:
    title = _("Målkonflikter och robusthet")
    try:
        t = region_tradeoffs(page.region)
    except MeasureError as exc:
        return DeckSlide(title=title, blocks=[TextBlock([str(exc)])]), None
    blocks: list = []
    if t.ekonomi_miljo is not None:
        g = t.ekonomi_miljo
        others = [(x, y) for u, x, y in g.points if u != t.unit]
        mine = [(x, y) for u, x, y in g.points if u == t.unit]
        points = [(_("Alla"), others)] + ([(page.region.name, mine)] if mine else [])
        blocks.append(ChartBlock("scatter", _("Ekonomi (x) mot Miljö (y)"), [], [], points))
    rows = []
    for part, result in t.robustness.items():
        for s in result.scenarios:
            if s.key in {"published", "equal"} or (s.theme and s.theme == result.most_sensitive_theme):
                rows.append([part, scenario_label(s.key), s.rank if s.rank is not None else None])
    if rows:
        blocks.append(TableBlock([_("Del"), _("Viktning"), _("Rang")], rows))
    if not blocks:
        blocks = [TextBlock(t.more_data)]
    return DeckSlide(title=title, blocks=blocks, note=" ".join(t.uses)[:300]), t


def region_deck_slides(page: ProfilePage) -> list[DeckSlide]:
    slides: list[DeckSlide] = []
    sources = list(profile_bundle(page).sources)
    if page.profile is not None:
        ranked = _ranked_themes(page)
        slides.append(_overview(page))
        slides.append(_themes_slide(page, ranked[:3], _("Starkaste teman: %(r)s") % {"r": page.region.name}))
        slides.append(
            _themes_slide(page, ranked[-3:][::-1], _("Svagaste teman: %(r)s") % {"r": page.region.name})
        )
        slides.append(_breakdown(page))
    else:
        slides.append(
            DeckSlide(
                _("BRP+"), [TextBlock([_("Inga BRP+-resultat finns ännu (reglab brp import-official).")])]
            )
        )
    series_slide, series_sources = _time_series(page)
    slides.append(series_slide)
    sources += [[_("Tidsserie"), s, "", ""] for s in series_sources]
    slides.append(_urban_rural(page))
    other = _other_measure_slide(page)  # matching ("Matcha rätt") when that measure kind is present
    if other is not None:
        slides.append(other)
    tradeoff_slide, t = _tradeoffs(page)
    slides.append(tradeoff_slide)
    if t is not None:
        sources += [[_("Målkonflikter"), u, "", ""] for u in t.uses]
    slides.append(sources_slide(sources))
    return slides


def region_deck(page: ProfilePage) -> bytes:
    """Workshop deck for one region (at least eight slides; see ``region_deck_slides``)."""
    profile = page.profile
    subtitle = _("Regionprofil – underlag för workshop (Reglab)")
    if profile is not None:
        subtitle += "\n" + _("BRP+ %(year)s, %(view)s") % {
            "year": profile.run.config.stampelar,
            "view": VIEW_NAMES[profile.view],
        }
    return deck_pptx(
        title=page.region.name,
        subtitle=subtitle,
        slides=region_deck_slides(page),
    )
