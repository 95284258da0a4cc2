"""RSS and Atom feeds: the entries' links (and dates, where given), read with feedparser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from app.core.config import Settings
from app.ingest.article import ArticleError
from app.ingest.web import fetch, looks_like_url

FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
    "text/xml", "text/rss+xml", "text/atom+xml", "text/plain",
})


@dataclass(frozen=True)
class FeedEntry:
    number: int  # 1-based position in the feed
    title: str
    link: str  # absolute URL, or "" when the entry has none
    published: date | None  # the entry's own date, when it gives one


def parse_feed(data: bytes, feed_url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom document; relative links are resolved against the feed."""
    import feedparser

    parsed = feedparser.parse(data)  # links resolved here, against the feed URL
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            reason = str(parsed.get("bozo_exception") or "unreadable").strip()[:200]
            raise ArticleError(f"not an RSS or Atom feed: {reason}")
        if not parsed.get("version"):
            raise ArticleError("not an RSS or Atom feed")
        raise ArticleError("the feed has no entries")
    entries = []
    for number, entry in enumerate(parsed.entries, start=1):
        link = _entry_link(entry)
        entries.append(FeedEntry(
            number=number,
            title=(entry.get("title") or "").strip(),
            link=urljoin(feed_url, link) if link else "",
            published=_entry_date(entry),
        ))
    return entries


def _entry_link(entry) -> str:
    """The entry's page: its alternate link, else its id where that is itself an http(s) URL
    (feedparser would otherwise turn an id such as "item-17" into a relative link)."""
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and (link.get("href") or "").strip():
            return link["href"].strip()
    if entry.get("guidislink"):
        guid = (entry.get("id") or "").strip()
        return guid if looks_like_url(guid) else ""
    return (entry.get("link") or "").strip()


def read_feed(url: str, settings: Settings) -> list[FeedEntry]:
    """Fetch the feed at `url` (same limits as pages) and list its entries."""
    page = fetch(url, settings, accept=FEED_TYPES, what="an RSS or Atom feed")
    return parse_feed(page.body, page.url)


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                day = date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
            if 1900 <= day.year <= 2100:
                return day
    return None
