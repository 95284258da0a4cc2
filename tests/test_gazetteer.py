"""The bundled gazetteer, name matching, and the geocoder chain (gazetteer -> GeoNames -> Nominatim)."""

from __future__ import annotations

import json
import re

import pytest
from geopy.location import Location
from typer.testing import CliRunner

from app.geo.chain import GeocoderChain
from app.geo.gazetteer import Gazetteer, GazetteerGeocoder, gazetteer_records, load_gazetteer
from app.geo.names import normalise
from conftest import PROJECT

SITES_JSON = PROJECT / "data" / "gazetteer" / "sites.json"
RECORDS = gazetteer_records(SITES_JSON)
KINDS = {"air_base", "garrison", "camp", "patrol_base", "airfield", "airport_complex", "oilfield_outpost",
         "naval_base", "outpost"}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(SITES_JSON)


@pytest.fixture(scope="module")
def chain(gazetteer) -> GeocoderChain:
    return GeocoderChain(gazetteer)  # no Nominatim agent: offline


# --- the data file -------------------------------------------------------------------------

def test_gazetteer_loads_with_enough_sites(gazetteer):
    assert len(RECORDS) >= 60
    assert len(gazetteer.sites) == len(RECORDS)


def test_site_ids_are_unique_slugs():
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids))
    for site_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", site_id), site_id


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_site_record_is_complete(record):
    for key in ("id", "name", "kind", "country", "lat", "lon", "coord_source", "aliases"):
        assert key in record, key
    assert record["name"].strip()
    assert record["kind"] in KINDS
    assert re.fullmatch(r"[A-Z]{2}", record["country"]), record["country"]
    assert record["coord_source"].strip()
    assert isinstance(record["lat"], (int, float)) and -90 <= record["lat"] <= 90
    assert isinstance(record["lon"], (int, float)) and -180 <= record["lon"] <= 180
    assert (record["lat"], record["lon"]) != (0, 0)
    assert all(isinstance(a, str) and a.strip() for a in record["aliases"] + record.get("place_aliases", []))


def test_no_name_belongs_to_two_sites_after_normalisation():
    owners: dict[str, set[str]] = {}
    for record in RECORDS:
        for name in (record["name"], *record["aliases"], *record.get("place_aliases", [])):
            owners.setdefault(normalise(name), set()).add(record["id"])
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}


@pytest.mark.parametrize("town", ["Baghdad", "Hasakah", "Damascus", "Kabul", "Amman", "Syria", "Iraq"])
def test_cities_and_countries_are_never_aliases(gazetteer, town):
    assert gazetteer.lookup(town) is None


def test_non_us_sites_are_flagged(gazetteer):
    for site_id in ("hmeimim", "tartus-naval-facility", "tiyas-t4", "zilkan-bashiqa", "pla-djibouti"):
        assert gazetteer.sites[site_id].is_us is False, site_id
    for site_id in ("ain-al-asad", "al-tanf", "tower-22", "bagram", "niger-air-base-201"):
        assert gazetteer.sites[site_id].is_us is True, site_id
    operators = {r["id"]: r.get("operator", "US") for r in RECORDS}
    assert {s.id for s in gazetteer.sites.values() if not s.is_us} == {
        i for i, op in operators.items() if op not in {"US", "US-led coalition", "coalition"}}


def test_operator_decides_is_us():
    records = [
        {"id": "a", "name": "Alpha Base", "country": "IQ", "lat": 1, "lon": 1, "operator": "US"},
        {"id": "b", "name": "Bravo Base", "country": "SY", "lat": 2, "lon": 2, "operator": "RU"},
        {"id": "c", "name": "Charlie Base", "country": "SY", "lat": 3, "lon": 3},
    ]
    sites = Gazetteer.from_records(records).sites
    assert (sites["a"].is_us, sites["b"].is_us, sites["c"].is_us) == (True, False, True)


