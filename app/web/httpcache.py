"""HTTP caching of store-backed responses: ETag, Last-Modified, 304, and a small in-process LRU.

A response of the API or the page is a function of (store version, build, canonical query).
The store version is one primary-key read (app/store/status_index.py `store_version`), so
every request can check it: a conditional request whose ETag still matches is answered
304 without building anything, and a repeated query (a shared link's day) is answered from
the LRU of serialized bodies, gzip included. Each worker process has its own LRU; a write
by any process changes the version, and with it every key and ETag, so nothing stale is
ever served from it.

ETags are weak (W/"..."): the same JSON goes out gzip-compressed or not.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from typing import Callable

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from app.store.status_index import StoreVersion, store_version

GZIP_MIN_BYTES = 500
# JSON is compressed per request when a day is asked for the first time: level 1 is 2-3 times
# faster than 6 and about 20% larger. A page is rendered far less often: level 6.
JSON_GZIP_LEVEL = 1
HTML_GZIP_LEVEL = 6
API_CACHE_CONTROL = "public, no-cache"  # any cache may keep it, and must revalidate (a cheap 304)
DAY_PAGE_CACHE_CONTROL = "public, max-age=300"  # a shared link to a day: a cache may serve it 5 minutes
JSON = "application/json"
HTML = "text/html; charset=utf-8"


def gzip_bytes(body: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)  # 31: gzip container
    return compressor.compress(body) + compressor.flush()


@dataclass(eq=False)
class CachedBody:
    body: bytes
    media_type: str
    gzip_level: int = JSON_GZIP_LEVEL
    _gzip: bytes | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return len(self.body) + len(self._gzip or b"")

    def gzipped(self) -> bytes:
        if self._gzip is None:
            self._gzip = gzip_bytes(self.body, self.gzip_level)  # racing threads may both compress; either result is right
        return self._gzip


class ResponseCache:
    """Least recently used serialized bodies, bounded by count and by bytes."""

    def __init__(self, max_entries: int = 256, max_bytes: int = 96 * 1024 * 1024) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[tuple, CachedBody] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> CachedBody | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: CachedBody) -> None:
        if entry.size * 4 > self.max_bytes:
            return  # one huge body would evict everything else
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes -= old.size if old else 0
            self._entries[key] = entry
            self._bytes += entry.size
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                _key, evicted = self._entries.popitem(last=False)
                self._bytes -= evicted.size

    def resize(self, key: tuple, entry: CachedBody, before: int) -> None:
        """Account for a body that grew its gzip copy after it was stored."""
        with self._lock:
            if self._entries.get(key) is entry:
                self._bytes += entry.size - before

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


def make_etag(version: StoreVersion, build: str, kind: str, key: tuple) -> str:
    digest = hashlib.blake2b(repr((build, kind, key)).encode(), digest_size=9).hexdigest()
    return f'W/"{version.token}-{digest}"'


def _etag_values(header: str) -> list[str]:
    return [value.strip().removeprefix("W/") for value in header.split(",") if value.strip()]


def not_modified(request: Request, etag: str, last_modified: float) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present (weak comparison); else If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        values = _etag_values(if_none_match)
        return "*" in values or etag.removeprefix("W/") in values
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(last_modified) <= since
    return False


def accepts_gzip(request: Request) -> bool:
    # The same test as Starlette's GZipMiddleware, so every response of the app agrees.
    return "gzip" in request.headers.get("accept-encoding", "")


def send(request: Request, entry: CachedBody, headers: dict[str, str], cache: ResponseCache | None = None,
         key: tuple | None = None) -> Response:
    headers = {**headers, "Vary": "Accept-Encoding"}
    if len(entry.body) >= GZIP_MIN_BYTES and accepts_gzip(request):
        before = entry.size
        content = entry.gzipped()
        if cache is not None and key is not None and entry.size != before:
            cache.resize(key, entry, before)
        # Already encoded: GZipMiddleware passes responses with a Content-Encoding through.
        return Response(content, media_type=entry.media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Response(entry.body, media_type=entry.media_type, headers=headers)


def cached_response(request: Request, engine: Engine, kind: str, key: tuple,
                    build: Callable[[StoreVersion], "bytes | CachedBody"], media_type: str = JSON,
                    cache_control: str = API_CACHE_CONTROL) -> Response:
    """The response for (store version, kind, key): 304 if the client holds it, else from the
    LRU, else `build(version)` (which may raise, e.g. a 404: nothing is cached then)."""
    state = request.app.state
    version = store_version(engine)
    etag = make_etag(version, state.build_id, kind, key)
    last_modified = max(version.changed_at, state.build_time)
    headers = {"ETag": etag, "Last-Modified": formatdate(int(last_modified), usegmt=True),
               "Cache-Control": cache_control}
    if not_modified(request, etag, last_modified):
        return Response(status_code=304, headers={**headers, "Vary": "Accept-Encoding"})
    cache: ResponseCache = state.response_cache
    cache_key = (version, kind, key)
    entry = cache.get(cache_key)
    if entry is None:
        built = build(version)  # bytes, or a CachedBody that brings its own gzip copy
        entry = built if isinstance(built, CachedBody) else CachedBody(
            built, media_type, HTML_GZIP_LEVEL if media_type == HTML else JSON_GZIP_LEVEL)
        cache.put(cache_key, entry)
    return send(request, entry, headers, cache, cache_key)
