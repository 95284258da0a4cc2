"""Every site's status on a day in one vectorised search: the status index flattened into arrays.

StatusIndex (app/store/status_index.py) answers one site at a time with a bisect; for ten
thousand sites that is a Python loop of ten thousand steps on every request. Here each
site's status-setting events are laid end to end in one sorted int64 array of
`site position << SITE_SHIFT | key` (key = day ordinal × 8 + stage, as in StatusIndex), so
one numpy.searchsorted finds, for all sites at once, the event in force on a day. A random
day then costs about a millisecond at 10,000 sites and 500,000 events.

Equal keys were already reduced by StatusIndex to the one the rule keeps, so the answer is
the rule's (tests/test_time_tools.py checks it against app/timeline.py).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from app.store.status_index import StatusIndex, day_probe
from app.timeline import STATUS_AFTER, STATUSES, UNREPORTED

SITE_SHIFT = 23  # 2**23 > the largest key (31 Dec 2100: ordinal 767,010 × 8 + 7)
CODES = STATUSES + (UNREPORTED,)  # a status's position here is its code
UNREPORTED_CODE = len(STATUSES)
STATUS_CODE = {status: code for code, status in enumerate(CODES)}
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class DayIndex:
    """Statuses of the sites `site_ids` (in that order) from `index`."""

    def __init__(self, site_ids: list[str], index: StatusIndex) -> None:
        self.site_ids = site_ids
        self.members = frozenset(site_ids)
        keys: list[int] = []
        offsets = np.zeros(len(site_ids), dtype=np.int64)
        self.events: list = []
        for position, site_id in enumerate(site_ids):
            offsets[position] = len(keys)
            timeline = index.timelines.get(site_id)
            if timeline is None:
                continue
            base = position << SITE_SHIFT
            keys.extend(base | key for key in timeline.keys)
            self.events.extend(timeline.events)
        self.keys = np.asarray(keys, dtype=np.int64)
        self.offsets = offsets
        self.bases = np.arange(len(site_ids), dtype=np.int64) << SITE_SHIFT
        self.codes = np.asarray([STATUS_CODE[STATUS_AFTER[event.kind]] for event in self.events] + [UNREPORTED_CODE],
                                dtype=np.int8)  # the last slot answers "no event yet"
        self.since = np.asarray([event.date.isoformat() for event in self.events] + [None], dtype=object)
        # The same as whole days since 1970-01-01 (static/js/status.js dayNumber); 0 where no event yet.
        self.since_days = np.asarray([event.date.toordinal() - EPOCH_ORDINAL for event in self.events] + [0],
                                     dtype=np.int32)

    def __len__(self) -> int:
        return len(self.site_ids)

    def steps_on(self, day: date, positions: np.ndarray | None = None) -> np.ndarray:
        """For each site (or each of `positions`), the index into `events` of the event in force on
        `day`, or -1 where none is."""
        bases = self.bases if positions is None else self.bases[positions]
        offsets = self.offsets if positions is None else self.offsets[positions]
        found = np.searchsorted(self.keys, bases | day_probe(day), side="right") - 1
        return np.where(found >= offsets, found, -1)

    def codes_on(self, steps: np.ndarray) -> np.ndarray:
        return self.codes[steps]  # -1 picks the last slot: unreported

    def since_on(self, steps: np.ndarray) -> np.ndarray:
        return self.since[steps]

    def since_days_on(self, steps: np.ndarray) -> np.ndarray:
        return self.since_days[steps]

    def event(self, step: int):
        return self.events[step] if step >= 0 else None


def day_index(current, view, country: str | None = None) -> DayIndex:
    """The DayIndex of the snapshot's sites (in `country`, in list order) under a knowledge view
    (app/store/history.py KnownView), built once per view and country."""
    return view.derive(("day-index", country),
                       lambda: DayIndex([site.id for site in current.sites_in(country)], view.index))
