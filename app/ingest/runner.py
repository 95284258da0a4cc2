"""Ingestion of files and folders: read, extract, store; each rejected input named with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sqlalchemy.engine import Engine

from app.core.config import Settings
from app.extract.pipeline import Extractor
from app.ingest.article import Article, ArticleError, read_article_file
from app.store.writer import store_article

ARTICLE_SUFFIXES = (".txt", ".md", ".article")


@dataclass
class IngestReport:
    outcomes: dict[str, int] = field(default_factory=lambda: {"stored": 0, "replaced": 0, "unchanged": 0})
    events: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


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
    extraction = extractor.extract(article)
    outcome = store_article(engine, article, extraction)
    report.outcomes[outcome] += 1
    if outcome != "unchanged":
        report.events += len(extraction.events)
    return outcome


def ingest_paths(engine: Engine, extractor: Extractor, paths: list[Path], settings: Settings,
                 on_progress: Callable[[Path], None] | None = None) -> IngestReport:
    report = IngestReport()
    for path in paths:
        try:
            ingest_article(engine, extractor, read_input(path, settings), report)
        except ArticleError as error:
            report.rejected.append((str(path), str(error)))
        except OSError as error:
            report.rejected.append((str(path), f"cannot read: {error.strerror or error}"))
        if on_progress:
            on_progress(path)
    return report
