"""Knowledge time, comparison, the status bands and the feed link on the map page, in chromium,
over the small store of tests/timestore.py (alpha's withdrawal began on 18 Feb 2026 and was first
reported on 22 Feb)."""

from __future__ import annotations

import re

import feedparser
import httpx
import pytest

from browser.conftest import serving
from conftest import PROJECT, fresh_store
from timestore import write_time_store

pytestmark = pytest.mark.browser

WITHDRAWING_HEX = re.search(r"--withdrawing:\s*#([0-9a-fA-F]{6})",
                            (PROJECT / "static" / "css" / "app.css").read_text(encoding="utf-8")).group(1)
WITHDRAWING_RGB = tuple(int(WITHDRAWING_HEX[i:i + 2], 16) for i in (0, 2, 4))  # the bands use the page's colours


@pytest.fixture(scope="module")
def time_server(request, tmp_path_factory):
    with fresh_store(request.config, tmp_path_factory.mktemp("time-store")) as url:
        write_time_store(url)
        with serving(url, tmp_path_factory.mktemp("time-server")) as base:
            yield base


@pytest.fixture
def page_on(open_tab, time_server):
    def open_page(query: str):
        tab = open_tab(time_server)
        page = tab.open(query)
        page.wait_for_selector("html[data-bands-ready][data-time-tools-ready]", state="attached")
        return tab, page
    return open_page


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def marker(page, site_id: str):
    return page.locator(f'path.bw-marker[data-site-id="{site_id}"]')


def test_known_changes_what_the_map_shows_and_survives_a_reload(page_on):
    tab, page = page_on("?date=2026-02-20")
    assert marker(page, "alpha").get_attribute("data-status") == "withdrawing"
    assert page.get_by_test_id("known-banner").count() == 0
    page.get_by_test_id("known-input").fill("2026-02-20")
    page.wait_for_url(re.compile(r"/\?date=2026-02-20&known=2026-02-20$"))
    page.wait_for_selector("html[data-bands-ready]", state="attached")
    expect()(marker(page, "alpha")).to_have_attribute("data-status", "planned")
    assert "As known on 20 Feb 2026" in page.get_by_test_id("known-banner").inner_text()
    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    expect()(marker(page, "alpha")).to_have_attribute("data-status", "planned")
    assert page.get_by_test_id("known-input").input_value() == "2026-02-20"
    assert page.get_by_test_id("known-banner").is_visible()
    # Moving the slider keeps knowledge time: the later report stays out.
    page.get_by_test_id("date-slider").focus()
    page.keyboard.press("ArrowLeft")
    expect()(page.get_by_test_id("date-label")).to_have_text("19 Feb 2026")
    expect()(marker(page, "alpha")).to_have_attribute("data-status", "planned")
    page.wait_for_url(re.compile(r"date=2026-02-19&known=2026-02-20"))
    tab.assert_clean()


def test_compare_highlights_and_lists_the_sites_that_changed(page_on):
    tab, page = page_on("?date=2026-02-20&compare=2026-01-01")
    rings = {ring.get_attribute("data-site-id"): (ring.get_attribute("data-from"), ring.get_attribute("data-to"))
             for ring in page.locator("path.bw-changed").all()}
    assert rings == {"alpha": ("present", "withdrawing"), "bravo": ("present", "withdrawn")}
    rows = page.get_by_test_id("compare-list").locator(".compare-row")
    assert [row.get_attribute("data-site-id") for row in rows.all()] == ["bravo", "alpha"]
    assert "2 sites changed between 1 Jan 2026 and 20 Feb 2026" in page.get_by_test_id("compare-panel").inner_text()
    # The slider moves B: on 15 Jan only alpha had changed (a withdrawal was planned).
    page.locator("#date-input").fill("2026-01-15")
    page.locator("#date-input").dispatch_event("change")
    expect()(page.locator("path.bw-changed")).to_have_count(1)
    assert page.locator("path.bw-changed").get_attribute("data-to") == "planned"
    assert [row.get_attribute("data-site-id") for row in rows.all()] == ["alpha"]
    page.wait_for_url(re.compile(r"date=2026-01-15&compare=2026-01-01"))
    # Clearing the compared day removes the highlight and the list.
    page.get_by_test_id("compare-input").fill("")
    page.get_by_test_id("compare-input").dispatch_event("change")
    expect()(page.locator("path.bw-changed")).to_have_count(0)
    expect()(page.get_by_test_id("compare-panel")).to_be_hidden()
    page.wait_for_url(re.compile(r"/\?date=2026-01-15$"))
    tab.assert_clean()


