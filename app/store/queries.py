"""Read queries for the CLI, the API and the page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.store.models import Article, Event, Site
from app.store.snapshot import snapshot
from app.timeline import DayStatus, status_on


@dataclass(frozen=True)
class SiteDay:
    site: Site
    day: DayStatus


def sites(engine: Engine, country: str | None = None) -> list[Site]:
    with Session(engine) as session:
        query = select(Site).order_by(Site.country, Site.name)
        if country:
            query = query.where(Site.country == country)
        return list(session.exec(query))


def events_by_site(engine: Engine, country: str | None = None) -> dict[str, list[Event]]:
    with Session(engine) as session:
        query = select(Event).order_by(Event.date, Event.id)
        if country:
            query = query.join(Site, Site.id == Event.site_id).where(Site.country == country)
        grouped: dict[str, list[Event]] = defaultdict(list)
        for event in session.exec(query):
            grouped[event.site_id].append(event)
        return grouped


def statuses_on(engine: Engine, day: date, country: str | None = None, status: str | None = None) -> list[SiteDay]:
    """Every site's status on `day`, from the process's snapshot of the store (the site list and
    the status index, revalidated by one cheap version read: app/store/snapshot.py)."""
    current = snapshot(engine)
    found = current.sites_in(country)
    rows = [SiteDay(site, day_status) for site, day_status in zip(found, current.index.statuses_on([s.id for s in found], day))]
    return [row for row in rows if status is None or row.day.status == status]


def event_date_range(engine: Engine) -> tuple[date, date] | None:
    with Session(engine) as session:
        low, high = session.exec(select(func.min(Event.date), func.max(Event.date))).one()
        return (low, high) if low else None


def site_events_with_articles(engine: Engine, site_id: str) -> tuple[Site, list[tuple[Event, Article]]] | None:
    with Session(engine) as session:
        site = session.get(Site, site_id)
        if site is None:
            return None
        rows = session.exec(
            select(Event, Article).join(Article, Article.id == Event.article_id)
            .where(Event.site_id == site_id).order_by(Event.date, Event.id)
        ).all()
        return site, [(event, article) for event, article in rows]


def list_articles(engine: Engine) -> list[tuple[Article, int]]:
    with Session(engine) as session:
        counts = dict(session.exec(select(Event.article_id, func.count()).group_by(Event.article_id)).all())
        articles = session.exec(select(Article).order_by(Article.published, Article.id)).all()
        return [(article, counts.get(article.id, 0)) for article in articles]


def sites_for_review(engine: Engine) -> list[tuple[Site, int, str]]:
    """Sites not placed by the gazetteer: (site, event count, first quote), unlocated first."""
    with Session(engine) as session:
        candidates = session.exec(select(Site).where((Site.geocoder != "gazetteer") | (Site.geocoder.is_(None)))).all()
        rows = []
        for site in candidates:
            quotes = session.exec(select(Event.quote).where(Event.site_id == site.id).order_by(Event.date)).all()
            rows.append((site, len(quotes), quotes[0] if quotes else ""))
    return sorted(rows, key=lambda row: (row[0].located, row[0].name))


def store_summary(engine: Engine) -> dict:
    with Session(engine) as session:
        articles = session.exec(select(func.count()).select_from(Article)).one()
        events = session.exec(select(func.count()).select_from(Event)).one()
    all_sites = sites(engine)
    grouped = events_by_site(engine)
    latest = event_date_range(engine)
    day = latest[1] if latest else date.today()
    rows = [
        {"id": s.id, "country": s.country, "events": len(grouped.get(s.id, ())),
         "status_now": status_on(grouped.get(s.id, ()), day).status}
        for s in all_sites
    ]
    return {"articles": articles, "events": events, "sites": len(all_sites),
            "unlocated": sum(1 for s in all_sites if not s.located), "site_rows": rows}


def ping(engine: Engine) -> None:
    """The cheapest query that proves the store answers (for /healthz)."""
    with Session(engine) as session:
        session.exec(select(func.count()).select_from(Site).where(Site.id == "")).one()


def events_with_articles(engine: Engine, country: str | None = None, kind: str | None = None,
                         since: date | None = None, until: date | None = None) -> list[tuple[Event, Site, Article]]:
    """Events in date order with their site and article, filtered by country, kind and date range."""
    with Session(engine) as session:
        query = (select(Event, Site, Article).join(Site, Site.id == Event.site_id)
                 .join(Article, Article.id == Event.article_id).order_by(Event.date, Event.id))
        if country:
            query = query.where(Site.country == country)
        if kind:
            query = query.where(Event.kind == kind)
        if since:
            query = query.where(Event.date >= since)
        if until:
            query = query.where(Event.date <= until)
        return [(event, site, article) for event, site, article in session.exec(query).all()]
