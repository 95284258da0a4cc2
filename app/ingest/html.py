"""HTML pages read with trafilatura: title, publication date and main text."""

from __future__ import annotations

import json
from pathlib import Path

from app.ingest.article import Article, ArticleError, build_article, decode_article_bytes


class NoPublicationDate(ArticleError):
    """The page gives no publication date and the caller passed none."""


def article_from_html(html: str, key: str, url: str = "", published: str | None = None,
                      source: str | None = None) -> Article:
    import trafilatura  # heavy import, only for HTML input

    extracted = trafilatura.extract(html, output_format="json", with_metadata=True, url=url or None,
                                    include_comments=False, favor_precision=True)
    if not extracted:
        raise ArticleError("no article text found in the page")
    data = json.loads(extracted)
    date = published or data.get("date")
    if not date:
        raise NoPublicationDate("the page gives no publication date; pass one (published: YYYY-MM-DD)")
    headers = {
        "title": data.get("title") or "",
        "source": source or data.get("sitename") or data.get("hostname") or "",
        "url": url,
        "published": date[:10],
    }
    return build_article(headers, data.get("text") or "", fallback_key=key)


def read_html_file(path: Path, max_bytes: int) -> Article:
    html = decode_article_bytes(path.read_bytes(), max_bytes)
    return article_from_html(html, key=path.name)
