"""Spreadsheet exports, streamed: `/api/v1/status.csv` and `/api/v1/events.csv`.

Rows are written as they are produced (a few hundred at a time), so ten thousand sites or
half a million events start arriving at once and never sit whole in memory as text. Both
read the process's snapshot of the store; both carry the API's ETag (a client holding the
current export gets a 304).

Text cells that a spreadsheet would run as a formula (starting with = + - @ or a tab or
carriage return) get a leading apostrophe, as OWASP advises for CSV exports: a quote that
starts that way is shown with one extra character in front rather than executed.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_left
from datetime import date as calendar_date  # `date` is a query parameter below
from email.utils import formatdate
from typing import Iterable, Iterator

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.engine import Engine

from app.store.dayindex import CODES, day_index
from app.store.history import articles_of, known_view
from app.store.snapshot import Snapshot, snapshot
from app.store.status_index import store_version
from app.ingest.article import credit_line
from app.web.deps import EngineDep
from app.web.httpcache import API_CACHE_CONTROL, make_etag, not_modified
from app.web.params import (DAY_SCHEMA, KIND_SCHEMA, STATUS_SCHEMA, api_value, country_schema, parse_country, parse_day,
                            parse_kind, parse_period, parse_status)

router = APIRouter()

CSV = "text/csv; charset=utf-8"
ROWS_PER_CHUNK = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STATUS_COLUMNS = ("id", "name", "country", "lat", "lon", "status", "since", "precision", "event_kind",
                  "quote", "article_title", "article_source", "article_url", "article_published", "attacked",
                  "sentence", "credit")
EVENT_COLUMNS = ("id", "date", "precision", "kind", "site", "site_name", "country", "quote", "date_basis",
                 "date_text", "target_date", "article_id", "article_title", "article_source", "article_url",
                 "article_published", "sentence", "credit")


def text(value: str | None) -> str | None:
    """A text cell that no spreadsheet will run as a formula."""
    return "'" + value if value and value.startswith(FORMULA_STARTS) else value


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def csv_chunks(header: tuple[str, ...], rows: Iterable[tuple]) -> Iterator[bytes]:
    """The header line, then the rows in chunks of ROWS_PER_CHUNK, as UTF-8 CSV (RFC 4180 line ends).
    Rows hold text already passed through `text`, numbers, dates and None (the csv module writes
    None as an empty cell and a date as YYYY-MM-DD)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def streamed_csv(request: Request, engine: Engine, kind: str, key: tuple, filename: str,
                 make_rows) -> Response:
    """A streamed CSV with the API's caching headers; `make_rows(snapshot)` gives the rows."""
    state = request.app.state
    version = store_version(engine)
    etag = make_etag(version, state.build_id, kind, key)
    last_modified = max(version.changed_at, state.build_time)
    headers = {"ETag": etag, "Last-Modified": formatdate(int(last_modified), usegmt=True),
               "Cache-Control": API_CACHE_CONTROL, "Content-Disposition": f'attachment; filename="{filename}"'}
    if not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    header, rows = make_rows(snapshot(engine, version))
    return StreamingResponse(csv_chunks(header, rows), media_type=CSV, headers=headers)


def status_rows(engine: Engine, current: Snapshot, day: calendar_date, country: str | None, wanted: str | None,
                known: calendar_date | None) -> Iterator[tuple]:
    view = known_view(engine, current, known)
    index = day_index(current, view, country)
    steps = index.steps_on(day)
    statuses = [CODES[code] for code in index.codes_on(steps).tolist()]
    attacked = view.index.incidents_on(day)
    articles = article_cells(engine, current)
    for site, step, status in zip(current.sites_in(country), steps.tolist(), statuses):
        if wanted is not None and status != wanted:
            continue
        event = index.event(step)
        yield (site.id, text(site.name), site.country, site.lat, site.lon, status,
               *((event.date, event.precision, event.kind, quote_cell(current, event)) if event else NO_EVENT),
               *(articles.get(event.article_id, NO_ARTICLE) if event else NO_ARTICLE),
               yes_no(site.id in attacked), *(sentence_cells(current, event) if event else (None, None)))


NO_EVENT, NO_ARTICLE = (None,) * 4, (None,) * 4


def quote_cell(current: Snapshot, event) -> str | None:
    """The sentence as a quote only where it is the outlet's own words; a summary's is ours."""
    article = current.articles.get(event.article_id)
    return text(event.quote) if article is not None and article.provenance == "original" else None


def sentence_cells(current: Snapshot, event) -> tuple:
    """(sentence, credit): the sentence always, and whose words it is ("Summary of a report by ...")."""
    article = current.articles.get(event.article_id)
    credit = credit_line(article.provenance, article.source, article.published) if article is not None else None
    return text(event.quote), text(credit) if credit else None


