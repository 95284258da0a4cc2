"""The write API: `POST /api/v1/articles` stores one article, for holders of the write token.

The body is an article as JSON, `{"title", "source", "url", "published", "text"}`, read
with the same checks as an article file (app/ingest/article.py), or `{"url"[, "published"]}`
to fetch that page (app/ingest/web.py). Either way the article goes through the same
extraction and the same one-transaction store as `basewatch ingest`.

Every refusal is a 4xx with a `detail` saying why, in this order: 403 when no token is
configured, 401 for a missing or wrong token, 413 for a body over the limit (checked
before it is read, then counted as it arrives), 415 for a body that is not JSON by its
type, 400 for one that does not parse, 422 for an article that cannot be stored (a
missing field, a bad date, a page that cannot be fetched or read). A URL is fetched only
from public addresses unless BASEWATCH_FETCH_PRIVATE=on (app/ingest/guard.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, select

from app.core.config import Settings
from app.ingest.article import MAX_TITLE, Article, ArticleError, build_article
from app.store.models import Article as StoredArticle, Event, Site
from app.web import geojson
from app.web.openapi import answers, error
from app.web.schemas import WriteResult

log = logging.getLogger("basewatch.web")


@asynccontextmanager
async def prepare_writes(app):
    """Where writes are on, load the extractor and its town index before the first request:
    done during a write, their loading would hold up every reader for a couple of seconds."""
    state = getattr(app, "state", None)
    if state is not None and getattr(state, "settings", None) is not None and state.settings.write_token:
        await run_in_threadpool(_writer, app, True)
    yield


router = APIRouter(lifespan=prepare_writes)

BODY_SLACK = 64 * 1024  # room for the JSON around the article's text
STORE_ATTEMPTS = 3  # a concurrent writer storing the same new article or site: try again once it is in
ARTICLE_FIELDS = ("title", "source", "url", "published", "text", "provenance", "based_on")
FETCH_FIELDS = ("url", "published")
JSON_TYPES = ("application/json",)
bearer = HTTPBearer(auto_error=False, scheme_name="writeToken",
                    description="The value of BASEWATCH_WRITE_TOKEN, as `Authorization: Bearer <token>`.")
_setup_lock = threading.Lock()

PUBLISHED_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}( approx)?$", "example": "2026-02-23",
                    "description": "YYYY-MM-DD, optionally followed by ` approx`."}
REQUEST_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {"oneOf": [
        {"title": "An article's text", "type": "object", "additionalProperties": False,
         "required": ["title", "published", "text"],
         "properties": {
             "title": {"type": "string", "maxLength": MAX_TITLE},
             "source": {"type": "string", "description": "Who published it, e.g. Reuters."},
             "url": {"type": "string", "description": "Where it was published; identifies the article. "
                                                      "Without it the title, source and date do."},
             "published": PUBLISHED_SCHEMA,
             "text": {"type": "string", "description": "The body, plain text."},
             "provenance": {"type": "string", "enum": ["original", "summary"],
                            "description": "original: the outlet's own text (the default); summary: a retelling "
                                           "written for this project, shown as such and never as a quote."},
             "based_on": {"type": "string", "description": "What a summary retells (makes it a summary)."}}},
        {"title": "A page to fetch", "type": "object", "additionalProperties": False, "required": ["url"],
         "properties": {
             "url": {"type": "string", "format": "uri", "description": "An http(s) page on a public address."},
             "published": {**PUBLISHED_SCHEMA, "description": "Used instead of the page's own date; "
                                                              "required when the page gives none."}}},
    ]}, "examples": {
        "text": {"summary": "An article's text", "value": {
            "title": "US troops leave Qasrak", "source": "Example Wire", "url": "https://example.org/qasrak",
            "published": "2026-02-23", "text": "US troops left Qasrak base on Monday, officials said."}},
        "url": {"summary": "A page to fetch", "value": {"url": "https://example.org/news/qasrak",
                                                         "published": "2026-02-23"}}}}},
}


RESULT_EXAMPLE = {"outcome": "stored", "article": {"id": 7, "title": "US troops leave Qasrak", "source": "Example Wire",
                  "url": "https://example.org/qasrak", "published": "2026-02-23", "published_approx": False},
                  "events": 1, "sites": [{"id": "qasrak", "name": "Qasrak base", "country": "SY", "located": True,
                                          "events": 1}]}
RESPONSES = {
    **answers(WriteResult, 400, 401, 403, 413, 415, 422, status=201, example=RESULT_EXAMPLE,
              description="Stored (`outcome` stored) or an earlier version replaced (`outcome` replaced).",
              errors={
                  400: error(400, "The body is not JSON.", "the body is not JSON: Expecting value at line 1 column 1"),
                  413: error(413, "The body, or the article's text, is over the size limit."),
                  422: error(422, "The article cannot be stored; `detail` says why."),
                  503: error(503, "The store did not take the article; try again.",
                             "the store did not take the article (OperationalError); try again"),
              }),
    200: {"model": WriteResult, "description": "The same article is already stored (`outcome` unchanged); nothing changed.",
          "content": {"application/json": {"example": {**RESULT_EXAMPLE, "outcome": "unchanged"}}}},
}


# ---- the token ----

def require_writer(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
    settings: Settings = request.app.state.settings
    if not settings.write_token:
        raise HTTPException(403, "writes are disabled: set BASEWATCH_WRITE_TOKEN")
    if credentials is None:
        raise HTTPException(401, "a write token is required: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode("utf-8", "surrogateescape"),
                               settings.write_token.encode("utf-8", "surrogateescape")):
        raise HTTPException(401, "the write token is not valid",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


# ---- the body ----

def body_limit(settings: Settings) -> int:
    return settings.max_article_bytes + BODY_SLACK


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is known to be over `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is {int(declared)} bytes, over the limit of {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:  # a client may send more than it declared, or declare nothing
            raise HTTPException(413, f"the body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json_object(request: Request, data: bytes) -> dict:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type and media_type not in JSON_TYPES and not media_type.endswith("+json"):
        raise HTTPException(415, f"send the article as application/json, not {media_type[:100]}")
    if not data.strip():
        raise HTTPException(400, "the body is empty: send a JSON object (see /docs)")
    try:
        value = json.loads(data)
    except UnicodeDecodeError as error:
        raise HTTPException(400, f"the body is not UTF-8 text (byte {error.start})") from None
    except ValueError as error:  # JSONDecodeError, and numbers of more digits than Python parses
        raise HTTPException(400, f"the body is not JSON: {str(error)[:200]}") from None
    except RecursionError:
        raise HTTPException(400, "the body is not JSON this API reads: nested too deeply") from None
    if not isinstance(value, dict):
        raise HTTPException(422, f"the body must be a JSON object, not {type(value).__name__ if value is not None else 'null'}: "
                                 f"{{{', '.join(ARTICLE_FIELDS)}}} or {{url[, published]}}")
    return value


def _string_fields(body: dict, allowed: tuple[str, ...], shape: str) -> dict[str, str]:
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        names = ", ".join(repr(name[:50]) for name in unknown[:5])
        raise HTTPException(422, f"unknown field{'s' * (len(unknown) > 1)} {names}: {shape}")
    for name, value in body.items():
        if not isinstance(value, str):
            raise HTTPException(422, f"{name}: must be a string, not {json.dumps(value)[:60]}")
    return body


def article_from_body(body: dict, settings: Settings) -> Article:
    """The article the body gives as text; 422 for what build_article (the file rules) refuses."""
    shape = f"an article is {{{', '.join(ARTICLE_FIELDS[:5])}[, provenance, based_on]}}, or {{url[, published]}} to fetch the page"
    fields = _string_fields(body, ARTICLE_FIELDS, shape)
    missing = [name for name in ("title", "published", "text") if not fields.get(name, "").strip()]
    if missing:
        raise HTTPException(422, f"missing field{'s' * (len(missing) > 1)} {', '.join(missing)}: {shape}")
    text = fields["text"]
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > settings.max_article_bytes:
        raise HTTPException(413, f"text: too large: {size} bytes (limit {settings.max_article_bytes})")
    headers = {name: fields[name] for name in ("title", "source", "url", "published", "provenance", "based_on")
               if name in fields}
    try:
        return build_article(headers, text, fallback_key=fallback_key(fields))
    except ArticleError as error:
        raise HTTPException(422, str(error)) from None


def fallback_key(fields: dict[str, str]) -> str:
    """Without a URL, an article is the same article when its title, source and date are."""
    parts = [fields.get(name, "").strip() for name in ("title", "source", "published")]
    return "api:" + hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def fetch_from_body(body: dict, settings: Settings, app) -> Article:
    """The article at the body's `url` (a blocking fetch: run it in a thread)."""
    from app.ingest.guard import public_only_transport, resolve
    from app.ingest.html import NoPublicationDate
    from app.ingest.web import check_url, fetch_article

    fields = _string_fields(body, FETCH_FIELDS, "to fetch a page send {url[, published]}")
    published = fields.get("published") or None
    try:
        url = check_url(fields["url"])
        # app.state.resolver stands in for DNS in tests; a server always uses the real one.
        transport = None if settings.fetch_private else public_only_transport(getattr(app.state, "resolver", resolve))
        return fetch_article(url, settings, published=published, transport=transport)
    except NoPublicationDate:
        raise HTTPException(422, "url: the page gives no publication date; send \"published\": \"YYYY-MM-DD\"") from None
    except ArticleError as error:
        message = str(error)  # a bad date names the field itself
        raise HTTPException(422, message if message.startswith("published") else f"url: {message}") from None


