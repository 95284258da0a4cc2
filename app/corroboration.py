"""Which reports support each other, and which contradict each other: pure functions of
events and the story of each (syndicated copies of one story are one story, app/ingest/stories.py).

Reports of the same site and kind whose dates lie within CORROBORATION_WINDOW of each other
(for a month or year, of its period) form one group; the group's independent sources are
its distinct stories. Contradictions follow app/timeline.py `conflicting`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Callable, Iterable, Sequence

from app.timeline import DISPUTE_WINDOW, conflicting, period_end

CORROBORATION_WINDOW = timedelta(days=7)


def corroboration_groups(events: Iterable, story_of: Callable) -> list[list]:
    """Events grouped by (site, kind) and nearness of date; each group in date order."""
    by_claim: dict[tuple, list] = {}
    for event in events:
        by_claim.setdefault((event.site_id, event.kind), []).append(event)
    groups: list[list] = []
    for claim in by_claim.values():
        claim.sort(key=lambda e: e.date)
        current: list = []
        reach = None  # the last day still near the current group
        for event in claim:
            if current and event.date > reach:
                groups.append(current)
                current = []
            current.append(event)
            end = period_end(event.date, event.precision) + CORROBORATION_WINDOW
            reach = end if reach is None or not current[:-1] else max(reach, end)
        if current:
            groups.append(current)
    return groups


def independent_stories(group: Sequence, story_of: Callable) -> list[str]:
    return list(dict.fromkeys(story_of(event) for event in group))


def contradictions(events: Sequence, story_of: Callable) -> dict[int, list]:
    """Event id -> the events of other stories that contradict it within DISPUTE_WINDOW."""
    found: dict[int, list] = {}
    ordered = sorted(events, key=lambda e: e.date)
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            if second.date - first.date > DISPUTE_WINDOW:
                break
            if story_of(first) != story_of(second) and conflicting(first, second):
                found.setdefault(first.id, []).append(second)
                found.setdefault(second.id, []).append(first)
    return found
