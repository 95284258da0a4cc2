"""The gazetteer of known sites (data/gazetteer/sites.json and the files it includes) and its geopy-style geocoder."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geopy.location import Location
from rapidfuzz import fuzz, process

from app.geo.names import normalise
from app.geo.places import REGION

# Chosen with benchmarks/fuzzy_threshold.py: the lowest score with no wrong site and
# precision of at least 0.9995 on negatives that reach fuzzy matching (towns the
# airports and towns geocoders answer never do). Measured over 365 sites: at 93, 2 of
# 20,473 negatives matched (the hamlets Clarkfield, US -> Clark Field; La Farge, US ->
# Lafarge), precision 0.9996, with 67% of ~7,100 generated misspellings and 15 of 28
# hand-written news spellings found; at 96 none matched but recall fell to 0.39.
FUZZY_THRESHOLD = 93.0
US_OPERATORS = frozenset({"US", "US-led coalition", "coalition"})


@dataclass(frozen=True)
class GazetteerSite:
    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    coord_source: str
    aliases: tuple[str, ...] = ()
    place_aliases: tuple[str, ...] = ()
    operator: str = "US"
    notes: str = ""
    home: bool = False  # a US installation in the states or territories: recognised, never mapped
    us_presence: str = "unknown"  # current, access, former, none or unknown, as of `as_of`
    as_of: int | None = None

    @property
    def is_us(self) -> bool:
        return self.operator in US_OPERATORS

    @property
    def mapped(self) -> bool:
        """A US site abroad: the only kind that gets events and a place on the map."""
        return self.is_us and not self.home


@dataclass(frozen=True)
class IndexEntry:
    site_id: str
    place_only: bool  # a town's name: names the site only where US forces are said to be there


@dataclass
class Gazetteer:
    sites: dict[str, GazetteerSite]
    index: dict[str, IndexEntry] = field(default_factory=dict)
    max_key_tokens: int = 1
    key_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # first word -> key sizes, longest first
    fuzzy_keys: list[str] = field(default_factory=list)  # the names near spellings are matched against

    @classmethod
    def from_records(cls, records: list[dict]) -> "Gazetteer":
        sites = {}
        for record in records:
            site = GazetteerSite(
                id=record["id"], name=record["name"], kind=record.get("kind", "base"),
                country=record["country"], lat=float(record["lat"]), lon=float(record["lon"]),
                coord_source=record.get("coord_source", ""),
                aliases=tuple(record.get("aliases", ())),
                place_aliases=tuple(record.get("place_aliases", ())),
                operator=record.get("operator", "US"), notes=record.get("notes", ""),
                home=bool(record.get("home", False)), us_presence=record.get("us_presence", "unknown"),
                as_of=record.get("as_of"),
            )
            sites[site.id] = site
        gazetteer = cls(sites)
        gazetteer._build_index()
        return gazetteer

    def _build_index(self) -> None:
        for site in self.sites.values():
            for name in (site.name, *site.aliases):
                self._add(normalise(name), IndexEntry(site.id, place_only=False))
            for name in site.place_aliases:
                self._add(normalise(name), IndexEntry(site.id, place_only=True))
        self.max_key_tokens = max((key.count(" ") + 1 for key in self.index), default=1)
        lengths: dict[str, set[int]] = {}
        for key in self.index:
            words = key.split(" ")
            lengths.setdefault(words[0], set()).add(len(words))
        self.key_lengths = {word: tuple(sorted(sizes, reverse=True)) for word, sizes in lengths.items()}
        # Near spellings of a bare town name count only where the towns geocoder knows
        # villages down to 500 inhabitants (REGION): elsewhere "Roughton" or "Clarissa",
        # hamlets it does not hold, would be taken for RAF Croughton or Larissa.
        self.fuzzy_keys = [key for key, entry in self.index.items()
                           if not entry.place_only or self.sites[entry.site_id].country in REGION]

    def _add(self, key: str, entry: IndexEntry) -> None:
        if key and (key not in self.index or self.index[key].place_only and not entry.place_only):
            self.index[key] = entry

    def lookup(self, name: str) -> IndexEntry | None:
        return self.index.get(normalise(name))

    def best_fuzzy(self, name: str) -> tuple[IndexEntry | None, float]:
        """The closest known name, at any score."""
        key = normalise(name)
        if len(key) < 4:
            return None, 0.0
        best = process.extractOne(key, self.fuzzy_keys, scorer=fuzz.ratio)
        return (self.index[best[0]], best[1]) if best else (None, 0.0)

    def fuzzy(self, name: str) -> tuple[IndexEntry, float] | None:
        entry, score = self.best_fuzzy(name)
        return (entry, score) if entry is not None and score >= FUZZY_THRESHOLD else None


def gazetteer_records(path: Path) -> list[dict]:
    """The site records of a gazetteer file and of the files its `include` names (beside it)."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return list(data)
    records = list(data["sites"])
    for name in data.get("include", ()):
        records += gazetteer_records(path.parent / name)
    return records


def load_gazetteer(path: Path) -> Gazetteer:
    return Gazetteer.from_records(gazetteer_records(path))


@lru_cache(maxsize=4)
def cached_gazetteer(path: str) -> Gazetteer:
    return load_gazetteer(Path(path))


class GazetteerGeocoder:
    """geopy-style geocoder over the gazetteer: exact, then normalised, then fuzzy."""

    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._exact = {n: s.id for s in gazetteer.sites.values() for n in (s.name, *s.aliases)}

    def geocode(self, query: str, exactly_one: bool = True, fuzzy: bool = True) -> Location | None:
        site_id, method, score = self._match(query, fuzzy)
        if site_id is None:
            return None
        site = self.gazetteer.sites[site_id]
        raw = {"site_id": site.id, "method": method, "score": score, "country": site.country,
               "precision": "site", "source": site.coord_source, "home": site.home}
        location = Location(site.name, (site.lat, site.lon), raw)
        return location if exactly_one else [location]

    def _match(self, query: str, fuzzy: bool = True) -> tuple[str | None, str, float]:
        if query in self._exact:
            return self._exact[query], "exact", 100.0
        entry = self.gazetteer.lookup(query)
        if entry:
            return entry.site_id, "normalised", 100.0
        found = self.gazetteer.fuzzy(query) if fuzzy else None
        if found:
            return found[0].site_id, "fuzzy", round(found[1], 1)
        return None, "", 0.0
