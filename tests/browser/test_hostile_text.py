"""Articles written by strangers: script and markup in the title, source, URL, sentences and
site names are shown as text, never run. Ingested through the real pipeline (an article file,
and the write API), then read in chromium, in the API JSON and in the server's HTML."""

from __future__ import annotations

import re

import httpx
import pytest

from browser.conftest import serving
from browser.stores import ingest_into
from conftest import fresh_store

pytestmark = pytest.mark.browser
TOKEN = "hostile-text-token"
DAY = "2026-02-24"

IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
TITLE = "<script>alert(1)</script> US troops leave Qasrak </title><script>alert(2)</script> {{ 7*7 }}"
SOURCE = f"{IMG} {SVG} Wire"
QASRAK_QUOTE = f"US troops left Qasrak base on Monday {IMG}."
TANF_QUOTE = f"US forces began withdrawing from the Tanf garrison on Sunday {SVG}."
TOWER_QUOTE = "US troops withdrew from Tower 22 on Friday </title><script>alert(1)</script> {{ 7*7 }} ${7*7} end."
ODD_NAME = "Camp D'Arc'onmouseover"  # a name read from the text by the "Camp X" pattern: quotes reach attributes
FILE_ARTICLE = f"""title: {TITLE}
source: {SOURCE}
url: javascript:alert(1)
published: {DAY}
---
{QASRAK_QUOTE}

{TANF_QUOTE}

{TOWER_QUOTE}

US troops withdrew from {ODD_NAME} on Monday, officials said.
"""
API_URL = 'https://example.org/report?q="><img src=x onerror=alert(1)>'
API_ARTICLE = {  # U+2028/U+2029 end a JavaScript string literal written naively into a page
    "title": "Report\u2028<b>bold</b> {{ 7*7 }}", "source": "API\u2029Wire", "url": API_URL, "published": DAY,
    "text": f"US troops completed their withdrawal from Ain al-Asad air base on Sunday\u2028{IMG}, officials said.",
}
ASAD_QUOTE = API_ARTICLE["text"]

# Everything a payload would create if it were parsed as markup, or a link that runs script.
INJECTED = """() => ({
  img: document.querySelectorAll('img[src="x"]').length,
  svg: document.querySelectorAll('svg[onload]').length,
  bold: document.querySelectorAll('b').length,
  handlers: Array.from(document.querySelectorAll('*')).filter(
      e => Array.from(e.attributes).some(a => /^on/i.test(a.name))).map(e => e.outerHTML.slice(0, 120)),
  scripts: Array.from(document.scripts).filter(
      s => (!s.type || /javascript/i.test(s.type)) && /alert\\(/.test(s.textContent)).map(s => s.outerHTML.slice(0, 120)),
  jsLinks: Array.from(document.querySelectorAll('a[href]')).filter(a => a.protocol === 'javascript:').map(a => a.outerHTML),
})"""
NOTHING_INJECTED = {"img": 0, "svg": 0, "bold": 0, "handlers": [], "scripts": [], "jsLinks": []}


