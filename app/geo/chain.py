"""The geocoder chain: gazetteer, then offline towns, then gazetteer spellings, then Nominatim when on."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol

from app.geo.gazetteer import Gazetteer, GazetteerGeocoder
from app.geo.names import normalise
from app.geo.places import PlacesGeocoder


@dataclass(frozen=True)
class GeocodeResult:
    query: str
    geocoder: str | None  # which geocoder placed it; None when nothing did
    method: str = ""  # exact, normalised, fuzzy, town, search
    precision: str = ""  # site, town, approximate
    site_id: str | None = None
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    score: float = 0.0
    source: str = ""

    @property
    def located(self) -> bool:
        return self.lat is not None

    def as_dict(self) -> dict:
        return asdict(self)


class GeocodeCache(Protocol):
    def get(self, key: str) -> dict | None: ...
    def put(self, key: str, value: dict) -> None: ...


def _nominatim(agent: str):
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    geocoder = Nominatim(user_agent=agent, timeout=10)
    # Nominatim's usage policy: at most one request a second.
    return RateLimiter(geocoder.geocode, min_delay_seconds=1.0, max_retries=1, swallow_exceptions=True)


class GeocoderChain:
    def __init__(self, gazetteer: Gazetteer, *, use_places: bool = True, nominatim_agent: str | None = None,
                 cache: GeocodeCache | None = None):
        self.gazetteer_geocoder = GazetteerGeocoder(gazetteer)
        self.places = PlacesGeocoder() if use_places else None
        self.nominatim_agent = nominatim_agent
        self.cache = cache
        self._nominatim = None

    def geocode(self, query: str) -> GeocodeResult:
        """Known site names first, then a town of exactly that name, then a near spelling of a
        site (so a real town is never taken for the base it resembles), then Nominatim."""
        location = self.gazetteer_geocoder.geocode(query, fuzzy=False)
        if location is not None:
            return _result(query, "gazetteer", location)
        location = self.places.geocode(query) if self.places is not None else None
        if location is not None:
            return _result(query, "geonames", location)
        location = self.gazetteer_geocoder.geocode(query)
        if location is not None:
            return _result(query, "gazetteer", location)
        if self.nominatim_agent:
            return self._geocode_online(query)
        return GeocodeResult(query=query, geocoder=None)

    def _geocode_online(self, query: str) -> GeocodeResult:
        key = "nominatim:" + normalise(query)
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                return GeocodeResult(**cached)
        if self._nominatim is None:
            self._nominatim = _nominatim(self.nominatim_agent)
        location = self._nominatim(query, exactly_one=True)
        if location is None:
            result = GeocodeResult(query=query, geocoder=None)
        else:
            result = GeocodeResult(
                query=query, geocoder="nominatim", method="search", precision="approximate",
                name=location.address, lat=location.latitude, lon=location.longitude,
                source="OpenStreetMap Nominatim",
            )
        if self.cache is not None:
            self.cache.put(key, result.as_dict())
        return result


def _result(query: str, geocoder: str, location) -> GeocodeResult:
    raw = location.raw
    return GeocodeResult(
        query=query, geocoder=geocoder, method=raw["method"], precision=raw["precision"],
        site_id=raw.get("site_id"), name=location.address, country=raw.get("country"),
        lat=location.latitude, lon=location.longitude, score=raw.get("score", 0.0),
        source=raw.get("source", ""),
    )
