"""A feed of status changes: `/feeds/changes.atom[?country=XX][&site=ID]` (Atom 1.0, RFC 4287).

One entry per status change (app/store/history.py status_changes): the site, its new status
and the one before, the day, the sentence it was read from (the source's own words, in
quotation marks and attributed) and the article. Newest first; the latest MAX_ENTRIES.
A feed reader polling it revalidates with the API's ETag and gets a 304 until the store changes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from xml.etree import ElementTree

from fastapi import APIRouter, HTTPException, Query, Request
from sqlalchemy.engine import Engine

from app.store.history import StatusChange, all_status_changes, articles_of
from app.store.snapshot import Snapshot, snapshot
from app.web.deps import EngineDep
from app.web.httpcache import cached_response
from app.web.params import SITE_ID_SCHEMA, api_value, country_schema, ViewState, country_name, parse_country, parse_site_id
from app.web.view import KIND_LABELS, event_date_label, human_day

router = APIRouter()

ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
MAX_ENTRIES = 200
FEED_PATH = "/feeds/changes.atom"


def feed_url(country: str | None = None, site: str | None = None) -> str:
    query = "&".join(f"{key}={value}" for key, value in (("country", country), ("site", site)) if value)
    return FEED_PATH + (f"?{query}" if query else "")


def timestamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")


def _add(parent, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def entry_title(change: StatusChange, site_name: str) -> str:
    when = event_date_label(change.event.date, change.event.precision)
    return f"{site_name}: {change.after} (was {change.before}), {when}"


def entry_summary(change: StatusChange, article) -> str:
    """Our words, then the source's sentence in quotation marks with whom it is from."""
    event = change.event
    ours = (f"basewatch reads this report as “{KIND_LABELS.get(event.kind, event.kind)}”, dated "
            f"{event_date_label(event.date, event.precision)} ({event.precision} precision): status "
            f"{change.before} → {change.after}.")
    if article is None:
        return f"{ours} The report says: “{event.quote}”"
    return (f"{ours} {article.source or 'The source'} wrote: “{event.quote}” "
            f"({article.title}, published {human_day(article.published)}).")


def add_entry(feed, base: str, change: StatusChange, site, article) -> None:
    event = change.event
    entry = _add(feed, "entry")
    _add(entry, "id", f"{base}/api/v1/sites/{site.id}#event-{event.id}-{change.after}")
    _add(entry, "title", entry_title(change, site.name), type="text")
    _add(entry, "updated", timestamp(event.date))
    if article is not None:
        _add(entry, "published", timestamp(article.published))
    page = ViewState(day=event.date, site=site.id).url("/")
    _add(entry, "link", rel="alternate", type="text/html", href=base + page)
    if article is not None and article.url.lower().startswith(("http://", "https://")):
        _add(entry, "link", rel="related", type="text/html", href=article.url, title=article.title)
    _add(entry, "category", term=change.after, label=f"status: {change.after}")
    if site.country:
        _add(entry, "category", term=site.country, label=country_name(site.country),
             scheme="urn:iso:std:iso:3166:-1:alpha-2")
    _add(entry, "summary", entry_summary(change, article), type="text")


def feed_title(country: str | None, site) -> str:
    if site is not None:
        return f"basewatch: status changes at {site.name}"
    if country:
        return f"basewatch: status changes of US sites in {country_name(country)}"
    return "basewatch: status changes of US military sites"


def feed_body(engine: Engine, current: Snapshot, base: str, country: str | None, site_id: str | None) -> bytes:
    sites = {site.id: site for site in current.sites}
    site = sites.get(site_id) if site_id else None
    if site_id and site is None:
        raise HTTPException(404, f"no site with id {site_id!r}")
    articles = articles_of(engine, current)
    chosen = []
    for change in all_status_changes(current):
        candidate = sites.get(change.site_id)
        if candidate is None or (site_id and change.site_id != site_id) or (country and candidate.country != country):
            continue
        chosen.append((change, candidate))
        if len(chosen) == MAX_ENTRIES:
            break
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", base + feed_url(country, site_id))
    _add(feed, "title", feed_title(country, site), type="text")
    _add(feed, "subtitle", "Each entry is a change of a site's reported status, with the sentence and the "
                           "article it was read from.", type="text")
    newest = chosen[0][0].event.date if chosen else (current.last_day or date(1970, 1, 1))
    _add(feed, "updated", timestamp(newest))
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + feed_url(country, site_id))
    _add(feed, "link", rel="alternate", type="text/html", href=base + "/")
    author = _add(feed, "author")
    _add(author, "name", "basewatch")
    _add(feed, "generator", "basewatch")
    for change, candidate in chosen:
        add_entry(feed, base, change, candidate, articles.get(change.event.article_id))
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)


@router.get(FEED_PATH, tags=["feeds"], summary="Status changes as an Atom feed, newest first",
            responses={200: {"description": "Atom 1.0.", "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                       400: {"description": "A parameter cannot be used."}, 404: {"description": "No such site."}})
def changes_feed(request: Request, engine: EngineDep,
                 country: str = Query(None, description="ISO 3166-1 alpha-2 code, e.g. SY.", json_schema_extra=country_schema()),
                 site: str = Query(None, description="A site id, e.g. al-tanf.", json_schema_extra=SITE_ID_SCHEMA)):
    code, site_id = parse_country(api_value(country, "country")), parse_site_id(api_value(site, "site"))
    base = str(request.base_url).rstrip("/")

    def build(version) -> bytes:
        return feed_body(engine, snapshot(engine, version), base, code, site_id)

    return cached_response(request, engine, "feed", (base, code, site_id), build, media_type=ATOM_TYPE)
