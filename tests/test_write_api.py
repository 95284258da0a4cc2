"""POST /api/v1/articles: writes for token holders only, through the same validation,
extraction and store as `basewatch ingest`; a URL fetched only from public addresses."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.web.main import create_app

TOKEN = "correct-horse-battery-staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PAGES = Path(__file__).parent / "fixtures_web"
QASRAK = {
    "title": "US troops leave Qasrak",
    "source": "Test Wire",
    "url": "https://example.org/news/qasrak-withdrawal",
    "published": "2026-02-23",
    "text": "US troops completed their withdrawal from Qasrak base on Sunday, a coalition official said.\n\n"
            "The convoy left for Iraq before dawn.",
}


@pytest.fixture
def make_client(store_url, monkeypatch):
    """A client of the app configured from the environment, as `basewatch serve` is."""
    clients = []

    def make(token: str | None = TOKEN, fetch_private: bool = False, max_bytes: int | None = None) -> TestClient:
        monkeypatch.setenv("DATABASE_URL", store_url)
        monkeypatch.setenv("BASEWATCH_TILES_URL", "off")
        monkeypatch.setenv("BASEWATCH_FETCH_PRIVATE", "on" if fetch_private else "off")
        if token is None:
            monkeypatch.delenv("BASEWATCH_WRITE_TOKEN", raising=False)
        else:
            monkeypatch.setenv("BASEWATCH_WRITE_TOKEN", token)
        if max_bytes is None:
            monkeypatch.delenv("BASEWATCH_MAX_ARTICLE_BYTES", raising=False)
        else:
            monkeypatch.setenv("BASEWATCH_MAX_ARTICLE_BYTES", str(max_bytes))
        client = TestClient(create_app())
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


def post(client: TestClient, body, headers=AUTH, **kwargs):
    if isinstance(body, (bytes, str)) or hasattr(body, "__next__"):
        return client.post("/api/v1/articles", content=body,
                           headers={"Content-Type": "application/json", **headers}, **kwargs)
    return client.post("/api/v1/articles", json=body, headers=headers, **kwargs)


def store_contents(client: TestClient) -> tuple:
    """Everything a reader can see: articles, sites with their events."""
    return client.get("/api/v1/articles").json(), client.get("/api/v1/sites").json()


# ---- the token ----

def test_without_a_configured_token_writes_are_disabled(make_client):
    client = make_client(token=None)
    for headers in ({}, AUTH):
        response = post(client, QASRAK, headers=headers)
        assert response.status_code == 403
        assert response.json() == {"detail": "writes are disabled: set BASEWATCH_WRITE_TOKEN"}
    assert client.get("/api/v1/articles").json()["count"] == 0


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer not-the-token"},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": TOKEN},
    {"Authorization": "Bearer"},
], ids=["none", "wrong", "longer", "shorter", "basic-scheme", "no-scheme", "empty"])
def test_a_missing_or_wrong_token_is_401_with_a_bearer_challenge(client, headers):
    response = post(client, QASRAK, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "token" in response.json()["detail"]
    assert client.get("/api/v1/articles").json()["count"] == 0


def test_the_token_is_refused_before_the_body_is_looked_at(client):
    response = post(client, b"not json at all", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


# ---- storing ----

def test_a_stored_article_appears_in_sites_and_events(client):
    response = post(client, QASRAK)
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["outcome"] == "stored"
    assert result["article"]["title"] == QASRAK["title"] and result["article"]["url"] == QASRAK["url"]
    assert result["article"]["published"] == "2026-02-23"
    assert result["events"] >= 1
    assert [site["id"] for site in result["sites"]] == ["qasrak"]

    sites = {f["id"]: f for f in client.get("/api/v1/sites").json()["features"]}
    events = sites["qasrak"]["properties"]["events"]
    assert any(e["kind"] == "withdrawal_completed" and e["date"] == "2026-02-22" and "Qasrak base" in e["quote"]
               for e in events), events
    detail = client.get("/api/v1/sites/qasrak").json()["properties"]["events"]
    assert {e["article"]["title"] for e in detail} == {QASRAK["title"]}
    status = client.get("/api/v1/status", params={"date": "2026-02-23"}).json()
    assert [f["properties"]["status"] for f in status["features"] if f["id"] == "qasrak"] == ["withdrawn"]
    listed = client.get("/api/v1/articles").json()["articles"]
    assert [(a["title"], a["events"]) for a in listed] == [(QASRAK["title"], result["events"])]


def test_the_same_article_twice_is_unchanged(client):
    first = post(client, QASRAK)
    before = store_contents(client)
    second = post(client, QASRAK)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["outcome"] == "unchanged"
    assert second.json()["article"] == first.json()["article"] and second.json()["events"] == first.json()["events"]
    assert store_contents(client) == before


def test_an_edited_article_replaces_its_own_events(client):
    assert post(client, QASRAK).status_code == 201
    edited = {**QASRAK, "text": "US forces began withdrawing from Qasrak base on Friday, officials said."}
    response = post(client, edited)
    assert response.status_code == 201 and response.json()["outcome"] == "replaced"
    events = client.get("/api/v1/sites/qasrak").json()["properties"]["events"]
    assert [(e["kind"], e["date"]) for e in events] == [("withdrawal_started", "2026-02-20")]
    assert client.get("/api/v1/articles").json()["count"] == 1


def test_without_a_url_the_title_source_and_date_identify_the_article(client):
    article = {key: value for key, value in QASRAK.items() if key != "url"}
    assert post(client, article).json()["outcome"] == "stored"
    assert post(client, article).json()["outcome"] == "unchanged"
    edited = {**article, "text": article["text"] + " More troops are expected to leave."}
    assert post(client, edited).json()["outcome"] == "replaced"
    assert post(client, {**article, "title": "Another report"}).json()["outcome"] == "stored"
    assert client.get("/api/v1/articles").json()["count"] == 2


# ---- refusals ----

@pytest.mark.parametrize("body, status, detail", [
    (b"{\"title\": ", 400, "the body is not JSON"),
    (b"", 400, "the body is empty"),
    (b"\xff\xfe\xfa", 400, "not UTF-8"),
    (b"[" * 50_000, 400, "nested too deeply"),
    (b"[1, 2]", 422, "must be a JSON object"),
    (b"null", 422, "must be a JSON object"),
    ({}, 422, "missing fields title, published, text"),
    ({**QASRAK, "published": None}, 422, "published: must be a string"),
    ({k: v for k, v in QASRAK.items() if k != "published"}, 422, "missing field published"),
    ({k: v for k, v in QASRAK.items() if k != "text"}, 422, "missing field text"),
    ({**QASRAK, "text": "   \n "}, 422, "missing field text"),
    ({**QASRAK, "body": "x"}, 422, "unknown field 'body'"),
    ({**QASRAK, "published": "2026-02-30"}, 422, "not a real calendar date"),
    ({**QASRAK, "published": "23/02/2026"}, 422, "is not a date (YYYY-MM-DD"),
    ({**QASRAK, "published": "1066-10-14"}, 422, "out of range"),
    ({**QASRAK, "title": "x" * 501}, 422, "title longer than 500 characters"),
    ({**QASRAK, "text": "Troops left Qasrak base.\x00"}, 422, "the body contains NUL characters"),
    ({**QASRAK, "url": "https://example.org/" + "a" * 2000}, 422, "url longer than 2000 characters"),
    ({"url": 7}, 422, "url: must be a string"),
    ({"url": "ftp://example.org/x"}, 422, "only http and https"),
    ({"url": "https://example.org/x", "published": "tomorrow"}, 422, "published 'tomorrow' is not a date"),
], ids=lambda value: value if isinstance(value, int) else None)
def test_a_malformed_article_is_refused_with_a_reason_and_stores_nothing(client, body, status, detail):
    assert post(client, QASRAK).status_code == 201
    before = store_contents(client)
    response = post(client, body)
    assert response.status_code == status, response.text
    assert detail in response.json()["detail"]
    assert store_contents(client) == before


def test_a_body_that_is_not_json_by_its_type_is_415(client):
    response = client.post("/api/v1/articles", content=b"title: x\n---\nbody",
                           headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 415 and "application/json" in response.json()["detail"]


def test_an_oversized_body_is_refused_by_its_declared_length(make_client):
    client = make_client(max_bytes=1000)
    response = post(client, b"x" * 200_000)
    assert response.status_code == 413
    assert "200000 bytes" in response.json()["detail"]


def test_an_oversized_body_without_a_length_is_cut_off_while_it_streams(make_client):
    client = make_client(max_bytes=1000)

    def chunks():  # no Content-Length: the request is chunked
        for _ in range(1000):
            yield b"x" * 10_000

    response = post(client, chunks())
    assert response.status_code == 413
    assert "over the limit" in response.json()["detail"]


def test_an_article_text_over_the_article_limit_is_413(make_client):
    client = make_client(max_bytes=1000)
    response = post(client, {**QASRAK, "text": "Troops left Qasrak base. " * 100})
    assert response.status_code == 413 and "text: too large" in response.json()["detail"]
    assert client.get("/api/v1/articles").json()["count"] == 0


# ---- fetching a URL ----

class Pages(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802  (the http.server name)
        if self.path in ("/dated.html", "/undated.html"):
            body = (PAGES / self.path[1:]).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            body = b"<h1>Not Found</h1>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture(scope="module")
def page_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def pages(page_server, monkeypatch) -> str:
    page_server.hits = 0
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    return f"http://127.0.0.1:{page_server.server_port}"


def test_a_url_is_fetched_read_and_stored_when_private_fetches_are_on(make_client, pages):
    client = make_client(fetch_private=True)
    response = post(client, {"url": f"{pages}/dated.html"})
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["outcome"] == "stored"
    assert result["article"]["title"] == "US troops leave Camp Taji as Iraqi forces take over"
    assert result["article"]["published"] == "2020-08-24" and result["article"]["url"] == f"{pages}/dated.html"
    assert "camp-taji" in [site["id"] for site in result["sites"]]
    events = client.get("/api/v1/sites/camp-taji").json()["properties"]["events"]
    assert any(e["kind"] == "handover" and e["article"]["url"] == f"{pages}/dated.html" for e in events)
    assert post(client, {"url": f"{pages}/dated.html"}).json()["outcome"] == "unchanged"


def test_a_page_without_a_date_needs_published(make_client, pages):
    client = make_client(fetch_private=True)
    response = post(client, {"url": f"{pages}/undated.html"})
    assert response.status_code == 422 and "no publication date" in response.json()["detail"]
    response = post(client, {"url": f"{pages}/undated.html", "published": "2024-01-28"})
    assert response.status_code == 201 and response.json()["article"]["published"] == "2024-01-28"


def test_a_page_that_cannot_be_fetched_is_422_with_its_reason(make_client, pages):
    client = make_client(fetch_private=True)
    response = post(client, {"url": f"{pages}/gone.html"})
    assert response.status_code == 422 and response.json()["detail"] == "url: HTTP 404 Not Found"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "2130706433", "0.0.0.0"])
def test_local_addresses_are_refused_without_fetch_private(make_client, pages, host):
    client = make_client()
    port = pages.rsplit(":", 1)[1]
    response = post(client, {"url": f"http://{host}:{port}/dated.html"})
    assert response.status_code == 422
    assert "refused" in response.json()["detail"] and "BASEWATCH_FETCH_PRIVATE" in response.json()["detail"]
    assert client.get("/api/v1/articles").json()["count"] == 0


@pytest.mark.parametrize("address, what", [
    ("10.0.0.7", "a private address"),
    ("192.168.1.1", "a private address"),
    ("172.16.0.1", "a private address"),
    ("169.254.169.254", "a link-local address"),  # cloud metadata services
    ("100.64.0.1", "a non-public address"),
    ("::ffff:127.0.0.1", "a loopback address"),
    ("fd00::1", "a private address"),
    ("fe80::1", "a link-local address"),
])
def test_a_name_resolving_to_a_non_public_address_is_refused(client, address, what):
    # The resolver stands in for DNS: a public-looking name that points inside.
    client.app.state.resolver = lambda host, port: ["93.184.215.14", address]
    response = post(client, {"url": "http://news.example.com/report.html", "published": "2026-02-23"})
    assert response.status_code == 422
    assert response.json()["detail"] == (f"url: refused: news.example.com resolves to {address}, which is {what}; "
                                         "only public addresses are fetched (BASEWATCH_FETCH_PRIVATE=on allows others)")


def test_a_name_that_does_not_resolve_is_reported(client):
    def no_such_name(host, port):
        raise OSError(-2, "Name or service not known")

    client.app.state.resolver = no_such_name
    response = post(client, {"url": "http://no-such-host.example/x.html", "published": "2026-02-23"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("url: cannot connect: cannot resolve no-such-host.example")
