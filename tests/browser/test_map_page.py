"""The map page in chromium, served by `basewatch serve` over the ingested bundled articles."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.browser


def row(page, site_id: str):
    return page.locator(f'[data-testid="site-row"][data-site-id="{site_id}"]')


def marker(page, site_id: str):
    return page.locator(f'path.bw-marker[data-site-id="{site_id}"]')


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def test_a_permalink_opens_on_its_day(tab):
    page = tab.open("?date=2026-02-20")
    assert page.url.endswith("/?date=2026-02-20")
    expect()(page.get_by_test_id("date-label")).to_have_text("20 Feb 2026")
    assert row(page, "al-shaddadi").get_attribute("data-status") == "withdrawn"
    assert marker(page, "al-shaddadi").get_attribute("data-status") == "withdrawn"
    assert "20 Feb 2026" in page.title()
    tab.assert_clean()


def test_the_day_is_rendered_by_the_server_before_any_script(no_script_tab):
    page = no_script_tab.open("?date=2026-02-20", ready=False)
    assert row(page, "al-shaddadi").get_attribute("data-status") == "withdrawn"
    assert page.get_by_test_id("date-label").inner_text() == "20 Feb 2026"
    assert "20 Feb 2026" in page.title()
    table_row = page.locator('.status-table tr[data-site-id="al-shaddadi"]')
    assert table_row.is_visible() and table_row.get_attribute("data-status") == "withdrawn"
    no_script_tab.assert_clean()


def test_moving_the_slider_recomputes_statuses_and_the_url_and_a_reload_keeps_them(tab):
    page = tab.open("?date=2026-02-20")
    assert row(page, "qasrak").get_attribute("data-status") != "withdrawing"
    slider = page.get_by_test_id("date-slider")
    slider.focus()
    for _ in range(3):  # three days, one arrow key each
        page.keyboard.press("ArrowRight")
    expect()(page.get_by_test_id("date-label")).to_have_text("23 Feb 2026")
    expect()(row(page, "qasrak")).to_have_attribute("data-status", "withdrawing")
    expect()(marker(page, "qasrak")).to_have_attribute("data-status", "withdrawing")
    page.wait_for_url(re.compile(r"[?&]date=2026-02-23(&|$)"))
    assert "23 Feb 2026" in page.title()
    requests_before_reload = len(tab.requests)

    page.reload()
    page.wait_for_selector("html[data-ready]", state="attached")
    assert "date=2026-02-23" in page.url
    expect()(page.get_by_test_id("date-label")).to_have_text("23 Feb 2026")
    assert row(page, "qasrak").get_attribute("data-status") == "withdrawing"
    assert marker(page, "qasrak").get_attribute("data-status") == "withdrawing"
    assert len(tab.requests) > requests_before_reload
    tab.assert_clean()


def test_slider_steps_make_no_requests(tab):
    page = tab.open("?date=2026-02-20")
    page.wait_for_load_state("networkidle")
    before = len(tab.requests)
    page.get_by_test_id("date-slider").focus()
    for _ in range(20):
        page.keyboard.press("ArrowLeft")
    expect()(page.get_by_test_id("date-label")).to_have_text("31 Jan 2026")
    # Chromium asks for the (immutable, cached) icon again whenever the permalink is rewritten;
    # that is the browser's doing, not a request of the page.
    assert [url for url in tab.requests[before:] if "/static/favicon.svg" not in url] == []
    tab.assert_clean()


def test_filtering_to_syria_leaves_no_iraqi_marker(tab):
    page = tab.open("?date=2026-02-23")
    assert marker(page, "ain-al-asad").count() == 1
    page.get_by_test_id("country-filter").select_option("SY")
    expect()(page.locator('path.bw-marker[data-country="IQ"]')).to_have_count(0)
    assert page.locator('path.bw-marker[data-country="SY"]').count() >= 3
    countries = page.locator('[data-testid="site-row"]:visible').evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-country'))")
    assert countries and set(countries) == {"SY"}
    page.wait_for_url(re.compile(r"country=SY"))
    assert "in Syria" in page.title()
    tab.assert_clean()


def test_status_filter_keeps_only_that_status_on_the_map_and_in_the_list(tab):
    page = tab.open("?date=2026-02-23")
    page.get_by_test_id("status-filter").select_option("withdrawn")
    page.wait_for_url(re.compile(r"status=withdrawn"))
    shown = page.locator("path.bw-marker").evaluate_all("ms => ms.map(m => m.getAttribute('data-status'))")
    assert shown and set(shown) == {"withdrawn"}
    rows = page.locator('[data-testid="site-row"]:visible').evaluate_all("rs => rs.map(r => r.getAttribute('data-status'))")
    assert rows and set(rows) == {"withdrawn"}
    tab.assert_clean()


def test_opening_a_site_shows_its_quoted_sentence_and_source(tab):
    page = tab.open("?date=2026-02-23")
    detail = httpx.get(f"{tab.base}/api/v1/sites/al-shaddadi").json()
    event = detail["properties"]["events"][0]
    row(page, "al-shaddadi").locator("a").click()
    panel = page.get_by_test_id("site-detail")
    # a bundled retelling: its sentence shown as ours, credited as a summary, not as a quote
    expect()(panel.locator(".sentence").first).to_have_text(event["sentence"])
    expect()(panel.locator(".credit").first).to_contain_text("Summary of a report by")
    assert event["quote"] is None and panel.locator(".event").first.locator(".quote").count() == 0
    expect()(panel).to_contain_text(detail["properties"]["name"])
    expect()(panel).to_contain_text(event["article"]["title"])
    page.wait_for_url(re.compile(r"site=al-shaddadi"))
    assert row(page, "al-shaddadi").get_attribute("aria-current") == "true"
    assert marker(page, "al-shaddadi").get_attribute("data-selected") == ""
    tab.assert_clean()


def test_clicking_a_marker_opens_that_site(tab):
    # Zoomed in: at the country's zoom the markers of Qasrak and Tell Beydar, 12 km apart, overlap.
    page = tab.open("?date=2026-02-23&country=SY&z=11&lat=36.7062&lon=40.5120")
    marker(page, "qasrak").click(force=True)
    expect()(page.get_by_test_id("site-detail")).to_have_attribute("data-site-id", "qasrak")
    expect()(page.get_by_test_id("site-detail").locator(".quote").first).to_be_visible()
    tab.assert_clean()


def human(day: str) -> str:
    from datetime import date

    value = date.fromisoformat(day)
    return f"{value.day} {value.strftime('%b')} {value.year}"


def test_event_steps_keys_and_play(tab):
    event_days = sorted({e["date"] for e in httpx.get(f"{tab.base}/api/v1/events").json()["events"]})
    after = [d for d in event_days if d > "2026-02-20"]
    prior = [d for d in event_days if d < after[0]][-1]
    page = tab.open("?date=2026-02-20")
    page.get_by_test_id("next-event").click()
    expect()(page.get_by_test_id("date-label")).to_have_text(human(after[0]))
    page.get_by_test_id("date-slider").focus()
    page.keyboard.press("Shift+ArrowLeft")
    expect()(page.get_by_test_id("date-label")).to_have_text(human(prior))
    page.get_by_test_id("date-slider").press("Home")
    expect()(page.get_by_test_id("date-label")).to_have_text(human(event_days[0]))
    play = page.get_by_test_id("play")
    play.click()
    expect()(play).to_have_attribute("aria-pressed", "true")
    expect()(page.get_by_test_id("date-label")).not_to_have_text(human(event_days[0]), timeout=5_000)
    play.click()
    expect()(play).to_have_attribute("aria-pressed", "false")
    tab.assert_clean()


def test_the_browser_and_the_server_agree_on_every_event_day(tab):
    """The page's statuses (status.js) equal the API's (app/timeline.py) on each day with an event."""
    page = tab.open("?date=2026-02-23")
    days = page.evaluate("Basewatch.app.eventDays.map(BasewatchStatus.isoDay)")
    assert len(days) > 10
    for day in days:
        page.evaluate("day => Basewatch.app.setDay(BasewatchStatus.dayNumber(day))", day)
        page.wait_for_selector("html:not([data-rows-pending])", state="attached")  # rows off screen follow
        in_page = dict(page.locator('[data-testid="site-row"]').evaluate_all(
            "rows => rows.map(r => [r.getAttribute('data-site-id'), r.getAttribute('data-status')])"))
        from_api = {f["id"]: f["properties"]["status"]
                    for f in httpx.get(f"{tab.base}/api/v1/status", params={"date": day}).json()["features"]}
        assert in_page == from_api, day
    tab.assert_clean()


def test_the_copy_link_button_holds_the_current_view(tab):
    page = tab.open("?date=2026-02-20")
    page.get_by_test_id("country-filter").select_option("SY")
    page.wait_for_url(re.compile(r"country=SY"))
    href = page.get_by_test_id("permalink").get_attribute("href")
    assert href.startswith("/?date=2026-02-20&country=SY")
    tab.assert_clean()


def test_a_phone_gets_the_list_below_the_map(phone_tab):
    page = phone_tab.open("?date=2026-02-23")
    map_box = page.locator(".folium-map").bounding_box()
    list_box = page.get_by_test_id("site-list").bounding_box()
    assert map_box["width"] <= 390 and list_box["y"] >= map_box["y"] + map_box["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_tab.assert_clean()


def test_a_bad_parameter_gets_a_400_page(tab):
    response = tab.page.goto(f"{tab.base}/?date=2026-02-30")
    assert response.status == 400
    assert "2026-02-30" in tab.page.get_by_test_id("error-detail").inner_text()
    tab.errors.clear()  # chromium logs the 400 itself as a console error
    tab.assert_clean()
