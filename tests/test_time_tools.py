"""Knowledge time, changes between two days, the Atom feed, the CSV exports and the compact status,
over a small store written by the tests (tests/timestore.py)."""

from __future__ import annotations

import csv
import gzip
import io
import random
from dataclasses import replace
from datetime import date, timedelta

import feedparser
import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.store.dayindex import CODES, DayIndex
from app.store.history import KnownView
from app.store.snapshot import EventRow
from app.store.status_index import StatusIndex
from app.timeline import EVENT_KINDS, status_on
from app.web.changes import changes_in
from app.web.daystatus import make_prefix, spliced_gzip
from app.web.main import create_app
from conftest import fresh_store
from timestore import write_time_store


@pytest.fixture(scope="module")
def client(request, tmp_path_factory):
    with fresh_store(request.config, tmp_path_factory.mktemp("time-store")) as url:
        write_time_store(url)
        with TestClient(create_app(replace(Settings(), database_url=url, tiles_url=None))) as test_client:
            yield test_client


def statuses(client, **params) -> dict[str, str]:
    body = client.get("/api/v1/status", params=params).json()
    return {feature["id"]: feature["properties"]["status"] for feature in body["features"]}


# ---- knowledge time ----

def test_known_leaves_out_reports_published_later(client):
    # The withdrawal from alpha started on 18 Feb but was first reported on 22 Feb.
    assert statuses(client, date="2026-02-20")["alpha"] == "withdrawing"
    assert statuses(client, date="2026-02-20", known="2026-02-20")["alpha"] == "planned"
    assert statuses(client, date="2026-02-20", known="2026-02-22")["alpha"] == "withdrawing"
    # Before the handover was reported, bravo was still believed present.
    assert statuses(client, date="2026-02-20", known="2026-01-31")["bravo"] == "present"


def test_known_says_so_in_the_body_and_in_its_etag(client):
    plain = client.get("/api/v1/status", params={"date": "2026-02-20"})
    known = client.get("/api/v1/status", params={"date": "2026-02-20", "known": "2026-02-20"})
    assert known.json()["known"] == "2026-02-20" and "known" not in plain.json()
    assert known.headers["etag"] != plain.headers["etag"]
    # The attack was reported on the 22nd too: not known on the 20th.
    features = {f["id"]: f["properties"] for f in client.get("/api/v1/status", params={
        "date": "2026-02-19", "known": "2026-02-20"}).json()["features"]}
    assert features["alpha"]["incidents"] == []


def test_a_bad_known_day_is_a_400_naming_it(client):
    response = client.get("/api/v1/status", params={"date": "2026-02-20", "known": "2026-02-31"})
    assert response.status_code == 400 and response.json()["detail"].startswith("known:")


# ---- changes ----

def test_changes_lists_the_sites_whose_status_differs_with_the_events_between(client):
    body = client.get("/api/v1/changes", params={"from": "2026-01-01", "to": "2026-02-20"}).json()
    assert body["type"] == "FeatureCollection" and body["count"] == 2
    by_id = {f["id"]: f for f in body["features"]}
    assert set(by_id) == {"alpha", "bravo"}  # charlie stayed present
    alpha = by_id["alpha"]["properties"]
    assert (alpha["from"], alpha["to"], alpha["from_since"], alpha["to_since"]) == (
        "present", "withdrawing", "2025-06-01", "2026-02-18")
    assert [e["kind"] for e in alpha["events"]] == ["withdrawal_planned", "withdrawal_started"]  # no attack
    assert alpha["changes_between"] == 2
    assert alpha["events"][1]["quote"] == "Convoys began leaving Alpha base on Wednesday."
    assert alpha["events"][1]["article"]["title"] == "Convoys seen leaving alpha"
    assert by_id["bravo"]["geometry"] == {"type": "Point", "coordinates": [44.0, 33.0]}


def test_changes_by_country_in_either_order_and_as_known(client):
    syria = client.get("/api/v1/changes", params={"from": "2026-01-01", "to": "2026-02-20", "country": "sy"}).json()
    assert [f["id"] for f in syria["features"]] == ["alpha"]
    backwards = client.get("/api/v1/changes", params={"from": "2026-02-20", "to": "2026-01-01"}).json()
    alpha = {f["id"]: f["properties"] for f in backwards["features"]}["alpha"]
    assert (alpha["from"], alpha["to"]) == ("withdrawing", "present")
    assert len(alpha["events"]) == 2
    known = client.get("/api/v1/changes", params={"from": "2026-01-01", "to": "2026-02-20", "known": "2026-02-01"}).json()
    assert {f["id"]: f["properties"]["to"] for f in known["features"]} == {"alpha": "planned"}


@pytest.mark.parametrize("params, name", [({"to": "2026-01-01"}, "from"), ({"from": "2026-01-01"}, "to"),
                                          ({"from": "2026-1-1", "to": "2026-01-01"}, "from"),
                                          ({"from": "2026-01-01", "to": "2026-01-02", "country": "XX"}, "country")])
