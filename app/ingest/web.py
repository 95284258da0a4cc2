"""Web pages as articles: fetched over http(s) within time and size limits, read with trafilatura.

`fetch_article(url, settings)` is the one entry point for the command line and the HTTP
API. Every failure is an ArticleError whose message says what went wrong (the status,
the limit exceeded, the content type, the redirect chain); callers name the URL.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

import httpx

from app import __version__
from app.core.config import Settings
from app.ingest.article import Article, ArticleError, parse_published

MAX_REDIRECTS = 10
MAX_URL_LENGTH = 2000  # articles.key holds 2000 characters
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
USER_AGENT = f"basewatch/{__version__} (news reader; +https://github.com/basewatch)"
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


@dataclass(frozen=True)
class Page:
    url: str  # the final URL, after redirects
    content_type: str
    charset: str | None
    body: bytes
    redirects: tuple[str, ...] = ()  # the URLs that redirected, in order

    def text(self) -> str:
        """The body decoded: charset from the header, else from a <meta> tag, else UTF-8."""
        for encoding in (self.charset, _meta_charset(self.body), "utf-8"):
            if encoding:
                try:
                    return self.body.decode(encoding, errors="replace")
                except LookupError:
                    continue
        return self.body.decode("utf-8", errors="replace")


def looks_like_url(value: str) -> bool:
    """True for `scheme://...`; such inputs are fetched (or rejected), never read as files."""
    return bool(URL_LIKE.match(value))


def check_url(url: str) -> str:
    """The URL without its fragment, or ArticleError if it is not an http(s) URL we may fetch."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise ArticleError(f"URL longer than {MAX_URL_LENGTH} characters")
    if any(ord(c) < 33 or c == "\x7f" for c in url):
        raise ArticleError("URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError as error:
        raise ArticleError(f"not a valid URL: {error}") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise ArticleError(f"only http and https URLs can be fetched, not {parts.scheme or 'a bare path'}")
    if not parts.hostname:
        raise ArticleError("URL has no host")
    return urlunsplit(parts._replace(fragment=""))


def fetch(url: str, settings: Settings, accept: frozenset[str] = HTML_TYPES, what: str = "an HTML page",
          transport: httpx.BaseTransport | None = None) -> Page:
    """GET `url`, following redirects (at most MAX_REDIRECTS, no loops, http(s) only).

    The whole fetch, redirects included, must finish within settings.fetch_timeout seconds,
    and the body may not exceed settings.max_article_bytes (checked as it arrives).
    A `transport` (app/ingest/guard.py) carries every connection, and then proxies named
    in the environment are not used."""
    url = check_url(url)
    deadline = time.monotonic() + settings.fetch_timeout
    chain: list[str] = []
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(sorted(accept)) + ";q=1.0, */*;q=0.1"}
    with httpx.Client(headers=headers, follow_redirects=False, transport=transport,
                      trust_env=transport is None) as client:
        while True:
            with _get(client, url, deadline, settings) as response:
                if response.is_redirect:
                    chain.append(url)
                    url = _next_hop(response, chain)
                    continue
                where = f" (at {url}, after {len(chain)} redirect{'s' * (len(chain) != 1)})" if chain else ""
                if not 200 <= response.status_code < 300:
                    raise ArticleError(f"HTTP {response.status_code} {response.reason_phrase}{where}".rstrip())
                content_type = response.headers.get("content-type", "")
                media_type = content_type.split(";", 1)[0].strip().lower()
                if media_type and media_type not in accept:
                    raise ArticleError(f"not {what}: content type {media_type}{where}")
                body = _read_limited(response, settings, deadline)
                return Page(str(response.url), media_type, response.charset_encoding, body, tuple(chain))


def fetch_article(url: str, settings: Settings, published: str | None = None,
                  default_published: str | None = None, transport: httpx.BaseTransport | None = None) -> Article:
    """The article at `url`: title, date and body read with trafilatura.

    `published` (YYYY-MM-DD) is used instead of the page's own date, `default_published`
    only where the page gives none; a page with no date from any of them is rejected
    (NoPublicationDate). The article's key and url are the final URL, after redirects."""
    from app.ingest.html import NoPublicationDate, article_from_html

    for value in (published, default_published):
        if value is not None:
            parse_published(value)
    page = fetch(url, settings, transport=transport)
    html = page.text()
    if "\x00" in html:
        raise ArticleError("binary content: the page contains NUL characters")
    try:
        return article_from_html(html, key=page.url, url=page.url, published=published)
    except NoPublicationDate:
        if published or not default_published:
            raise
    return article_from_html(html, key=page.url, url=page.url, published=default_published)


@contextmanager
def _get(client: httpx.Client, url: str, deadline: float, settings: Settings) -> Iterator[httpx.Response]:
    """A streamed GET within what is left of the deadline; transport errors, during the
    request or while the body streams, become ArticleError."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timed_out(settings)
    try:
        with client.stream("GET", url, timeout=httpx.Timeout(remaining)) as response:
            yield response
    except httpx.TimeoutException:
        raise _timed_out(settings) from None
    except httpx.ConnectError as error:
        raise ArticleError(f"cannot connect: {_reason(error)}") from None
    except httpx.HTTPError as error:
        raise ArticleError(f"fetch failed ({type(error).__name__}): {_reason(error)}") from None
    except (httpx.InvalidURL, UnicodeError) as error:  # host names IDNA cannot encode
        raise ArticleError(f"not a valid URL: {_reason(error)}") from None


def _next_hop(response: httpx.Response, chain: list[str]) -> str:
    location = response.headers["location"].strip()
    try:
        target = str(response.url.join(location))
    except (httpx.InvalidURL, ValueError) as error:
        raise ArticleError(f"redirected to an invalid URL {location[:200]!r}: {error}") from None
    try:
        target = check_url(target)
    except ArticleError as error:
        raise ArticleError(f"redirected to {location[:200]}: {error}") from None
    if target in chain:
        raise ArticleError("redirect loop: " + " -> ".join([*chain, target]))
    if len(chain) > MAX_REDIRECTS:
        raise ArticleError(f"too many redirects (more than {MAX_REDIRECTS}), last to {target}")
    return target


def _read_limited(response: httpx.Response, settings: Settings, deadline: float) -> bytes:
    limit = settings.max_article_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ArticleError(f"too large: {int(declared)} bytes (limit {limit})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise ArticleError(f"too large: more than {limit} bytes")
        if time.monotonic() > deadline:
            raise _timed_out(settings)
        chunks.append(chunk)
    return b"".join(chunks)


def _timed_out(settings: Settings) -> ArticleError:
    return ArticleError(f"timed out: no complete answer within {settings.fetch_timeout:g} s")


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:300]


def _meta_charset(body: bytes) -> str | None:
    match = META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None
