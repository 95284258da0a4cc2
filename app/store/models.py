"""Tables: sites, articles, events, reviewers' decisions, the geocoding cache and the store revision."""

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, BigInteger, Column, Float, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Site(SQLModel, table=True):
    __tablename__ = "sites"

    id: str = Field(primary_key=True, max_length=120)
    name: str = Field(max_length=300)
    kind: str = Field(default="base", max_length=40)
    country: str | None = Field(default=None, max_length=2, index=True)
    lat: float | None = None
    lon: float | None = None
    geocoder: str | None = Field(default=None, max_length=40)  # gazetteer, geonames, nominatim; None: unlocated
    geocode_method: str = Field(default="", max_length=40)
    geocode_precision: str = Field(default="", max_length=40)
    coord_source: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    aliases: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


class Article(SQLModel, table=True):
    __tablename__ = "articles"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=2000, unique=True)
    title: str = Field(sa_column=Column(Text, nullable=False))
    source: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    url: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    published: dt.date = Field(index=True)
    published_approx: bool = False
    body: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str = Field(max_length=64)
    ingested_at: dt.datetime = Field(default_factory=utcnow)
    # "original": the text is the outlet's own words; "summary": a retelling written for this
    # project, of what `based_on` names. Only an original's sentences may be shown as quotes.
    provenance: str = Field(default="original", sa_column=Column(String(10), nullable=False, server_default="original"))
    based_on: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # Syndicated and near-duplicate copies of one story share a story key (app/ingest/stories.py);
    # `signature` is the text's MinHash, kept so that later copies can be compared without re-reading.
    story: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default="", index=True))
    signature: list | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Event(SQLModel, table=True):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_site_date", "site_id", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=Column(Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True))
    site_id: str = Field(foreign_key="sites.id", max_length=120)
    kind: str = Field(max_length=40, index=True)
    date: dt.date = Field(index=True)
    precision: str = Field(max_length=10)
    date_basis: str = Field(default="text", max_length=40)
    date_text: str = Field(default="", max_length=200)
    target_date: Optional[dt.date] = None
    target_precision: str | None = Field(default=None, max_length=10)
    quote: str = Field(sa_column=Column(Text, nullable=False))
    quote_start: int
    quote_end: int
    # Who the sentence itself says the news comes from ("the Pentagon said"), or "".
    attribution: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # "" for an event as extracted; "confirmed", "corrected" or "added" after a reviewer's decision.
    review: str = Field(default="", sa_column=Column(String(12), nullable=False, server_default=""))


class Review(SQLModel, table=True):
    """One reviewer's decision, appended and never changed (app/store/reviews.py).

    A decision names the report by what identifies it across re-ingestion: the article's key
    (URL or file name), the sentence as normalised text, and for an event the site and kind it
    was read as; never by a row id. Merges name the two sites.
    """

    __tablename__ = "reviews"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow)
    reviewer: str = Field(max_length=100)
    action: str = Field(max_length=12)  # confirm, reject, correct, add, merge
    article_key: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    sentence: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    site_id: str = Field(default="", max_length=120)
    kind: str = Field(default="", max_length=40)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    before: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class GeocodeCacheEntry(SQLModel, table=True):
    __tablename__ = "geocode_cache"

    key: str = Field(primary_key=True, max_length=500)
    value: dict = Field(sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class StoreRevision(SQLModel, table=True):
    """One row (id 1) that says which state the store is in, so a process can tell in one
    primary-key read whether what it holds in memory is still current.

    Database triggers (migration 0002) bump `version` and set `changed_at` on every insert,
    update or delete of sites, articles and events, whoever writes. `store_id` is random
    per store, so two stores (or a store deleted and made again) never share a version.
    """

    __tablename__ = "store_revision"

    id: int = Field(primary_key=True)
    store_id: str = Field(max_length=32)
    version: int = Field(sa_column=Column(BigInteger, nullable=False))
    changed_at: float = Field(sa_column=Column(Float, nullable=False))  # seconds since the epoch, UTC
