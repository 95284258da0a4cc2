"""The map page. The URL query is the whole view; a URL without a date redirects to the canonical one."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from app.store import queries
from app.web.deps import EngineDep, SettingsDep
from app.web.mapbuilder import build_map, map_parts
from app.web.params import BadParameter, ViewState
from app.web.view import build_page, timeline_strip

router = APIRouter(include_in_schema=False)
BASEMAP_FILE = "countries.geojson"


def latest_event_day(engine) -> date:
    found = queries.event_date_range(engine)
    return found[1] if found else date.today()


@router.get("/")
def index(request: Request, engine: EngineDep, settings: SettingsDep) -> Response:
    state = ViewState.from_query(request.query_params)
    if state.day is None:
        state = state.with_changes(day=latest_event_day(engine))
    canonical = state.url("/")
    if f"/?{request.url.query}" != canonical:
        # One URL per view: a missing date is filled in, form leftovers (empty fields) dropped.
        return RedirectResponse(canonical, status_code=302)
    view = build_page(engine, state, state.day)
    if state.site and view.detail is None:
        raise BadParameter("site", f"no site with id {state.site!r}")
    points = [(row.site.lat, row.site.lon) for row in view.rows
              if row.site.located and (not state.country or row.site.country == state.country)]
    version = request.app.state.asset_version
    parts = map_parts(build_map(state, points, settings, version, site_count=len(view.rows)))
    context = {"view": view, "map": parts, "strip": timeline_strip(view), "canonical": canonical}
    return request.app.state.templates.TemplateResponse(request, "index.html", context)


@router.get("/basemap/countries.geojson")
def basemap(request: Request) -> Response:
    path = request.app.state.basemap_dir / BASEMAP_FILE
    return FileResponse(path, media_type="application/geo+json", headers={"Cache-Control": "public, max-age=86400"})
