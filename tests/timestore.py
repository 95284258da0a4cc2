"""A small store written by the tests for the time tools: three sites, four articles, and a report
that arrives late (a withdrawal that started on 18 Feb 2026, first published on 22 Feb).

    alpha  (SY)  present 2025-06-01, planned 2026-01-10, withdrawing 2026-02-18 (published 2026-02-22),
                 attacked 2026-02-19 (published 2026-02-22)
    bravo  (IQ)  present 2025-01-01, handed over 2026-02-01 (published 2026-02-02)
    charlie (SY) present from May 2024 (month precision); its sentence starts with "+"
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert

from app.store.db import init_db, make_engine
from app.store.models import Article, Event, Site

ARTICLES = [
    (1, "First wire", "Wire One", "https://example.org/one", date(2025, 6, 2)),
    (2, "Plan announced", "Wire Two", "https://example.org/two", date(2026, 1, 10)),
    (3, "Convoys seen leaving alpha", "Wire Three", "https://example.org/three", date(2026, 2, 22)),
    (4, "Bravo handed over", "Wire Four", "javascript:alert(1)", date(2026, 2, 2)),
]
SITES = [
    ("alpha", "Alpha base", "SY", 35.0, 40.0),
    ("bravo", "Bravo airfield", "IQ", 33.0, 44.0),
    ("charlie", "Charlie outpost", "SY", 36.0, 41.0),
]
EVENTS = [
    # id, article, site, kind, date, precision, quote
    (1, 1, "alpha", "presence", date(2025, 6, 1), "day", "US troops are stationed at Alpha base."),
    (2, 2, "alpha", "withdrawal_planned", date(2026, 1, 10), "day", "Washington plans to leave Alpha base."),
    (3, 3, "alpha", "withdrawal_started", date(2026, 2, 18), "day", "Convoys began leaving Alpha base on Wednesday."),
    (4, 3, "alpha", "attack", date(2026, 2, 19), "day", "Rockets struck Alpha base on Thursday."),
    (5, 1, "bravo", "presence", date(2025, 1, 1), "day", "Bravo airfield hosts US aircraft."),
    (6, 4, "bravo", "handover", date(2026, 2, 1), "day", "Bravo airfield was handed to the Iraqi army."),
    (7, 1, "charlie", "presence", date(2024, 5, 1), "month", "+200 US troops remain at Charlie outpost, officials said."),
]


def write_time_store(url: str) -> None:
    engine = make_engine(url)
    try:
        init_db(engine)
        with engine.begin() as connection:
            connection.execute(insert(Article), [
                {"id": id_, "key": f"test-{id_}", "title": title, "source": source, "url": link, "published": day,
                 "published_approx": False, "body": "written for the tests", "content_hash": str(id_) * 64}
                for id_, title, source, link, day in ARTICLES])
            connection.execute(insert(Site), [
                {"id": id_, "name": name, "kind": "base", "country": country, "lat": lat, "lon": lon,
                 "geocoder": "test", "geocode_method": "", "geocode_precision": "", "coord_source": "", "aliases": []}
                for id_, name, country, lat, lon in SITES])
            connection.execute(insert(Event), [
                {"id": id_, "article_id": article, "site_id": site, "kind": kind, "date": day, "precision": precision,
                 "date_basis": "text", "date_text": "", "quote": quote, "quote_start": 0, "quote_end": len(quote)}
                for id_, article, site, kind, day, precision, quote in EVENTS])
    finally:
        engine.dispose()
