"""The JSON API over a store filled by real ingestion of the bundled articles."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest

from app.timeline import STATUSES, status_on


@pytest.fixture(scope="module")
def client(bundled_client):
    return bundled_client


@pytest.fixture(scope="module")
def sites(client) -> dict[str, dict]:
    return {feature["id"]: feature for feature in client.get("/api/v1/sites").json()["features"]}


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_sites_is_a_geojson_feature_collection_with_lon_lat_order(client, sites):
    body = client.get("/api/v1/sites").json()
    assert body["type"] == "FeatureCollection"
    assert len(sites) >= 10
    for feature in sites.values():
        properties = feature["properties"]
        assert feature["type"] == "Feature" and feature["id"] == properties["id"]
        assert {"id", "name", "country", "kind", "aliases", "events"} <= set(properties)
        if properties["located"]:
            assert feature["geometry"]["type"] == "Point"
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        else:
            assert feature["geometry"] is None
        dates = [event["date"] for event in properties["events"]]
        assert dates == sorted(dates)
    # al-Shaddadi is in north-eastern Syria: about 36.1 N, 40.7 E.
    lon, lat = sites["al-shaddadi"]["geometry"]["coordinates"]
    assert 39 < lon < 42 and 35 < lat < 37


def test_sites_filtered_by_country(client):
    features = client.get("/api/v1/sites", params={"country": "sy"}).json()["features"]
    assert features and {f["properties"]["country"] for f in features} == {"SY"}


def test_one_site_has_events_with_quotes_and_articles(client):
    feature = client.get("/api/v1/sites/al-shaddadi").json()
    assert feature["id"] == "al-shaddadi" and feature["geometry"]["type"] == "Point"
    properties = feature["properties"]
    assert {"geocoder", "geocode_method", "geocode_precision", "coord_source", "aliases"} <= set(properties)
    assert properties["events"]
    for event in properties["events"]:
        assert event["sentence"].strip()
        assert event["quote"] == (event["sentence"] if event["provenance"] == "original" else None)
        assert event["precision"] in ("day", "month", "year")
        assert event["date_basis"]
        assert {"title", "source", "url", "published"} <= set(event["article"])


def test_unknown_site_is_a_404_with_detail(client):
    response = client.get("/api/v1/sites/nowhere-at-all")
    assert response.status_code == 404
    assert response.json() == {"detail": "no site with id 'nowhere-at-all'"}


def test_status_on_a_day(client):
    body = client.get("/api/v1/status", params={"date": "2026-02-20"}).json()
    assert body["type"] == "FeatureCollection" and body["date"] == "2026-02-20"
    by_id = {f["id"]: f["properties"] for f in body["features"]}
    shaddadi = by_id["al-shaddadi"]
    assert shaddadi["status"] == "withdrawn"
    assert shaddadi["since"] <= "2026-02-20" and shaddadi["last_event"]["date"] == shaddadi["since"]
    assert {"id", "name", "country", "status", "since", "last_event"} <= set(shaddadi)
    assert sum(body["counts"].values()) == len(body["features"])
    assert client.get("/api/v1/status", params={"date": "2026-02-23"}).json()["features"]


def test_status_follows_the_timeline_rule_for_every_site(client, sites):
    for day in ("2020-03-19", "2024-07-01", "2026-02-20", "2026-02-23"):
        body = client.get("/api/v1/status", params={"date": day}).json()
        for feature in body["features"]:
            events = [SimpleNamespace(kind=e["kind"], date=date.fromisoformat(e["date"]), precision=e["precision"])
                      for e in sites[feature["id"]]["properties"]["events"]]
            expected = status_on(events, date.fromisoformat(day))
            assert feature["properties"]["status"] == expected.status, (day, feature["id"])
            assert feature["properties"]["since"] == (expected.since.isoformat() if expected.since else None)
            assert len(feature["properties"]["incidents"]) == len(expected.incidents)


def test_status_filters(client):
    withdrawn = client.get("/api/v1/status", params={"date": "2026-02-23", "status": "withdrawn"}).json()
    assert withdrawn["features"] and {f["properties"]["status"] for f in withdrawn["features"]} == {"withdrawn"}
    syria = client.get("/api/v1/status", params={"date": "2026-02-23", "country": "SY"}).json()
    assert syria["features"] and {f["properties"]["country"] for f in syria["features"]} == {"SY"}


def test_status_without_a_date_is_on_the_latest_event_day(client):
    latest = max(e["date"] for e in client.get("/api/v1/events").json()["events"])
    assert client.get("/api/v1/status").json()["date"] == latest


def test_events_filtered_and_in_date_order(client):
    body = client.get("/api/v1/events", params={"country": "SY", "since": "2026-01-01", "until": "2026-12-31"}).json()
    events = body["events"]
    assert body["count"] == len(events) > 0
    assert all(e["country"] == "SY" and "2026-01-01" <= e["date"] <= "2026-12-31" for e in events)
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    attacks = client.get("/api/v1/events", params={"kind": "attack"}).json()["events"]
    assert attacks and {e["kind"] for e in attacks} == {"attack"}
    assert all(e["sentence"] and e["article"]["title"] for e in attacks)


def test_articles(client):
    body = client.get("/api/v1/articles").json()
    assert body["count"] == len(body["articles"]) >= 20
    assert all(a["title"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["published"]) for a in body["articles"])
    assert sum(a["events"] for a in body["articles"]) == len(client.get("/api/v1/events").json()["events"])


@pytest.mark.parametrize("path, params, detail", [
    ("/api/v1/status", {"date": "2026-02-30"}, "date: 2026-02-30 is not a day of the calendar"),
    ("/api/v1/status", {"date": "yesterday"}, "date: 'yesterday' is not a date; use YYYY-MM-DD, e.g. 2026-02-23"),
    ("/api/v1/status", {"date": "2026-02-20", "country": "Syria"}, "country: 'Syria' is not an ISO 3166-1 alpha-2 country code, e.g. SY or IQ"),
    ("/api/v1/status", {"date": "2026-02-20", "status": "gone"}, "status: 'gone' is not a status; use one of present, planned, withdrawing, withdrawn, unreported"),
    ("/api/v1/sites", {"country": "XX"}, "country: 'XX' is not an ISO 3166-1 alpha-2 country code, e.g. SY or IQ"),
    ("/api/v1/events", {"kind": "bombing"}, None),
    ("/api/v1/events", {"since": "2026-13-01"}, "since: 2026-13-01 is not a day of the calendar"),
])
def test_bad_parameters_are_400_with_a_detail(client, path, params, detail):
    response = client.get(path, params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    if detail:
        assert response.json() == {"detail": detail}
    else:
        assert response.json()["detail"].startswith("kind: 'bombing' is not an event kind")


def test_a_period_that_ends_before_it_starts_has_no_events(client):
    # Each end is a valid day, so the request is valid: it asks for nothing, and gets nothing.
    response = client.get("/api/v1/events", params={"since": "2026-03-01", "until": "2026-02-01"})
    assert response.status_code == 200 and response.json() == {"count": 0, "events": []}


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_openapi_and_docs_are_served_without_a_cdn(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/sites", "/api/v1/sites/{site_id}", "/api/v1/status", "/api/v1/events", "/api/v1/articles",
            "/healthz"} <= set(spec["paths"])
    assert "400" in spec["paths"]["/api/v1/status"]["get"]["responses"]
    docs = client.get("/docs").text
    assets = re.findall(r"""(?:src|href)=["']([^"']+)""", docs) + re.findall(r"""url: ?['"]([^'"]+)""", docs)
    assert assets and all(url.startswith("/") for url in assets), assets
    assert "cdn" not in docs.lower()
    for url in re.findall(r"""(?:src|href)=["']([^"']+)""", docs):
        assert client.get(url).status_code == 200, url


def test_status_counts_cover_every_status(client):
    counts = client.get("/api/v1/status", params={"date": "2026-02-23"}).json()["counts"]
    assert set(counts) == set(STATUSES) | {"unreported"}


def _all_event_jsons(client) -> list[dict]:
    found = []
    for feature in client.get("/api/v1/sites").json()["features"]:
        found += feature["properties"]["events"]
        found += client.get(f"/api/v1/sites/{feature['id']}").json()["properties"]["events"]
    found += client.get("/api/v1/events").json()["events"]
    for day in ("2020-03-20", "2021-07-06", "2024-08-06", "2026-02-24"):
        for feature in client.get("/api/v1/status", params={"date": day}).json()["features"]:
            found += [e for e in [feature["properties"]["last_event"]] if e] + feature["properties"]["incidents"]
    return found


def test_no_summary_is_given_as_an_outlet_s_quote(client):
    """The bundled development articles are retellings written for this project: the API
    labels their sentences as a summary of the outlet's report, never as its quote."""
    articles = client.get("/api/v1/articles").json()["articles"]
    retold = {a["id"] for a in articles if a["provenance"] == "summary"}
    assert len(retold) >= 30 and all(a["based_on"] for a in articles if a["id"] in retold)
    shafaq = next(a for a in articles if a["url"].startswith("https://www.shafaq.com/ar/"))
    assert shafaq["credit"] == "Summary of a report by Shafaq News (Arabic service), 11 Mar 2026"
    events = _all_event_jsons(client)
    summaries = [e for e in events if e["article_id"] in retold]
    assert summaries and all(e["quote"] is None and e["provenance"] == "summary"
                             and e["credit"].startswith("Summary of a report by ") for e in summaries)
    originals = [e for e in events if e["article_id"] not in retold]
    assert originals and all(e["quote"] == e["sentence"] and e["provenance"] == "original"
                             and not e["credit"].startswith("Summary") for e in originals)


def test_camp_taji_is_withdrawn_a_week_after_its_handover(client):
    features = client.get("/api/v1/status", params={"date": "2020-09-01"}).json()["features"]
    taji = next(f["properties"] for f in features if f["properties"]["id"] == "camp-taji")
    assert taji["status"] == "withdrawn"


def test_a_generic_sentence_about_a_base_is_no_dated_attack(client):
    events = client.get("/api/v1/sites/camp-taji").json()["properties"]["events"]
    assert not [e for e in events if e["kind"] == "attack" and "most frequently targeted" in e["sentence"]]
