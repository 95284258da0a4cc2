"""The map page. The URL query is the whole view; a URL without a date redirects to the canonical one."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from app.store.snapshot import snapshot
from app.web.changes import page_changes
from app.web.deps import EngineDep, SettingsDep
from app.web.feeds import feed_url
from app.web.httpcache import DAY_PAGE_CACHE_CONTROL, HTML, cached_response
from app.web.mapbuilder import build_map, map_parts
from app.web.params import BadParameter, ViewState
from app.web.view import build_page, timeline_strip

router = APIRouter(include_in_schema=False)
BASEMAP_FILE = "countries.geojson"


def latest_event_day(engine) -> date:
    return snapshot(engine).last_day or date.today()


def fit_points(rows, country: str | None) -> list[tuple[float, float]]:
    """Where the page opens: the sites the filters leave on the map, else the country's sites (a
    status filter that hides every site of the day should not move the map to the world)."""
    located = [row for row in rows if row.site.located]
    shown = [row for row in located if not row.hidden]
    in_country = [row for row in located if not country or row.site.country == country]
    return [(row.site.lat, row.site.lon) for row in (shown or in_country)]


@router.get("/")
def index(request: Request, engine: EngineDep, settings: SettingsDep) -> Response:
    """A day's page: public for 5 minutes (a shared link can be served by any cache), with an
    ETag from the store's version for a cheap 304, and kept rendered in the LRU."""
    state = ViewState.from_query(request.query_params)
    if state.day is None:
        state = state.with_changes(day=latest_event_day(engine))
    canonical = state.url("/")
    if f"/?{request.url.query}" != canonical:
        # One URL per view: a missing date is filled in, form leftovers (empty fields) dropped.
        return RedirectResponse(canonical, status_code=302, headers={"Cache-Control": "no-cache"})

    def render(version) -> bytes:
        current = snapshot(engine, version)
        view = build_page(engine, state, state.day, current)
        if state.site and view.detail is None:
            raise BadParameter("site", f"no site with id {state.site!r}")
        points = fit_points(view.rows, state.country)
        version_tag = request.app.state.asset_version
        parts = map_parts(build_map(state, points, settings, version_tag, site_count=len(view.rows)))
        context = {"view": view, "map": parts, "strip": timeline_strip(view), "canonical": canonical,
                   "changes": page_changes(engine, current, state), "feed_url": feed_url(state.country)}
        return request.app.state.templates.get_template("index.html").render(context).encode()

    return cached_response(request, engine, "page", (canonical,), render, media_type=HTML,
                           cache_control=DAY_PAGE_CACHE_CONTROL)


@router.get("/basemap/countries.geojson")
def basemap(request: Request) -> Response:
    """Immutable under the page's `?v=` (it is part of the asset version); a day otherwise."""
    path = request.app.state.basemap_dir / BASEMAP_FILE
    versioned = request.query_params.get("v") == request.app.state.asset_version
    cache_control = "public, max-age=31536000, immutable" if versioned else "public, max-age=86400"
    return FileResponse(path, media_type="application/geo+json", headers={"Cache-Control": cache_control})
