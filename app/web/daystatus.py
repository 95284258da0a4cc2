"""A day's statuses as a small body: `/api/v1/status?date=D&format=compact`.

The GeoJSON answer repeats every site's name, geometry and last event, about 0.35 KB per
site: 3.5 MB at ten thousand sites, rebuilt and compressed for every day not yet asked.
A client that already holds the sites (`/api/v1/sites`, cached by its ETag for as long as
the store does not change) needs only, per site, the status and the day it was set:

    {"ids": [...], "date": "2026-02-23", "known": null, "statuses": ["present", ..., "unreported"],
     "counts": {...}, "status": [0, 3, 4, ...], "since_day": [20332, 19800, 0, ...], "attacked": ["tower-22"]}

`status[i]` is a position in `statuses` and belongs to `ids[i]`; `since_day[i]` is the day of
the event that set it, in whole days since 1970-01-01 (0 where the status is unreported), the
day numbers static/js/status.js uses: half the bytes of ISO dates, and no strings to build. A day costs one vectorised
search (app/store/dayindex.py) and a few tens of kilobytes of JSON. The ids, most of the body,
are the same every day: they come first, serialized and compressed once per store version
and country, and each answer compresses only its own part and splices it on (`spliced_gzip`):
a deflate stream flushed to a byte boundary (Z_FULL_FLUSH) can be continued by a fresh one,
and the gzip trailer's CRC-32 is continued over the new part.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import date

import numpy as np
import orjson

from app.store.dayindex import CODES, DayIndex, day_index
from app.store.history import KnownView
from app.store.snapshot import Snapshot
from app.web.httpcache import JSON, JSON_GZIP_LEVEL, CachedBody

STATUSES_JSON = orjson.dumps(list(CODES))
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"  # deflate, no name, no time, Unix


@dataclass(frozen=True)
class Prefix:
    """The start of every day's body for one list of sites, plain and as flushed deflate data."""

    plain: bytes
    deflated: bytes
    crc: int


def make_prefix(plain: bytes) -> Prefix:
    compressor = zlib.compressobj(JSON_GZIP_LEVEL, zlib.DEFLATED, -15)  # raw deflate: the gzip frame is ours
    return Prefix(plain, compressor.compress(plain) + compressor.flush(zlib.Z_FULL_FLUSH), zlib.crc32(plain))


def spliced_gzip(prefix: Prefix, rest: bytes) -> bytes:
    """gzip of prefix.plain + rest, compressing only `rest` (RFC 1951 3.2.3, RFC 1952 2.3)."""
    compressor = zlib.compressobj(JSON_GZIP_LEVEL, zlib.DEFLATED, -15)
    tail = compressor.compress(rest) + compressor.flush()
    size = len(prefix.plain) + len(rest)
    return (GZIP_HEADER + prefix.deflated + tail
            + struct.pack("<II", zlib.crc32(rest, prefix.crc) & 0xFFFFFFFF, size & 0xFFFFFFFF))


def compact_status(current: Snapshot, view: KnownView, day: date, country: str | None,
                   wanted: str | None) -> CachedBody:
    index = day_index(current, view, country)
    steps = index.steps_on(day)
    codes = index.codes_on(steps)
    counts = dict(zip(CODES, np.bincount(codes, minlength=len(CODES)).tolist()))
    if wanted is not None:
        keep = codes == CODES.index(wanted)
        steps, codes = steps[keep], codes[keep]
        ids = orjson.dumps(np.asarray(index.site_ids, dtype=object)[keep].tolist())
    attacked = sorted(site_id for site_id in view.index.incidents_on(day) if site_id in index.members)
    rest = (b'"date":"' + day.isoformat().encode() + b'","known":' + orjson.dumps(view.known)
            + b',"statuses":' + STATUSES_JSON + b',"counts":' + orjson.dumps(counts)
            + b',"status":' + orjson.dumps(codes, option=orjson.OPT_SERIALIZE_NUMPY)
            + b',"since_day":' + orjson.dumps(index.since_days_on(steps), option=orjson.OPT_SERIALIZE_NUMPY)
            + b',"attacked":' + orjson.dumps(attacked) + b"}")
    if wanted is not None:
        return CachedBody(b'{"ids":' + ids + b"," + rest, JSON)
    prefix: Prefix = view.derive(("compact-prefix", country),
                                 lambda: make_prefix(b'{"ids":' + orjson.dumps(index.site_ids) + b","))
    return CachedBody(prefix.plain + rest, JSON, _gzip=spliced_gzip(prefix, rest))

