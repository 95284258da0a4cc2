"""What a serving process keeps of the store in memory, one copy per store version.

Every read of the API and the page needs the site list and the events (the statuses,
the page's data, the slider's range); reading them from the store on every request costs
O(events) each time. A Snapshot holds them, with the status index, for one store version
(app/store/status_index.py `store_version`: one primary-key read). Each process revalidates
its snapshot by that read on every use, so a write by any process or tool is seen at the
next request; the snapshot is rebuilt once per change, not once per request.

Events are kept as light rows (EventRow) rather than ORM objects: a store of 500,000
events loads in seconds instead of tens of seconds, and weighs about a third.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, NamedTuple, TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.store.models import Article, Event, Site
from app.store.status_index import StatusIndex, StoreVersion, store_version
from app.timeline import DENIAL_KINDS, HELD, dispute_spans, disputed_in

T = TypeVar("T")


class EventRow(NamedTuple):
    """An event as the API and the page read it (app/web/geojson.py event_json)."""

    id: int
    article_id: int
    site_id: str
    kind: str
    date: date
    precision: str
    date_basis: str
    date_text: str
    target_date: date | None
    target_precision: str | None
    quote: str
    attribution: str = ""
    review: str = ""


class ArticleRow(NamedTuple):
    """What every event shown needs of its article: whose words its sentence is, and which story."""

    id: int
    key: str
    source: str
    published: date
    provenance: str
    story: str


EVENT_COLUMNS = tuple(getattr(Event, name) for name in EventRow._fields)
ARTICLE_COLUMNS = tuple(getattr(Article, name) for name in ArticleRow._fields)


class EventDays:
    """The first and last day with an event, for any view that keeps `event_days` ascending."""

    event_days: list[date]

    @property
    def first_day(self) -> date | None:
        return self.event_days[0] if self.event_days else None

    @property
    def last_day(self) -> date | None:
        return self.event_days[-1] if self.event_days else None


@dataclass(eq=False)
class Snapshot(EventDays):
    version: StoreVersion
    sites: list[Site]  # ordered by country, then name (as app/store/queries.py sites)
    events: dict[str, list[EventRow]]  # per site id, in (date, id) order
    index: StatusIndex
    event_days: list[date]  # every day with an event, ascending
    articles: dict[int, ArticleRow] = field(default_factory=dict)
    derived: dict = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)  # one derived value may derive another
    _by_country: dict = field(default_factory=dict)

    def sites_in(self, country: str | None) -> list[Site]:
        if not country:
            return self.sites
        found = self._by_country.get(country)
        if found is None:
            found = self._by_country[country] = [site for site in self.sites if site.country == country]
        return found

    def story_of(self, event) -> str:
        """The story an event was reported in (app/ingest/stories.py); an article of unknown story is its own."""
        article = self.articles.get(event.article_id)
        return (article.story if article is not None else "") or f"a{event.article_id}"

    @property
    def disputes(self) -> dict[str, list]:
        """Site id -> the spans of days on which it is disputed (app/timeline.py dispute_spans),
        for the sites that have any; computed once per snapshot."""
        return self.derive("disputes", _dispute_spans_by_site)

    def disputed(self, site_id: str, day: date) -> bool:
        spans = self.disputes.get(site_id)
        return bool(spans) and disputed_in(spans, day)

    def derive(self, key, build: Callable[["Snapshot"], T]) -> T:
        """Data another layer computes from this snapshot, once (e.g. serialized fragments)."""
        value = self.derived.get(key)
        if value is None:
            with self._lock:
                value = self.derived.get(key)
                if value is None:
                    value = self.derived[key] = build(self)
        return value


def _dispute_spans_by_site(current: "Snapshot") -> dict[str, list]:
    found = {}
    for site_id, events in current.events.items():
        if not any(event.kind in DENIAL_KINDS or event.kind in HELD for event in events):
            continue  # no side against a move: no dispute (the common case, skipped cheaply)
        spans = dispute_spans(events, current.story_of)
        if spans:
            found[site_id] = spans
    return found


def load_snapshot(engine: Engine, version: StoreVersion) -> Snapshot:
    """Read sites and events. The version is read before the data, so the data is at least
    that new: a snapshot is never older than its label."""
    with Session(engine) as session:
        sites = list(session.scalars(select(Site).order_by(Site.country, Site.name)))
    events: dict[str, list[EventRow]] = {}
    ordered: list[EventRow] = []
    days: set[date] = set()
    with engine.connect() as connection:
        articles = {row[0]: ArticleRow._make(row) for row in connection.execute(select(*ARTICLE_COLUMNS))}
        result = connection.execute(select(*EVENT_COLUMNS).order_by(Event.date, Event.id))
        make = EventRow._make
        for row in result:
            event = make(row)
            ordered.append(event)
            days.add(event.date)
            bucket = events.get(event.site_id)
            if bucket is None:
                bucket = events[event.site_id] = []
            bucket.append(event)
    return Snapshot(version=version, sites=sites, events=events, index=StatusIndex(ordered),
                    event_days=sorted(days), articles=articles)


def _newer_or_same(held: StoreVersion, asked: StoreVersion) -> bool:
    return held.store_id == asked.store_id and held.counter >= asked.counter


class SnapshotCache:
    """One snapshot per engine, replaced when the store's version moves on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: weakref.WeakKeyDictionary[Engine, Snapshot] = weakref.WeakKeyDictionary()

    def get(self, engine: Engine, version: StoreVersion | None = None) -> Snapshot:
        version = version or store_version(engine)
        held = self._held.get(engine)
        if held is not None and _newer_or_same(held.version, version):
            return held
        with self._lock:  # one rebuild, however many requests arrive meanwhile
            held = self._held.get(engine)
            if held is not None and _newer_or_same(held.version, version):
                return held
            built = load_snapshot(engine, version)
            self._held[engine] = built
            return built

    def clear(self) -> None:
        with self._lock:
            self._held.clear()


SNAPSHOTS = SnapshotCache()


def snapshot(engine: Engine, version: StoreVersion | None = None) -> Snapshot:
    """The current snapshot of the store behind `engine` (pass `version` if already read)."""
    return SNAPSHOTS.get(engine, version)
