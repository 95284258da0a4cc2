"""Offline airports geocoder over the airportsdata package (MIT): ICAO codes, IATA codes
written as "XXX airport", and airport names, with ICAO reference points."""

from __future__ import annotations

import re
from functools import lru_cache

from geopy.location import Location

from app.geo.names import normalise

ICAO = re.compile(r"[A-Z]{4}")
# A bare three-letter word is too often something else ("PMF base", "SDF"), so IATA codes
# count only where the text says they are an airport's.
IATA = re.compile(r"(?P<code>[A-Z]{3})\s+(?:airport|airfield)", re.IGNORECASE)
# Names of military airfields without their kind, so that the "Kleine Brogel" of
# "Kleine Brogel air base" finds "Kleine Brogel Air Base".
MILITARY_KIND = re.compile(
    r"\s+(?:military\s+air\s+base|air\s+force\s+base|afb|air\s+base|airbase|army\s+air\s+field|army\s+airfield|"
    r"army\s+heliport|air\s+station|naval\s+air\s+station|air\s+field|airfield)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _airports() -> dict[str, dict]:
    import airportsdata  # imported here: 28,000 airports, only when needed

    return airportsdata.load("ICAO")


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, dict], dict[str, dict], dict[str, dict]]:
    """(IATA code -> airport, normalised name -> airport, military name without its kind -> airport).
    Where two airports share a name, the one with an IATA code (the one with scheduled
    traffic, as a rule) is kept."""
    by_iata: dict[str, dict] = {}
    by_name: dict[str, dict] = {}
    by_base: dict[str, dict] = {}
    for airport in _airports().values():
        if airport["iata"]:
            by_iata[airport["iata"]] = airport
        _keep(by_name, normalise(airport["name"]), airport)
        bare = MILITARY_KIND.sub("", airport["name"])
        if bare != airport["name"]:
            _keep(by_base, normalise(bare), airport)
    return by_iata, by_name, by_base


def _keep(index: dict[str, dict], key: str, airport: dict) -> None:
    if key and (key not in index or not index[key]["iata"] and airport["iata"]):
        index[key] = airport


class AirportsGeocoder:
    """geopy-style geocoder: an airfield's code or name to its ICAO reference point
    (precision "airfield")."""

    name = "airports"

    def geocode(self, query: str, exactly_one: bool = True, bare_names: bool = False) -> Location | None:
        """`bare_names`: also take a name as a military airfield's without its kind
        ("Kleine Brogel" for "Kleine Brogel Air Base")."""
        found = self._match(query.strip(), bare_names)
        if found is None:
            return None
        airport, method = found
        raw = {"method": method, "country": airport["country"], "precision": "airfield", "score": 100.0,
               "source": f"airportsdata ICAO {airport['icao']} ({airport['name']})", "icao": airport["icao"]}
        location = Location(airport["name"], (airport["lat"], airport["lon"]), raw)
        return location if exactly_one else [location]

    def _match(self, query: str, bare_names: bool) -> tuple[dict, str] | None:
        by_iata, by_name, by_base = _indexes()
        if ICAO.fullmatch(query) and query in _airports():
            return _airports()[query], "icao"
        code = IATA.fullmatch(query)
        if code and code.group("code").upper() in by_iata:
            return by_iata[code.group("code").upper()], "iata"
        key = normalise(query)
        if key in by_name:
            return by_name[key], "name"
        if bare_names:
            bare = normalise(MILITARY_KIND.sub("", query))
            if bare in by_base:
                return by_base[bare], "name"
        return None
