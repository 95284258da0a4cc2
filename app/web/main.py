"""The web app: `create_app()` wires settings, store, templates, static assets and routes.

Everything the page loads comes from this app: our static/ folder, Leaflet from the
xstatic-leaflet package, Swagger UI from the fastapi-offline package. No CDN.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from xstatic.pkg import leaflet as xstatic_leaflet

from app import __version__
from app.core.config import PROJECT_DIR, Settings, get_settings
from app.store.db import engine_for
from app.web import api, pages
from app.web.errors import install_error_handlers
from app.web.mapbuilder import LEAFLET_URL
from app.web.templating import configure_templates

STATIC_DIR = PROJECT_DIR / "static"
TEMPLATES_DIR = PROJECT_DIR / "templates"
BASEMAP_DIR = PROJECT_DIR / "data" / "basemap"
SWAGGER_URL = "/static/vendor/swagger-ui"
DESCRIPTION = ("US military sites in the news: each site's reported status (present, planned, withdrawing, "
               "withdrawn) on any day, with the sentences and articles it was read from. "
               "Errors are `{\"detail\": ...}` with a 4xx status.")


def swagger_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def asset_version() -> str:
    """Changes whenever a file under static/ changes, so cached scripts are never stale."""
    digest = hashlib.sha1(__version__.encode())
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(STATIC_DIR)}:{path.stat().st_mtime_ns}".encode())
    return digest.hexdigest()[:10]


def mount_assets(app: FastAPI) -> None:
    # The more specific mounts first: /static would otherwise answer for them.
    app.mount(LEAFLET_URL, StaticFiles(directory=xstatic_leaflet.BASE_DIR), name="leaflet")
    app.mount(SWAGGER_URL, StaticFiles(directory=swagger_dir()), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


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
    app.state.templates = configure_templates(Jinja2Templates(directory=str(TEMPLATES_DIR)), app.state.asset_version)
    app.state.basemap_dir = BASEMAP_DIR
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    install_error_handlers(app)
    mount_assets(app)
    add_docs(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
