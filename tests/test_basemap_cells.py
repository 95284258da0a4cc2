"""The offline basemap's files (data/basemap/) as the page's script reads them, and the build's geometry."""

from __future__ import annotations

import importlib.util
import json
import math
from functools import lru_cache
import sys

import pytest

from conftest import PROJECT

BASEMAP = PROJECT / "data" / "basemap"
CELLS = BASEMAP / "cells"
SCALE = 1000


@lru_cache(maxsize=1)
def build_module():
    spec = importlib.util.spec_from_file_location("build_basemap", BASEMAP / "build_basemap.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_basemap"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def decode(code: list[int]) -> list[tuple[float, float]]:
    """What static/js/basemap.js does: first point, then differences, in thousandths of a degree."""
    lon, lat = code[0], code[1]
    points = [(lon / SCALE, lat / SCALE)]
    for i in range(2, len(code), 2):
        lon, lat = lon + code[i], lat + code[i + 1]
        points.append((lon / SCALE, lat / SCALE))
    return points


def levels() -> list[dict]:
    return json.loads((CELLS / "index.json").read_text())["levels"]


def cell_of(level: dict, lat: float, lon: float) -> dict:
    col, row = int((lon + 180) // level["size"]), int((lat + 90) // level["size"])
    return json.loads((CELLS / level["name"] / f"{col}_{row}.json").read_text())


def km(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def test_the_index_names_exactly_the_cells_that_exist():
    for level in levels():
        rows = 180 // level["size"]
        listed = {f"{i // rows}_{i % rows}.json" for i, flag in enumerate(level["present"]) if flag == "1"}
        assert listed == {path.name for path in (CELLS / level["name"]).glob("*.json")}
        assert len(level["present"]) == rows * (360 // level["size"])


@pytest.mark.parametrize("level", levels(), ids=lambda level: level["name"])
def test_every_cell_draws_only_inside_its_square(level):
    size = level["size"]
    slack = 0.03  # land overlaps its neighbours by the level's tolerance, plus rounding
    for path in (CELLS / level["name"]).glob("*.json"):
        col, row = map(int, path.stem.split("_"))
        west, south = -180 + col * size, -90 + row * size
        cell = json.loads(path.read_text())
        for name in ("land", "coast", "borders"):
            for code in cell[name]:
                for lon, lat in decode(code):
                    assert west - slack <= lon <= west + size + slack and south - slack <= lat <= south + size + slack, \
                        f"{path.name} {name}: {lon}, {lat}"
        for place in cell["places"]:
            assert west <= place[2] < west + size and south <= place[1] < south + size


def test_the_first_load_names_the_capitals_of_every_continent():
    capitals = {place[0] for place in json.loads((CELLS / "places.json").read_text())}
    for city in ("Berlin", "Tokyo", "Damascus", "Baghdad", "Washington", "Brasília", "Canberra", "Nairobi",
                 "Niamey", "Bogotá"):
        assert city in capitals
    assert all(place[3] == 3 for place in json.loads((CELLS / "places.json").read_text()))


def test_towns_near_sites_are_labelled_at_zoom_8():
    fine = next(level for level in levels() if level["name"] == "fine")
    sites = json.loads((PROJECT / "data" / "gazetteer" / "sites.json").read_text())["sites"]
    shaddadi = next(site for site in sites if site["id"] == "al-shaddadi")
    at = (shaddadi["lat"], shaddadi["lon"])
    near = [place for place in cell_of(fine, *at)["places"] if km(at, (place[1], place[2])) < 5]
    assert near and min(place[3] for place in near) <= 8  # GeoNames' Ash Shaddādah, of no recorded population


def test_zoom_8_has_the_coast_of_okinawa_at_1_to_10m():
    fine = next(level for level in levels() if level["name"] == "fine")
    coast = [point for code in cell_of(fine, 26.35, 127.77)["coast"] for point in decode(code)]
    def on_okinawa(points):
        return [p for p in points if 26.0 < p[1] < 26.9 and 127.6 < p[0] < 128.4]

    outlines = json.loads((BASEMAP / "countries.geojson").read_text())
    coarse = [tuple(point) for feature in outlines["features"] for polygon in feature["geometry"]["coordinates"]
              for ring in polygon for point in ring]
    assert on_okinawa(coarse) == []  # at 1:110m the island is not drawn at all
    assert len(on_okinawa(coast)) >= 50


def test_lines_are_cut_where_they_leave_a_square_and_resume_where_they_reenter():
    build = build_module()
    box = (0.0, 0.0, 1.0, 1.0)
    pieces = build.clip_line([(-1.0, 0.5), (0.5, 0.5), (2.0, 0.5), (2.0, 0.8), (0.5, 0.8)], box)
    assert pieces == [[(0.0, 0.5), (0.5, 0.5), (1.0, 0.5)], [(1.0, 0.8), (0.5, 0.8)]]
    assert build.clip_line([(2.0, 2.0), (3.0, 3.0)], box) == []


def test_simplifying_keeps_the_ends_and_the_corners():
    build = build_module()
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (2.0, 1.0)]
    assert build.simplify(line, 0.01) == [(0.0, 0.0), (2.0, 0.0), (2.0, 1.0)]


def test_encoding_is_what_the_script_decodes():
    build = build_module()
    points = [(7.6003, 49.4369), (7.6013, 49.4369), (7.6013, 49.4379)]
    assert decode(build.encoded(points)) == [(7.6, 49.437), (7.601, 49.437), (7.601, 49.438)]
