"""Tiny server-side SVG maps from stored GeoJSON: no JavaScript or map tiles needed for a locator map."""

from __future__ import annotations

import math
from collections.abc import Iterable


def _rings(geometry: dict) -> Iterable[list[list[float]]]:
    if not geometry:
        return
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def svg_paths(shapes: list[tuple[str, dict, str]], width: int = 320) -> dict:
    """Project (id, geometry, css class) shapes into SVG path data fitted to `width`.

    Equirectangular with longitude scaled by cos(mean latitude): adequate for Sweden's shape.
    """
    points = [pt for _, geom, _ in shapes for ring in _rings(geom) for pt in ring]
    if not points:
        return {"width": width, "height": 0, "paths": []}
    lat0 = sum(p[1] for p in points) / len(points)
    k = math.cos(math.radians(lat0))
    xs = [p[0] * k for p in points]
    ys = [p[1] for p in points]
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    scale = width / max(maxx - minx, 1e-9)
    height = round((maxy - miny) * scale) + 2
    paths = []
    for ident, geom, css in shapes:
        parts = []
        for ring in _rings(geom):
            coords = " L".join(f"{(x * k - minx) * scale:.1f},{(maxy - y) * scale + 1:.1f}" for x, y in ring)
            parts.append(f"M{coords}Z")
        paths.append({"id": ident, "d": " ".join(parts), "css": css})
    return {"width": width, "height": height, "paths": paths}
