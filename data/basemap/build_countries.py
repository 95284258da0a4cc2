"""Rebuild countries.geojson from Natural Earth's 1:110m admin-0 shapefile.

Not part of the app: run by hand when the basemap should change (see README.md here).
Needs pyshp, which is not a project dependency:

    pip install --target /tmp/pyshp pyshp
    PYTHONPATH=/tmp/pyshp python data/basemap/build_countries.py PATH/TO/naturalearth_lowres.shp

Each ring is clipped to the window below (Sutherland-Hodgman against a rectangle is
exact for any ring; the clipped ring may run along the window's edge, which is drawn
outside the area anyone looks at) and its coordinates rounded to ROUND decimals.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

WEST, EAST, SOUTH, NORTH = -30.0, 110.0, -36.0, 75.0
ROUND = 2
OUT = Path(__file__).with_name("countries.geojson")


def clip_ring(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The part of a closed ring inside the window."""
    edges = [
        (lambda p: p[0] >= WEST, lambda a, b: _at_x(a, b, WEST)),
        (lambda p: p[0] <= EAST, lambda a, b: _at_x(a, b, EAST)),
        (lambda p: p[1] >= SOUTH, lambda a, b: _at_y(a, b, SOUTH)),
        (lambda p: p[1] <= NORTH, lambda a, b: _at_y(a, b, NORTH)),
    ]
    points = ring[:-1] if ring and ring[0] == ring[-1] else ring
    for inside, cross in edges:
        if not points:
            break
        kept = []
        for index, current in enumerate(points):
            previous = points[index - 1]
            if inside(current):
                if not inside(previous):
                    kept.append(cross(previous, current))
                kept.append(current)
            elif inside(previous):
                kept.append(cross(previous, current))
        points = kept
    return points


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def rounded(points: list[tuple[float, float]]) -> list[list[float]]:
    """Rounded coordinates without the repeats that rounding creates; closed again."""
    out: list[list[float]] = []
    for lon, lat in points:
        point = [round(lon, ROUND), round(lat, ROUND)]
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out + [out[0]] if len(out) >= 3 else []


def shape_rings(shape) -> list[list[tuple[float, float]]]:
    parts = list(shape.parts) + [len(shape.points)]
    return [shape.points[parts[i]:parts[i + 1]] for i in range(len(parts) - 1)]


def feature(record, shape) -> dict | None:
    # A shapefile polygon lists outer rings clockwise and holes after them; at this
    # scale each outer ring is drawn as its own polygon and holes are dropped.
    polygons = []
    for ring in shape_rings(shape):
        if _signed_area(ring) > 0:  # counter-clockwise in a shapefile: a hole
            continue
        clipped = rounded(clip_ring([tuple(p) for p in ring]))
        if clipped:
            polygons.append([clipped])
    if not polygons:
        return None
    return {"type": "Feature", "properties": {"name": record["name"], "iso_a3": record["iso_a3"]},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons}}


def _signed_area(ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2


def main(path: str) -> None:
    import shapefile  # pyshp

    reader = shapefile.Reader(path)
    features = [f for f in (feature(sr.record.as_dict(), sr.shape) for sr in reader.iterShapeRecords()) if f]
    collection = {"type": "FeatureCollection", "features": features}
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(features)} countries, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
