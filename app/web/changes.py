"""What changed between two days: `/api/v1/changes?from=A&to=B[&country=XX][&known=K]`.

A site is in the answer when its status on B differs from its status on A (by the rule of
app/timeline.py, over the events known on K when `known` is given). Each feature says the
status on each day, since when, and the status-setting events dated after the earlier day
and on or before the later one, with their sentences and articles: what happened between.
The page's `&compare=A` lists the same sites (app/web/view.py).
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
from app.store.history import KnownView, articles_of, known_view
from app.store.snapshot import Snapshot, snapshot
from app.timeline import INCIDENT_KINDS
from app.web import geojson
from app.web.deps import EngineDep
from app.web.httpcache import cached_response
from app.web.params import BadParameter, parse_country, parse_day

router = APIRouter()


@dataclass(frozen=True)
class SiteChange:
    site: object  # app.store.models.Site
    before: str
    after: str
    before_since: date | None
    after_since: date | None
    events: list  # EventRow, status-setting, dated in (earlier day, later day]


def _status_events(view: KnownView) -> dict[str, tuple[list[int], list]]:
    """Per site: the day ordinals and the status-setting events, in date order (for bisects)."""
    found = {}
    for site_id, events in view.events.items():
        kept = [event for event in events if event.kind not in INCIDENT_KINDS]
        found[site_id] = ([event.date.toordinal() for event in kept], kept)
    return found


def events_between(view: KnownView, site_id: str, first: date, last: date) -> list:
    """Status-setting events of the site dated after `first` and on or before `last`."""
    ordinals, events = view.derive("status-events", lambda: _status_events(view)).get(site_id, ((), ()))
    return events[bisect_right(ordinals, first.toordinal()):bisect_right(ordinals, last.toordinal())]


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
        changes.append(SiteChange(site, CODES[before_codes[position]], CODES[after_codes[position]],
                                  before_event.date if before_event else None,
                                  after_event.date if after_event else None,
                                  events_between(view, site.id, first, last)))
    return changes


def page_changes(engine: Engine, current: Snapshot, state) -> list[SiteChange] | None:
    """The page's `&compare=A` (with `date=B`): what changed from A to B in the chosen country, or None."""
    if state.compare is None:
        return None
    view = known_view(engine, current, state.known)
    return changes_between(current, view, state.compare, state.day, state.country)


def change_feature(change: SiteChange, articles: dict) -> dict:
    site = change.site
    return geojson.feature(site, {
        "id": site.id, "name": site.name, "country": site.country,
        "from": change.before, "to": change.after,
        "from_since": geojson.iso(change.before_since), "to_since": geojson.iso(change.after_since),
        "events": [geojson.event_json(event, articles.get(event.article_id)) for event in change.events],
    })


def changes_body(engine: Engine, current: Snapshot, before_day: date, after_day: date, country: str | None,
                 known: date | None) -> bytes:
    view = known_view(engine, current, known)
    changes = changes_between(current, view, before_day, after_day, country)
    articles = articles_of(engine, current)
    return orjson.dumps(geojson.collection([change_feature(change, articles) for change in changes],
                                           **{"from": before_day.isoformat(), "to": after_day.isoformat(),
                                              "known": geojson.iso(known), "count": len(changes)}))


@router.get("/api/v1/changes", tags=["status"], summary="Sites whose status differs between two days (GeoJSON)",
            responses={400: {"description": "A parameter cannot be used; `detail` says which and why."}})
def changes(request: Request, engine: EngineDep,
            from_: str | None = Query(None, alias="from", description="The earlier day, YYYY-MM-DD."),
            to: str | None = Query(None, description="The later day, YYYY-MM-DD."),
            country: str | None = Query(None, description="ISO 3166-1 alpha-2 code, e.g. SY."),
            known: str | None = Query(None, description="Count only articles published on or before this day.")):
    """One Feature per site whose status on `to` differs from `from`: properties `from`, `to` (the
    statuses), `from_since`, `to_since` and `events`, the status-setting events dated after the
    earlier day and on or before the later one, each with its sentence and article. The days may
    come in either order; `from` is always the status on the `from` day."""
    before_day, after_day = parse_day(from_, "from"), parse_day(to, "to")
    if before_day is None:
        raise BadParameter("from", "a day is required, YYYY-MM-DD")
    if after_day is None:
        raise BadParameter("to", "a day is required, YYYY-MM-DD")
    code, known_day = parse_country(country), parse_day(known, "known")

    def build(version) -> bytes:
        return changes_body(engine, snapshot(engine, version), before_day, after_day, code, known_day)

    return cached_response(request, engine, "changes", (before_day, after_day, code, known_day), build)
