"""A day's statuses as a small body: `/api/v1/status?date=D&format=compact`.

The GeoJSON answer repeats every site's name, geometry and last event, about 0.35 KB per
site: 3.5 MB at ten thousand sites, rebuilt and compressed for every day not yet asked.
A client that already holds the sites (`/api/v1/sites`, cached by its ETag for as long as
the store does not change) needs only, per site, the status and the day it was set:

    {"date": "2026-02-23", "known": null, "statuses": ["present", ..., "unreported"],
     "counts": {...}, "ids": [...], "status": [0, 3, 4, ...], "since": ["2025-09-01", null, ...],
     "attacked": ["tower-22"]}

`status[i]` is a position in `statuses` and belongs to `ids[i]`. The ids are serialized once
per store version and country; a day costs one vectorised search (app/store/dayindex.py)
and a few tens of kilobytes.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import orjson

from app.store.dayindex import CODES, DayIndex, day_index
from app.store.history import KnownView
from app.store.snapshot import Snapshot

STATUSES_JSON = orjson.dumps(list(CODES))


def _ids_json(index: DayIndex) -> bytes:
    return orjson.dumps(index.site_ids)


def compact_status(current: Snapshot, view: KnownView, day: date, country: str | None, wanted: str | None) -> bytes:
    index = day_index(current, view, country)
    steps = index.steps_on(day)
    codes = index.codes_on(steps)
    counts = dict(zip(CODES, np.bincount(codes, minlength=len(CODES)).tolist()))
    if wanted is None:
        ids = view.derive(("compact-ids", country), lambda: _ids_json(index))
    else:
        keep = codes == CODES.index(wanted)
        steps, codes = steps[keep], codes[keep]
        ids = orjson.dumps(np.asarray(index.site_ids, dtype=object)[keep].tolist())
    attacked = sorted(site_id for site_id in view.index.incidents_on(day) if site_id in index.members)
    return (b'{"date":"' + day.isoformat().encode() + b'","known":' + orjson.dumps(view.known)
            + b',"statuses":' + STATUSES_JSON + b',"counts":' + orjson.dumps(counts)
            + b',"ids":' + ids + b',"status":' + orjson.dumps(codes, option=orjson.OPT_SERIALIZE_NUMPY)
            + b',"since":' + orjson.dumps(index.since_on(steps).tolist()) + b',"attacked":' + orjson.dumps(attacked) + b"}")

