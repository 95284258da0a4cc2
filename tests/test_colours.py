"""The colours of static/css/app.css meet WCAG 2.2 AA: text at least 4.5:1 against what it is
drawn on (1.4.3), the marks that tell statuses apart at least 3:1 against the map (1.4.11).
Contrast is the WCAG ratio of relative luminances; badge backgrounds are the status colour mixed
13% into white, as the stylesheet's color-mix() does."""

from __future__ import annotations

import re

import pytest

from conftest import PROJECT

CSS = (PROJECT / "static" / "css" / "app.css").read_text(encoding="utf-8")
STATUSES = ("present", "planned", "withdrawing", "withdrawn", "unreported")


def colours() -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", CSS, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", root))


COLOURS = colours()


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix_with_white(hex_colour: str, share: float) -> str:
    channels = (round(int(hex_colour[i:i + 2], 16) * share + 255 * (1 - share)) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in channels)


def test_the_ratio_is_the_wcag_one():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-too-light grey
    # The colour the planned badge had: 2.19:1, as axe-core measured it.
    assert contrast("#d99a0b", mix_with_white("#d99a0b", 0.13)) == pytest.approx(2.19, abs=0.01)


def test_the_map_land_is_the_basemap_fill():
    """static/js/basemap.js paints every land polygon, outlines and detail cells, with LAND's fill."""
    script = (PROJECT / "static" / "js" / "basemap.js").read_text(encoding="utf-8")
    land = re.search(r'var LAND = \{[^}]*fillColor: "(#[0-9a-fA-F]{6})"', script).group(1)
    assert COLOURS["land"].lower() == land.lower()


@pytest.mark.parametrize("status", STATUSES)
def test_status_marks_stand_out_on_land_and_sea(status):
    mark = COLOURS[status]
    for ground in ("land", "sea"):
        assert contrast(mark, COLOURS[ground]) >= 3, (status, ground, round(contrast(mark, COLOURS[ground]), 2))


@pytest.mark.parametrize("status", STATUSES)
def test_status_text_is_readable_on_its_badge_and_on_the_panels(status):
    ink = COLOURS[f"{status}-ink"]
    grounds = {"badge": mix_with_white(COLOURS[status], 0.13), "white": "#ffffff",
               "selected row": COLOURS["selected-row"], "page": COLOURS["canvas"]}
    for name, ground in grounds.items():
        assert contrast(ink, ground) >= 4.5, (status, name, round(contrast(ink, ground), 2))


def test_attack_rings_and_labels():
    for ground in ("land", "sea"):
        assert contrast(COLOURS["attack"], COLOURS[ground]) >= 3
    assert contrast("#ffffff", COLOURS["attack-ink"]) >= 4.5  # the "attack" flag: white on red
    assert contrast(COLOURS["attack-ink"], "#ffffff") >= 4.5


@pytest.mark.parametrize("ground", ["#ffffff", "canvas", "selected-row"])
def test_secondary_text_is_readable(ground):
    colour = COLOURS.get(ground, ground)
    assert contrast(COLOURS["muted"], colour) >= 4.5
    assert contrast(COLOURS["ink-soft"], colour) >= 4.5


def test_the_focus_ring_stands_out_on_the_panels():
    for ground in ("#ffffff", COLOURS["canvas"], COLOURS["selected-row"], COLOURS["land"]):
        assert contrast(COLOURS["focus"], ground) >= 3
