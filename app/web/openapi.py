"""How an endpoint says what it answers, for the OpenAPI description at /openapi.json.

A route declares its success body and the refusals it can give in one call:

    @router.get("/api/v1/things", operation_id="list_things",
                responses=answers(ThingList, 400, links=link_to_site("$response.body#/things/0/site")))

`answers` gives the 200 response the model's schema (app/web/schemas.py) and each error code
the shared `{"detail": ...}` body with its usual meaning (override one with `errors=`). Only
codes the endpoint really answers belong there: a client and a fuzzer take the list at its word.
`install_openapi` then drops what FastAPI adds on its own and this app never answers: a 422
for every parameter, since app/web/errors.py turns validation errors into 400s.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.web.schemas import Problem

ERRORS: dict[int, tuple[str, str]] = {
    400: ("A parameter or the body cannot be used; `detail` says which and why.",
          "date: 2026-02-30 is not a day of the calendar"),
    401: ("No write token, or not the right one (`WWW-Authenticate: Bearer`).",
          "a write token is required: Authorization: Bearer <token>"),
    403: ("Writes are disabled on this server (no token is configured).", "writes are disabled: set BASEWATCH_WRITE_TOKEN"),
    404: ("Nothing has this id.", "no site with id 'nowhere'"),
    413: ("The body is over the size limit.", "the body is over the limit of 2065536 bytes"),
    415: ("The body is not sent as JSON.", "send the article as application/json, not text/plain"),
    422: ("The request is well formed but cannot be carried out; `detail` says why.",
          "published: '2026-02-30' is not a real calendar date"),
    503: ("The store does not answer; try again (`Retry-After`).", "the store does not answer; try again shortly"),
}


def error(code: int, description: str | None = None, example: str | None = None) -> dict[str, Any]:
    default_description, default_example = ERRORS[code]
    return {"model": Problem, "description": description or default_description,
            "content": {"application/json": {"example": {"detail": example or default_example}}}}


def answers(model=None, *codes: int, status: int = 200, description: str = "OK", example: Any = None,
            links: dict | None = None, errors: dict[int, dict] | None = None) -> dict[int | str, dict]:
    """`responses=` for a route: `model` for the success status, then each error code in `codes`."""
    success: dict[str, Any] = {"description": description}
    if model is not None:
        success["model"] = model
    if example is not None:
        success["content"] = {"application/json": {"example": example}}
    if links:
        success["links"] = links
    responses: dict[int | str, dict] = {status: success}
    for code in codes:
        responses[code] = error(code)
    responses.update(errors or {})
    return responses


def link_to_site(site_id_expression: str, description: str = "The site's events, with quotes and articles.") -> dict:
    """An OpenAPI link from a response to GET /api/v1/sites/{site_id} (operation `get_site`)."""
    return {"GetSite": {"operationId": "get_site", "parameters": {"site_id": site_id_expression},
                        "description": description}}


def _drop_automatic_422(schema: dict) -> None:
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.get("responses", {}) if isinstance(operation, dict) else {}
            answer = responses.get("422", {})
            body = answer.get("content", {}).get("application/json", {}).get("schema", {})
            if body.get("$ref", "").endswith("/HTTPValidationError"):
                del responses["422"]
    components = schema.get("components", {}).get("schemas", {})
    text = str(schema.get("paths"))
    for name in ("HTTPValidationError", "ValidationError"):
        if name in components and f"/{name}'" not in text:
            del components[name]


def install_openapi(app: FastAPI) -> None:
    """Serve the generated description with FastAPI's own unused 422s removed (built once)."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            _drop_automatic_422(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
