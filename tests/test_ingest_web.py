"""`basewatch ingest URL` and `--feed URL` against saved pages served from 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from app.cli import cli
from app.store.models import Article, Event

PAGES = Path(__file__).parent / "fixtures_web"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4a60000000049454e44ae426082")


class Site(BaseHTTPRequestHandler):
    """Saved pages plus the misbehaving answers the fetcher must survive."""

    stop: threading.Event

    def do_GET(self):  # noqa: N802  (the http.server name)
        path = self.path.split("?", 1)[0]
        if path in {"/dated.html", "/undated.html"}:
            return self._send(200, "text/html; charset=utf-8", (PAGES / path[1:]).read_bytes())
        if path == "/feed.xml":
            return self._send(200, "application/rss+xml", (PAGES / "feed.xml").read_bytes())
        if path == "/atom.xml":
            return self._send(200, "application/atom+xml; charset=utf-8", (PAGES / "atom.xml").read_bytes())
        if path == "/server-error.html":
            return self._send(500, "text/html", b"<h1>Internal Server Error</h1>")
        if path == "/slow.html":
            self.stop.wait(30)  # far beyond the fetch timeout the test sets
            return self._send(200, "text/html", (PAGES / "dated.html").read_bytes())
        if path == "/endless.html":
            return self._endless()
        if path == "/declared-huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            return None
        if path == "/map.png":
            return self._send(200, "image/png", PNG)
        if path == "/report.pdf":
            return self._send(200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
        if path.startswith("/hop/"):  # /hop/3 -> /hop/2 -> /hop/1 -> /hop/0 -> /dated.html
            left = int(path.rsplit("/", 1)[1])
            return self._redirect(301 if left % 2 else 302, f"/hop/{left - 1}" if left else "/dated.html")
        if path == "/loop-a":
            return self._redirect(302, "/loop-b")
        if path == "/loop-b":
            return self._redirect(307, f"http://127.0.0.1:{self.server.server_port}/loop-a")
        if path == "/to-file":
            return self._redirect(302, "file:///etc/passwd")
        return self._send(404, "text/html", b"<h1>Not Found</h1>")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def _redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _endless(self) -> None:
        """An HTML body with no Content-Length that never ends: only a reader that counts
        while it streams can stop it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
        try:
            self.wfile.write(b"<html><body>")
            while not self.stop.is_set():
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture(scope="module")
def site():
    stop = threading.Event()
    handler = type("Handler", (Site,), {"stop": stop})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def ingest(store_url: str, *args: str):
    result = CliRunner().invoke(cli, ["ingest", "--db", store_url, "-q", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def articles(store_url: str) -> dict[str, Article]:
    from app.store.db import engine_for

    with Session(engine_for(store_url)) as session:
        return {row.key: row for row in session.exec(select(Article))}


def counts(store_url: str) -> tuple[int, int]:
    from app.store.db import engine_for

    with Session(engine_for(store_url)) as session:
        return (session.exec(select(func.count()).select_from(Article)).one(),
                session.exec(select(func.count()).select_from(Event)).one())


def events_of(store_url: str, key: str) -> list[tuple[str, str]]:
    from app.store.db import engine_for

    with Session(engine_for(store_url)) as session:
        rows = session.exec(select(Event).join(Article, Event.article_id == Article.id).where(Article.key == key))
        return sorted((event.site_id, event.kind) for event in rows)


def test_a_page_is_stored_with_its_date_title_and_events(site, store_url):
    result = ingest(store_url, f"{site}/dated.html")
    assert result.exit_code == 0, result.output
    assert "1 stored" in result.output
    stored = articles(store_url)
    assert list(stored) == [f"{site}/dated.html"]
    article = stored[f"{site}/dated.html"]
    assert article.url == f"{site}/dated.html"
    assert article.published == date(2020, 8, 24)
    assert article.title == "US troops leave Camp Taji as Iraqi forces take over"
    assert "handed over Camp Taji to Iraqi security forces" in article.body
    assert "About us" not in article.body  # the navigation is not article text
    assert ("camp-taji", "handover") in events_of(store_url, f"{site}/dated.html")


def test_ingesting_a_url_again_changes_nothing(site, store_url):
    assert ingest(store_url, f"{site}/dated.html").exit_code == 0
    before = counts(store_url)
    again = ingest(store_url, f"{site}/dated.html", f"{site}/dated.html#comments")
    assert again.exit_code == 0, again.output
    assert "0 stored, 0 replaced, 2 unchanged" in again.output
    assert counts(store_url) == before


def test_a_page_without_a_date_is_rejected_unless_one_is_given(site, store_url):
    url = f"{site}/undated.html"
    rejected = ingest(store_url, url)
    assert rejected.exit_code == 1
    assert f"rejected {url}: the page gives no publication date; pass --published YYYY-MM-DD" in rejected.output
    assert articles(store_url) == {}

    accepted = ingest(store_url, url, "--published", "2020-03-19")
    assert accepted.exit_code == 0, accepted.output
    assert articles(store_url)[url].published == date(2020, 3, 19)
    assert ("al-qaim", "withdrawal_completed") in events_of(store_url, url)


def test_a_malformed_published_option_is_refused_before_anything_is_fetched(site, store_url):
    result = ingest(store_url, f"{site}/undated.html", "--published", "19 March 2020")
    assert result.exit_code == 2
    assert "--published" in result.output and "is not a date" in result.output


@pytest.mark.parametrize("path, reason", [
    ("/gone.html", "HTTP 404 Not Found"),
    ("/server-error.html", "HTTP 500 Internal Server Error"),
    ("/map.png", "not an HTML page: content type image/png"),
    ("/report.pdf", "not an HTML page: content type application/pdf"),
])
def test_a_bad_answer_is_rejected_with_its_status_or_type(site, store_url, path, reason):
    result = ingest(store_url, f"{site}{path}")
    assert result.exit_code == 1
    assert f"rejected {site}{path}: {reason}" in result.output
    assert counts(store_url) == (0, 0)


def test_a_slow_server_is_abandoned_after_the_fetch_timeout(site, store_url, monkeypatch):
    monkeypatch.setenv("BASEWATCH_FETCH_TIMEOUT", "0.5")
    result = ingest(store_url, f"{site}/slow.html", f"{site}/dated.html")
    assert result.exit_code == 1
    assert f"rejected {site}/slow.html: timed out: no complete answer within 0.5 s" in result.output
    assert list(articles(store_url)) == [f"{site}/dated.html"]  # the good one is still stored


@pytest.mark.parametrize("path", ["/endless.html", "/declared-huge.html"])
def test_a_page_over_the_size_limit_is_cut_off(site, store_url, monkeypatch, path):
    # the endless page never finishes: a reader that checked the size only at the end
    # would run into the timeout instead of reporting the size
    monkeypatch.setenv("BASEWATCH_MAX_ARTICLE_BYTES", "200000")
    monkeypatch.setenv("BASEWATCH_FETCH_TIMEOUT", "5")
    result = ingest(store_url, f"{site}{path}")
    assert result.exit_code == 1
    assert f"rejected {site}{path}: too large:" in result.output
    assert "(limit 200000)" in result.output or "more than 200000 bytes" in result.output


def test_redirects_are_followed_and_the_final_url_recorded(site, store_url):
    result = ingest(store_url, f"{site}/hop/3")
    assert result.exit_code == 0, result.output
    stored = articles(store_url)
    assert list(stored) == [f"{site}/dated.html"]
    assert stored[f"{site}/dated.html"].url == f"{site}/dated.html"
    # the page itself, fetched directly, is the same article
    again = ingest(store_url, f"{site}/dated.html")
    assert "1 unchanged" in again.output
    assert len(articles(store_url)) == 1


def test_redirect_loops_long_chains_and_other_schemes_are_rejected(site, store_url):
    result = ingest(store_url, f"{site}/loop-a", f"{site}/hop/12", f"{site}/to-file")
    assert result.exit_code == 1
    assert (f"rejected {site}/loop-a: redirect loop: {site}/loop-a -> {site}/loop-b -> {site}/loop-a"
            in result.output)
    assert f"rejected {site}/hop/12: too many redirects (more than 10), last to {site}/hop/1" in result.output
    assert (f"rejected {site}/to-file: redirected to file:///etc/passwd: only http and https URLs can be fetched"
            in result.output)
    assert counts(store_url) == (0, 0)


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "only http and https URLs can be fetched, not file"),
    ("ftp://127.0.0.1/article.html", "only http and https URLs can be fetched, not ftp"),
    ("http:///dated.html", "URL has no host"),
    ("http://127.0.0.1:99999/x", "not a valid URL"),
    ("http://127.0.0.1/" + "a" * 2000, "URL longer than 2000 characters"),
    ("http://xn--/article.html", "not a valid URL"),
])
def test_urls_that_must_not_be_fetched_are_rejected(store_url, url, reason):
    result = ingest(store_url, url)
    assert result.exit_code == 1
    assert f"rejected {url}: {reason}" in result.output


