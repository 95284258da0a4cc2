"""Reviews over HTTP: reviewers confirm, reject or correct events, add events, merge sites, and
anyone reads the log. Writes need a reviewer's own token (`Authorization: Bearer <token>`,
BASEWATCH_REVIEWERS names each reviewer's), are refused with 403 when no reviewer is configured
and with 401 for a missing or unknown token. Tokens travel only in that header, never in a
cookie, so another site cannot make a reviewer's browser write (no CSRF to guard against).
The decisions themselves are app/store/reviews.py's.
"""

from __future__ import annotations

import hmac
from typing import Literal

from fastapi import Path, APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError

from app.store import reviews
from app.web.deps import EngineDep
from app.web.httpcache import cached_response

router = APIRouter(tags=["reviews"])
# Row ids are 32-bit integers in PostgreSQL; a larger id names no event in either store.
LARGEST_ROW_ID = 2**31 - 1

bearer = HTTPBearer(auto_error=False, scheme_name="reviewerToken",
                    description="A reviewer's token from BASEWATCH_REVIEWERS, as `Authorization: Bearer <token>`.")
REFUSALS = {400: {"description": "The body is not JSON."}, 401: {"description": "No token, or not a reviewer's."},
            403: {"description": "Reviews are disabled."}, 413: {"description": "The body is over 64 KB."},
            404: {"description": "No such event or site."}, 422: {"description": "The decision cannot be taken; `detail` says why."}}


def reviewer_name(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
    """The reviewer whose token the request carries."""
    configured = request.app.state.settings.reviewers
    if not configured:
        raise HTTPException(403, "reviews are disabled: set BASEWATCH_REVIEWERS")
    if credentials is None:
        raise HTTPException(401, "a reviewer's token is required: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    given = credentials.credentials.encode("utf-8", "surrogateescape")
    found = None
    for name, token in configured:  # compare with every token: the time taken says nothing of which matched
        if hmac.compare_digest(given, token.encode("utf-8", "surrogateescape")):
            found = name
    if found is None:
        raise HTTPException(401, "the token is not a reviewer's", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return found


class Decision(BaseModel):
    action: Literal["confirm", "reject", "correct"]
    reason: str = Field("", max_length=2000)
    kind: str | None = Field(None, description="For `correct`: the right kind.")
    date: str | None = Field(None, description="For `correct`: the right date, YYYY-MM-DD.")
    precision: str | None = Field(None, description="For `correct`: day, month or year.")
    site: str | None = Field(None, description="For `correct`: the right site's id.")


class NewEvent(BaseModel):
    article: str = Field(..., max_length=2000, description="A stored article's key or URL, or a URL to cite.")
    sentence: str = Field(..., max_length=5000, description="The sentence the event is read from, as the article words it.")
    site: str = Field(..., max_length=120)
    kind: str = Field(..., max_length=40)
    date: str = Field(..., max_length=10)
    precision: str = Field("day", max_length=10)
    reason: str = Field("", max_length=2000)


class Merge(BaseModel):
    into: str = Field(..., max_length=120, description="The site that stays.")
    reason: str = Field("", max_length=2000)


def _body_of(model: type[BaseModel]) -> dict:
    """The OpenAPI request body of `model`: bodies are read in the handler, after the token is
    checked, so that a request without a valid token is a 401 whatever its body."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}}


async def _read(request: Request, model: type[BaseModel]):
    data = await request.body()
    if len(data) > 64 * 1024:
        raise HTTPException(413, "the body is over the limit of 65536 bytes")
    try:
        return model.model_validate_json(data)
    except ValidationError as error:
        problems = error.errors(include_url=False, include_context=False, include_input=False)
        if any(problem["type"] == "json_invalid" for problem in problems):
            raise HTTPException(400, f"the body is not JSON: {problems[0]['msg'][:200]}") from None
        raise HTTPException(422, "; ".join(f"{'.'.join(map(str, p['loc'])) or 'body'}: {p['msg']}" for p in problems)[:1000]) from None


def _run(call, *args, **kwargs):
    async def run():
        try:
            return await run_in_threadpool(call, *args, **kwargs)
        except reviews.NotFound as error:
            raise HTTPException(404, str(error)) from None
        except reviews.ReviewError as error:
            raise HTTPException(422, str(error)) from None
    return run()


@router.get("/api/v1/reviewer", summary="Who the token belongs to (needs a reviewer's token)", responses=REFUSALS)
def whoami(name: str = Depends(reviewer_name)):
    return {"reviewer": name}


@router.post("/api/v1/events/{event_id}/review", status_code=201, responses=REFUSALS, openapi_extra=_body_of(Decision),
             summary="Confirm, reject or correct an event (needs a reviewer's token)")
async def review_event(request: Request, engine: EngineDep, name: str = Depends(reviewer_name),
                       event_id: int = Path(..., ge=1, le=LARGEST_ROW_ID, description="An event's id (a row id; PostgreSQL holds ids as 32-bit integers).")):
    decision = await _read(request, Decision)
    changes = {key: getattr(decision, key) for key in reviews.CORRECTABLE if getattr(decision, key) is not None}
    if decision.action != "correct" and changes:
        raise HTTPException(422, f"only a correction changes {', '.join(changes)}")
    return await _run(reviews.decide, engine, event_id, decision.action, name, decision.reason, changes)


@router.post("/api/v1/events", status_code=201, responses=REFUSALS, openapi_extra=_body_of(NewEvent),
             summary="Add an event by hand, citing an article or URL (needs a reviewer's token)")
async def add_event(request: Request, engine: EngineDep, name: str = Depends(reviewer_name)):
    item = await _read(request, NewEvent)
    return await _run(reviews.add_event, engine, name, item.article, item.sentence, item.site, item.kind,
                      item.date, item.precision, item.reason)


@router.post("/api/v1/sites/{site_id}/merge", status_code=201, responses=REFUSALS, openapi_extra=_body_of(Merge),
             summary="Merge this site into another that is the same place (needs a reviewer's token)")
async def merge(site_id: str, request: Request, engine: EngineDep, name: str = Depends(reviewer_name)):
    item = await _read(request, Merge)
    return await _run(reviews.merge_sites, engine, name, site_id, item.into, item.reason)


@router.get("/api/v1/reviews", summary="The reviewers' decisions, newest first")
def review_list(request: Request, engine: EngineDep):
    import orjson

    def build(_version) -> bytes:
        items = reviews.review_log(engine)
        return orjson.dumps({"count": len(items), "reviews": items})

    return cached_response(request, engine, "reviews", (), build)


@router.get("/api/v1/reviews.jsonl", summary="The decisions as JSON lines, oldest first (for `basewatch review import`)",
            response_class=PlainTextResponse,
            responses={200: {"description": "JSON lines.", "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}})
def review_export(engine: EngineDep):
    return PlainTextResponse(reviews.export_jsonl(engine), media_type="application/x-ndjson")


@router.get("/review", include_in_schema=False)
def signin_page(request: Request):
    """Where a reviewer leaves their token for this browser tab; the map shows the controls after."""
    enabled = bool(request.app.state.settings.reviewers)
    html = request.app.state.templates.get_template("review.html").render({"enabled": enabled})
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})
