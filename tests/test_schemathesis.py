"""The write endpoint fuzzed by schemathesis on a server where writes are disabled, and the page's
query (outside the OpenAPI) fuzzed with hypothesis: no answer is a server error. Every operation
with every check on a server where writes are on: tests/test_api_conformance.py. The store is
filled by real ingestion of a few bundled articles. No network: every host name a fetch would
need resolves to this machine, which the write API refuses to fetch from."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from app.core.config import PROJECT_DIR, Settings
from app.web.main import create_app
from browser.stores import ingest_into
from conftest import fresh_store

TOKEN = "fuzz-token"
REVIEW_TOKEN = "fuzz-reviewer-token-0123456789"
ARTICLES = [PROJECT_DIR / "data" / "articles" / name for name in (
    "seed_001_3563bdc4b9c10440.txt", "dev_a04_taji_rockets.txt", "dev_a10_ain_asad_handover_2026.txt",
)]
FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
OPERATIONS = {("GET", "/healthz"), ("GET", "/api/v1/sites"), ("GET", "/api/v1/sites/{site_id}"),
              ("GET", "/api/v1/status"), ("GET", "/api/v1/events"), ("GET", "/api/v1/articles"),
              ("POST", "/api/v1/articles"), ("GET", "/api/v1/changes"), ("GET", "/api/v1/status.csv"),
              ("GET", "/api/v1/events.csv"), ("GET", "/feeds/changes.atom"),
              ("GET", "/api/v1/reviews"), ("GET", "/api/v1/reviews.jsonl"),
              ("GET", "/api/v1/reviewer"), ("POST", "/api/v1/events/{event_id}/review"), ("POST", "/api/v1/events"),
              ("POST", "/api/v1/sites/{site_id}/merge")}


def make_app(store: str, token: str | None):
    reviewers = (("fuzz", REVIEW_TOKEN),) if token else ()  # writes of both kinds on, or both off
    app = create_app(replace(Settings(), database_url=store, tiles_url=None, write_token=token, reviewers=reviewers))
    app.state.resolver = lambda host, port: ["127.0.0.1"]  # stands in for DNS: nothing leaves this machine
    return app


class Target:
    """The app under test, chosen per test: the schema is read when this module loads, before
    the fixtures build the store (schemathesis' lazy fixture loader does not run on this pytest)."""

    def __init__(self):
        self.app = make_app("sqlite://", TOKEN)  # an empty in-memory store, only to read the schema

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)


TARGET = Target()
schema = schemathesis.openapi.from_asgi("/openapi.json", TARGET)


@pytest.fixture(scope="module")
def store(request, tmp_path_factory) -> str:
    assert all(path.is_file() for path in ARTICLES), ARTICLES
    with fresh_store(request.config, tmp_path_factory.mktemp("fuzz-store")) as url:
        report = ingest_into(url, ARTICLES)
        assert report.ok and report.outcomes["stored"] == len(ARTICLES), report
        yield url


@pytest.fixture(scope="module")
def open_app(store):
    TARGET.app = make_app(store, TOKEN)
    yield TARGET.app


@pytest.fixture(scope="module")
def closed_app(store):
    TARGET.app = make_app(store, None)
    yield TARGET.app


def test_the_schema_covers_every_endpoint():
    found = [result.ok() for result in schema.get_all_operations()]
    assert {(operation.method.upper(), operation.path) for operation in found} == OPERATIONS


def is_write(case) -> bool:
    # The coverage phase also sends methods the schema does not list (TRACE, PUT...): those are 405s.
    return case.method.upper() == case.operation.method.upper() == "POST"


@schema.parametrize()
@FUZZ
def test_no_operation_answers_with_a_server_error(case, open_app):
    TARGET.app = open_app
    if not is_write(case):
        case.call_and_validate(checks=[not_a_server_error])
        return
    right = f"Bearer {TOKEN}" if case.operation.path == "/api/v1/articles" else f"Bearer {REVIEW_TOKEN}"
    for authorization in (right, None, "Bearer wrong-token"):
        headers = {"Authorization": authorization} if authorization else {}
        response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
        if authorization != right:
            assert response.status_code == 401, response.text


@schema.include(method="POST").parametrize()
@settings(FUZZ, max_examples=10)
def test_writes_are_refused_where_no_token_is_configured(case, closed_app):
    TARGET.app = closed_app
    right = f"Bearer {TOKEN}" if case.operation.path == "/api/v1/articles" else f"Bearer {REVIEW_TOKEN}"
    response = case.call_and_validate(headers={"Authorization": right}, checks=[not_a_server_error])
    assert response.status_code == (403 if is_write(case) else 405), response.text


# ---- the page is outside the OpenAPI: its query is fuzzed here, with the values that once failed ----

PAGE_KEYS = ("date", "known", "compare", "country", "status", "site", "sort", "z", "lat", "lon")
ODD_TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
PAGE_VALUE = st.one_of(ODD_TEXT, st.integers().map(str), st.floats().map(str), st.dates().map(date.isoformat),
                       st.sampled_from(["2026-02-23", "sy", "present", "qasrak", "7", "36.1"]))


@pytest.fixture(scope="module")
def page_client(open_app):
    with TestClient(open_app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("query", [
    "date=0001-01-01", "date=9999-12-31", "z=%C2%B2", "z=%D9%A3", "z=" + "9" * 5000, "site=%00",
    "date=2026-02-23&site=%00", "lat=1e400", "lat=nan", "date=%D9%A2%D9%A0%D9%A2%D9%A6-02-23",
])
def test_odd_page_queries_are_a_400_page(page_client, query):
    response = page_client.get(f"/?{query}", follow_redirects=False)
    assert response.status_code == 400 and "Bad request" in response.text


@pytest.mark.parametrize("path", ["/api/v1/status?date=0001-01-01", "/api/v1/events?since=9999-12-31",
                                  "/api/v1/sites/%00", "/api/v1/sites?country=%ED%A0%80"])
def test_odd_api_values_are_a_4xx_with_a_detail(page_client, path):
    response = page_client.get(path)
    assert 400 <= response.status_code < 500 and response.json()["detail"]


@given(st.dictionaries(st.sampled_from(PAGE_KEYS), PAGE_VALUE, max_size=4))
@FUZZ
def test_no_page_query_answers_with_a_server_error(page_client, query):
    response = page_client.get("/", params=query)
    assert response.status_code in (200, 302, 400), (query, response.status_code)
