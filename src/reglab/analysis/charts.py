"""Server-side SVG charts: radar, grouped bars, lines and choropleth classes (pure, no Django).

Each chart is a complete ``<svg role="img">`` with a ``<title>`` and ``<desc>``; pages always render the
numbers as a table next to it, so the chart is never the only way to read them. All text is escaped here;
callers mark the result safe. Colours come from the Okabe–Ito and ColorBrewer palettes (colour-blind safe).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TypeGuard

# Okabe–Ito: distinguishable for the common colour-vision deficiencies.
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
# One colour per series kind, the same in every chart and deck (issue 14): a reader learns once that
# grey dashed is Riket, vermilion is women and green is men. "region" series (several regions in one
# chart) take REGION_COLOURS in order, which never reuse a kind's colour.
KIND_COLOURS = {
    "region": "#0072B2",  # the region in focus (blue)
    "total": "#0072B2",  # the region's total = the region
    "riket": "#595959",  # Riket, the reference: dark grey, dashed
    "women": "#D55E00",  # vermilion
    "men": "#009E73",  # bluish green
    "group": "#E69F00",  # a merged region / own group (orange)
}
DASHED_KINDS = {"riket"}
REGION_COLOURS = ["#0072B2", "#CC79A7", "#56B4E9", "#000000", "#F0E442", "#882255", "#44AA99", "#999933"]
# ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe; dark = high.
CLASS_COLOURS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA_COLOUR = "#d9d9d9"
# ColorBrewer YlGnBu, 6 classes: ordered categories (urban/rural classes: light = rural, dark = urban).
ORDINAL_COLOURS_6 = ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"]

# Named series of values; None or NaN is a missing value, drawn as a gap.
Series = Sequence[tuple[str, Sequence[float | None]]]


def _number(value: float | None) -> TypeGuard[float]:
    """Not a missing value (None or NaN)."""
    return value is not None and not math.isnan(value)


def _colour(k: int) -> str:
    return SERIES_COLOURS[k % len(SERIES_COLOURS)]


def series_colours(kinds: Sequence[str] | None, n: int) -> list[str]:
    """The colour of each of ``n`` series: by kind (``KIND_COLOURS``) when kinds are given, several
    "region" series in ``REGION_COLOURS`` order; without kinds, the Okabe–Ito order."""
    if kinds is None:
        return [_colour(k) for k in range(n)]
    out, regions = [], 0
    for kind in list(kinds)[:n] + ["region"] * max(0, n - len(kinds)):
        if kind == "region":
            out.append(REGION_COLOURS[regions % len(REGION_COLOURS)])
            regions += 1
        else:
            out.append(KIND_COLOURS.get(kind, SERIES_COLOURS[-2]))
    return out


def _dash(kinds: Sequence[str] | None, k: int) -> str:
    return (
        ' stroke-dasharray="5 3"' if kinds is not None and k < len(kinds) and kinds[k] in DASHED_KINDS else ""
    )


def _present(series: Series) -> list[float]:
    """Every value of every series that is not missing."""
    return [v for _, vals in series for v in vals if _number(v)]


def _fmt(value: float | None, decimals: int = 1) -> str:
    """Swedish number format: thin space as thousands separator, decimal comma."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def _open(width: int, height: int, title: str, desc: str, ident: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-labelledby="{ident}-t {ident}-d" class="chart">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def _note(x: float, y: float, text: str, anchor: str = "start") -> str:
    """A small grey line of text on the chart (the scale note)."""
    return f'<text x="{x}" y="{y}" font-size="10" text-anchor="{anchor}" fill="#52606d">{escape(text)}</text>'


def _close(out: list[str]) -> str:
    out.append("</svg>")
    return "\n".join(out)


