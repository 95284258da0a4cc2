"""Store rows as JSON: GeoJSON (RFC 7946) features for sites, plain objects for events and articles.

Coordinates are [lon, lat]; a site without coordinates keeps its Feature with
`"geometry": null`, as RFC 7946 section 3.2 allows, so lists stay complete.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from app.ingest.article import credit_line
from app.store.models import Article, Event, Site
from app.corroboration import contradictions, corroboration_groups, independent_stories
from app.timeline import DayStatus, dispute_spans


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def point(site: Site) -> dict | None:
    if not site.located:
        return None
    return {"type": "Point", "coordinates": [site.lon, site.lat]}


def site_properties(site: Site) -> dict:
    return {
        "id": site.id, "name": site.name, "country": site.country, "kind": site.kind,
        "aliases": list(site.aliases or []), "located": site.located,
        "geocoder": site.geocoder, "geocode_method": site.geocode_method,
        "geocode_precision": site.geocode_precision, "coord_source": site.coord_source,
    }


def article_json(article: Article) -> dict:
    return {"id": article.id, "title": article.title, "source": article.source, "url": article.url,
            "published": iso(article.published), "published_approx": article.published_approx,
            "provenance": article.provenance, "based_on": article.based_on,
            "credit": credit_line(article.provenance, article.source, article.published),
            "story": article.story}


def event_json(event: Event, article: Article | None = None, origin=None) -> dict:
    """An event with its exact sentence. `quote` is that sentence only where it is the outlet's own
    words (an `original` article); a summary's sentence is ours, so `quote` is null and `credit`
    says "Summary of a report by ...". `origin` (app/store/snapshot.py ArticleRow) or `article`
    tells which; without either, nothing is shown as a quote."""
    origin = origin if origin is not None else article
    provenance = origin.provenance if origin is not None else None
    data = {
        "id": event.id, "site": event.site_id, "kind": event.kind, "date": iso(event.date),
        "precision": event.precision, "date_basis": event.date_basis, "date_text": event.date_text,
        "target_date": iso(event.target_date), "target_precision": event.target_precision,
        "sentence": event.quote, "quote": event.quote if provenance == "original" else None,
        "provenance": provenance,
        "credit": credit_line(provenance, origin.source, origin.published) if origin is not None else None,
        "attribution": event.attribution, "review": event.review, "article_id": event.article_id,
    }
    if article is not None:
        data["article"] = article_json(article)
    return data


def feature(site: Site, properties: dict) -> dict:
    return {"type": "Feature", "id": site.id, "geometry": point(site), "properties": properties}


def site_feature(site: Site, events: Iterable[Event], articles: dict | None = None) -> dict:
    """`articles`: article id -> its ArticleRow (a snapshot's), for whose words each sentence is."""
    articles = articles or {}
    return feature(site, {**site_properties(site),
                          "events": [event_json(e, origin=articles.get(e.article_id)) for e in events]})


def source_json(article: Article) -> dict:
    return {"article_id": article.id, "title": article.title, "source": article.source, "url": article.url,
            "published": iso(article.published), "provenance": article.provenance, "story": article.story,
            "credit": credit_line(article.provenance, article.source, article.published)}


def site_detail_feature(site: Site, rows: Iterable[tuple[Event, Article]]) -> dict:
    """The site with every event, each with the reports that support it (`sources`: every
    article reporting the same kind at the site within a week; `independent_sources`: how many
    stories they are, syndicated copies counted once) and the reports that contradict it."""
    rows = list(rows)
    article_of = {event.id: article for event, article in rows}
    story_of = lambda event: article_of[event.id].story or f"a{article_of[event.id].id}"  # noqa: E731
    events = [event for event, _ in rows]
    support: dict[int, list] = {}
    for group in corroboration_groups(events, story_of):
        for event in group:
            support[event.id] = group
    against = contradictions(events, story_of)
    items = []
    for event, article in rows:
        group = support[event.id]
        sources = list({a.id: a for a in (article_of[e.id] for e in group)}.values())
        items.append({
            **event_json(event, article),
            "sources": [source_json(a) for a in sources],
            "independent_sources": len(independent_stories(group, story_of)),
            "contradicted_by": [{"event_id": other.id, "kind": other.kind, "date": iso(other.date),
                                 **source_json(article_of[other.id])} for other in against.get(event.id, ())],
        })
    spans = dispute_spans(events, story_of)
    return feature(site, {**site_properties(site), "events": items,
                          "disputes": [{"from": iso(first), "until": iso(last)} for first, last in spans]})


def status_feature(site: Site, day: DayStatus, articles: dict | None = None, disputed: bool = False) -> dict:
    last, articles = day.event, articles or {}
    return feature(site, {
        "id": site.id, "name": site.name, "country": site.country, "status": day.status,
        "since": iso(day.since),
        "last_event": event_json(last, origin=articles.get(last.article_id)) if last is not None else None,
        "disputed": disputed,
        "incidents": [event_json(e, origin=articles.get(e.article_id)) for e in day.incidents],
    })


def collection(features: list[dict], **members) -> dict:
    return {"type": "FeatureCollection", **members, "features": features}
