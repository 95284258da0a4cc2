"""What changed between two days: `/api/v1/changes?from=A&to=B[&country=XX][&known=K]`.

A site is in the answer when its status on B differs from its status on A (by the rule of
app/timeline.py, over the events known on K when `known` is given). Each feature says the
status on each day, since when, and the changes in between: the events dated after the
earlier day and on or before the later one after which the site's status differed (as the
feed lists them), with their sentences and articles, the latest EVENTS_PER_SITE of them;
`changes_between` counts them all. Two days years apart change most sites many times over:
the cap keeps such an answer to a few megabytes.
The page's `&compare=A` lists the same sites (app/web/view.py).

The body is joined from bytes made once per store version: each site's opening and each
event's JSON with its article, so an answer costs the two vectorised lookups and a join.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

import numpy as np
import orjson
from fastapi import APIRouter, Query, Request
from sqlalchemy.engine import Engine

from app.store.dayindex import CODES, day_index
from app.store.history import KnownView, articles_of, known_view, status_changes
from app.store.snapshot import Snapshot, snapshot
from app.web import geojson
from app.web.deps import EngineDep
from app.web.httpcache import cached_response
from app.web.params import DAY_SCHEMA, BadParameter, country_schema, parse_country, parse_day

router = APIRouter()
EVENTS_PER_SITE = 5


@dataclass(frozen=True)
class SiteChange:
    site: object  # app.store.models.Site
    before: str
    after: str
    before_since: date | None
    after_since: date | None
    events: list  # EventRow: the changes dated in (earlier day, later day], oldest first
    count: int  # how many there are; `events` holds the latest EVENTS_PER_SITE


def _changes_by_site(view: KnownView) -> dict[str, tuple[list[int], list]]:
    """Per site: the day ordinals and the events of its status changes, oldest first (for bisects)."""
    found: dict[str, tuple[list[int], list]] = {}
    for change in reversed(status_changes(view)):
        ordinals, events = found.setdefault(change.site_id, ([], []))
        ordinals.append(change.event.date.toordinal())
        events.append(change.event)
    return found


def changes_in(view: KnownView, site_id: str, first: date, last: date) -> tuple[list, int]:
    """The site's status changes dated after `first` and on or before `last`: (latest few, count)."""
    ordinals, events = view.derive("changes-by-site", lambda: _changes_by_site(view)).get(site_id, ((), ()))
    low, high = bisect_right(ordinals, first.toordinal()), bisect_right(ordinals, last.toordinal())
    return list(events[max(low, high - EVENTS_PER_SITE):high]), high - low


def changes_between(current: Snapshot, view: KnownView, before_day: date, after_day: date,
                    country: str | None = None) -> list[SiteChange]:
    """Sites whose status on `after_day` differs from `before_day`, in list order (country, name)."""
    index = day_index(current, view, country)
    before_steps, after_steps = index.steps_on(before_day), index.steps_on(after_day)
    before_codes, after_codes = index.codes_on(before_steps), index.codes_on(after_steps)
    sites = current.sites_in(country)
    first, last = min(before_day, after_day), max(before_day, after_day)
    changes = []
    for position in np.flatnonzero(before_codes != after_codes).tolist():
        before_event, after_event = index.event(int(before_steps[position])), index.event(int(after_steps[position]))
        site = sites[position]
        events, count = changes_in(view, site.id, first, last)
        changes.append(SiteChange(site, CODES[before_codes[position]], CODES[after_codes[position]],
                                  before_event.date if before_event else None,
                                  after_event.date if after_event else None, events, count))
    return changes


def page_changes(engine: Engine, current: Snapshot, state) -> list[SiteChange] | None:
    """The page's `&compare=A` (with `date=B`): what changed from A to B in the chosen country, or None."""
    if state.compare is None:
        return None
    view = known_view(engine, current, state.known)
    return changes_between(current, view, state.compare, state.day, state.country)


class FeatureBytes:
    """Serialized pieces of change features, made once per store version and reused."""

    def __init__(self, engine: Engine, current: Snapshot) -> None:
        self.articles = articles_of(engine, current)
        self.heads: dict[str, bytes] = {}
        self.events: dict[int, bytes] = {}

    def head(self, site) -> bytes:
        found = self.heads.get(site.id)
        if found is None:
            dumps = orjson.dumps
            found = self.heads[site.id] = (
                b'{"type":"Feature","id":' + dumps(site.id) + b',"geometry":' + dumps(geojson.point(site))
                + b',"properties":{"id":' + dumps(site.id) + b',"name":' + dumps(site.name)
                + b',"country":' + dumps(site.country))
        return found

    def event(self, event) -> bytes:
        found = self.events.get(event.id)
        if found is None:
            found = self.events[event.id] = orjson.dumps(geojson.event_json(event, self.articles.get(event.article_id)))
        return found


def change_feature(change: SiteChange, pieces: FeatureBytes) -> bytes:
    """The GeoJSON Feature of one change, as bytes (what geojson.feature would serialize)."""
    tail = orjson.dumps({"from": change.before, "to": change.after, "from_since": geojson.iso(change.before_since),
                         "to_since": geojson.iso(change.after_since), "changes_between": change.count})
    return (pieces.head(change.site) + b"," + tail[1:-1] + b',"events":['
            + b",".join(pieces.event(event) for event in change.events) + b"]}}")


def changes_body(engine: Engine, current: Snapshot, before_day: date, after_day: date, country: str | None,
                 known: date | None) -> bytes:
    view = known_view(engine, current, known)
    changes = changes_between(current, view, before_day, after_day, country)
    pieces: FeatureBytes = current.derive("change-feature-bytes", lambda s: FeatureBytes(engine, s))
    head = orjson.dumps({"type": "FeatureCollection", "from": before_day.isoformat(), "to": after_day.isoformat(),
                         "known": geojson.iso(known), "count": len(changes)})
    return head[:-1] + b',"features":[' + b",".join(change_feature(change, pieces) for change in changes) + b"]}"


@router.get("/api/v1/changes", tags=["status"], summary="Sites whose status differs between two days (GeoJSON)",
            responses={400: {"description": "A parameter cannot be used; `detail` says which and why."}})
def changes(request: Request, engine: EngineDep,
            from_: str = Query(..., alias="from", description="The earlier day, YYYY-MM-DD.", json_schema_extra=DAY_SCHEMA),
            to: str = Query(..., description="The later day, YYYY-MM-DD.", json_schema_extra=DAY_SCHEMA),
            country: str = Query(None, description="ISO 3166-1 alpha-2 code, e.g. SY.", json_schema_extra=country_schema()),
            known: str = Query(None, description="Count only articles published on or before this day.",
                               json_schema_extra=DAY_SCHEMA)):
    """One Feature per site whose status on `to` differs from `from`: properties `from`, `to` (the
    statuses), `from_since`, `to_since`, `changes_between` (how many times the status changed after
    the earlier day and on or before the later one) and `events`, the latest five of those changes,
    each with its sentence and article. The days may come in either order; `from` is always the
    status on the `from` day."""
    before_day, after_day = parse_day(from_, "from"), parse_day(to, "to")
    if before_day is None:
        raise BadParameter("from", "a day is required, YYYY-MM-DD")
    if after_day is None:
        raise BadParameter("to", "a day is required, YYYY-MM-DD")
    code, known_day = parse_country(country), parse_day(known, "known")

    def build(version) -> bytes:
        return changes_body(engine, snapshot(engine, version), before_day, after_day, code, known_day)

    return cached_response(request, engine, "changes", (before_day, after_day, code, known_day), build)