def radar_svg(
    axes: Sequence[str],
    series: Series,
    *,
    title: str,
    ident: str = "radar",
    size: int = 460,
    vmax: float = 100.0,
    kinds: Sequence[str] | None = None,
    desc: str = "Radardiagram. Samma värden finns i tabellen.",
    scale: str = "",
) -> str:
    """A radar (spider) chart: one polygon per series over ``axes``, radius 0..vmax; ``scale`` is
    written on the chart (what 0 and 100 mean)."""
    n = len(axes)
    if n < 3:
        return ""
    cx = cy = size / 2
    radius = size / 2 - 60
    colours = series_colours(kinds, len(series))
    out = _open(size, size, title, f"{desc} {scale}".strip(), ident)
    if scale:
        out.append(_note(size - 6, 14, scale, "end"))

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(min(value, vmax * 1.2), vmax * -0.2) / vmax
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for step in (25, 50, 75, 100):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, step) for i in range(n)))
        out.append(f'<polygon points="{ring}" fill="none" stroke="#c8ced6" stroke-width="1"/>')
        x, y = point(0, step)
        out.append(f'<text x="{x + 3:.1f}" y="{y:.1f}" font-size="9" fill="#52606d">{step}</text>')
    for i, label in enumerate(axes):
        x, y = point(i, vmax)
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c8ced6"/>')
        lx, ly = point(i, vmax * 1.13)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        out.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="11" '
            f'text-anchor="{anchor}">{escape(label)}</text>'
        )
    for k, (name, values) in enumerate(series):
        colour = colours[k]
        pts = [point(i, v) for i, v in enumerate(values) if _number(v)]
        if len(pts) < 2:
            continue
        dash = _dash(kinds, k) if kinds is not None else (' stroke-dasharray="5 3"' if k > 0 else "")
        joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        out.append(
            f'<polygon points="{joined}" fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
            f'stroke-width="2"{dash}><title>{escape(name)}</title></polygon>'
        )
        for i, v in enumerate(values):
            if not _number(v):
                continue
            x, y = point(i, v)
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)}, {escape(axes[i])}: {_fmt(v)}</title></circle>"
            )
    out.append(
        _legend([name for name, _ in series], 10, size - 18 * len(series), vertical=True, colours=colours)
    )
    return _close(out)


def _legend(
    names: Sequence[str], x: float, y: float, *, vertical: bool = False, colours: Sequence[str] | None = None
) -> str:
    parts = ['<g class="legend" font-size="11">']
    for k, name in enumerate(names):
        colour = colours[k] if colours is not None else _colour(k)
        dx, dy = (0, 18 * k) if vertical else (150 * k, 0)
        parts.append(
            f'<rect x="{x + dx}" y="{y + dy}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + dx + 16}" y="{y + dy + 10}">{escape(name)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _legend_grid(
    names: Sequence[str], colours: Sequence[str], x0: float, y0: float, column: int, chars: int
) -> str:
    """A legend of three entries per row below a chart (names cut to ``chars`` characters)."""
    parts = []
    for k, name in enumerate(names):
        x, y = x0 + column * (k % 3), y0 + 18 * (k // 3)
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colours[k]}"/>'
            f'<text x="{x + 16}" y="{y + 10}" font-size="11">{escape(name[:chars])}</text>'
        )
    return "".join(parts)


def bars_svg(
    categories: Sequence[str],
    series: Series,
    *,
    title: str,
    ident: str = "bars",
    width: int = 560,
    vmin: float | None = None,
    vmax: float | None = None,
    kinds: Sequence[str] | None = None,
    desc: str = "Stapeldiagram. Samma värden finns i tabellen.",
    scale: str = "",
) -> str:
    """Horizontal grouped bars: one group per category, one bar per series."""
    colours = series_colours(kinds, len(series))
    values = _present(series)
    lo = min([0.0, *values]) if vmin is None else vmin
    hi = max([100.0, *values]) if vmax is None else vmax
    label_w, right = 130, 50
    bar_h, gap = 14, 12
    group_h = bar_h * len(series) + gap
    height = 30 + group_h * len(categories) + 18 * len(series) + 8
    out = _open(width, height, title, f"{desc} {scale}".strip(), ident)
    if scale:
        out.append(_note(width - 6, height - 6, scale, "end"))
    span = (hi - lo) or 1.0
    plot_w = width - label_w - right

    def xpos(v: float) -> float:
        return label_w + plot_w * (v - lo) / span

    for tick in (lo, (lo + hi) / 2, hi):
        x = xpos(tick)
        bottom = 24 + group_h * len(categories)
        out.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{bottom}" stroke="#e3e7eb"/>')
        out.append(f'<text x="{x:.1f}" y="14" font-size="9" text-anchor="middle">{_fmt(tick, 0)}</text>')
    zero = xpos(0.0)
    for c, category in enumerate(categories):
        top = 24 + c * group_h
        out.append(
            f'<text x="{label_w - 6}" y="{top + group_h / 2}" font-size="11" '
            f'text-anchor="end">{escape(category)}</text>'
        )
        for k, (name, vals) in enumerate(series):
            v = vals[c]
            if not _number(v):
                continue
            colour = colours[k]
            x0, x1 = sorted((zero, xpos(v)))
            y = top + k * bar_h
            out.append(
                f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar_h - 2}" '
                f'fill="{colour}"><title>{escape(category)}, {escape(name)}: {_fmt(v)}</title></rect>'
                f'<text x="{x1 + 3:.1f}" y="{y + bar_h - 4}" font-size="9">{_fmt(v)}</text>'
            )
    out.append(
        _legend(
            [name for name, _ in series], 10, height - 18 * len(series) + 4, vertical=True, colours=colours
        )
    )
    return _close(out)


