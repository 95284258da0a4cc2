"""Statuses of many sites on a day, fast: per-site sorted event keys and a binary search.

The rule is app/timeline.py's (tests check the two agree); this index only makes the
answer cost O(sites × log events) instead of reading every event on every request.
It is rebuilt when the store's version changes (any write to sites, articles or events;
see `store_version`), together with the rest of app/store/snapshot.py.

Keys are whole numbers, `day ordinal × 8 + stage`, so a lookup is one C-level bisect.
Attacks in effect on a day are found without looking at every site: an attack of day
precision covers its day, of month precision its month, of year precision its year (from
its stored date on), so the index keeps them in buckets by day, month and year.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from app.store.models import Article, Event
from app.timeline import INCIDENT_KINDS, STAGE, STATUS_AFTER, UNREPORTED, DayStatus, period_end

LONGEST_PERIOD = timedelta(days=366)  # an incident of year precision
STAGE_SLOTS = 8  # > len(STAGE): key = ordinal * STAGE_SLOTS + stage


def day_probe(day: date) -> int:
    """The largest key an event starting on `day` can have: bisect_right finds the one in force."""
    return day.toordinal() * STAGE_SLOTS + STAGE_SLOTS - 1


def _order(event) -> tuple:
    return event.date, event.id or 0


@dataclass
class SiteTimeline:
    keys: list[int] = field(default_factory=list)  # ordinal * STAGE_SLOTS + stage, ascending
    events: list = field(default_factory=list)  # aligned with keys
    attack_starts: list[int] = field(default_factory=list)  # sorted
    attack_ends: list[int] = field(default_factory=list)  # last day of each attack's period, aligned
    attacks: list = field(default_factory=list)  # aligned with attack_starts

    def event_on(self, day: date):
        """The non-incident event that sets the status on `day`, or None."""
        position = bisect_right(self.keys, day_probe(day))
        return self.events[position - 1] if position else None

    def status_on(self, day: date) -> DayStatus:
        incidents = self._incidents_on(day, day.toordinal())
        event = self.event_on(day)
        if event is None:
            return DayStatus(UNREPORTED, None, None, incidents)
        return DayStatus(STATUS_AFTER[event.kind], event.date, event, incidents)

    def _incidents_on(self, day: date, ordinal: int) -> tuple:
        found = []
        index = bisect_right(self.attack_starts, ordinal) - 1
        earliest = (day - LONGEST_PERIOD).toordinal()
        while index >= 0 and self.attack_starts[index] >= earliest:
            if self.attack_ends[index] >= ordinal:
                found.append(self.attacks[index])
            index -= 1
        return tuple(reversed(found))


class StatusIndex:
    def __init__(self, events) -> None:
        self.timelines: dict[str, SiteTimeline] = {}
        self._by_day: dict[int, list] = defaultdict(list)  # attacks of day precision, by day ordinal
        self._by_month: dict[tuple[int, int], list] = defaultdict(list)
        self._by_year: dict[int, list] = defaultdict(list)
        ordered = sorted(events, key=_order)
        for event in ordered:
            timeline = self.timelines.get(event.site_id)
            if timeline is None:
                timeline = self.timelines[event.site_id] = SiteTimeline()
            if event.kind in INCIDENT_KINDS:
                timeline.attack_starts.append(event.date.toordinal())
                timeline.attack_ends.append(period_end(event.date, event.precision).toordinal())
                timeline.attacks.append(event)
                if event.precision == "month":
                    self._by_month[(event.date.year, event.date.month)].append(event)
                elif event.precision == "year":
                    self._by_year[event.date.year].append(event)
                else:  # period_end treats any other precision as the day itself
                    self._by_day[event.date.toordinal()].append(event)
        for event in sorted((e for e in ordered if e.kind in STATUS_AFTER),
                            key=lambda e: (e.date, STAGE[STATUS_AFTER[e.kind]])):
            timeline = self.timelines[event.site_id]
            key = event.date.toordinal() * STAGE_SLOTS + STAGE[STATUS_AFTER[event.kind]]
            if timeline.keys and timeline.keys[-1] == key:
                continue  # the rule keeps the first of equal (day, stage) in store order: so do we
            timeline.keys.append(key)
            timeline.events.append(event)

    def status_on(self, site_id: str, day: date) -> DayStatus:
        timeline = self.timelines.get(site_id)
        return timeline.status_on(day) if timeline else DayStatus(UNREPORTED, None, None, ())

    def statuses_on(self, site_ids, day: date) -> list[DayStatus]:
        """Each site's status on `day`, in the order given: one bisect per site, and the day's
        attacks taken once for all sites from the buckets instead of per site."""
        probe, incidents, timelines = day_probe(day), self.incidents_on(day), self.timelines
        statuses = []
        for site_id in site_ids:
            timeline = timelines.get(site_id)
            position = bisect_right(timeline.keys, probe) if timeline is not None else 0
            attacks = tuple(incidents.get(site_id, ()))
            if position:
                event = timeline.events[position - 1]
                statuses.append(DayStatus(STATUS_AFTER[event.kind], event.date, event, attacks))
            else:
                statuses.append(DayStatus(UNREPORTED, None, None, attacks))
        return statuses

    def incidents_on(self, day: date) -> dict[str, list]:
        """Site id -> the attacks in effect on `day`, in store order (date, id): every site at once."""
        found: dict[str, list] = {}
        candidates = (self._by_day.get(day.toordinal(), ()), self._by_month.get((day.year, day.month), ()),
                      self._by_year.get(day.year, ()))
        for bucket in candidates:
            for event in bucket:
                if event.date <= day:  # in its period from its stored date on
                    found.setdefault(event.site_id, []).append(event)
        for site_events in found.values():
            if len(site_events) > 1:
                site_events.sort(key=_order)
        return found


class StoreVersion(NamedTuple):
    """Which state a store is in: equal versions, equal data (app/store/models.py StoreRevision)."""

    store_id: str
    counter: int
    changed_at: float  # seconds since the epoch

    @property
    def token(self) -> str:
        return f"{self.store_id[:12]}.{self.counter}"


def store_version(engine: Engine) -> StoreVersion:
    """Changes whenever sites, articles or events change (database triggers bump one row);
    one primary-key read, so every request can afford it."""
    with engine.connect() as connection:
        row = connection.execute(REVISION_QUERY).first()
        if row is not None:
            return StoreVersion(row[0], int(row[1]), float(row[2]))
        # The row was deleted by hand: fall back to what the data itself says (slower, still right
        # for anything ingestion does).
        articles, last_ingest = connection.execute(select(func.count(Article.id), func.max(Article.ingested_at))).one()
        last_event = connection.execute(select(func.max(Event.id))).scalar()
        said = hashlib.sha1(f"{articles}|{last_ingest}|{last_event}".encode()).hexdigest()[:32]
        return StoreVersion(said, 0, last_ingest.timestamp() if last_ingest else 0.0)


REVISION_QUERY = text("SELECT store_id, version, changed_at FROM store_revision WHERE id = 1")


def status_index(engine: Engine) -> tuple[StoreVersion, StatusIndex]:
    """The store's version and a status index for it, rebuilt only when the version changed."""
    from app.store.snapshot import snapshot

    current = snapshot(engine)
    return current.version, current.index
