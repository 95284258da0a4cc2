"""A store filled by real ingestion of the bundled articles, built once per module or session.

`store_url` in tests/conftest.py gives a fresh store per test; ingesting the corpus takes
seconds, so the web tests share one store per module (API, page) or per session (browser),
of the same backend (--store sqlite|postgres).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.core.config import Settings
from app.core.context import build_extractor
from app.ingest.runner import IngestReport, expand_inputs, ingest_paths
from app.store.db import init_db, make_engine


def ingest_into(url: str, inputs: list[Path] | None = None) -> IngestReport:
    """Ingest `inputs` (default: the bundled data/articles/) into the store at `url`."""
    settings = replace(Settings(), database_url=url)
    engine = make_engine(url)
    try:
        init_db(engine)
        paths = list(expand_inputs(inputs or [settings.articles_dir]))
        return ingest_paths(engine, build_extractor(settings, engine), paths, settings)
    finally:
        engine.dispose()


def write_synthetic_store(url: str, count: int, seed: int = 3) -> None:
    """`count` generated sites, each present from a day in 2020 and withdrawn in 2021, some attacked."""
    import random
    from datetime import date, timedelta

    from sqlalchemy import insert

    from app.store.models import Article, Event, Site

    rng = random.Random(seed)
    countries = ("IQ", "SY", "JO", "AF", "NE")
    sites, events = [], []
    for n in range(count):
        site_id = f"gen-{n:05d}"
        sites.append({"id": site_id, "name": f"Generated base {n}", "kind": "base", "country": countries[n % 5],
                      "lat": round(rng.uniform(10, 40), 4), "lon": round(rng.uniform(2, 68), 4), "geocoder": "test",
                      "geocode_method": "", "geocode_precision": "", "coord_source": "", "aliases": []})
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(300))
        for kind, day in (("presence", start), ("withdrawal_completed", start + timedelta(days=400))):
            events.append({"article_id": 1, "site_id": site_id, "kind": kind, "date": day, "precision": "day",
                           "date_basis": "text", "date_text": "", "quote": f"Generated base {n}: {kind}.",
                           "quote_start": 0, "quote_end": 1})
    engine = make_engine(url)
    try:
        init_db(engine)
        with engine.begin() as connection:
            connection.execute(insert(Article), [{"id": 1, "key": "generated", "title": "Generated report",
                                                  "source": "test", "url": "", "published": date(2021, 12, 31),
                                                  "published_approx": False, "body": "generated",
                                                  "content_hash": "0" * 64}])
            connection.execute(insert(Site), sites)
            connection.execute(insert(Event), events)
    finally:
        engine.dispose()