# --- matching ------------------------------------------------------------------------------

@pytest.mark.parametrize("query, site_id, method", [
    ("Ayn al-Asad", "ain-al-asad", "exact"),
    ("AIN AL ASAD", "ain-al-asad", "normalised"),
    ("ʿAyn al-Asad airbase", "ain-al-asad", "normalised"),
    ("Ain al-Asaad", "ain-al-asad", "fuzzy"),
    ("Kharab al-Jir", "rmelan-kharab-al-jir", "exact"),
    ("Rmelan", "rmelan-kharab-al-jir", "normalised"),
    ("Rumeilan", "rmelan-kharab-al-jir", "normalised"),
    ("Baghdad airport", "victory-base-complex", "exact"),
    ("Victory Base Complex", "victory-base-complex", "exact"),
    ("Conoco", "mss-conoco", "exact"),
    ("Mission Support Site Euphrates", "mss-conoco", "exact"),
    ("the Tanf garrison", "al-tanf", "normalised"),
    ("Shadaddi", "al-shaddadi", "fuzzy"),
])
def test_gazetteer_geocoder_records_the_method(gazetteer, query, site_id, method):
    location = GazetteerGeocoder(gazetteer).geocode(query)
    assert location is not None
    assert location.raw["site_id"] == site_id
    assert location.raw["method"] == method
    assert location.raw["precision"] == "site"
    site = gazetteer.sites[site_id]
    assert (location.latitude, location.longitude) == (site.lat, site.lon)
    assert location.raw["source"] == site.coord_source
    if method == "fuzzy":
        assert 0 < location.raw["score"] < 100
    else:
        assert location.raw["score"] == 100.0


@pytest.mark.parametrize("names", [
    ["Ain al-Asad", "Ayn al-Asad", "AIN AL ASAD", "Ain al-Asaad", "Al Asad Air Base"],
    ["Rumeilan", "Kharab al-Jir", "Rmelan"],
    ["Baghdad airport", "Victory Base Complex", "Camp Victory"],
    ["Conoco", "Mission Support Site Euphrates", "MSS Conoco"],
])
def test_names_of_one_site_resolve_to_it(chain, names):
    ids = {chain.geocode(name).site_id for name in names}
    assert len(ids) == 1 and None not in ids


@pytest.mark.parametrize("town", ["Baghdad", "Hasakah"])
def test_a_town_name_is_not_a_site(gazetteer, chain, town):
    assert GazetteerGeocoder(gazetteer).geocode(town) is None
    result = chain.geocode(town)
    assert result.site_id is None
    assert result.geocoder == "geonames" and result.precision == "town"


@pytest.mark.parametrize("phrase", ["US base", "military airport", "air base", "Iraq", "the base"])
def test_generic_phrases_match_nothing(gazetteer, phrase):
    assert GazetteerGeocoder(gazetteer).geocode(phrase) is None


# --- the chain -----------------------------------------------------------------------------

def test_chain_gazetteer_first(chain):
    result = chain.geocode("Ain al-Asad")
    assert (result.geocoder, result.method, result.precision, result.site_id) == (
        "gazetteer", "exact", "site", "ain-al-asad")
    assert result.country == "IQ" and result.located


def test_chain_falls_back_to_geonames_towns(chain):
    result = chain.geocode("Tell Tamer")
    assert (result.geocoder, result.method, result.precision) == ("geonames", "town", "town")
    assert result.site_id is None
    assert result.country == "SY"
    assert 36.5 < result.lat < 36.8 and 40.3 < result.lon < 40.5
    assert result.source.startswith("GeoNames ")


def test_chain_gives_nothing_for_an_unknown_name(chain):
    result = chain.geocode("Zzyzx Qqorb")
    assert result.geocoder is None and not result.located and result.site_id is None