def dots_svg(
    categories: Sequence[str],
    series: Series,
    *,
    title: str,
    ident: str = "dots",
    width: int = 560,
    kinds: Sequence[str] | None = None,
    desc: str = "Punktdiagram. Samma värden finns i tabellen.",
    scale: str = "",
    band: tuple[float, float] | None = (0.0, 100.0),
) -> str:
    """A dot plot: one row per category, one dot per series on a shared x axis, the dots of a row joined
    by a thin line (women vs men reads as a distance). The axis covers every value, so values outside
    ``band`` (e.g. 0–100) stay on the chart; the band is shaded."""
    values = _present(series)
    if not categories or not values:
        return ""
    colours = series_colours(kinds, len(series))
    lo = min([band[0] if band else 0.0, *values])
    hi = max([band[1] if band else 0.0, *values])
    pad = (hi - lo) * 0.04 or 1.0
    lo, hi = lo - pad, hi + pad
    label_w, right, row_h, top = 170, 24, 22, 40
    legend_h = 18 * ((len(series) + 2) // 3)
    height = top + row_h * len(categories) + 24 + legend_h + (14 if scale else 0)
    out = _open(width, height, title, f"{desc} {scale}".strip(), ident)
    plot_w = width - label_w - right

    def xpos(v: float) -> float:
        return label_w + plot_w * (v - lo) / (hi - lo)

    bottom = top + row_h * len(categories)
    if band:
        x0, x1 = xpos(band[0]), xpos(band[1])
        out.append(
            f'<rect x="{x0:.1f}" y="{top - 6}" width="{x1 - x0:.1f}" height="{bottom - top + 6}" '
            'fill="#f2f4f6"/>'
        )
    step = 10 ** math.floor(math.log10(max(hi - lo, 1e-9)))
    step = step * 2 if (hi - lo) / step > 8 else step
    tick = math.ceil(lo / step) * step
    while tick <= hi:
        x = xpos(tick)
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom}" stroke="#e3e7eb"/>')
        out.append(
            f'<text x="{x:.1f}" y="{top - 10}" font-size="9" text-anchor="middle">{_fmt(tick, 0)}</text>'
        )
        tick += step
    for c, category in enumerate(categories):
        y = top + c * row_h + row_h / 2
        out.append(
            f'<text x="{label_w - 8}" y="{y + 4:.1f}" font-size="11" '
            f'text-anchor="end">{escape(category[:28])}</text>'
        )
        present = [xpos(v) for _, vals in series if _number(v := vals[c])]
        if len(present) > 1:
            out.append(
                f'<line x1="{min(present):.1f}" y1="{y:.1f}" x2="{max(present):.1f}" y2="{y:.1f}" '
                f'stroke="#9aa5b1" stroke-width="2"/>'
            )
        for k, (name, vals) in enumerate(series):
            v = vals[c]
            if not _number(v):
                continue
            shape = "rect" if kinds is not None and k < len(kinds) and kinds[k] == "riket" else "circle"
            x = xpos(v)
            mark = (
                f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colours[k]}">'
                if shape == "rect"
                else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colours[k]}">'
            )
            out.append(f"{mark}<title>{escape(category)}, {escape(name)}: {_fmt(v)}</title></{shape}>")
    out.append(_legend_grid([name for name, _ in series], colours, 10, bottom + 20, 180, 28))
    if scale:
        out.append(_note(10, height - 4, scale))
    return _close(out)


