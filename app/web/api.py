"""The JSON API (contracts.md): sites as GeoJSON, statuses on a day, events, articles, health.

Every read answers through app/web/httpcache.py: an ETag and Last-Modified from the store's
version, 304 to a client that holds the current one, and serialized bodies kept in a small
LRU, so a repeated query costs one version read. Sites, events and statuses come from the
process's snapshot of the store (app/store/snapshot.py), not from a scan per request.
"""

from __future__ import annotations

from datetime import date as calendar_date  # `date` is a query parameter below

import orjson
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse

from app.store import queries
from app.store.history import known_view
from app.store.snapshot import snapshot
from app.web import geojson
from app.web.deps import EngineDep
from app.web.httpcache import cached_response
from app.web import schemas
from app.web.openapi import answers, link_to_site
from app.web.daystatus import compact_status
from app.web.params import (DAY_SCHEMA, KIND_SCHEMA, SITE_ID_SCHEMA, STATUS_SCHEMA, BadParameter, api_value, country_schema, parse_country,
                            parse_day, parse_kind, parse_period, parse_status)
from app.web.statusjson import status_collection

router = APIRouter()

DATE_HELP = "A day, YYYY-MM-DD, from 1900-01-01 to 2100-12-31."
COUNTRY_HELP = "ISO 3166-1 alpha-2 code, upper case, e.g. SY."
COUNTRY = Query(None, description=COUNTRY_HELP, json_schema_extra=country_schema())
KNOWN_HELP = ("A day, YYYY-MM-DD: compute statuses only from articles published on or before it "
              "(what a reader of the news knew then). Default: every article.")
STATUS_FORMATS = ("geojson", "compact")


@router.get("/healthz", tags=["health"], summary="The app and its store answer", operation_id="health",
            responses=answers(schemas.Health, errors={503: {"model": schemas.Unavailable,
                                                            "description": "The store does not answer."}}))
def healthz(engine: EngineDep):
    try:
        queries.ping(engine)
    except Exception as error:  # any store failure is "unavailable", never a 500
        return JSONResponse({"status": "unavailable", "detail": type(error).__name__}, status_code=503,
                            headers={"Cache-Control": "no-store"})
    return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


@router.get("/api/v1/sites", tags=["sites"], summary="Every site with its events (GeoJSON)", operation_id="list_sites",
            responses=answers(schemas.SiteCollection, 400, 503, links=link_to_site("$response.body#/features/0/id")))
def list_sites(request: Request, engine: EngineDep, country: str = COUNTRY):
    """A GeoJSON FeatureCollection, one Feature per site; `properties.events` are sorted by date.
    Sites without coordinates have `"geometry": null`."""
    code = parse_country(api_value(country, "country"))

    def build(version) -> bytes:
        current = snapshot(engine, version)
        features = [geojson.site_feature(site, current.events.get(site.id, ()), current.articles)
                    for site in current.sites_in(code)]
        return orjson.dumps(geojson.collection(features))

    return cached_response(request, engine, "sites", (code,), build)


@router.get("/api/v1/sites/{site_id}", tags=["sites"], summary="One site with its events, quotes and articles",
            operation_id="get_site", responses=answers(schemas.SiteDetail, 400, 404, 503))
def get_site(request: Request, engine: EngineDep,
             site_id: str = Path(description="A site's id, as in /api/v1/sites.", json_schema_extra=SITE_ID_SCHEMA)):
    def build(_version) -> bytes:
        found = queries.site_events_with_articles(engine, site_id)
        if found is None:
            raise HTTPException(404, f"no site with id {site_id!r}")
        site, rows = found
        return orjson.dumps(geojson.site_detail_feature(site, rows))

    return cached_response(request, engine, "site", (site_id,), build)


@router.get("/api/v1/status", tags=["status"], summary="Each site's status on a day (GeoJSON)", operation_id="status_on_day",
            responses=answers(schemas.StatusCollection | schemas.CompactStatus, 400, 503,
                              links=link_to_site("$response.body#/features/0/id")))
def status_on_day(request: Request, engine: EngineDep,
                  date: str = Query(None, description=DATE_HELP + " Default: the latest event's date.",
                                    json_schema_extra=DAY_SCHEMA),
                  country: str = COUNTRY,
                  status: str = Query(None, description="Only sites with this status that day.",
                                      json_schema_extra=STATUS_SCHEMA),
                  known: str = Query(None, description=KNOWN_HELP, json_schema_extra=DAY_SCHEMA),
                  format: str = Query(None, description="geojson (default) or compact: per site only the status "
                                                        "and its day, in the order of `ids` (app/web/daystatus.py).",
                                      json_schema_extra={"enum": list(STATUS_FORMATS)})):
    """Properties per site: `id, name, country, status, since` (the date of the event that set the
    status), `last_event` (that event) and `incidents` (attacks in effect that day). With `known`,
    only events from articles published on or before that day count, and the body says `known`."""
    day = parse_day(api_value(date, "date"))
    code, wanted = parse_country(api_value(country, "country")), parse_status(api_value(status, "status"))
    known_day, shape = parse_day(api_value(known, "known"), "known"), parse_format(api_value(format, "format"))

    def build(version) -> bytes:
        current = snapshot(engine, version)
        view = known_view(engine, current, known_day)
        on = day or current.last_day or calendar_date.today()
        if shape == "compact":
            return compact_status(current, view, on, code, wanted)
        return status_collection(current, on, code, wanted, view)

    # Without a date the day is the store's latest event day (today in an empty store).
    key = (day.isoformat() if day else f"latest:{calendar_date.today().isoformat()}", code, wanted, known_day, shape)
    return cached_response(request, engine, "status", key, build)


def parse_format(value: str | None) -> str:
    if value is None or not value.strip():
        return STATUS_FORMATS[0]
    if value.strip().lower() not in STATUS_FORMATS:
        raise BadParameter("format", f"{value.strip()[:40]!r} is not a format; use geojson or compact")
    return value.strip().lower()


@router.get("/api/v1/events", tags=["events"], summary="Events in date order", operation_id="list_events",
            responses=answers(schemas.EventList, 400, 503, links=link_to_site("$response.body#/events/0/site")))
def events(request: Request, engine: EngineDep,
           country: str = COUNTRY,
           kind: str = Query(None, description="Only events of this kind.", json_schema_extra=KIND_SCHEMA),
           since: str = Query(None, description=DATE_HELP + " Events on or after it.", json_schema_extra=DAY_SCHEMA),
           until: str = Query(None, description=DATE_HELP + " Events on or before it (none where it is before `since`).",
                              json_schema_extra=DAY_SCHEMA)):
    code, wanted = parse_country(api_value(country, "country")), parse_kind(api_value(kind, "kind"))
    first, last = parse_period(api_value(since, "since"), api_value(until, "until"))

    def build(_version) -> bytes:
        rows = queries.events_with_articles(engine, code, wanted, first, last)
        items = [{**geojson.event_json(event, article), "site_name": site.name, "country": site.country}
                 for event, site, article in rows]
        return orjson.dumps({"count": len(items), "events": items})

    return cached_response(request, engine, "events", (code, wanted, first, last), build)


@router.get("/api/v1/articles", tags=["articles"], summary="Every stored article with its number of events",
            operation_id="list_articles", responses=answers(schemas.ArticleList, 503))
def articles(request: Request, engine: EngineDep):
    def build(_version) -> bytes:
        items = [{**geojson.article_json(article), "events": count} for article, count in queries.list_articles(engine)]
        return orjson.dumps({"count": len(items), "articles": items})

    return cached_response(request, engine, "articles", (), build)