def test_nominatim_is_off_by_default(settings, monkeypatch):
    from app.core.context import build_geocoder
    import app.geo.chain as chain_module

    def no_network(_agent):
        raise AssertionError("Nominatim must not be called when it is off")

    monkeypatch.setattr(chain_module, "_nominatim", no_network)
    assert settings.nominatim is False
    geocoder = build_geocoder(settings)
    assert geocoder.nominatim_agent is None
    assert geocoder.geocode("Zzyzx Qqorb").geocoder is None


class MemoryCache:
    def __init__(self):
        self.data: dict[str, dict] = {}

    def get(self, key):
        return self.data.get(key)

    def put(self, key, value):
        self.data[key] = value


class FakeNominatim:
    def __init__(self, answers: dict[str, Location | None]):
        self.answers = answers
        self.calls: list[str] = []

    def __call__(self, query, exactly_one=True):
        self.calls.append(query)
        return self.answers.get(query)


def _online_chain(gazetteer, cache, fake) -> GeocoderChain:
    chain = GeocoderChain(gazetteer, use_places=False, nominatim_agent="basewatch-tests", cache=cache)
    chain._nominatim = fake  # injected: tests never reach the network
    return chain


def test_nominatim_answer_is_used_and_cached(gazetteer):
    cache = MemoryCache()
    fake = FakeNominatim({"Zzyzx Qqorb": Location("Zzyzx Qqorb, Somewhere", (31.5, 40.25), {})})
    result = _online_chain(gazetteer, cache, fake).geocode("Zzyzx Qqorb")
    assert (result.geocoder, result.method, result.precision) == ("nominatim", "search", "approximate")
    assert (result.lat, result.lon) == (31.5, 40.25)
    assert result.source == "OpenStreetMap Nominatim"
    assert fake.calls == ["Zzyzx Qqorb"]
    # a second chain with the same cache answers from it, without asking again
    again_fake = FakeNominatim({})
    again = _online_chain(gazetteer, cache, again_fake).geocode("ZZYZX  qqorb")
    assert again_fake.calls == []
    assert (again.geocoder, again.lat, again.lon) == ("nominatim", 31.5, 40.25)


def test_nominatim_miss_is_cached_too(gazetteer):
    cache, fake = MemoryCache(), FakeNominatim({})
    chain = _online_chain(gazetteer, cache, fake)
    assert chain.geocode("Nowhere Atall").geocoder is None
    assert chain.geocode("Nowhere Atall").geocoder is None
    assert fake.calls == ["Nowhere Atall"]


def test_nominatim_is_not_asked_for_known_sites(gazetteer):
    fake = FakeNominatim({})
    assert _online_chain(gazetteer, MemoryCache(), fake).geocode("Qasrak").geocoder == "gazetteer"
    assert fake.calls == []


def test_nominatim_answers_are_cached_in_the_store(gazetteer, engine):
    from app.store.writer import StoreGeocodeCache

    fake = FakeNominatim({"Zzyzx Qqorb": Location("Zzyzx Qqorb", (31.5, 40.25), {})})
    assert _online_chain(gazetteer, StoreGeocodeCache(engine), fake).geocode("Zzyzx Qqorb").located
    later_fake = FakeNominatim({})
    result = _online_chain(gazetteer, StoreGeocodeCache(engine), later_fake).geocode("Zzyzx Qqorb")
    assert later_fake.calls == []
    assert (result.geocoder, result.lat, result.lon) == ("nominatim", 31.5, 40.25)


# --- basewatch geocode -----------------------------------------------------------------------

@pytest.mark.parametrize("name, geocoder", [("Ayn al-Asad", "gazetteer"), ("Tell Tamer", "geonames")])
def test_geocode_command_names_the_geocoder(name, geocoder, monkeypatch):
    from app.cli import cli

    monkeypatch.delenv("BASEWATCH_NOMINATIM", raising=False)
    result = CliRunner().invoke(cli, ["geocode", name])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["geocoder"] == geocoder
    assert answer["query"] == name
