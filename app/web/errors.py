"""One rendering per audience: JSON `{"detail": ...}` under /api and /healthz, an HTML page elsewhere."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.web.params import BadParameter

log = logging.getLogger("basewatch.web")
JSON_PREFIXES = ("/api/", "/feeds/", "/healthz", "/openapi.json")
TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Server error", 503: "Unavailable"}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(JSON_PREFIXES)


def error_response(request: Request, status: int, detail) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    templates = request.app.state.templates
    context = {"status": status, "title": TITLES.get(status, "Error"), "detail": detail}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def _validation_detail(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers at this path. Starlette's 405 names only the methods of
    the first route that matched the path, and GET and POST of one path are two routes."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, error: BadParameter) -> Response:
        return error_response(request, 400, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        # FastAPI says 422; the contract says a bad parameter is a 400 with a readable detail.
        return error_response(request, 400, _validation_detail(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        response = error_response(request, error.status_code, error.detail)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        if error.status_code == 405:
            response.headers["Allow"] = ", ".join(allowed_methods(request))
        return response

    @app.exception_handler(DataError)
    async def unstorable_value(request: Request, error: DataError) -> Response:
        # A value no row can hold (PostgreSQL refuses NUL characters): nothing can match it.
        log.info("value the store cannot hold on %s: %s", request.url.path, str(error).split("\n", 1)[0])
        return error_response(request, 400, "the request holds characters no stored value has (such as NUL)")

    @app.exception_handler(OperationalError)
    async def store_unavailable(request: Request, error: OperationalError) -> Response:
        log.warning("store error on %s: %s", request.url.path, str(error).split("\n", 1)[0])
        response = error_response(request, 503, "the store does not answer; try again shortly")
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "the server failed to answer this request")

