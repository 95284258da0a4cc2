"""The offline basemap in chromium, online tiles off and every host but 127.0.0.1 blocked:
where the page opens, what a reader sees zoomed in, and what the first load weighs."""

from __future__ import annotations

from datetime import date

import pytest

from browser.conftest import serving
from conftest import fresh_store

pytestmark = pytest.mark.browser
FIRST_LOAD_LIMIT = 300_000  # bytes on the wire, compressed, headers included
DAY = "2026-02-23"
# Sites on every continent but Antarctica, written by this test (coordinates rounded from the
# bases' Wikipedia infoboxes).
WORLD_SITES = (
    ("ramstein-air-base", "Ramstein Air Base", "DE", 49.4369, 7.6003),
    ("kadena-air-base", "Kadena Air Base", "JP", 26.3516, 127.7692),
    ("camp-lemonnier", "Camp Lemonnier", "DJ", 11.5469, 43.1556),
    ("guantanamo-bay", "Guantanamo Bay Naval Base", "CU", 19.9042, -75.0964),
    ("soto-cano", "Soto Cano Air Base", "HN", 14.3822, -87.6211),
    ("pituffik", "Pituffik Space Base", "GL", 76.5312, -68.7031),
    ("raaf-darwin", "RAAF Base Darwin", "AU", -12.4147, 130.8767),
    ("al-shaddadi", "Shaddadi", "SY", 36.0595, 40.7305),
)


def write_world_store(url: str) -> None:
    from sqlalchemy import insert

    from app.store.db import init_db, make_engine
    from app.store.models import Article, Event, Site

    note = "Written for this test, not a news report."
    engine = make_engine(url)
    try:
        init_db(engine)
        with engine.begin() as connection:
            connection.execute(insert(Article), [{"id": 1, "key": "test:world", "title": "World sites", "source": note,
                                                  "url": "", "published": date(2026, 1, 1), "published_approx": False,
                                                  "body": note, "content_hash": "2" * 64}])
            connection.execute(insert(Site), [
                {"id": site_id, "name": name, "kind": "base", "country": country, "lat": lat, "lon": lon,
                 "geocoder": "test", "geocode_method": "", "geocode_precision": "", "coord_source": "", "aliases": []}
                for site_id, name, country, lat, lon in WORLD_SITES])
            connection.execute(insert(Event), [
                {"article_id": 1, "site_id": site_id, "kind": "presence", "date": date(2026, 1, 1), "precision": "day",
                 "date_basis": "text", "date_text": "", "quote": note, "quote_start": 0, "quote_end": len(note)}
                for site_id, *_ in WORLD_SITES])
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def world_server(request, tmp_path_factory):
    with fresh_store(request.config, tmp_path_factory.mktemp("world-store")) as url:
        write_world_store(url)
        with serving(url, tmp_path_factory.mktemp("world-server")) as base:
            yield base


def view(page) -> dict:
    return page.evaluate("""() => { const m = Basewatch.map, c = m.getCenter();
        return {zoom: m.getZoom(), lat: c.lat, lon: c.lng}; }""")


def fitted_to_markers(page) -> dict:
    """Whether every marker on the map is in view, and the zoom fitting them would choose."""
    return page.evaluate("""() => {
        const map = Basewatch.map, layer = Basewatch.layer, points = [];
        layer.markers.forEach(m => { if (m && layer.hasLayer(m)) points.push(m.getLatLng()); });
        const bounds = L.latLngBounds(points), view = map.getBounds();
        return {count: points.length, all_in_view: points.every(p => view.contains(p)),
                zoom: map.getZoom(), fit_zoom: Math.min(7, map.getBoundsZoom(bounds, false, L.point(60, 60)))};
    }""")


def wait_for_detail(page, level: str) -> list[str]:
    """The basemap's detail cells drawn for the view (static/js/basemap.js marks the map with them)."""
    page.wait_for_function(f"""() => (document.querySelector('.bw-offline-map')
        .getAttribute('data-basemap-cells') || '').startsWith('{level}/')""")
    page.wait_for_load_state("networkidle")
    return page.locator(".bw-offline-map").get_attribute("data-basemap-cells").split()


def labels(page, kind: str) -> list[str]:
    return page.locator(f".bw-place-{kind} .bw-place-name").all_inner_texts()


def line_points_in_view(page) -> int:
    """Vertices of the 1:10m coast and border lines Leaflet has drawn (clipped to the view)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-basemap-lines-pane path'))
        .reduce((n, p) => n + ((p.getAttribute('d') || '').match(/L/g) || []).length, 0)""")


def test_the_page_opens_fitted_to_the_sites_on_every_continent(open_tab, world_server):
    tab = open_tab(world_server)
    page = tab.open(f"?date={DAY}")
    fit = fitted_to_markers(page)
    assert fit["count"] == len(WORLD_SITES) and fit["all_in_view"]
    assert fit["zoom"] == fit["fit_zoom"] <= 3  # the world, not a window on the Middle East
    assert "z=" not in page.url  # fitting is not a move by the reader
    tab.assert_clean()