def article_cells(engine: Engine, current: Snapshot) -> dict[int, tuple]:
    """Article id -> (title, source, url, published) as CSV cells, once per store version."""
    return current.derive("csv-articles", lambda s: {
        article_id: (text(a.title), text(a.source), text(a.url), a.published)
        for article_id, a in articles_of(engine, s).items()})


def ordered_events(current: Snapshot) -> list:
    """Every event of the snapshot in (date, id) order, once per store version."""
    return current.derive("events-ordered", lambda s: sorted((e for events in s.events.values() for e in events),
                                                             key=lambda e: (e.date, e.id)))


def event_rows(engine: Engine, current: Snapshot, country: str | None, kind: str | None,
               since: calendar_date | None, until: calendar_date | None) -> Iterator[tuple]:
    """The rows of /api/v1/events (same filters, same order) with their site and article."""
    sites = {site.id: (text(site.name), site.country) for site in current.sites}
    articles = article_cells(engine, current)
    events = ordered_events(current)
    start = bisect_left(events, since, key=lambda e: e.date) if since else 0
    for event in events[start:]:
        if until and event.date > until:
            break
        name, site_country = sites.get(event.site_id, (None, None))
        if (kind and event.kind != kind) or (country and site_country != country):
            continue
        yield (event.id, event.date, event.precision, event.kind, event.site_id, name, site_country,
               quote_cell(current, event), event.date_basis, text(event.date_text), event.target_date,
               event.article_id, *articles.get(event.article_id, NO_ARTICLE), *sentence_cells(current, event))


BAD_PARAMETER = {200: {"description": "CSV, streamed.", "content": {"text/csv": {"schema": {"type": "string"}}}},
                 400: {"description": "A parameter cannot be used; `detail` says which and why."}}
COUNTRY_HELP = "ISO 3166-1 alpha-2 code, e.g. SY."


@router.get("/api/v1/status.csv", tags=["status"], summary="Each site's status on a day, as CSV",
            responses=BAD_PARAMETER, response_class=StreamingResponse)
def status_csv(request: Request, engine: EngineDep,
               date: str = Query(None, description="A day, YYYY-MM-DD. Default: the latest event's date.",
                                 json_schema_extra=DAY_SCHEMA),
               country: str = Query(None, description=COUNTRY_HELP, json_schema_extra=country_schema()),
               status: str = Query(None, description="Only sites with this status that day.", json_schema_extra=STATUS_SCHEMA),
               known: str = Query(None, description="Count only articles published on or before this day.",
                                  json_schema_extra=DAY_SCHEMA)):
    """One row per site, in the order of /api/v1/status: `id,name,country,lat,lon,status,since`, the
    event that set the status (precision, kind, sentence), its article, and whether the site was
    attacked that day."""
    day, code = parse_day(api_value(date, "date")), parse_country(api_value(country, "country"))
    wanted, known_day = parse_status(api_value(status, "status")), parse_day(api_value(known, "known"), "known")

    def rows(current: Snapshot):
        on = day or current.last_day or calendar_date.today()
        return STATUS_COLUMNS, status_rows(engine, current, on, code, wanted, known_day)

    name = f"basewatch-status-{day.isoformat() if day else 'latest'}.csv"
    return streamed_csv(request, engine, "status.csv", (day, code, wanted, known_day), name, rows)


@router.get("/api/v1/events.csv", tags=["events"], summary="Events in date order, as CSV",
            responses=BAD_PARAMETER, response_class=StreamingResponse)
def events_csv(request: Request, engine: EngineDep,
               country: str = Query(None, description=COUNTRY_HELP, json_schema_extra=country_schema()),
               kind: str = Query(None, description="Only events of this kind.", json_schema_extra=KIND_SCHEMA),
               since: str = Query(None, description="A day, YYYY-MM-DD. Events on or after it.", json_schema_extra=DAY_SCHEMA),
               until: str = Query(None, description="A day, YYYY-MM-DD. Events on or before it.", json_schema_extra=DAY_SCHEMA)):
    """The events of /api/v1/events (same filters and order), one per row, with site and article."""
    code, wanted = parse_country(api_value(country, "country")), parse_kind(api_value(kind, "kind"))
    first, last = parse_period(api_value(since, "since"), api_value(until, "until"))

    def rows(current: Snapshot):
        return EVENT_COLUMNS, event_rows(engine, current, code, wanted, first, last)

    return streamed_csv(request, engine, "events.csv", (code, wanted, first, last), "basewatch-events.csv", rows)