def test_an_unreachable_server_is_reported(store_url):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = ingest(store_url, f"http://127.0.0.1:{port}/article.html")
    assert result.exit_code == 1
    assert f"rejected http://127.0.0.1:{port}/article.html: cannot connect:" in result.output


def test_a_feed_stores_its_good_entries_and_names_the_broken_one(site, store_url):
    feed = f"{site}/feed.xml"
    result = ingest(store_url, "--feed", feed)
    assert result.exit_code == 1
    assert "3 inputs: 2 stored, 0 replaced, 0 unchanged, 1 rejected" in result.output
    assert f"rejected {site}/removed.html (entry 3 of feed {feed}): HTTP 404 Not Found" in result.output
    stored = articles(store_url)
    assert sorted(stored) == [f"{site}/dated.html", f"{site}/undated.html"]
    assert stored[f"{site}/dated.html"].published == date(2020, 8, 24)  # the page's own date
    assert stored[f"{site}/undated.html"].published == date(2020, 3, 19)  # the entry's date
    before = counts(store_url)

    again = ingest(store_url, "--feed", feed)
    assert again.exit_code == 1
    assert "3 inputs: 0 stored, 0 replaced, 2 unchanged, 1 rejected" in again.output
    assert counts(store_url) == before


def test_an_atom_feed_dates_pages_that_give_no_date_and_names_entries_without_links(site, store_url):
    feed = f"{site}/atom.xml"
    result = ingest(store_url, "--feed", feed)
    assert result.exit_code == 1
    assert "3 inputs: 1 stored, 0 replaced, 0 unchanged, 2 rejected" in result.output
    assert f"rejected (no link) (entry 2 of feed {feed}): the entry 'An entry that points nowhere' has no link" \
        in result.output
    assert (f"rejected {site}/undated.html (entry 3 of feed {feed}): neither the page nor its feed entry gives "
            "a publication date; pass --published YYYY-MM-DD") in result.output
    # the page's own date wins over the entry's <updated>
    assert articles(store_url)[f"{site}/dated.html"].published == date(2020, 8, 24)

    dated = ingest(store_url, "--feed", feed, "--published", "2020-03-19")
    assert "3 inputs: 1 stored, 0 replaced, 1 unchanged, 1 rejected" in dated.output
    stored = articles(store_url)
    assert stored[f"{site}/undated.html"].published == date(2020, 3, 19)
    assert stored[f"{site}/dated.html"].published == date(2020, 8, 24)


def test_a_feed_that_is_not_a_feed_is_rejected(site, store_url):
    result = ingest(store_url, "--feed", f"{site}/dated.html", "--feed", f"{site}/gone.xml")
    assert result.exit_code == 1
    assert f"rejected feed {site}/dated.html: not an RSS or Atom feed: content type text/html" in result.output
    assert f"rejected feed {site}/gone.xml: HTTP 404 Not Found" in result.output
    assert counts(store_url) == (0, 0)


def test_fetch_article_gives_an_article_or_a_reason(site, settings):
    from app.ingest.article import ArticleError
    from app.ingest.web import fetch_article

    article = fetch_article(f"{site}/hop/1", settings)
    assert (article.key, article.url, article.published) == (f"{site}/dated.html", f"{site}/dated.html",
                                                            date(2020, 8, 24))
    assert fetch_article(f"{site}/dated.html", settings, published="2021-01-02").published == date(2021, 1, 2)
    with pytest.raises(ArticleError, match="HTTP 404"):
        fetch_article(f"{site}/gone.html", settings)