# ---- storing ----

def _writer(app, load_towns: bool = False):
    """The app's extractor (built once per app) and its write lock."""
    state = app.state
    if getattr(state, "write_setup", None) is None:
        with _setup_lock:
            if getattr(state, "write_setup", None) is None:
                from app.core.context import build_extractor

                state.write_setup = (build_extractor(state.settings, state.engine), threading.Lock())
    if load_towns:
        from app.geo.places import PlacesGeocoder

        PlacesGeocoder().load()
    return state.write_setup


def store(app, article: Article) -> dict:
    """Extract and store `article` in one transaction (blocking: run it in a thread)."""
    from app.ingest.runner import IngestReport, ingest_article

    extractor, lock = _writer(app)
    engine = app.state.engine
    with lock:  # one writer per process; other processes wait on the store's own lock
        for attempt in range(1, STORE_ATTEMPTS + 1):
            try:
                outcome = ingest_article(engine, extractor, article, IngestReport())
                break
            except IntegrityError:
                if attempt == STORE_ATTEMPTS:
                    raise
    return {"outcome": outcome, **stored_summary(engine, article.key)}


def stored_summary(engine, key: str) -> dict:
    with Session(engine) as session:
        row = session.exec(select(StoredArticle).where(StoredArticle.key == key)).one()
        counts = dict(session.exec(select(Event.site_id, func.count(Event.id))
                                   .where(Event.article_id == row.id).group_by(Event.site_id)).all())
        sites = session.exec(select(Site).where(Site.id.in_(list(counts))).order_by(Site.id)).all() if counts else []
        return {
            "article": geojson.article_json(row),
            "events": sum(counts.values()),
            "sites": [{"id": site.id, "name": site.name, "country": site.country, "located": site.located,
                       "events": counts[site.id]} for site in sites],
        }


