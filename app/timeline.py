"""The status rule of a site: a pure function of its events (see data/status_cases.json).

A site's status on day D follows from its latest non-incident event that starts on
or before D. Attacks are incidents: shown on their day, they change no status. Two
events starting on the same day: the later stage wins. An event of month or year
precision starts on the first day of its period (its stored date). A denial ("officials
denied reports that troops had left") sets no status.

Whether a site is *disputed* on a day is a second, separate answer (`dispute_on`): reports
from different stories that contradict each other. See `dispute_spans`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterable, Protocol

EVENT_KINDS = (
    "presence",
    "attack",
    "withdrawal_planned",
    "withdrawal_started",
    "withdrawal_completed",
    "handover",
    "reinforcement",
    "denial",
)
PRECISIONS = ("day", "month", "year")
STATUSES = ("present", "planned", "withdrawing", "withdrawn")
UNREPORTED = "unreported"

STATUS_AFTER = {
    "presence": "present",
    "reinforcement": "present",
    "withdrawal_planned": "planned",
    "withdrawal_started": "withdrawing",
    "withdrawal_completed": "withdrawn",
    "handover": "withdrawn",
}
STAGE = {status: rank for rank, status in enumerate(STATUSES)}
INCIDENT_KINDS = frozenset({"attack"})
DENIAL_KINDS = frozenset({"denial"})  # a report that a move did not or will not happen: no status of its own
# Sides of a dispute: a move away from the site, and the site still (or again) held.
WITHDRAWAL_SIDE = frozenset({"withdrawal_planned", "withdrawal_started", "withdrawal_completed", "handover"})
GONE = frozenset({"withdrawal_completed", "handover"})
HELD = frozenset({"presence", "reinforcement"})
DISPUTE_WINDOW = timedelta(days=30)  # reports further apart tell a history, not a contradiction


class EventLike(Protocol):
    kind: str
    date: date
    precision: str


@dataclass(frozen=True)
class DayStatus:
    status: str
    since: date | None
    event: EventLike | None
    incidents: tuple[EventLike, ...]


def period_end(start: date, precision: str) -> date:
    """Last day of the period an event's date stands for."""
    if precision == "year":
        return date(start.year, 12, 31)
    if precision == "month":
        return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


def _rank(event: EventLike) -> tuple[date, int]:
    return event.date, STAGE[STATUS_AFTER[event.kind]]


def status_on(events: Iterable[EventLike], day: date) -> DayStatus:
    """Status of one site on `day` from all of its events (any order)."""
    latest: EventLike | None = None
    incidents: list[EventLike] = []
    for event in events:
        if event.kind in INCIDENT_KINDS:
            if event.date <= day <= period_end(event.date, event.precision):
                incidents.append(event)
        elif event.kind in STATUS_AFTER and event.date <= day and (latest is None or _rank(event) > _rank(latest)):
            latest = event
    if latest is None:
        return DayStatus(UNREPORTED, None, None, tuple(incidents))
    return DayStatus(STATUS_AFTER[latest.kind], latest.date, latest, tuple(incidents))


def _story(event) -> str:
    return getattr(event, "story", "")


def conflicting(first: EventLike, second: EventLike) -> bool:
    """Whether two reports of one site contradict each other (`first` not after `second`): a
    denial against any reported move, or the site reported emptied and then held again."""
    kinds = {first.kind, second.kind}
    if kinds & DENIAL_KINDS:
        return bool(kinds & WITHDRAWAL_SIDE)
    return first.kind in GONE and second.kind in HELD


def dispute_spans(events: Iterable[EventLike], story_of: Callable[[EventLike], str] = _story) -> list[tuple[date, date | None]]:
    """The days on which a site is disputed, as (first, last) spans, last None for open-ended.

    Two reports from different stories (`story_of`: syndicated copies of one story are one)
    that conflict, no more than DISPUTE_WINDOW apart, make the site disputed from the first
    to the second. Where the second is a denial, which sets no status, the claim it denies
    still sets the status after it, so the dispute lasts until a newer report sets the status.
    """
    ordered = sorted((e for e in events if e.kind in STATUS_AFTER or e.kind in DENIAL_KINDS), key=lambda e: e.date)
    setters = [e.date for e in ordered if e.kind in STATUS_AFTER]
    spans = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            if second.date - first.date > DISPUTE_WINDOW:
                break
            if story_of(first) == story_of(second) or not conflicting(first, second):
                continue
            end: date | None = second.date
            if second.kind in DENIAL_KINDS:
                later = [day for day in setters if day > second.date]
                end = later[0] - timedelta(days=1) if later else None
            spans.append((first.date, end))
    return spans


def disputed_in(spans: list[tuple[date, date | None]], day: date) -> bool:
    return any(first <= day and (last is None or day <= last) for first, last in spans)


def dispute_on(events: Iterable[EventLike], day: date, story_of: Callable[[EventLike], str] = _story) -> bool:
    """Whether independent reports conflict about the site on `day` (see dispute_spans)."""
    return disputed_in(dispute_spans(events, story_of), day)
