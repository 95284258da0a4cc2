"""The status rule of a site: a pure function of its events (see data/status_cases.json).

A site's status on day D follows from its latest non-incident event that starts on
or before D. Attacks are incidents: shown on their day, they change no status. Two
events starting on the same day: the later stage wins. An event of month or year
precision starts on the first day of its period (its stored date).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Protocol

EVENT_KINDS = (
    "presence",
    "attack",
    "withdrawal_planned",
    "withdrawal_started",
    "withdrawal_completed",
    "handover",
    "reinforcement",
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
        elif event.date <= day and (latest is None or _rank(event) > _rank(latest)):
            latest = event
    if latest is None:
        return DayStatus(UNREPORTED, None, None, tuple(incidents))
    return DayStatus(STATUS_AFTER[latest.kind], latest.date, latest, tuple(incidents))
