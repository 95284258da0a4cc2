"""Ingestion of files, folders, URLs and feeds: read, extract, store; each rejected input
named with its reason. One input's failure, expected or not, never stops the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.core.config import Settings
from app.extract.pipeline import Extractor
from app.ingest.article import Article, ArticleError, read_article_file
from app.store.models import Article as StoredArticle
from app.store.writer import UNCHANGED, store_article

ARTICLE_SUFFIXES = (".txt", ".md", ".article")


@dataclass
class IngestReport:
    outcomes: dict[str, int] = field(default_factory=lambda: {"stored": 0, "replaced": 0, "unchanged": 0})
    events: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


@dataclass(frozen=True)
class Source:
    """One input: the name the report gives it, and how to read it."""

    name: str
    load: Callable[[], Article]


def expand_inputs(inputs: Iterable[str | Path]) -> Iterator[Path]:
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES + (".html", ".htm"))
        else:
            yield path


def read_input(path: Path, settings: Settings) -> Article:
    if not path.exists():
        raise ArticleError("no such file or folder")
    if path.suffix.lower() in {".html", ".htm"}:
        from app.ingest.html import read_html_file

        return read_html_file(path, settings.max_article_bytes)
    return read_article_file(path, settings.max_article_bytes)


def ingest_article(engine: Engine, extractor: Extractor, article: Article, report: IngestReport) -> str:
    if _stored_hash(engine, article.key) == article.content_hash:  # re-runs skip the extraction
        report.outcomes[UNCHANGED] += 1
        return UNCHANGED
    extraction = extractor.extract(article)
    outcome = store_article(engine, article, extraction)
    report.outcomes[outcome] += 1
    if outcome != "unchanged":
        report.events += len(extraction.events)
    return outcome


def input_sources(inputs: Iterable[str | Path], settings: Settings, published: str | None = None) -> list[Source]:
    """Sources for files, folders (their article files) and http(s) URLs, in the order given.
    `published` (YYYY-MM-DD) dates URL pages, instead of the date the page gives."""
    from app.ingest.web import looks_like_url

    sources = []
    for item in inputs:
        if isinstance(item, str) and looks_like_url(item):
            sources.append(Source(item, partial(_fetch, item, settings, published, None,
                                                "the page gives no publication date; pass --published YYYY-MM-DD")))
            continue
        sources += [Source(str(path), partial(read_input, path, settings)) for path in expand_inputs([item])]
    return sources


def feed_sources(feed_url: str, settings: Settings, report: IngestReport, published: str | None = None) -> list[Source]:
    """One source per entry of the feed; a feed that cannot be read is rejected in `report`.
    A page without a date of its own takes its entry's date, else `published`."""
    from app.ingest.feeds import read_feed

    try:
        entries = read_feed(feed_url, settings)
    except ArticleError as error:
        report.rejected.append((f"feed {feed_url}", str(error)))
        return []
    sources = []
    for entry in entries:
        name = f"{entry.link or '(no link)'} (entry {entry.number} of feed {feed_url})"
        if not entry.link:
            sources.append(Source(name, partial(_reject, f"the entry {entry.title[:80]!r} has no link")))
            continue
        day = entry.published.isoformat() if entry.published else published
        sources.append(Source(name, partial(_fetch, entry.link, settings, None, day,
                                            "neither the page nor its feed entry gives a publication date; "
                                            "pass --published YYYY-MM-DD")))
    return sources


def ingest_sources(engine: Engine, extractor: Extractor, sources: Iterable[Source],
                   on_progress: Callable[[Source], None] | None = None,
                   report: IngestReport | None = None) -> IngestReport:
    """Read, extract and store each source in its own transaction. A source that fails,
    for any reason, is rejected with the reason; nothing of it is stored."""
    report = report if report is not None else IngestReport()
    for source in sources:
        try:
            ingest_article(engine, extractor, source.load(), report)
        except ArticleError as error:
            report.rejected.append((source.name, str(error)))
        except OSError as error:
            report.rejected.append((source.name, f"cannot read: {error.strerror or error}"))
        except Exception as error:  # a bug or a store failure: report it, go on with the rest
            report.rejected.append((source.name, f"unexpected error ({type(error).__name__}): {_first_line(error)}"))
        if on_progress:
            on_progress(source)
    return report


def ingest_paths(engine: Engine, extractor: Extractor, paths: list[Path], settings: Settings,
                 on_progress: Callable[[Path], None] | None = None) -> IngestReport:
    sources = [Source(str(path), partial(read_input, path, settings)) for path in paths]
    progress = (lambda source: on_progress(Path(source.name))) if on_progress else None
    return ingest_sources(engine, extractor, sources, on_progress=progress)


def _stored_hash(engine: Engine, key: str) -> str | None:
    with Session(engine) as session:
        return session.exec(select(StoredArticle.content_hash).where(StoredArticle.key == key)).first()


def _fetch(url: str, settings: Settings, published: str | None, default_published: str | None,
           no_date: str) -> Article:
    from app.ingest.html import NoPublicationDate
    from app.ingest.web import fetch_article

    try:
        return fetch_article(url, settings, published=published, default_published=default_published)
    except NoPublicationDate:
        raise ArticleError(no_date) from None


def _first_line(error: Exception) -> str:
    text = str(error).strip().split("\n", 1)[0]  # database errors go on with the SQL and its parameters
    return text[:300] or "(no message)"


def _reject(reason: str) -> Article:
    raise ArticleError(reason)
