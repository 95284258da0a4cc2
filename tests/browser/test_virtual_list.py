"""Above app/web/view.py VIRTUAL_LIST_FROM sites the list renders only the rows in view."""

from __future__ import annotations

import re

import pytest

from app.web.view import VIRTUAL_LIST_FROM
from browser.conftest import synthetic_server

pytestmark = pytest.mark.browser
SITES = VIRTUAL_LIST_FROM + 500


@pytest.fixture(scope="module")
def virtual_server(request, tmp_path_factory):
    with synthetic_server(request.config, tmp_path_factory, SITES) as base:
        yield base


def shown_rows(page) -> list[dict]:
    return page.locator('[data-testid="site-row"]:not([hidden])').evaluate_all(
        "rows => rows.map(r => ({id: r.dataset.siteId, status: r.dataset.status, country: r.dataset.country,"
        " current: r.getAttribute('aria-current'), name: r.querySelector('.site-name').textContent}))")


def test_only_the_rows_in_view_exist_and_follow_the_slider(open_tab, virtual_server):
    tab = open_tab(virtual_server)
    page = tab.open("?date=2020-06-01")
    assert page.get_by_test_id("site-list").get_attribute("data-virtual") is not None
    rows = shown_rows(page)
    assert 5 <= len(rows) <= 100
    assert page.locator("#shown-count").text_content() == f"{SITES} of {SITES} shown"
    data = page.evaluate("Basewatch.pageData('bw-data').sites.map(s => [s.id, s.name])")
    assert [(row["id"], row["name"]) for row in rows] == [tuple(pair) for pair in data[:len(rows)]]
    # Present in 2020, withdrawn 400 days after: on 2022-06-01 every site is withdrawn.
    page.evaluate("Basewatch.app.setDay(BasewatchStatus.dayNumber('2022-06-01'))")
    assert {row["status"] for row in shown_rows(page)} == {"withdrawn"}
    # Scrolled to the end, the last sites are rendered, with the day's status.
    page.evaluate("document.getElementById('site-list').scrollTop = 1e9")
    page.wait_for_function(f"document.querySelector('[data-site-id=\"{data[-1][0]}\"].site-row:not([hidden])')")
    assert {row["status"] for row in shown_rows(page)} == {"withdrawn"}
    tab.assert_clean()


def test_filters_select_and_reveal_in_the_virtual_list(open_tab, virtual_server):
    from playwright.sync_api import expect

    tab = open_tab(virtual_server)
    page = tab.open("?date=2020-06-01")
    page.get_by_test_id("country-filter").select_option("SY")
    page.wait_for_url(re.compile("country=SY"))
    page.wait_for_function("[...document.querySelectorAll('.site-row:not([hidden])')].every(r => r.dataset.country === 'SY')")
    assert {row["country"] for row in shown_rows(page)} == {"SY"}
    # A marker far down the list, clicked on the map: its row is rendered, in view and current.
    target = page.evaluate("""() => {
        const layer = Basewatch.layer, sites = layer.sites;
        let i = sites.length - 1;
        while (!(layer.markers[i] && layer.hasLayer(layer.markers[i]))) i--;
        return sites[i].id;
    }""")
    page.evaluate(f"Basewatch.app.openSite('{target}', {{from: 'map'}})")
    selected = page.locator(f'.site-row[data-site-id="{target}"]')
    expect(selected).to_have_attribute("aria-current", "true")
    expect(selected).to_be_in_viewport()
    expect(page.get_by_test_id("site-detail")).to_have_attribute("data-site-id", target)
    # A click on another rendered row opens that site.
    other = next(row["id"] for row in shown_rows(page) if row["id"] != target)
    page.locator(f'.site-row[data-site-id="{other}"] .site-link').click()
    expect(page.get_by_test_id("site-detail")).to_have_attribute("data-site-id", other)
    expect(page.locator(f'.site-row[data-site-id="{other}"]')).to_have_attribute("aria-current", "true")
    assert page.locator(f'.site-row[data-site-id="{target}"][aria-current]').count() == 0
    tab.assert_clean()