@pytest.fixture(scope="module")
def hostile_server(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.txt"
    path.write_text(FILE_ARTICLE, encoding="utf-8")
    with fresh_store(request.config, folder) as url:
        report = ingest_into(url, [path])
        assert report.ok and report.events == 4, report
        with pytest.MonkeyPatch.context() as env:
            env.setenv("BASEWATCH_WRITE_TOKEN", TOKEN)
            with serving(url, folder) as base:
                response = httpx.post(f"{base}/api/v1/articles", json=API_ARTICLE,
                                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
                assert response.status_code == 201 and response.json()["events"] == 1, response.text
                yield base


@pytest.fixture
def hostile_tab(open_tab, hostile_server):
    tab = open_tab(hostile_server)
    tab.dialogs = []
    tab.page.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    assert tab.dialogs == [], f"a script from an article ran: {tab.dialogs}"


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def assert_nothing_runs(tab, clean: bool = True) -> None:
    assert tab.page.evaluate(INJECTED) == NOTHING_INJECTED
    assert tab.dialogs == []
    if clean:  # no request left 127.0.0.1, no console error
        tab.assert_clean()


def test_the_day_page_shows_strangers_text_as_text(hostile_tab):
    page = hostile_tab.open(f"?date={DAY}")
    rows = page.get_by_test_id("site-list")
    for name in ("Qasrak base", "Al-Tanf Garrison", "Tower 22", "Ain al-Asad Air Base", ODD_NAME):
        expect()(rows).to_contain_text(name)
    odd = page.locator('[data-testid="site-row"][data-site-id="camp-darconmouseover"]')
    assert odd.locator(".site-name").text_content() == ODD_NAME
    assert odd.get_attribute("data-status") == "withdrawn"
    assert page.title() == page.evaluate("document.title")
    assert page.title().startswith("US sites on 24 Feb 2026 — ")
    assert page.locator("title").evaluate("t => t.children.length") == 0
    assert_nothing_runs(hostile_tab)


def test_the_server_rendered_detail_shows_the_payloads_literally(hostile_tab):
    page = hostile_tab.open(f"?date={DAY}&site=qasrak")
    panel = page.get_by_test_id("site-detail")
    expect()(panel.locator(".quote")).to_have_text(QASRAK_QUOTE)
    text = panel.text_content()
    assert IMG in text and TITLE in text and SOURCE in text
    # The article's javascript: URL is shown as its title, not as a link.
    assert panel.locator(".source-title").text_content() == TITLE
    assert panel.locator(".source a").count() == 0
    assert_nothing_runs(hostile_tab)


def test_the_detail_rendered_by_the_script_shows_the_payloads_literally(hostile_tab):
    page = hostile_tab.open(f"?date={DAY}")
    page.locator('[data-testid="site-row"][data-site-id="tower-22"] a').click()
    panel = page.get_by_test_id("site-detail")
    expect()(panel.locator(".quote")).to_have_text(TOWER_QUOTE)
    assert "{{ 7*7 }} ${7*7}" in panel.text_content()
    assert panel.locator(".source-title").text_content() == TITLE
    page.wait_for_url(re.compile(r"site=tower-22"))
    assert_nothing_runs(hostile_tab)

    page.locator('[data-testid="site-row"][data-site-id="al-tanf"] a').click()
    expect()(panel.locator(".quote")).to_have_text(TANF_QUOTE)
    assert SOURCE in panel.text_content()
    assert_nothing_runs(hostile_tab)


def test_an_article_sent_through_the_api_with_line_separators_and_markup(hostile_tab):
    page = hostile_tab.open(f"?date={DAY}")
    page.locator('[data-testid="site-row"][data-site-id="ain-al-asad"] a').click()
    panel = page.get_by_test_id("site-detail")
    expect()(panel.locator(".quote")).to_have_text(ASAD_QUOTE)
    link = panel.locator(".source a")
    assert link.text_content() == API_ARTICLE["title"]
    assert link.get_attribute("href") == API_URL and link.evaluate("a => a.protocol") == "https:"
    assert_nothing_runs(hostile_tab)

    expect()(page).to_have_url(re.compile(r"site=ain-al-asad"))  # the address is written 200 ms later
    page.reload()  # the same detail, rendered by the server this time
    page.wait_for_selector("html[data-ready]", state="attached")
    expect()(panel.locator(".quote")).to_have_text(ASAD_QUOTE)
    assert panel.locator(".source a").get_attribute("href") == API_URL
    assert_nothing_runs(hostile_tab)


def test_marker_tooltips_show_names_as_text(hostile_tab):
    page = hostile_tab.open(f"?date={DAY}")
    page.locator('path.bw-marker[data-site-id="qasrak"]').hover(force=True)
    tooltip = page.locator(".site-tooltip")
    expect()(tooltip).to_contain_text("Qasrak base")
    assert tooltip.locator("*:not(span)").count() == 0
    page.locator('path.bw-marker[data-site-id="qasrak"]').click(force=True)
    expect()(page.get_by_test_id("site-detail").locator(".quote")).to_have_text(QASRAK_QUOTE)
    assert_nothing_runs(hostile_tab)


def test_a_reflected_query_value_is_shown_as_text(hostile_tab):
    page = hostile_tab.open("?date=%3Cscript%3Ealert(1)%3C/script%3E&site=%22%3E%3Csvg%20onload=alert(1)%3E",
                            ready=False)
    expect()(page.get_by_test_id("error-detail")).to_contain_text("<script>alert(1)</script>")
    assert hostile_tab.outside == []
    assert_nothing_runs(hostile_tab, clean=False)  # the 400 itself is a console error


def test_without_scripts_the_server_html_carries_the_payloads_as_text(open_tab, hostile_server):
    response = httpx.get(f"{hostile_server}/?date={DAY}&site=qasrak")
    html = response.text
    assert response.status_code == 200
    for raw in (IMG, "<svg onload", "</title><script>alert(2)", "<script>alert(1)", "<b>bold</b>", "javascript:"):
        assert raw not in html, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "{{ 7*7 }}" in html

    tab = open_tab(hostile_server, java_script_enabled=False)
    page = tab.open(f"?date={DAY}&site=qasrak", ready=False)
    assert page.get_by_test_id("site-detail").locator(".quote").text_content() == QASRAK_QUOTE
    table = page.locator(".status-table")
    assert table.locator('tr[data-site-id="camp-darconmouseover"] th').text_content() == ODD_NAME
    assert page.evaluate(INJECTED) == NOTHING_INJECTED


def test_the_api_returns_the_text_as_json_data(hostile_server):
    response = httpx.get(f"{hostile_server}/api/v1/sites/qasrak")
    assert response.headers["content-type"].startswith("application/json")
    events = response.json()["properties"]["events"]
    assert [(e["quote"], e["article"]["title"], e["article"]["source"], e["article"]["url"]) for e in events] == [
        (QASRAK_QUOTE, TITLE, SOURCE, "javascript:alert(1)")]
    asad = httpx.get(f"{hostile_server}/api/v1/sites/ain-al-asad").json()["properties"]["events"]
    assert [e["quote"] for e in asad] == [ASAD_QUOTE]
    articles = {a["title"] for a in httpx.get(f"{hostile_server}/api/v1/articles").json()["articles"]}
    assert articles == {TITLE, API_ARTICLE["title"]}
