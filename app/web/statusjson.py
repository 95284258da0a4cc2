"""`/api/v1/status` as bytes, fast: per-site and per-event JSON fragments joined per request.

The body is what `geojson.collection([geojson.status_feature(site, day) ...], date=, counts=)`
would give (tests/test_http_caching.py checks the two agree), but building ten thousand
feature dicts and serializing them costs tens of milliseconds a request. Here each site's
opening (`{"type":"Feature",...,"status":`) and each event's JSON are serialized once per
store version (events on first use), and a request only looks up each site's status with
the status index's binary search, takes the day's attacks from its buckets (the rule of
app/timeline.py, as StatusIndex applies it) and joins bytes.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

import orjson

from app.store.snapshot import Snapshot
from app.store.status_index import day_probe
from app.timeline import STATUS_AFTER, UNREPORTED, dispute_spans, disputed_in
from app.web import geojson
from app.web.params import FILTER_STATUSES

NO_STATUS = b'"unreported","since":null,"last_event":null'
NO_INCIDENTS = b',"incidents":[]}}'
DISPUTED, NOT_DISPUTED = b',"disputed":true', b',"disputed":false'


@dataclass
class Fragments:
    heads: dict[str, bytes]
    articles: dict = field(default_factory=dict)  # article id -> ArticleRow: whose words each sentence is
    events: dict[int, bytes] = field(default_factory=dict)  # event id -> event_json, filled on use
    tails: dict[int, bytes] = field(default_factory=dict)  # event id -> status, since, last_event

    def event(self, event) -> bytes:
        found = self.events.get(event.id)
        if found is None:
            found = self.events[event.id] = orjson.dumps(geojson.event_json(event, origin=self.articles.get(event.article_id)))
        return found

    def tail(self, event) -> bytes:
        found = self.tails.get(event.id)
        if found is None:
            found = self.tails[event.id] = (b'"' + STATUS_AFTER[event.kind].encode() + b'","since":"'
                                            + event.date.isoformat().encode() + b'","last_event":' + self.event(event))
        return found


def site_head(site) -> bytes:
    dumps = orjson.dumps
    return (b'{"type":"Feature","id":' + dumps(site.id) + b',"geometry":' + dumps(geojson.point(site))
            + b',"properties":{"id":' + dumps(site.id) + b',"name":' + dumps(site.name)
            + b',"country":' + dumps(site.country) + b',"status":')


def build_fragments(snapshot: Snapshot) -> Fragments:
    return Fragments(heads={site.id: site_head(site) for site in snapshot.sites}, articles=snapshot.articles)


def site_rows(snapshot: Snapshot, country: str | None, index=None) -> list[tuple]:
    """(id, head, keys, events) per site in list order: the request loop touches nothing else.
    `index`: a status index of part of the events (app/store/history.py known_view)."""
    fragments: Fragments = snapshot.derive("status-fragments", build_fragments)
    timelines, rows = (index or snapshot.index).timelines, []
    for site in snapshot.sites_in(country):
        timeline = timelines.get(site.id)
        rows.append((site.id, fragments.heads[site.id], timeline.keys if timeline else (),
                     timeline.events if timeline else ()))
    return rows


def known_disputes(snapshot: Snapshot, view) -> dict[str, list]:
    """Dispute spans from only the events known on the view's day."""
    found = {}
    for site_id, events in view.events.items():
        spans = dispute_spans(events, snapshot.story_of)
        if spans:
            found[site_id] = spans
    return found


def status_collection(snapshot: Snapshot, day: date, country: str | None, wanted: str | None,
                      view=None) -> bytes:
    """`view`: the events as known on a day (app/store/history.py KnownView); None: all of them."""
    fragments: Fragments = snapshot.derive("status-fragments", build_fragments)
    if view is None or view.known is None:
        rows = snapshot.derive(("status-rows", country), lambda current: site_rows(current, country))
        index = snapshot.index
    else:
        rows = view.derive(("status-rows", country), lambda: site_rows(snapshot, country, view.index))
        index = view.index
    probe = day_probe(day)
    incidents_by_site = index.incidents_on(day)
    disputes = snapshot.disputes if view is None or view.known is None else \
        view.derive("disputes", lambda: known_disputes(snapshot, view))
    tails, make_tail = fragments.tails, fragments.tail
    counts = dict.fromkeys(FILTER_STATUSES, 0)
    parts: list[bytes] = []
    for site_id, head, keys, events in rows:
        position = bisect_right(keys, probe)
        if position:
            event = events[position - 1]
            status = STATUS_AFTER[event.kind]
            tail = tails.get(event.id) or make_tail(event)
        else:
            status, tail = UNREPORTED, NO_STATUS
        counts[status] += 1
        if wanted is None or status == wanted:
            attacks = incidents_by_site.get(site_id)
            incidents = (b',"incidents":[' + b",".join(map(fragments.event, attacks)) + b"]}}") if attacks else NO_INCIDENTS
            spans = disputes.get(site_id)
            parts += (b",", head, tail, DISPUTED if spans and disputed_in(spans, day) else NOT_DISPUTED, incidents)
    known = b',"known":"' + view.known.isoformat().encode() + b'"' if view is not None and view.known else b""
    return (b'{"type":"FeatureCollection","date":"' + day.isoformat().encode() + b'"' + known + b',"counts":' + orjson.dumps(counts)
            + b',"features":[' + b"".join(parts[1:]) + b"]}")
