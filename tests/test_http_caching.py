"""HTTP caching: ETags and Last-Modified from the store's version, 304s, the response LRU, gzip,
and the cache lifetimes of static assets and of a day's page."""

from __future__ import annotations

import gzip
import importlib.util
import random
import sys
from dataclasses import replace
from datetime import date, timedelta
from email.utils import formatdate

import orjson
import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.store.db import init_db, make_engine
from app.store.snapshot import snapshot
from app.timeline import dispute_on, status_on
from app.web import geojson
from app.web.httpcache import CachedBody, ResponseCache
from app.web.main import create_app
from app.web.statusjson import status_collection
from app.web.view import count_statuses
from browser.stores import ingest_into
from conftest import PROJECT, write_article

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def store(bundled_store):
    return bundled_store


@pytest.fixture(scope="module")
def client(bundled_client):
    return bundled_client


def raw_get(client, url: str, **headers):
    """A GET whose body is left as sent (TestClient would otherwise decode gzip)."""
    with client.stream("GET", url, headers=headers) as response:
        return response, b"".join(response.iter_raw())


STATUS = "/api/v1/status?date=2026-02-23"


@pytest.mark.parametrize("url", [STATUS, "/api/v1/status", "/api/v1/sites", "/api/v1/sites/al-shaddadi",
                                 "/api/v1/events?country=SY", "/api/v1/articles"])
