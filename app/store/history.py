"""Reading the store through time: what was known on a day, each status change, the articles behind them.

All of it is derived from the process's snapshot (app/store/snapshot.py), once per store
version, so a feed, an export or a comparison costs no scan of the events per request.

Knowledge time ("as known on K"): the statuses a reader of the news on day K would have
worked out, i.e. the same rule (app/timeline.py) over only the events whose article was
published on or before K. Later reports, corrections included, are left out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.engine import Engine

from app.store.models import Article, Event
from app.store.snapshot import EventDays, EventRow, Snapshot
from app.store.status_index import StatusIndex
from app.timeline import STATUS_AFTER, UNREPORTED

KNOWN_VIEWS_KEPT = 8  # each holds an index as large as the store's: keep a few recent knowledge days


class ArticleRow(NamedTuple):
    id: int
    title: str
    source: str
    url: str
    published: date
    published_approx: bool
    provenance: str  # whose words the sentences are (app/web/geojson.py article_json)
    based_on: str
    story: str


ARTICLE_COLUMNS = tuple(getattr(Article, name) for name in ArticleRow._fields)


def articles_of(engine: Engine, current: Snapshot) -> dict[int, ArticleRow]:
    """Article id -> its title, source, link and publication day (no bodies), once per snapshot."""

    def load(_snapshot) -> dict[int, ArticleRow]:
        with engine.connect() as connection:
            return {row[0]: ArticleRow._make(row) for row in connection.execute(select(*ARTICLE_COLUMNS))}

    return current.derive("articles", load)


@dataclass(frozen=True)
class KnownView(EventDays):
    """The events known on `known` and their status index; `known` None: everything in the store."""

    known: date | None
    events: dict[str, list[EventRow]]  # per site id, in (date, id) order
    index: StatusIndex
    event_days: list[date]
    derived: dict = field(default_factory=dict, compare=False, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, compare=False, repr=False)  # derive may nest

    def derive(self, key, build):
        """Data computed from this view, once (e.g. a DayIndex per country)."""
        value = self.derived.get(key)
        if value is None:
            with self._lock:
                value = self.derived.get(key)
                if value is None:
                    value = self.derived[key] = build()
        return value


def full_view(current: Snapshot) -> KnownView:
    return current.derive("known:all", lambda s: KnownView(None, s.events, s.index, s.event_days))


def _build_known(current: Snapshot, articles: dict[int, ArticleRow], known: date) -> KnownView:
    published = {article_id: row.published for article_id, row in articles.items()}
    events: dict[str, list[EventRow]] = {}
    days: set[date] = set()
    for site_id, site_events in current.events.items():
        kept = [event for event in site_events if published.get(event.article_id, date.max) <= known]
        if kept:
            events[site_id] = kept
            days.update(event.date for event in kept)
    return KnownView(known, events, StatusIndex(event for kept in events.values() for event in kept), sorted(days))


def known_view(engine: Engine, current: Snapshot, known: date | None) -> KnownView:
    """The store as known on `known` (None: all of it). A few recent knowledge days are kept built."""
    if known is None:
        return full_view(current)
    views: _Recent = current.derive("known:recent", lambda _s: _Recent(KNOWN_VIEWS_KEPT))
    return views.get(known, lambda: _build_known(current, articles_of(engine, current), known))


class _Recent:
    """A small LRU of built values, one build per key even when requests race."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, build):
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            value = self._values[key] = build()
            while len(self._values) > self.size:
                self._values.popitem(last=False)
            return value


class StatusChange(NamedTuple):
    """An event after which a site's status differs from the one before it."""

    site_id: str
    event: EventRow
    before: str
    after: str


def status_changes(view: KnownView) -> list[StatusChange]:
    """Every status change of every site, newest first (by the event's day, then stage, then id).

    The walk follows the status index's order of a site's non-incident events, so each change
    is one the rule of app/timeline.py shows on the map on that day."""
    changes: list[StatusChange] = []
    for site_id, timeline in view.index.timelines.items():
        before, events = UNREPORTED, timeline.events
        for position, event in enumerate(events):
            if position + 1 < len(events) and events[position + 1].date == event.date:
                continue  # a later stage the same day wins: the map never shows this one
            after = STATUS_AFTER[event.kind]
            if after != before:
                changes.append(StatusChange(site_id, event, before, after))
                before = after
    changes.sort(key=lambda change: (change.event.date, change.event.id), reverse=True)
    return changes


def all_status_changes(current: Snapshot) -> list[StatusChange]:
    return current.derive("status-changes", lambda s: status_changes(full_view(s)))


def event_columns():
    """The events table's columns in EventRow order, for streaming queries."""
    return tuple(getattr(Event, name) for name in EventRow._fields)
