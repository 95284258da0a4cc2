"""The geocoder chain, offline first: gazetteer names, airports, GeoNames towns, airfields
named without their kind, near spellings of gazetteer names, the town the text places a
site in, then Nominatim when it is on."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol

import re

from app.geo.airports import AirportsGeocoder
from app.geo.gazetteer import Gazetteer, GazetteerGeocoder
from app.geo.names import normalise
from app.geo.places import PlacesGeocoder

# The United States and its territories: a place there is a home installation, never a base abroad.
HOME_COUNTRIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM"})
# "Rose Barracks in Vilseck", "the base near Ayn Issa": a name, then the town that places it.
NAME_IN_TOWN = re.compile(r"^(?P<name>.+?)\s*,?\s+(?:in|near|outside)\s+(?P<town>[^,]+?)\s*$")


@dataclass(frozen=True)
class GeocodeResult:
    query: str
    geocoder: str | None  # which geocoder placed it; None when nothing did
    method: str = ""  # exact, normalised, fuzzy, icao, iata, name, town, near town, search
    precision: str = ""  # site, airfield, town, approximate
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

    @property
    def at_home(self) -> bool:
        """Placed in the United States or its territories: a home installation, not a base abroad."""
        return self.country in HOME_COUNTRIES

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
        self.airports = AirportsGeocoder()
        self.places = PlacesGeocoder() if use_places else None
        self.nominatim_agent = nominatim_agent
        self.cache = cache
        self._nominatim = None

    def geocode(self, query: str, near: str | None = None) -> GeocodeResult:
        """Offline geocoders in turn, then Nominatim when it is on. `near` is the town the
        text places the site in ("Rose Barracks in Vilseck"); a query of that form is split."""
        result = self._geocode_offline(query)
        if result is None and near is None:
            split = NAME_IN_TOWN.match(query)
            if split:
                result = self._geocode_offline(split.group("name"))
                near = split.group("town")
        if result is None and near:
            result = self._near_town(query, near)
        if result is not None:
            return result
        if self.nominatim_agent:
            return self._geocode_online(query)
        return GeocodeResult(query=query, geocoder=None)

    def _geocode_offline(self, query: str) -> GeocodeResult | None:
        """Known site names first; then an airfield of exactly that name or code; then a town
        of exactly that name; then a military airfield named without its kind; then a near
        spelling of a site (late, so that a real town is never taken for the base it resembles)."""
        location = self.gazetteer_geocoder.geocode(query, fuzzy=False)
        if location is not None:
            return _result(query, "gazetteer", location)
        location = self.airports.geocode(query)
        if location is not None:
            return _result(query, "airports", location)
        location = self.places.geocode(query) if self.places is not None else None
        if location is not None:
            return _result(query, "geonames", location)
        location = self.airports.geocode(query, bare_names=True)
        if location is not None:
            return _result(query, "airports", location)
        location = self.gazetteer_geocoder.geocode(query)
        if location is not None:
            return _result(query, "gazetteer", location)
        return None

    def _near_town(self, query: str, town: str) -> GeocodeResult | None:
        """A site the geocoders do not know, placed at the town the text names (precision "town")."""
        location = self.places.geocode(town) if self.places is not None else None
        if location is None:
            return None
        result = _result(query, "geonames", location)
        return GeocodeResult(**{**result.as_dict(), "method": "near town",
                                "source": f"{result.source}: the town the text places it in"})

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
