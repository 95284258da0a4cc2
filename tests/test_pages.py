"""The map page as the server renders it: the URL's day, filters and site, before any script runs."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.web.main import create_app
from browser.stores import ingest_into
from conftest import write_article

TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.fixture(scope="module")
def store(bundled_store):
    return bundled_store


@pytest.fixture(scope="module")
def client(bundled_client):
    return bundled_client


def page(client, query: str) -> BeautifulSoup:
    response = client.get(f"/?{query}")
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def rows(soup) -> dict[str, dict]:
    return {li["data-site-id"]: li for li in soup.select('[data-testid="site-row"]')}


def visible_rows(soup) -> dict[str, dict]:
    return {site_id: li for site_id, li in rows(soup).items() if not li.has_attr("hidden")}


def test_no_date_redirects_to_the_latest_event_day(client):
    latest = max(e["date"] for e in client.get("/api/v1/events").json()["events"])
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 302 and response.headers["location"] == f"/?date={latest}"
    response = client.get("/?country=sy", follow_redirects=False)
    assert response.headers["location"] == f"/?date={latest}&country=SY"


def test_form_leftovers_redirect_to_the_canonical_url(client):
    response = client.get("/?date=2026-02-20&country=&status=&site=&lat=36.10&lon=40&z=05", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/?date=2026-02-20&z=5&lat=36.1&lon=40"


def test_a_day_is_rendered_with_its_statuses_title_and_description(client):
    soup = page(client, "date=2026-02-20")
    counts = client.get("/api/v1/status", params={"date": "2026-02-20"}).json()["counts"]
    title = soup.title.string
    assert title.startswith("US sites on 20 Feb 2026 — ")
    for status in ("present", "planned", "withdrawing", "withdrawn"):
        assert (f"{counts[status]} {status}" in title) == bool(counts[status])
    assert "20 Feb 2026" in soup.find("meta", attrs={"name": "description"})["content"]
    assert soup.select_one('[data-testid="date-label"]').get_text() == "20 Feb 2026"
    assert rows(soup)["al-shaddadi"]["data-status"] == "withdrawn"
    for status, count in counts.items():
        assert soup.select_one(f'[data-count-for="{status}"]').get_text() == str(count)
    assert soup.select_one('link[rel="canonical"]')["href"] == "/?date=2026-02-20"
    assert soup.select_one('[data-testid="permalink"]')["href"] == "/?date=2026-02-20"


def test_every_row_agrees_with_the_status_api(client):
    soup = page(client, "date=2026-02-23")
    api = {f["id"]: f["properties"]["status"]
           for f in client.get("/api/v1/status", params={"date": "2026-02-23"}).json()["features"]}
    assert {site_id: li["data-status"] for site_id, li in rows(soup).items()} == api
    assert rows(soup)["qasrak"]["data-status"] == "withdrawing"
    table = {tr["data-site-id"]: tr["data-status"] for tr in soup.select(".status-table tr[data-site-id]")}
    assert table == api


def test_the_contract_test_ids_are_present(client):
    soup = page(client, "date=2026-02-23")
    for test_id in ("date-slider", "date-label", "country-filter", "status-filter", "site-list", "site-row",
                    "site-detail", "permalink", "play"):
        assert soup.select(f'[data-testid="{test_id}"]'), test_id
    slider = soup.select_one('[data-testid="date-slider"]')
    first = date.fromisoformat(slider["data-first-day"])
    assert slider["type"] == "range" and int(slider["value"]) == (date(2026, 2, 23) - first).days


def test_country_filter_hides_other_countries(client):
    soup = page(client, "date=2026-02-23&country=SY")
    shown = visible_rows(soup)
    assert shown and {li["data-country"] for li in shown.values()} == {"SY"}
    assert soup.title.string.startswith("US sites in Syria on 23 Feb 2026")
    assert soup.select_one('[data-testid="country-filter"] option[selected]')["value"] == "SY"
    assert {tr["data-site-id"] for tr in soup.select(".status-table tr[data-site-id]")} == set(shown)


def test_status_filter_hides_other_statuses(client):
    soup = page(client, "date=2026-02-23&status=withdrawing")
    shown = visible_rows(soup)
    assert "qasrak" in shown and {li["data-status"] for li in shown.values()} == {"withdrawing"}


def test_a_site_in_the_url_opens_its_detail(client):
    soup = page(client, "date=2026-02-23&site=al-shaddadi")
    detail = soup.select_one('[data-testid="site-detail"]')
    api = client.get("/api/v1/sites/al-shaddadi").json()["properties"]
    assert detail["data-site-id"] == "al-shaddadi"
    text = detail.get_text(" ", strip=True)
    assert api["name"] in text and api["geocoder"] in text and "Coordinates" in text
    sentences = [q.get_text() for q in detail.select(".sentence")]
    assert sentences == [event["sentence"] for event in api["events"]]
    quotes = [q.get_text() for q in detail.select(".quote")]
    assert quotes == [event["quote"] for event in api["events"] if event["quote"] is not None]
    titles = detail.select(".source a, .source .source-title")
    assert [t.get_text() for t in titles] == [event["article"]["title"] for event in api["events"]]
    assert rows(soup)["al-shaddadi"]["aria-current"] == "true"


def test_later_reports_are_marked_as_future_in_the_detail(client):
    soup = page(client, "date=2026-02-14&site=al-shaddadi")
    for item in soup.select('[data-testid="site-detail"] .event'):
        assert item.has_attr("data-future") == (item["data-date"] > "2026-02-14")


@pytest.mark.parametrize("query, detail", [
    ("date=2026-02-30", "date: 2026-02-30 is not a day of the calendar"),
    ("date=20-02-2026", "date: '20-02-2026' is not a date; use YYYY-MM-DD, e.g. 2026-02-23"),
    ("date=2026-02-20&country=S1", "country: 'S1' is not an ISO 3166-1 alpha-2 country code, e.g. SY or IQ"),
    ("date=2026-02-20&status=gone", "status: 'gone' is not a status; use one of present, planned, withdrawing, withdrawn, unreported"),
    ("date=2026-02-20&site=atlantis", "site: no site with id 'atlantis'"),
    ("date=2026-02-20&z=abc", "z: 'abc' is not a zoom level; use a whole number from 0 to 18"),
    ("date=2026-02-20&z=4&lat=95&lon=40", "lat: 95.0 is outside -90..90"),
    ("date=2026-02-20&z=4&lat=30&lon=east", "lon: 'east' is not a number"),
])
def test_bad_parameters_get_a_400_page(client, query, detail):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one('[data-testid="error-detail"]').get_text() == detail


def test_the_map_is_embedded_by_its_parts_with_local_assets_only(client):
    response = client.get("/?date=2026-02-23")
    soup = BeautifulSoup(response.text, "html.parser")
    assert not soup.find("iframe")
    assert soup.select_one("div.folium-map")
    assets = [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[href]")]
    assert assets and all(url.startswith("/") for url in assets), assets
    lowered = response.text.lower()
    for cdn_asset in ("jquery", "bootstrap", "awesome-markers", "fontawesome", "cdn."):
        assert cdn_asset not in lowered, cdn_asset
    script = "\n".join(s.get_text() for s in soup.select("script:not([src])"))
    assert "L.map(" in script and "Basewatch.siteLayer(" in script and "/basemap/countries.geojson" in script
    assert "L.tileLayer" not in script  # tiles are off in this app
    for url in assets:
        assert client.get(url).status_code == 200, url


def test_online_tiles_come_from_the_setting_with_attribution(store):
    settings = replace(Settings(), database_url=store, tiles_url=TILES, tiles_attribution="Example tiles, CC-BY")
    with TestClient(create_app(settings)) as client:
        html = client.get("/?date=2026-02-23").text
    assert "L.tileLayer" in html and TILES in html and "Example tiles, CC-BY" in html


def test_the_offline_basemap_is_served_as_geojson(client):
    response = client.get("/basemap/countries.geojson")
    assert response.status_code == 200 and response.headers["content-type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    names = {feature["properties"]["name"] for feature in body["features"]}
    assert {"Syria", "Iraq", "Afghanistan", "Niger"} <= names


def test_the_page_data_holds_every_site_with_its_events(client):
    soup = page(client, "date=2026-02-23")
    import json

    data = json.loads(soup.select_one("#bw-data").get_text())
    assert data["state"] == {"date": "2026-02-23"}
    ids = [site["id"] for site in data["sites"]]
    assert ids == list(rows(soup))
    shaddadi = next(site for site in data["sites"] if site["id"] == "al-shaddadi")
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", e[0]) and len(e) == 4 and e[3] for e in shaddadi["events"])


def test_article_text_is_escaped_everywhere(store_url, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "hostile.txt", title='<script>alert("title")</script> US leaves Qasrak',
                  source="<img src=x onerror=alert(1)>", url="javascript:alert(document.cookie)",
                  body='US troops began withdrawing from the Qasrak base on Monday <script>alert("quote")</script> '
                       "in Hasakah province.")
    assert ingest_into(store_url, [folder]).ok
    with TestClient(create_app(replace(Settings(), database_url=store_url, tiles_url=None))) as client:
        html = client.get("/?date=2026-02-23&site=qasrak").text
    soup = BeautifulSoup(html, "html.parser")
    detail = soup.select_one('[data-testid="site-detail"]')
    assert not detail.find("script") and not detail.find("img")
    assert '<script>alert("quote")</script>' in detail.select_one(".quote").get_text()
    assert "javascript:" not in str(detail)  # not a link: the URL is not http(s)
    data_script = soup.select_one("#bw-data").string
    assert "</script>" not in data_script and "<script" not in data_script


def test_no_summary_is_shown_as_an_outlet_s_quote(client):
    """Every bundled retelling's sentence is shown as our summary with its credit, on every site's
    detail; only an original article's sentence is in quotation style."""
    articles = {a["id"]: a for a in client.get("/api/v1/articles").json()["articles"]}
    checked = {"summary": 0, "original": 0}
    for feature in client.get("/api/v1/sites").json()["features"]:
        soup = page(client, f"date=2026-02-23&site={feature['id']}")
        for item in soup.select('[data-testid="site-detail"] .event'):
            api_event = next(e for e in feature["properties"]["events"] if str(e["id"]) == item["data-event-id"])
            article = articles[api_event["article_id"]]
            credit = item.select_one(".credit").get_text(" ", strip=True)
            if article["provenance"] == "summary":
                assert item.select("blockquote, .quote") == [], f"summary shown as a quote: {article['title']}"
                assert item.select_one(".summary-sentence").get_text() == api_event["sentence"]
                assert credit.startswith(f"Summary of a report by {article['source']}") and "our words" in credit
            else:
                assert item.select_one("blockquote.quote").get_text() == api_event["sentence"]
                assert not credit.startswith("Summary")
            checked[article["provenance"]] += 1
    assert checked["summary"] > 50 and checked["original"] > 5
