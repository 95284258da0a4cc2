"""Statuses of many sites on a day, fast: per-site sorted event keys and a binary search.

The rule is app/timeline.py's (tests check the two agree); this index only makes the
answer cost O(sites × log events) instead of reading every event on every request.
It is rebuilt when the store's version changes (a new or replaced article).
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.store.models import Article, Event
from app.timeline import INCIDENT_KINDS, STAGE, STATUS_AFTER, UNREPORTED, DayStatus, period_end

LONGEST_PERIOD = timedelta(days=366)  # an incident of year precision


@dataclass
class SiteTimeline:
    keys: list[tuple[int, int]] = field(default_factory=list)  # (date ordinal, stage), sorted
    events: list = field(default_factory=list)  # aligned with keys
    attack_starts: list[int] = field(default_factory=list)  # sorted
    attacks: list = field(default_factory=list)  # aligned with attack_starts

    def status_on(self, day: date) -> DayStatus:
        ordinal = day.toordinal()
        position = bisect_right(self.keys, (ordinal, len(STAGE)))
        incidents = self._incidents_on(day, ordinal)
        if position == 0:
            return DayStatus(UNREPORTED, None, None, incidents)
        event = self.events[position - 1]
        return DayStatus(STATUS_AFTER[event.kind], event.date, event, incidents)

    def _incidents_on(self, day: date, ordinal: int) -> tuple:
        found = []
        index = bisect_right(self.attack_starts, ordinal) - 1
        earliest = (day - LONGEST_PERIOD).toordinal()
        while index >= 0 and self.attack_starts[index] >= earliest:
            attack = self.attacks[index]
            if period_end(attack.date, attack.precision) >= day:
                found.append(attack)
            index -= 1
        return tuple(reversed(found))


class StatusIndex:
    def __init__(self, events) -> None:
        self.timelines: dict[str, SiteTimeline] = {}
        ordered = sorted(events, key=lambda e: (e.date, e.id or 0))
        for event in ordered:
            timeline = self.timelines.setdefault(event.site_id, SiteTimeline())
            if event.kind in INCIDENT_KINDS:
                timeline.attack_starts.append(event.date.toordinal())
                timeline.attacks.append(event)
        for event in sorted((e for e in ordered if e.kind not in INCIDENT_KINDS),
                            key=lambda e: (e.date, STAGE[STATUS_AFTER[e.kind]])):
            timeline = self.timelines[event.site_id]
            timeline.keys.append((event.date.toordinal(), STAGE[STATUS_AFTER[event.kind]]))
            timeline.events.append(event)

    def status_on(self, site_id: str, day: date) -> DayStatus:
        timeline = self.timelines.get(site_id)
        return timeline.status_on(day) if timeline else DayStatus(UNREPORTED, None, None, ())


def store_version(engine: Engine) -> tuple:
    """Changes whenever an article is stored or replaced; cheap (indexed maxima and a count)."""
    with Session(engine) as session:
        articles, last_ingest = session.exec(select(func.count(Article.id), func.max(Article.ingested_at))).one()
        last_event = session.exec(select(func.max(Event.id))).one()
    return articles, str(last_ingest), last_event


class _IndexCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_engine: dict[int, tuple[tuple, StatusIndex]] = {}

    def get(self, engine: Engine) -> tuple[tuple, StatusIndex]:
        version = store_version(engine)
        cached = self._by_engine.get(id(engine))
        if cached and cached[0] == version:
            return cached
        with self._lock:
            with Session(engine) as session:
                index = StatusIndex(session.exec(select(Event)).all())
            self._by_engine[id(engine)] = (version, index)
            return version, index


INDEXES = _IndexCache()


def status_index(engine: Engine) -> tuple[tuple, StatusIndex]:
    """The store's version and a status index for it, rebuilt only when the version changed."""
    return INDEXES.get(engine)
