"""The JSON API (contracts.md): sites as GeoJSON, statuses on a day, events, articles, health."""

from __future__ import annotations

from datetime import date as calendar_date  # `date` is a query parameter below

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse

from app.store import queries
from app.timeline import status_on
from app.web import geojson
from app.web.deps import EngineDep
from app.web.params import parse_country, parse_day, parse_kind, parse_period, parse_status
from app.web.view import count_statuses, event_range

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
        return JSONResponse({"status": "unavailable", "detail": type(error).__name__}, status_code=503)
    return {"status": "ok"}


@router.get("/api/v1/sites", tags=["sites"], summary="Every site with its events (GeoJSON)", responses=BAD_PARAMETER)
def list_sites(engine: EngineDep, country: str | None = Query(None, description=COUNTRY_HELP)):
    """A GeoJSON FeatureCollection, one Feature per site; `properties.events` are sorted by date.
    Sites without coordinates have `"geometry": null`."""
    code = parse_country(country)
    grouped = queries.events_by_site(engine, code)
    features = [geojson.site_feature(site, grouped.get(site.id, [])) for site in queries.sites(engine, code)]
    return geojson.collection(features)


@router.get("/api/v1/sites/{site_id}", tags=["sites"], summary="One site with its events, quotes and articles",
            responses=NOT_FOUND)
def get_site(site_id: str, engine: EngineDep):
    found = queries.site_events_with_articles(engine, site_id)
    if found is None:
        raise HTTPException(404, f"no site with id {site_id!r}")
    site, rows = found
    return geojson.site_detail_feature(site, rows)


@router.get("/api/v1/status", tags=["status"], summary="Each site's status on a day (GeoJSON)", responses=BAD_PARAMETER)
def status_on_day(engine: EngineDep,
           date: str | None = Query(None, description=DATE_HELP + " Default: the latest event's date."),
           country: str | None = Query(None, description=COUNTRY_HELP),
           status: str | None = Query(None, description="present, planned, withdrawing, withdrawn or unreported.")):
    """Properties per site: `id, name, country, status, since` (the date of the event that set the
    status), `last_event` (that event) and `incidents` (attacks in effect that day)."""
    day, code, wanted = parse_day(date), parse_country(country), parse_status(status)
    grouped = queries.events_by_site(engine, code)
    if day is None:
        day = event_range(grouped, calendar_date.today())[1]
    rows = [(site, status_on(grouped.get(site.id, ()), day)) for site in queries.sites(engine, code)]
    counts = count_statuses(d for _, d in rows)
    features = [geojson.status_feature(site, d) for site, d in rows if wanted is None or d.status == wanted]
    return geojson.collection(features, date=day.isoformat(), counts=counts)


@router.get("/api/v1/events", tags=["events"], summary="Events in date order", responses=BAD_PARAMETER)
def events(engine: EngineDep,
           country: str | None = Query(None, description=COUNTRY_HELP),
           kind: str | None = Query(None, description="presence, attack, withdrawal_planned, withdrawal_started, "
                                                      "withdrawal_completed, handover or reinforcement."),
           since: str | None = Query(None, description=DATE_HELP + " Events on or after it."),
           until: str | None = Query(None, description=DATE_HELP + " Events on or before it.")):
    code, wanted = parse_country(country), parse_kind(kind)
    first, last = parse_period(since, until)
    rows = queries.events_with_articles(engine, code, wanted, first, last)
    items = [{**geojson.event_json(event, article), "site_name": site.name, "country": site.country}
             for event, site, article in rows]
    return {"count": len(items), "events": items}


@router.get("/api/v1/articles", tags=["articles"], summary="Every stored article with its number of events")
def articles(engine: EngineDep):
    items = [{**geojson.article_json(article), "events": count} for article, count in queries.list_articles(engine)]
    return {"count": len(items), "articles": items}