def test_a_country_filter_opens_on_that_country_and_names_it(open_tab, world_server):
    tab = open_tab(world_server)
    page = tab.open(f"?date={DAY}&country=JP")
    assert view(page)["zoom"] == 7  # one site: as close as fitting goes
    assert abs(view(page)["lat"] - 26.3516) < 0.01 and abs(view(page)["lon"] - 127.7692) < 0.01
    options = page.get_by_test_id("country-filter").locator("option").all_inner_texts()
    for name in ("Japan (JP)", "Germany (DE)", "Djibouti (DJ)", "Cuba (CU)", "Honduras (HN)", "Greenland (GL)",
                 "Australia (AU)", "Syria (SY)"):
        assert name in options
    rows = page.locator('[data-testid="site-row"]:visible')
    assert rows.count() == 1 and rows.first.get_attribute("data-site-id") == "kadena-air-base"
    tab.assert_clean()


def test_an_explicit_view_in_the_url_wins_over_fitting(open_tab, world_server):
    tab = open_tab(world_server)
    page = tab.open(f"?date={DAY}&z=6&lat=36.2&lon=40.75")
    assert view(page)["zoom"] == 6
    assert abs(view(page)["lat"] - 36.2) < 0.01 and abs(view(page)["lon"] - 40.75) < 0.01
    tab.assert_clean()


def test_zoomed_into_germany_offline_shows_towns_and_fine_borders(open_tab, world_server):
    tab = open_tab(world_server)
    page = tab.open(f"?date={DAY}&z=4&lat=49.44&lon=7.6")
    assert page.locator(".bw-offline-map").get_attribute("data-basemap-cells") in (None, "")
    assert labels(page, "town") == [] and "Berlin" in labels(page, "capital")
    assert line_points_in_view(page) == 0  # below zoom 5 only the 1:110m outlines

    page = tab.open(f"?date={DAY}&z=8&lat=49.44&lon=7.6")
    cells = wait_for_detail(page, "fine")
    towns = labels(page, "town")
    assert len(towns) >= 10 and "Kaiserslautern" in towns
    assert line_points_in_view(page) >= 100  # the French border at 1:10m, not a few straight strokes
    fetched = [url for url in tab.requests if "/static/basemap/fine/" in url]
    assert len(fetched) == len(cells) and all(url.startswith(world_server) for url in fetched)
    tab.assert_clean()  # nothing left 127.0.0.1, no console error


def test_okinawa_at_zoom_8_has_its_coast_and_towns(open_tab, world_server):
    tab = open_tab(world_server)
    page = tab.open(f"?date={DAY}&z=8&lat=26.35&lon=127.77")
    wait_for_detail(page, "fine")
    assert page.locator(".leaflet-basemap-lines-pane path").count() >= 1
    assert line_points_in_view(page) >= 50
    assert {"Naha", "Okinawa"} <= set(labels(page, "city") + labels(page, "town"))
    tab.assert_clean()


def test_labels_never_take_a_click_from_a_marker(open_tab, world_server):
    tab = open_tab(world_server)
    page = tab.open(f"?date={DAY}&z=8&lat=26.35&lon=127.77")
    wait_for_detail(page, "fine")
    name = page.locator(".bw-place .bw-place-name").first
    box = name.bounding_box()
    hit = page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('.bw-place')",
                        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert hit is False
    page.locator('path.bw-marker[data-site-id="kadena-air-base"]').click()
    page.wait_for_url("**site=kadena-air-base**")
    assert "Kadena Air Base" in page.get_by_test_id("site-detail").inner_text()
    tab.assert_clean()


def test_zooming_out_brings_the_world_outlines_back(open_tab, world_server):
    tab = open_tab(world_server)
    page = tab.open(f"?date={DAY}&z=8&lat=49.44&lon=7.6")
    wait_for_detail(page, "fine")
    page.evaluate("Basewatch.map.setZoom(4, {animate: false})")
    page.wait_for_function("() => !document.querySelector('.bw-offline-map').getAttribute('data-basemap-cells')")
    assert page.locator(".leaflet-basemap-pane path").count() > 100  # a path per country
    assert line_points_in_view(page) == 0
    tab.assert_clean()


def test_the_first_load_stays_under_300_kb_and_local(tab):
    page = tab.page
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    received: dict[str, int] = {}
    session.on("Network.loadingFinished", lambda event: received.__setitem__(event["requestId"],
                                                                             int(event["encodedDataLength"])))
    tab.open(f"?date={DAY}")
    page.wait_for_load_state("networkidle")
    assert any("/basemap/countries.geojson" in url for url in tab.requests)
    assert any("/static/basemap/places.json" in url for url in tab.requests)
    assert 0 < sum(received.values()) <= FIRST_LOAD_LIMIT, f"{sum(received.values())} bytes"
    tab.assert_clean()