@router.post("/api/v1/articles", tags=["articles"], status_code=201, operation_id="store_article", summary="Store one article (needs the write token)",
             dependencies=[Depends(require_writer)], responses=RESPONSES, openapi_extra={"requestBody": REQUEST_BODY})
async def post_article(request: Request):
    """Extract sites and events from one article and store them, as `basewatch ingest` does:
    the same article again changes nothing (200, `unchanged`), an edited one (same `url`)
    replaces its own events (201, `replaced`). `sites` are the sites its events are about."""
    settings: Settings = request.app.state.settings
    body = parse_json_object(request, await read_body(request, body_limit(settings)))
    if "url" in body and set(body) <= set(FETCH_FIELDS):
        article = await run_in_threadpool(fetch_from_body, body, settings, request.app)
    else:
        article = article_from_body(body, settings)
    try:
        result = await run_in_threadpool(store, request.app, article)
    except ArticleError as error:
        raise HTTPException(422, str(error)) from None
    except SQLAlchemyError as error:
        log.warning("article %r not stored: %s", article.key[:200], error)
        raise HTTPException(503, f"the store did not take the article ({type(error).__name__}); try again",
                            headers={"Retry-After": "5"}) from None
    return JSONResponse(result, status_code=200 if result["outcome"] == "unchanged" else 201)