def line_svg(
    periods: Sequence[str],
    series: Series,
    *,
    title: str,
    ident: str = "lines",
    width: int = 640,
    height: int = 320,
    kinds: Sequence[str] | None = None,
    desc: str = "Linjediagram. Samma värden finns i tabellen.",
    scale: str = "",
) -> str:
    """A line chart over ``periods`` (categorical x axis), one line per series; gaps break the line.
    The y axis does not start at zero unless the values do: ``scale`` says so on the chart."""
    values = _present(series)
    if not periods or not values:
        return ""
    colours = series_colours(kinds, len(series))
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.08 or abs(hi) * 0.1 or 1.0
    lo, hi = (max(lo - pad, 0.0) if lo >= 0 else lo - pad), hi + pad
    decimals = 0 if hi - lo >= 50 else 1
    left, right, top = 60, 20, 20
    bottom = 40 + 18 * ((len(series) + 2) // 3)
    plot_w, plot_h = width - left - right, height - top - bottom
    out = _open(width, height, title, f"{desc} {scale}".strip(), ident)
    if scale:
        out.append(_note(width - right, 12, scale, "end"))

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (plot_w * i / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)
        return x, top + plot_h * (hi - v) / (hi - lo)

    for t in range(5):
        tick = lo + (hi - lo) * t / 4
        _, y = xy(0, tick)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e7eb"/>')
        out.append(
            f'<text x="{left - 6}" y="{y + 3:.1f}" font-size="10" '
            f'text-anchor="end">{_fmt(tick, decimals)}</text>'
        )
    step = max(1, math.ceil(len(periods) / 12))
    for i, p in enumerate(periods):
        if i % step == 0 or i == len(periods) - 1:
            x, _ = xy(i, lo)
            out.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 14}" font-size="10" '
                f'text-anchor="middle">{escape(p)}</text>'
            )
    for k, (name, vals) in enumerate(series):
        colour = colours[k]
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(vals):
            if not _number(v):
                if segment:
                    segments.append(segment)
                segment = []
                continue
            x, y = xy(i, v)
            segment.append(f"{x:.1f},{y:.1f}")
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)} {escape(periods[i])}: {_fmt(v)}</title></circle>"
            )
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{_dash(kinds, k)}/>'
                )
    out.append(_legend_grid([name for name, _ in series], colours, left, height - bottom + 28, 200, 30))
    return _close(out)


def quantile_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of ``classes`` quantile classes (the last is the maximum); fewer when values repeat."""
    data = sorted(v for v in values if _number(v))
    if not data:
        return []
    breaks: list[float] = []
    for k in range(1, classes + 1):
        pos = (len(data) - 1) * k / classes
        lo = math.floor(pos)
        frac = pos - lo
        value = data[lo] + (data[min(lo + 1, len(data) - 1)] - data[lo]) * frac
        if not breaks or value > breaks[-1]:
            breaks.append(value)
    return breaks


def class_of(value: float | None, breaks: Sequence[float]) -> int | None:
    if not _number(value) or not breaks:
        return None
    for k, upper in enumerate(breaks):
        if value <= upper:
            return k
    return len(breaks) - 1


def class_colours(n: int) -> list[str]:
    """``n`` colours spread over the 5-class palette (keeps light → dark order)."""
    if n <= 0:
        return []
    if n >= len(CLASS_COLOURS):
        return list(CLASS_COLOURS)
    idx = [round(i * (len(CLASS_COLOURS) - 1) / max(n - 1, 1)) for i in range(n)]
    return [CLASS_COLOURS[i] for i in idx]


def ordinal_colours(n: int) -> list[str]:
    """``n`` ordered category colours, light to dark (up to six)."""
    if n <= 0:
        return []
    if n >= len(ORDINAL_COLOURS_6):
        return list(ORDINAL_COLOURS_6)
    idx = [round(i * (len(ORDINAL_COLOURS_6) - 1) / max(n - 1, 1)) for i in range(n)]
    return [ORDINAL_COLOURS_6[i] for i in idx]
