"""The web app: `create_app()` wires settings, store, templates, static assets and routes.

Everything the page loads comes from this app: our static/ folder, Leaflet from the
xstatic-leaflet package, Swagger UI from the fastapi-offline package. No CDN.

Caching: a static URL that carries a version (`?v=<content hash>` for our files and the
basemap, the package version in Leaflet's path) is cached for a year as immutable; the
same file without it, and Swagger UI, for 5 minutes. Store-backed responses carry ETags
(app/web/httpcache.py). Everything of 500 bytes or more goes out gzip-compressed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import Scope
from xstatic.pkg import leaflet as xstatic_leaflet

from app import __version__
from app.core.config import PROJECT_DIR, Settings, get_settings
from app.store.db import engine_for
from app.web import api, changes, exports, feeds, pages, review, write
from app.web.errors import install_error_handlers
from app.web.httpcache import GZIP_MIN_BYTES, ResponseCache
from app.web.openapi import install_openapi
from app.web.mapbuilder import BASEMAP_CELLS_URL, LEAFLET_URL
from app.web.templating import configure_templates

STATIC_DIR = PROJECT_DIR / "static"
TEMPLATES_DIR = PROJECT_DIR / "templates"
BASEMAP_DIR = PROJECT_DIR / "data" / "basemap"
BASEMAP_CELLS_DIR = BASEMAP_DIR / "cells"  # the basemap's detail, fetched by area (static/js/basemap.js)
SWAGGER_URL = "/static/vendor/swagger-ui"
DESCRIPTION = ("US military sites in the news: each site's reported status (present, planned, withdrawing, "
               "withdrawn) on any day, with the sentences and articles it was read from. "
               "Errors are `{\"detail\": ...}` with a 4xx status.")


def swagger_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


IMMUTABLE = "public, max-age=31536000, immutable"
SHORT_LIVED = "public, max-age=300"
APP_DIR = PROJECT_DIR / "app"


def _files(*roots: Path) -> list[Path]:
    return sorted(path for root in roots for path in ([root] if root.is_file() else root.rglob("*")) if path.is_file())


def _content_hash(paths: list[Path], *extra: str) -> str:
    digest = hashlib.sha1("|".join((__version__, *extra)).encode())
    for path in paths:
        name = path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path.name
        digest.update(str(name).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def asset_version() -> str:
    """A hash of the contents of static/ and the basemap: the `?v=` of their URLs. Equal in every
    worker and on every machine with the same files; a changed file gets a new URL."""
    return _content_hash(_files(STATIC_DIR, BASEMAP_DIR / "countries.geojson", BASEMAP_CELLS_DIR))


def build_identity(assets: str, settings: Settings) -> tuple[str, float]:
    """(id, time) of what renders responses: code, templates, assets and the settings a page
    shows. Part of every ETag, so a new release never answers 304 with an old page."""
    paths = _files(APP_DIR, TEMPLATES_DIR)
    paths = [path for path in paths if path.suffix in (".py", ".html")]
    build = _content_hash(paths, assets, str(settings.tiles_url), settings.tiles_attribution)
    return build, max((path.stat().st_mtime for path in paths), default=0.0)


class CachedStaticFiles(StaticFiles):
    """StaticFiles with Cache-Control: immutable for a versioned URL, short-lived otherwise."""

    def __init__(self, *, versioned: Callable[[Scope], bool], **kwargs) -> None:
        super().__init__(**kwargs)
        self.versioned = versioned

    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200):
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = IMMUTABLE if self.versioned(scope) else SHORT_LIVED
        return response


def carries_version(version: str) -> Callable[[Scope], bool]:
    """The URL's `?v=` is this version (a stale one may now point at other content)."""
    token = f"v={version}".encode()

    def check(scope: Scope) -> bool:
        return token in scope.get("query_string", b"").split(b"&")

    return check


def mount_assets(app: FastAPI) -> None:
    # The more specific mounts first: /static would otherwise answer for them.
    app.mount(LEAFLET_URL, CachedStaticFiles(directory=xstatic_leaflet.BASE_DIR, versioned=lambda scope: True),
              name="leaflet")  # the package version is in the path
    app.mount(BASEMAP_CELLS_URL.rstrip("/"), CachedStaticFiles(directory=BASEMAP_CELLS_DIR,
              versioned=carries_version(app.state.asset_version)), name="basemap-cells")
    app.mount(SWAGGER_URL, CachedStaticFiles(directory=swagger_dir(), versioned=lambda scope: False), name="swagger-ui")
    app.mount("/static", CachedStaticFiles(directory=STATIC_DIR, versioned=carries_version(app.state.asset_version)),
              name="static")


def add_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def docs(request: Request):
        return get_swagger_ui_html(
            openapi_url=app.openapi_url, title="basewatch API",
            swagger_js_url=f"{SWAGGER_URL}/swagger-ui-bundle.js", swagger_css_url=f"{SWAGGER_URL}/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            # validatorUrl null: Swagger UI would otherwise send the spec to an outside validator.
            swagger_ui_parameters={"validatorUrl": None},
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="basewatch", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.engine = engine_for(settings.database_url)
    app.state.asset_version = asset_version()
    app.state.build_id, app.state.build_time = build_identity(app.state.asset_version, settings)
    app.state.response_cache = ResponseCache()
    app.state.templates = configure_templates(Jinja2Templates(directory=str(TEMPLATES_DIR)), app.state.asset_version)
    app.state.basemap_dir = BASEMAP_DIR
    # Level 6, not Starlette's 9: nearly the same size for HTML and JSON, a fraction of the time.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=6)
    install_error_handlers(app)
    mount_assets(app)
    add_docs(app)
    app.include_router(api.router)
    app.include_router(changes.router)
    app.include_router(exports.router)
    app.include_router(feeds.router)
    app.include_router(write.router)
    app.include_router(review.router)
    app.include_router(pages.router)
    install_openapi(app)
    return app
