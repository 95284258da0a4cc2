"""Ingestion speed: articles per second on one core, for articles of about 800 words.

Builds N articles by stitching paragraphs of the bundled corpus to ~800 words (each a
distinct text, so nothing is "unchanged"), then times extraction alone and extraction
plus storage into a fresh SQLite store. Prints medians over several rounds.

    .venv/bin/python benchmarks/ingest.py [--articles 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.config import Settings  # noqa: E402
from app.core.context import build_extractor  # noqa: E402
from app.ingest.article import Article, read_article_file  # noqa: E402
from app.store.db import init_db, make_engine  # noqa: E402
from app.store.writer import store_article  # noqa: E402

WORDS = 800


def corpus_paragraphs(settings: Settings) -> list[str]:
    paragraphs = []
    for path in sorted(settings.articles_dir.glob("*.txt")):
        body = read_article_file(path, settings.max_article_bytes).body
        paragraphs += [p for p in body.split("\n") if len(p.split()) > 15]
    return paragraphs


def make_articles(count: int, paragraphs: list[str], seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        chosen, words = [], 0
        while words < WORDS:
            paragraph = rng.choice(paragraphs)
            chosen.append(paragraph)
            words += len(paragraph.split())
        published = date(2019, 1, 1) + timedelta(days=rng.randrange(2600))
        articles.append(Article(key=f"bench-{n}", title=f"Benchmark article {n}", source="bench", url="",
                                published=published, published_approx=False, body="\n".join(chosen)))
    return articles


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    settings = Settings()
    extractor = build_extractor(settings)
    articles = make_articles(args.articles, corpus_paragraphs(settings))
    extractor.geocoder.geocode("Tell Tamer")  # warm caches: the town index loads once per process
    extractor.extract(articles[0])
    words = statistics.mean(len(a.body.split()) for a in articles)
    extract_rates, ingest_rates = [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for article in articles:
            extractor.extract(article)
        extract_rates.append(rate(len(articles), time.perf_counter() - start))
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{folder}/bench.db")
            init_db(engine)
            start = time.perf_counter()
            for article in articles:
                store_article(engine, article, extractor.extract(article))
            ingest_rates.append(rate(len(articles), time.perf_counter() - start))
            engine.dispose()
    print(f"articles: {len(articles)} of {words:.0f} words on average; one core; {args.rounds} rounds")
    print(f"extraction only:          median {statistics.median(extract_rates):7.1f} articles/s "
          f"(min {min(extract_rates):.1f}, max {max(extract_rates):.1f})")
    print(f"extraction + SQLite store: median {statistics.median(ingest_rates):7.1f} articles/s "
          f"(min {min(ingest_rates):.1f}, max {max(ingest_rates):.1f})")


if __name__ == "__main__":
    main()