def test_changes_refuses_missing_or_bad_days(client, params, name):
    response = client.get("/api/v1/changes", params=params)
    assert response.status_code == 400 and response.json()["detail"].startswith(f"{name}:")


# ---- the feed ----

def test_the_feed_parses_and_has_one_entry_per_status_change_newest_first(client):
    response = client.get("/feeds/changes.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    # alpha: present, planned, withdrawing; bravo: present, withdrawn; charlie: present.
    assert len(feed.entries) == 6
    days = [entry.updated_parsed[:3] for entry in feed.entries]
    assert days == sorted(days, reverse=True)
    newest = feed.entries[0]
    assert newest.title.startswith("Alpha base: withdrawing (was planned)")
    assert "“Convoys began leaving Alpha base on Wednesday.”" in newest.summary
    assert "Wire Three" in newest.summary
    assert {link.rel: link.href for link in newest.links}["related"] == "https://example.org/three"
    assert {link.rel: link.href for link in newest.links}["alternate"].endswith("/?date=2026-02-18&site=alpha")
    assert len({entry.id for entry in feed.entries}) == 6


def test_the_feed_never_links_an_unsafe_article_url(client):
    feed = feedparser.parse(client.get("/feeds/changes.atom", params={"site": "bravo"}).content)
    assert [entry.title.split(":")[1].split(" (")[0].strip() for entry in feed.entries] == ["withdrawn", "present"]
    assert all("javascript:" not in link.href for entry in feed.entries for link in entry.links)


def test_the_feed_by_country_and_by_site(client):
    syria = feedparser.parse(client.get("/feeds/changes.atom", params={"country": "SY"}).content)
    assert len(syria.entries) == 4 and "Syria" in syria.feed.title
    unknown = client.get("/feeds/changes.atom", params={"site": "nowhere"})
    assert unknown.status_code == 404 and unknown.json() == {"detail": "no site with id 'nowhere'"}
    assert client.get("/feeds/changes.atom", params={"country": "Syria"}).status_code == 400


# ---- CSV exports ----

def read_csv(response) -> list[dict]:
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


def test_status_csv_has_a_row_per_site_with_its_status_and_source(client):
    rows = read_csv(client.get("/api/v1/status.csv", params={"date": "2026-02-19"}))
    assert {"id", "name", "country", "lat", "lon", "status", "since"} <= set(rows[0])
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {"alpha", "bravo", "charlie"}
    alpha = by_id["alpha"]
    assert (alpha["status"], alpha["since"], alpha["attacked"], alpha["lat"], alpha["lon"]) == (
        "withdrawing", "2026-02-18", "yes", "35.0", "40.0")
    assert alpha["quote"] == "Convoys began leaving Alpha base on Wednesday." and alpha["article_source"] == "Wire Three"
    # A spreadsheet must not run a sentence as a formula.
    assert by_id["charlie"]["quote"] == "'+200 US troops remain at Charlie outpost, officials said."


def test_status_csv_filters_agree_with_the_json(client):
    rows = read_csv(client.get("/api/v1/status.csv", params={"date": "2026-02-20", "country": "SY", "status": "present"}))
    assert [row["id"] for row in rows] == ["charlie"]
    known = read_csv(client.get("/api/v1/status.csv", params={"date": "2026-02-20", "known": "2026-02-20"}))
    assert {row["id"]: row["status"] for row in known} == statuses(client, date="2026-02-20", known="2026-02-20")
    assert client.get("/api/v1/status.csv", params={"status": "gone"}).status_code == 400


def test_events_csv_has_the_rows_of_the_events_api(client):
    for params in ({}, {"country": "SY"}, {"kind": "attack"}, {"since": "2026-01-01", "until": "2026-02-18"}):
        rows = read_csv(client.get("/api/v1/events.csv", params=params))
        api = client.get("/api/v1/events", params=params).json()["events"]
        assert [int(row["id"]) for row in rows] == [event["id"] for event in api], params
        assert [row["date"] for row in rows] == [event["date"] for event in api]
    rows = read_csv(client.get("/api/v1/events.csv", params={"kind": "attack"}))
    assert rows[0]["quote"] == "Rockets struck Alpha base on Thursday." and rows[0]["article_title"] == "Convoys seen leaving alpha"
    backwards = client.get("/api/v1/events.csv", params={"since": "2026-02-10", "until": "2026-01-01"})
    assert backwards.status_code == 200 and read_csv(backwards) == []  # as /api/v1/events: an empty period


def test_csv_exports_answer_304_to_a_client_that_holds_them(client):
    first = client.get("/api/v1/status.csv", params={"date": "2026-02-19"})
    again = client.get("/api/v1/status.csv", params={"date": "2026-02-19"}, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


# ---- the compact status and the vectorised index ----

def test_compact_status_agrees_with_the_geojson(client):
    for day in ("2024-04-30", "2024-05-01", "2026-01-10", "2026-02-19", "2026-03-01"):
        for known in (None, "2026-02-01"):
            params = {"date": day, **({"known": known} if known else {})}
            compact = client.get("/api/v1/status", params={**params, "format": "compact"}).json()
            full = client.get("/api/v1/status", params=params).json()
            assert dict(zip(compact["ids"], (compact["statuses"][code] for code in compact["status"]))) == {
                f["id"]: f["properties"]["status"] for f in full["features"]}
            assert [(date(1970, 1, 1) + timedelta(days=n)).isoformat() if compact["statuses"][code] != "unreported"
                    else None for n, code in zip(compact["since_day"], compact["status"])] == [
                f["properties"]["since"] for f in full["features"]]
            assert compact["counts"] == full["counts"]
            assert compact["attacked"] == [f["id"] for f in full["features"] if f["properties"]["incidents"]]
    filtered = client.get("/api/v1/status", params={"date": "2026-02-19", "format": "compact", "status": "present"}).json()
    assert filtered["ids"] == ["charlie"] and filtered["status"] == [0]


def test_the_compact_body_sent_gzip_compressed_is_the_plain_one(bundled_client):
    client = bundled_client  # enough sites for a body worth compressing
    params = {"date": "2026-02-19", "format": "compact"}
    plain = client.get("/api/v1/status", params=params, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    packed = client.get("/api/v1/status", params={**params, "known": "2026-02-20"}, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.json()["known"] == "2026-02-20" and packed.json()["ids"] == plain.json()["ids"]
    assert len(plain.json()["ids"]) > 30


@pytest.mark.parametrize("rest", [b"", b'"date":"2026-02-19"}', bytes(range(256)) * 300])
def test_a_spliced_gzip_stream_decompresses_to_prefix_and_rest(rest):
    prefix = make_prefix(b'{"ids":' + b'["site-%d",' % 1 * 5000 + b'"last"],')
    assert gzip.decompress(spliced_gzip(prefix, rest)) == prefix.plain + rest


def test_day_index_gives_the_rule_on_random_histories():
    rng = random.Random(7)
    events, by_site = [], {}
    for n in range(400):
        site = f"s{rng.randrange(60)}"
        event = EventRow(n + 1, 1, site, rng.choice(EVENT_KINDS), date(2020, 1, 1) + timedelta(days=rng.randrange(900)),
                         rng.choice(("day", "day", "month", "year")), "text", "", None, None, "q")
        events.append(event)
        by_site.setdefault(site, []).append(event)
    site_ids = [f"s{n}" for n in range(65)]  # five without events
    index = DayIndex(site_ids, StatusIndex(events))
    for offset in range(-5, 930, 7):
        day = date(2020, 1, 1) + timedelta(days=offset)
        steps = index.steps_on(day)
        got = [CODES[code] for code in index.codes_on(steps).tolist()]
        assert got == [status_on(by_site.get(site, ()), day).status for site in site_ids], day
        since = index.since_on(steps).tolist()
        assert since == [(status_on(by_site.get(site, ()), day).since or date.min).isoformat()
                         if status_on(by_site.get(site, ()), day).since else None for site in site_ids]



def test_changes_between_keep_the_latest_five_and_count_them_all():
    kinds = ["presence", "withdrawal_planned"] * 4 + ["presence"]  # nine changes, one a month
    events = [EventRow(n + 1, 1, "busy", kind, date(2021, n + 1, 1), "day", "text", "", None, None, "q")
              for n, kind in enumerate(kinds)]
    events.append(EventRow(99, 1, "busy", "presence", date(2021, 9, 15), "day", "text", "", None, None, "q"))  # no change
    view = KnownView(None, {"busy": events}, StatusIndex(events), sorted({e.date for e in events}))
    shown, count = changes_in(view, "busy", date(2021, 1, 1), date(2021, 12, 31))
    assert count == 8  # after 1 Jan: February to September
    assert [event.id for event in shown] == [5, 6, 7, 8, 9]
    assert changes_in(view, "busy", date(2021, 3, 1), date(2021, 4, 30))[1] == 1


# ---- the page, as the server renders it (readers without scripts get the same) ----

def test_the_page_renders_knowledge_time_comparison_and_the_feed_link(client):
    from bs4 import BeautifulSoup

    response = client.get("/?date=2026-02-20&known=2026-02-20&compare=2026-01-01&country=SY")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert "As known on 20 Feb 2026" in page.select_one('[data-testid="known-banner"]').get_text()
    assert page.select_one('tr[data-site-id="alpha"]')["data-status"] == "planned"  # the late report left out
    rows = page.select('[data-testid="compare-list"] .compare-row')
    assert [(row["data-site-id"], row["data-from"], row["data-to"]) for row in rows] == [("alpha", "present", "planned")]
    feed = page.select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert feed["href"] == "/feeds/changes.atom?country=SY"
    assert page.select_one('[data-testid="known-input"]')["value"] == "2026-02-20"


def test_the_page_refuses_a_bad_knowledge_or_comparison_day(client):
    for query, name in (("known=2026-13-01", "known"), ("compare=yesterday", "compare"), ("sort=random", "sort")):
        response = client.get(f"/?date=2026-02-20&{query}")
        assert response.status_code == 400 and f"{name}:" in response.text
