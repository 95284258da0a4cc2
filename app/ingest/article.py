"""Article files: a header of `key: value` lines, a line `---`, then the body."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HEADER_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*(.*)$")
PUBLISHED = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s+(approx))?$")
MAX_TITLE = 500
MAX_URL = 2000  # the url is the article's key, a column of 2000 characters
PROVENANCES = ("original", "summary")  # the outlet's own text, or a retelling written for this project
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ArticleError(ValueError):
    """An input that cannot become an article; the message says why."""


@dataclass(frozen=True)
class Article:
    key: str  # stable identity: the URL, else the file name
    title: str
    source: str
    url: str
    published: date
    published_approx: bool
    body: str
    headers: dict = field(default_factory=dict)
    provenance: str = "original"
    based_on: str = ""

    @property
    def content_hash(self) -> str:
        parts = [self.title, self.source, self.url, self.published.isoformat(), self.body]
        if self.provenance != "original" or self.based_on:  # originals keep the hashes stores hold already
            parts += [self.provenance, self.based_on]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def read_provenance(headers: dict[str, str]) -> tuple[str, str]:
    """(provenance, based_on) from the header: `provenance: original|summary`, and `based_on:`
    naming what a summary retells. A `based_on` without `provenance` makes a summary."""
    based_on = (headers.get("based_on") or "").strip()
    stated = (headers.get("provenance") or "").strip().lower()
    if stated and stated not in PROVENANCES:
        raise ArticleError(f"provenance {stated[:40]!r} is not one of: original (the outlet's own text), "
                           f"summary (a retelling written for this project)")
    if stated == "original" and based_on:
        raise ArticleError("provenance: original, yet based_on names a source: an article based on another "
                           "is a summary (provenance: summary)")
    return stated or ("summary" if based_on else "original"), based_on


def credit_line(provenance: str, source: str, published: date) -> str:
    """How a report is credited wherever its sentences are shown: a summary never as the outlet's words."""
    day = f"{published.day} {MONTHS[published.month - 1]} {published.year}"
    outlet = source.strip() or "an unnamed source"
    if provenance == "summary":
        return f"Summary of a report by {outlet}, {day}"
    return f"{outlet}, {day}"


def parse_published(value: str) -> tuple[date, bool]:
    match = PUBLISHED.match(value.strip())
    if not match:
        raise ArticleError(f"published {value.strip()!r} is not a date (YYYY-MM-DD, optionally 'approx')")
    try:
        day = date.fromisoformat(match.group(1))
    except ValueError:
        raise ArticleError(f"published {match.group(1)!r} is not a real calendar date") from None
    if not 1900 <= day.year <= 2100:
        raise ArticleError(f"published {day.isoformat()} is out of range (1900-2100)")
    return day, bool(match.group(2))


def decode_article_bytes(data: bytes, max_bytes: int) -> str:
    if not data.strip():
        raise ArticleError("empty file")
    if len(data) > max_bytes:
        raise ArticleError(f"too large: {len(data)} bytes (limit {max_bytes})")
    if b"\x00" in data:
        raise ArticleError("binary file: contains NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(f"not UTF-8 text (byte {error.start})") from None


def _split_header(text: str) -> tuple[dict[str, str], str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headers: dict[str, str] = {}
    for number, line in enumerate(lines):
        if line.strip() == "---":
            return headers, "\n".join(lines[number + 1 :])
        if not line.strip():
            continue
        match = HEADER_LINE.match(line)
        if not match:
            raise ArticleError(f"no header: line {number + 1} is not 'key: value' and no '---' line came before it")
        headers[match.group(1).lower()] = match.group(2).strip()
    raise ArticleError("no header: expected 'key: value' lines, then a line '---', then the body")


def _check_storable(name: str, value: str) -> None:
    """Text every store accepts: PostgreSQL refuses NUL, no store takes unpaired surrogates."""
    if "\x00" in value:
        raise ArticleError(f"the {name} contains NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ArticleError(f"the {name} is not valid Unicode (unpaired surrogates)") from None


def build_article(headers: dict[str, str], body: str, fallback_key: str) -> Article:
    """Validate header fields and body; the same checks for files, the API and the web."""
    if "published" not in headers or not headers["published"].strip():
        raise ArticleError("header has no 'published: YYYY-MM-DD'")
    published, approx = parse_published(headers["published"])
    body = body.strip()
    if not body:
        raise ArticleError("the body is empty")
    title = (headers.get("title") or "").strip()
    if len(title) > MAX_TITLE:
        raise ArticleError(f"title longer than {MAX_TITLE} characters")
    url = (headers.get("url") or "").strip()
    if len(url) > MAX_URL:
        raise ArticleError(f"url longer than {MAX_URL} characters")
    for name, value in (("title", title), ("source", headers.get("source") or ""), ("url", url), ("body", body)):
        _check_storable(name, value)
    if not title:
        title = body.split("\n", 1)[0].strip()[:200]
    provenance, based_on = read_provenance(headers)
    _check_storable("based_on", based_on)
    known = {"title", "source", "url", "published", "provenance", "based_on"}
    return Article(
        key=url or fallback_key,
        title=title,
        source=(headers.get("source") or "").strip(),
        url=url,
        published=published,
        published_approx=approx,
        body=body,
        headers={k: v for k, v in headers.items() if k not in known},
        provenance=provenance,
        based_on=based_on,
    )


def parse_article(text: str, name: str) -> Article:
    headers, body = _split_header(text)
    return build_article(headers, body, fallback_key=name)


def read_article_file(path: Path, max_bytes: int) -> Article:
    size = path.stat().st_size
    if size > max_bytes:
        raise ArticleError(f"too large: {size} bytes (limit {max_bytes})")
    text = decode_article_bytes(path.read_bytes(), max_bytes)
    return parse_article(text, path.name)
