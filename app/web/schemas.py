"""What the JSON API answers, as pydantic models: the OpenAPI description is generated from them.

The endpoints build their bodies themselves (app/web/geojson.py, statusjson.py) for speed, so
these models are not used to serialize; they describe the bodies, and tests/test_openapi.py and
the schemathesis run (tests/test_schemathesis.py) check every answer against them. A new field
in a body belongs here too. Objects allow fields beyond the ones listed, so a client written
against this description keeps working when a field is added.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from app.timeline import EVENT_KINDS, PRECISIONS, STATUSES, UNREPORTED

Kind = Literal[EVENT_KINDS]
Precision = Literal[PRECISIONS]
Status = Literal[STATUSES + (UNREPORTED,)]


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Problem(Model):
    """Every refusal: a 4xx (or 503) with what went wrong and how to do it right."""

    detail: str = Field(examples=["date: 2026-02-30 is not a day of the calendar"])


class Health(Model):
    status: Literal["ok"]


class Unavailable(Model):
    status: Literal["unavailable"]
    detail: str = Field(description="The kind of store error.")


class ArticleRef(Model):
    id: int
    title: str
    source: str = Field(description="Who published it; empty where unknown.")
    url: str = Field(description="Where it was published; empty for an article stored without one.")
    published: dt.date
    published_approx: bool = Field(description="The publication date is approximate.")


class EventItem(Model):
    id: int
    site: str = Field(description="The site's id.")
    kind: Kind
    date: dt.date = Field(description="The day the event happened; the first day of the period for month or year precision.")
    precision: Precision
    date_basis: str = Field(description="Where the date came from: the text, or the publication date.")
    date_text: str = Field(description="The words the date was read from; empty where there were none.")
    target_date: Optional[dt.date] = Field(description="For plans: the day by which the move is to happen.")
    target_precision: Optional[Precision]
    quote: Optional[str] = Field(description="The sentence in the outlet's own words; null where the article is a "
                                             "summary written for this project (the sentence is then in `sentence`).")
    article_id: int


class SourcedEvent(EventItem):
    article: ArticleRef


class ListedEvent(SourcedEvent):
    site_name: str
    country: Optional[str] = Field(description="ISO 3166-1 alpha-2 code of the site's country.")


class Point(Model):
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2, description="[longitude, latitude] (RFC 7946).")


class SiteProperties(Model):
    id: str
    name: str
    country: Optional[str] = Field(description="ISO 3166-1 alpha-2 code.")
    kind: str = Field(description="air base, garrison, camp...")
    aliases: list[str]
    located: bool = Field(description="The site has coordinates.")
    geocoder: Optional[str] = Field(description="Which geocoder placed it (gazetteer, geonames, nominatim); null: not located.")
    geocode_method: str
    geocode_precision: str
    coord_source: str = Field(description="Where the coordinates came from.")


class SiteWithEvents(SiteProperties):
    events: list[EventItem] = Field(description="In date order.")


class SiteWithSourcedEvents(SiteProperties):
    events: list[SourcedEvent] = Field(description="In date order, each with its article.")


class SiteFeature(Model):
    type: Literal["Feature"]
    id: str
    geometry: Optional[Point] = Field(description="null for a site without coordinates (RFC 7946 section 3.2).")
    properties: SiteWithEvents


class SiteDetail(SiteFeature):
    properties: SiteWithSourcedEvents


class SiteCollection(Model):
    type: Literal["FeatureCollection"]
    features: list[SiteFeature]


class StatusProperties(Model):
    id: str
    name: str
    country: Optional[str]
    status: Status
    since: Optional[dt.date] = Field(description="The date of the event that set the status; null while unreported.")
    last_event: Optional[EventItem] = Field(description="That event.")
    incidents: list[EventItem] = Field(description="Attacks on the site in effect that day.")


class StatusFeature(Model):
    type: Literal["Feature"]
    id: str
    geometry: Optional[Point]
    properties: StatusProperties


class StatusCounts(Model):
    present: int
    planned: int
    withdrawing: int
    withdrawn: int
    unreported: int


class StatusCollection(Model):
    type: Literal["FeatureCollection"]
    date: dt.date = Field(description="The day the statuses are for.")
    counts: StatusCounts = Field(description="Sites per status on that day, in the country asked for, before the status filter.")
    features: list[StatusFeature]


class CompactStatus(Model):
    """`format=compact`: the same statuses as parallel arrays, for clients that ask for many days."""
    ids: list[str] = Field(description="Site ids, in the order of the arrays below.")
    date: dt.date
    known: Optional[dt.date] = Field(None, description="The knowledge day, when `known` was given.")
    statuses: list[str] = Field(description="The status names that `status` codes index.")
    counts: dict[str, int]
    status: list[int] = Field(description="Per site, an index into `statuses`.")
    since_day: list[int] = Field(description="Per site, the day its status was set, as days since 1970-01-01.")
    attacked: list[str] = Field(description="Ids of sites with an attack in effect that day.")


class EventList(Model):
    count: int
    events: list[ListedEvent] = Field(description="In date order.")


class ListedArticle(ArticleRef):
    events: int = Field(description="How many events were read from it.")


class ArticleList(Model):
    count: int
    articles: list[ListedArticle]


class WrittenSite(Model):
    id: str
    name: str
    country: Optional[str]
    located: bool
    events: int


class WriteResult(Model):
    outcome: Literal["stored", "replaced", "unchanged"]
    article: ArticleRef
    events: int = Field(description="Events read from the article.")
    sites: list[WrittenSite] = Field(description="The sites its events are about.")
