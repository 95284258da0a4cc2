"""The JSON API (contracts.md): sites as GeoJSON, statuses on a day, events, articles, health.

Every read answers through app/web/httpcache.py: an ETag and Last-Modified from the store's
version, 304 to a client that holds the current one, and serialized bodies kept in a small
LRU, so a repeated query costs one version read. Sites, events and statuses come from the
process's snapshot of the store (app/store/snapshot.py), not from a scan per request.
"""

from __future__ import annotations

from datetime import date as calendar_date  # `date` is a query parameter below

import orjson
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from app.store import queries
from app.store.snapshot import snapshot
from app.web import geojson
from app.web.deps import EngineDep
from app.web.httpcache import cached_response
from app.web.params import parse_country, parse_day, parse_kind, parse_period, parse_status
from app.web.statusjson import status_collection

router = APIRouter()

BAD_PARAMETER = {400: {"description": "A parameter cannot be used; `detail` says which and why.",
                       "content": {"application/json": {"example": {"detail": "date: 2026-02-30 is not a day of the calendar"}}}}}
NOT_FOUND = {404: {"description": "No such site.",
                   "content": {"application/json": {"example": {"detail": "no site with id 'nowhere'"}}}}}
DATE_HELP = "A day, YYYY-MM-DD."
COUNTRY_HELP = "ISO 3166-1 alpha-2 code, e.g. SY."


@router.get("/healthz", tags=["health"], summary="The app and its store answer",
            responses={503: {"description": "The store does not answer."}})
def healthz(engine: EngineDep):
    try:
        queries.ping(engine)
    except Exception as error:  # any store failure is "unavailable", never a 500
        return JSONResponse({"status": "unavailable", "detail": type(error).__name__}, status_code=503,
                            headers={"Cache-Control": "no-store"})
    return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


@router.get("/api/v1/sites", tags=["sites"], summary="Every site with its events (GeoJSON)", responses=BAD_PARAMETER)
def list_sites(request: Request, engine: EngineDep, country: str | None = Query(None, description=COUNTRY_HELP)):
    """A GeoJSON FeatureCollection, one Feature per site; `properties.events` are sorted by date.
    Sites without coordinates have `"geometry": null`."""
    code = parse_country(country)

    def build(version) -> bytes:
        current = snapshot(engine, version)
        features = [geojson.site_feature(site, current.events.get(site.id, ()), current.articles)
                    for site in current.sites_in(code)]
        return orjson.dumps(geojson.collection(features))

    return cached_response(request, engine, "sites", (code,), build)


@router.get("/api/v1/sites/{site_id}", tags=["sites"], summary="One site with its events, quotes and articles",
            responses=NOT_FOUND)
def get_site(request: Request, site_id: str, engine: EngineDep):
    def build(_version) -> bytes:
        found = queries.site_events_with_articles(engine, site_id)
        if found is None:
            raise HTTPException(404, f"no site with id {site_id!r}")
        site, rows = found
        return orjson.dumps(geojson.site_detail_feature(site, rows))

    return cached_response(request, engine, "site", (site_id,), build)


@router.get("/api/v1/status", tags=["status"], summary="Each site's status on a day (GeoJSON)", responses=BAD_PARAMETER)
def status_on_day(request: Request, engine: EngineDep,
           date: str | None = Query(None, description=DATE_HELP + " Default: the latest event's date."),
           country: str | None = Query(None, description=COUNTRY_HELP),
           status: str | None = Query(None, description="present, planned, withdrawing, withdrawn or unreported.")):
    """Properties per site: `id, name, country, status, since` (the date of the event that set the
    status), `last_event` (that event) and `incidents` (attacks in effect that day)."""
    day, code, wanted = parse_day(date), parse_country(country), parse_status(status)

    def build(version) -> bytes:
        current = snapshot(engine, version)
        return status_collection(current, day or current.last_day or calendar_date.today(), code, wanted)

    # Without a date the day is the store's latest event day (today in an empty store).
    key = (day.isoformat() if day else f"latest:{calendar_date.today().isoformat()}", code, wanted)
    return cached_response(request, engine, "status", key, build)


@router.get("/api/v1/events", tags=["events"], summary="Events in date order", responses=BAD_PARAMETER)
def events(request: Request, engine: EngineDep,
           country: str | None = Query(None, description=COUNTRY_HELP),
           kind: str | None = Query(None, description="presence, attack, withdrawal_planned, withdrawal_started, "
                                                      "withdrawal_completed, handover or reinforcement."),
           since: str | None = Query(None, description=DATE_HELP + " Events on or after it."),
           until: str | None = Query(None, description=DATE_HELP + " Events on or before it.")):
    code, wanted = parse_country(country), parse_kind(kind)
    first, last = parse_period(since, until)

    def build(_version) -> bytes:
        rows = queries.events_with_articles(engine, code, wanted, first, last)
        items = [{**geojson.event_json(event, article), "site_name": site.name, "country": site.country}
                 for event, site, article in rows]
        return orjson.dumps({"count": len(items), "events": items})

    return cached_response(request, engine, "events", (code, wanted, first, last), build)


@router.get("/api/v1/articles", tags=["articles"], summary="Every stored article with its number of events")
def articles(request: Request, engine: EngineDep):
    def build(_version) -> bytes:
        items = [{**geojson.article_json(article), "events": count} for article, count in queries.list_articles(engine)]
        return orjson.dumps({"count": len(items), "articles": items})

    return cached_response(request, engine, "articles", (), build)