def band_pixel(page, site_id: str, day: str) -> tuple[int, int, int]:
    return tuple(page.evaluate("""([id, day]) => {
        const bands = Basewatch.bands, point = bands.pointOf(id, day), canvas = bands.canvas;
        const box = canvas.getBoundingClientRect(), ratio = canvas.width / box.width;
        const data = bands.ctx.getImageData(Math.round((point.x - box.left) * ratio), Math.round((point.y - box.top) * ratio), 1, 1).data;
        return [data[0], data[1], data[2]];
    }""", [site_id, day]))


def test_the_bands_draw_each_site_and_follow_the_slider(page_on):
    tab, page = page_on("?date=2026-02-20")
    bands = page.get_by_test_id("bands")
    assert bands.get_attribute("data-rows") == "3"
    assert band_pixel(page, "alpha", "2026-02-19") == WITHDRAWING_RGB
    line = page.get_by_test_id("bands-day")
    assert line.get_attribute("data-day") == "2026-02-20"
    before = line.bounding_box()["x"]
    page.get_by_test_id("date-slider").focus()
    for _ in range(30):
        page.keyboard.press("ArrowLeft")
    expect()(line).to_have_attribute("data-day", "2026-01-21")
    assert line.bounding_box()["x"] < before
    # A country filter leaves only that country's rows.
    page.get_by_test_id("country-filter").select_option("IQ")
    expect()(bands).to_have_attribute("data-rows", "1")
    tab.assert_clean()


def test_a_band_click_moves_the_day_to_the_band_and_opens_the_site(page_on):
    tab, page = page_on("?date=2025-06-01")
    point = page.evaluate("Basewatch.bands.pointOf('bravo', '2026-02-10')")
    page.mouse.click(point["x"], point["y"])
    expect()(page.get_by_test_id("date-label")).to_have_text("1 Feb 2026")  # the handover's day
    expect()(page.get_by_test_id("site-detail")).to_have_attribute("data-site-id", "bravo")
    page.wait_for_url(re.compile(r"date=2026-02-01&site=bravo"))
    tab.assert_clean()


def test_the_bands_sort_by_latest_change_and_keep_it_in_the_url(page_on):
    tab, page = page_on("?date=2026-02-20")
    order = "Basewatch.bands.rows.map(i => Basewatch.app.sites[i].id)"
    assert page.evaluate(order) == ["bravo", "alpha", "charlie"]  # by country: IQ, then SY
    page.get_by_test_id("bands-sort").select_option("changed")
    assert page.evaluate(order) == ["alpha", "bravo", "charlie"]
    page.wait_for_url(re.compile(r"date=2026-02-20&sort=changed$"))
    page.reload()
    page.wait_for_selector("html[data-bands-ready]", state="attached")
    assert page.evaluate(order) == ["alpha", "bravo", "charlie"]
    tab.assert_clean()


def test_the_page_links_its_feed(page_on, time_server):
    tab, page = page_on("?date=2026-02-20&country=SY")
    link = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert link.get_attribute("href") == "/feeds/changes.atom?country=SY"
    feed = feedparser.parse(httpx.get(time_server + link.get_attribute("href")).content)
    assert not feed.bozo and len(feed.entries) == 4
    assert page.get_by_test_id("feed-link").get_attribute("href") == "/feeds/changes.atom?country=SY"
    tab.assert_clean()
