"""Thousands of sites: markers on a canvas, their state mirrored in hidden DOM elements."""

from __future__ import annotations

import re

import pytest

from browser.conftest import synthetic_server

pytestmark = pytest.mark.browser
SITES = 2500  # above app/web/mapbuilder.py SVG_SITE_LIMIT


@pytest.fixture(scope="module")
def big_server(request, tmp_path_factory):
    with synthetic_server(request.config, tmp_path_factory, SITES) as base:
        yield base


def states(page) -> dict[str, str]:
    return dict(page.locator("#marker-states .marker-state").evaluate_all(
        "spans => spans.map(s => [s.getAttribute('data-site-id'), s.getAttribute('data-status')])"))


def test_canvas_markers_keep_their_state_in_the_dom(open_tab, big_server):
    from playwright.sync_api import expect

    tab = open_tab(big_server)
    page = tab.open("?date=2020-06-01")
    assert page.evaluate("Basewatch.layer.canvas") is True
    assert page.locator("path.bw-marker").count() == 0
    assert len(states(page)) == SITES
    # Present in 2020, withdrawn 400 days after: on 2022-06-01 every site is withdrawn.
    page.evaluate("Basewatch.app.setDay(BasewatchStatus.dayNumber('2022-06-01'))")
    assert set(states(page).values()) == {"withdrawn"}
    page.wait_for_selector("html:not([data-rows-pending])", state="attached")
    rows = page.locator('[data-testid="site-row"]').evaluate_all("rs => rs.map(r => r.getAttribute('data-status'))")
    assert set(rows) == {"withdrawn"} and len(rows) == SITES

    page.get_by_test_id("country-filter").select_option("SY")
    assert set(page.locator("#marker-states .marker-state").evaluate_all(
        "spans => spans.map(s => s.getAttribute('data-country'))")) == {"SY"}
    page.wait_for_url(re.compile("country=SY"))

    point = page.evaluate("""() => {
        const layer = Basewatch.layer, i = layer.markers.findIndex(m => m && layer.hasLayer(m));
        const p = Basewatch.map.latLngToContainerPoint(layer.markers[i].getLatLng());
        const box = Basewatch.map.getContainer().getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y, id: layer.sites[i].id};
    }""")
    page.mouse.click(point["x"], point["y"])
    expect(page.get_by_test_id("site-detail")).to_have_attribute("data-site-id", re.compile(r"gen-\d+"))
    expect(page.get_by_test_id("site-detail").locator(".quote").first).to_be_visible()
    tab.assert_clean()