def test_api_reads_carry_an_etag_and_answer_304_to_it(client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and first.headers["last-modified"].endswith("GMT")
    assert first.headers["cache-control"] == "public, no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    # In a list, with the weak prefix dropped, or as "*": still the same representation.
    assert client.get(url, headers={"If-None-Match": f'"other", {etag[2:]}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_different_queries_have_different_etags(client):
    etags = {client.get(url).headers["etag"] for url in
             (STATUS, "/api/v1/status?date=2026-02-22", "/api/v1/status?date=2026-02-23&country=SY",
              "/api/v1/status?date=2026-02-23&status=withdrawn")}
    assert len(etags) == 4


def test_if_modified_since(client):
    response = client.get(STATUS)
    last_modified = response.headers["last-modified"]
    assert client.get(STATUS, headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get(STATUS, headers={"If-Modified-Since": formatdate(0, usegmt=True)}).status_code == 200
    assert client.get(STATUS, headers={"If-Modified-Since": "not a date"}).status_code == 200
    # If-None-Match decides when both are sent.
    assert client.get(STATUS, headers={"If-Modified-Since": last_modified,
                                       "If-None-Match": '"stale"'}).status_code == 200


def test_errors_and_health_are_not_cacheable(client):
    bad = client.get("/api/v1/status?date=2026-02-30")
    assert bad.status_code == 400 and "etag" not in bad.headers
    missing = client.get("/api/v1/sites/no-such-site")
    assert missing.status_code == 404 and "etag" not in missing.headers
    assert client.get("/healthz").headers["cache-control"] == "no-store"


def test_etag_changes_after_a_new_article_is_ingested(store_url, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "a.txt", "US forces completed their withdrawal from Camp Taji on Sunday.",
                  published="2026-02-23")
    assert ingest_into(store_url, [folder / "a.txt"]).ok
    with TestClient(create_app(replace(Settings(), database_url=store_url, tiles_url=None))) as client:
        before = client.get(STATUS)
        page_before = client.get("/?date=2026-02-23")
        ids_before = {f["id"] for f in before.json()["features"]}
        write_article(folder, "b.txt", "Rockets hit Ain al-Asad Air Base, which hosts US troops, on Saturday.",
                      published="2026-02-23")
        # Written through another engine, as another worker process would.
        assert ingest_into(store_url, [folder / "b.txt"]).ok
        after = client.get(STATUS, headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200
        assert after.headers["etag"] != before.headers["etag"]
        assert {f["id"] for f in after.json()["features"]} == ids_before | {"ain-al-asad"}
        page_after = client.get("/?date=2026-02-23", headers={"If-None-Match": page_before.headers["etag"]})
        assert page_after.status_code == 200 and "ain-al-asad" in page_after.text


def test_gzip_when_accepted(client):
    response, body = raw_get(client, STATUS, **{"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in response.headers["vary"].lower()
    assert orjson.loads(gzip.decompress(body))["date"] == "2026-02-23"
    plain, body = raw_get(client, STATUS, **{"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert orjson.loads(body)["date"] == "2026-02-23"
    page, body = raw_get(client, "/?date=2026-02-23", **{"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and b"<html" in gzip.decompress(body)
    script, body = raw_get(client, "/static/js/app.js", **{"Accept-Encoding": "gzip"})
    assert script.headers["content-encoding"] == "gzip" and b"use strict" in gzip.decompress(body)
    tiny, _ = raw_get(client, "/healthz", **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in tiny.headers  # under 500 bytes


def test_a_days_page_may_be_kept_by_shared_caches(client):
    page = client.get("/?date=2026-02-23")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "public, max-age=300"
    assert client.get("/?date=2026-02-23", headers={"If-None-Match": page.headers["etag"]}).status_code == 304
    other = client.get("/?date=2026-02-23&country=SY")
    assert other.headers["etag"] != page.headers["etag"]
    redirect = client.get("/", follow_redirects=False)
    assert redirect.status_code == 302 and redirect.headers["cache-control"] == "no-cache"


def test_versioned_static_assets_are_immutable_and_others_short_lived(client):
    version = client.app.state.asset_version
    page = client.get("/?date=2026-02-23").text
    assert f"/static/js/app.js?v={version}" in page and f"/basemap/countries.geojson?v={version}" in page
    assert client.get(f"/static/js/app.js?v={version}").headers["cache-control"] == IMMUTABLE
    assert client.get(f"/static/css/app.css?v={version}").headers["cache-control"] == IMMUTABLE
    assert client.get(f"/basemap/countries.geojson?v={version}").headers["cache-control"] == IMMUTABLE
    leaflet = next(url for url in page.split('"') if url.endswith("/leaflet.js"))
    assert client.get(leaflet).headers["cache-control"] == IMMUTABLE  # the package version is in the path
    for url in ("/static/js/app.js", "/static/js/app.js?v=0000000000", "/static/vendor/swagger-ui/swagger-ui.css"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["cache-control"] == "public, max-age=300", url
    static = client.get("/static/js/app.js")
    assert client.get("/static/js/app.js", headers={"If-None-Match": static.headers["etag"]}).status_code == 304


def test_asset_version_is_a_content_hash():
    from app.web.main import asset_version

    assert asset_version() == asset_version() and len(asset_version()) == 10


def test_repeated_queries_are_served_from_the_response_cache(client):
    cache = client.app.state.response_cache
    cache.clear()
    client.get(STATUS)
    size = len(cache)
    client.get(STATUS)
    client.get(STATUS, headers={"Accept-Encoding": "identity"})
    assert len(cache) == size == 1
    client.get("/api/v1/status?date=2026-02-22")
    assert len(cache) == 2


def test_the_response_cache_is_bounded():
    cache = ResponseCache(max_entries=3, max_bytes=1000)
    for n in range(5):
        cache.put((n,), CachedBody(b"x" * 100, "application/json"))
    assert len(cache) == 3 and cache.get((0,)) is None and cache.get((4,)) is not None
    cache.put(("big",), CachedBody(b"x" * 600, "application/json"))  # over a quarter of the budget
    assert cache.get(("big",)) is None
    for n in range(5, 15):
        cache.put((n,), CachedBody(b"x" * 240, "application/json"))
    assert sum(cache.get(key).size for key in list(cache._entries)) <= 1000


def _load_synth():
    if "bw_synth" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bw_synth", PROJECT / "benchmarks" / "synth.py")
        module = sys.modules["bw_synth"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules["bw_synth"]


def _by_rule(current, day: date, country=None, wanted=None) -> dict:
    """The status collection built the plain way: the rule of app/timeline.py over each site's events."""
    rows = [(site, status_on(current.events.get(site.id, ()), day)) for site in current.sites_in(country)]
    features = [geojson.status_feature(site, d, current.articles, dispute_on(current.events.get(site.id, ()), day, current.story_of))
                for site, d in rows if wanted is None or d.status == wanted]
    return geojson.collection(features, date=day.isoformat(), counts=count_statuses(d for _, d in rows))


def test_the_fast_status_body_is_what_the_rule_gives(store_url):
    synth = _load_synth()
    engine = make_engine(store_url)
    try:
        init_db(engine)
        synth.write(store_url, synth.generate(60, 3000, seed=11))
        current = snapshot(engine)
        rng = random.Random(5)
        days = [date(2014, 1, 1) + timedelta(days=rng.randrange(4500)) for _ in range(25)]
        days += [day.replace(day=1) for day in days[:5]] + [date(2013, 12, 31)]
        for day in days:
            assert orjson.loads(status_collection(current, day, None, None)) == _by_rule(current, day), day
        for country, wanted in (("IQ", None), (None, "withdrawn"), ("SY", "present"), ("ZZ", None)):
            day = date(2021, 6, 15)
            assert orjson.loads(status_collection(current, day, country, wanted)) == _by_rule(current, day, country, wanted)
    finally:
        engine.dispose()
