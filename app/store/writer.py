"""Writing one article and what was extracted from it, in one transaction."""

from __future__ import annotations

from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.extract.pipeline import Extraction, ExtractedSite
from app.ingest.article import Article as ArticleInput
from app.ingest.stories import STORY_WINDOW, same_story, signature, similarity
from app.store.models import Article, Event, GeocodeCacheEntry, Site, utcnow
from app.store.reviews import reapply

STORED, REPLACED, UNCHANGED = "stored", "replaced", "unchanged"


def store_article(engine: Engine, article: ArticleInput, extraction: Extraction) -> str:
    """Store `article` with its events; the same article again changes nothing, an edited
    one (same URL or file name, other content) replaces its own events."""
    with Session(engine) as session, session.begin():
        row = session.exec(select(Article).where(Article.key == article.key)).first()
        if row is not None and row.content_hash == article.content_hash:
            return UNCHANGED
        outcome = REPLACED if row is not None else STORED
        if row is None:
            row = Article(key=article.key, title=article.title, body=article.body,
                          published=article.published, content_hash=article.content_hash)
        else:
            session.execute(delete(Event).where(Event.article_id == row.id))
        _fill_article(row, article)
        session.add(row)
        session.flush()
        row.story = _story_of(session, row)
        _upsert_sites(session, extraction.sites)
        session.flush()
        if extraction.events:
            session.execute(insert(Event), [_event_row(row.id, event) for event in extraction.events])
        session.flush()
        reapply(session, row)  # reviewers' decisions about this article hold after it is read again
        return outcome


def _event_row(article_id: int, event) -> dict:
    return dict(
        article_id=article_id, site_id=event.site, kind=event.kind, date=event.date,
        precision=event.precision, date_basis=event.date_basis, date_text=event.date_text,
        target_date=event.target_date, target_precision=event.target_precision,
        quote=event.quote, quote_start=event.quote_start, quote_end=event.quote_end,
        attribution=getattr(event, "attribution", ""),
    )


def _story_of(session: Session, row: Article) -> str:
    """The story `row` is a copy of: that of the most similar article published within
    STORY_WINDOW, if similar enough (app/ingest/stories.py), else a story of its own."""
    row.signature = signature(row.body)
    candidates = session.execute(
        select(Article.id, Article.story, Article.signature)
        .where(Article.id != row.id, Article.published >= row.published - STORY_WINDOW,
               Article.published <= row.published + STORY_WINDOW, Article.signature.is_not(None))
    ).all()
    scored = [(similarity(row.signature, other.signature), -other.id, other.story) for other in candidates
              if other.story and same_story(row.signature, other.signature)]
    return max(scored)[2] if scored else f"a{row.id}"


def _fill_article(row: Article, article: ArticleInput) -> None:
    row.title, row.source, row.url = article.title, article.source, article.url
    row.published, row.published_approx = article.published, article.published_approx
    row.body, row.content_hash = article.body, article.content_hash
    row.provenance, row.based_on = article.provenance, article.based_on
    row.ingested_at = utcnow()


def _upsert_sites(session: Session, sites: list[ExtractedSite]) -> None:
    if not sites:
        return
    existing = {row.id: row for row in session.exec(select(Site).where(Site.id.in_([s.id for s in sites])))}
    for site in sites:
        _upsert_site(session, site, existing.get(site.id))


def _upsert_site(session: Session, site: ExtractedSite, row: Site | None) -> None:
    names = list(dict.fromkeys([*site.aliases, *site.mentions]))
    if row is None:
        session.add(Site(
            id=site.id, name=site.name, kind=site.kind, country=site.country, lat=site.lat, lon=site.lon,
            geocoder=site.geocoder, geocode_method=site.geocode_method,
            geocode_precision=site.geocode_precision, coord_source=site.coord_source, aliases=names,
        ))
        return
    merged = list(dict.fromkeys([*row.aliases, *names]))
    if merged != row.aliases:
        row.aliases = merged
        session.add(row)


class StoreGeocodeCache:
    """The geocoder chain's cache of online answers, kept in the store."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def get(self, key: str) -> dict | None:
        with Session(self.engine) as session:
            row = session.get(GeocodeCacheEntry, key)
            return dict(row.value) if row else None

    def put(self, key: str, value: dict) -> None:
        with Session(self.engine) as session, session.begin():
            session.merge(GeocodeCacheEntry(key=key, value=value))
