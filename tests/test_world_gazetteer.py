"""The worldwide gazetteer, US home installations, and the airports and towns geocoders."""

from __future__ import annotations

import json
import math
import re

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.geo.chain import HOME_COUNTRIES, GeocoderChain
from app.geo.gazetteer import gazetteer_records, load_gazetteer
from conftest import PROJECT, write_article

SITES_JSON = PROJECT / "data" / "gazetteer" / "sites.json"
RECORDS = gazetteer_records(SITES_JSON)
ABROAD = [r for r in RECORDS if not r.get("home")]
HOME = [r for r in RECORDS if r.get("home")]
PRESENCE = {"current", "access", "former", "none", "unknown"}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def chain() -> GeocoderChain:
    return GeocoderChain(load_gazetteer(SITES_JSON))


def _cli(*args: str):
    return CliRunner().invoke(cli, list(args))


# --- the data ------------------------------------------------------------------------------

def test_the_gazetteer_covers_the_world():
    countries = {r["country"] for r in ABROAD}
    assert len(ABROAD) >= 300, len(ABROAD)
    assert len(countries) >= 45, sorted(countries)
    for region in ("DE", "IT", "GB", "ES", "PL", "RO", "JP", "KR", "PH", "AU", "KG", "UZ", "QA", "DJ", "CU", "HN"):
        assert region in countries, region
    assert all(r["coord_source"].strip() for r in RECORDS)


def test_every_site_abroad_says_whether_us_forces_are_there():
    for record in ABROAD:
        assert record.get("us_presence") in PRESENCE, record["id"]
        if record["us_presence"] in {"current", "access", "former"}:
            assert isinstance(record.get("as_of"), int) and 1940 <= record["as_of"] <= 2030, record["id"]
    by_id = {r["id"]: r for r in ABROAD}
    assert by_id["manas"]["us_presence"] == "former" and by_id["manas"]["as_of"] == 2014
    assert by_id["keflavik"]["us_presence"] == "former"
    assert by_id["camp-humphreys"]["us_presence"] == "current"
    assert by_id["hmeimim"]["us_presence"] == "none"  # a Russian base


def test_home_installations_are_at_home_and_never_mapped():
    gazetteer = load_gazetteer(SITES_JSON)
    assert len(HOME) >= 40
    for record in HOME:
        assert record["country"] in HOME_COUNTRIES, record["id"]
        site = gazetteer.sites[record["id"]]
        assert site.home and site.is_us and not site.mapped
    assert all(gazetteer.sites[r["id"]].mapped for r in ABROAD if r.get("operator", "US") == "US")
    for name in ("Fort Bragg", "Fort Liberty", "Fort Hood", "Fort Cavazos", "Camp Lejeune", "Joint Base Lewis-McChord",
                 "Fort Campbell", "Fort Drum", "Fort Stewart", "Fort Bliss", "Camp Pendleton", "Naval Station Norfolk"):
        entry = gazetteer.lookup(name)
        assert entry is not None and gazetteer.sites[entry.site_id].home, name


def test_airportsdata_coordinates_are_the_packages():
    import airportsdata

    airports = airportsdata.load("ICAO")
    cited = [r for r in RECORDS if r["coord_source"].startswith("airportsdata")]
    assert len(cited) >= 150
    for record in cited:
        icao = re.search(r"ICAO ([A-Z0-9]{4})", record["coord_source"]).group(1)
        airport = airports[icao]
        assert km(record["lat"], record["lon"], airport["lat"], airport["lon"]) < 1.0, record["id"]


def test_geonames_coordinates_are_the_towns_they_name():
    from app.geo.places import _cities

    cities = _cities()
    cited = [r for r in RECORDS if re.search(r"GeoNames \d+", r["coord_source"])]
    assert len(cited) >= 100
    for record in cited:
        town = cities[re.search(r"GeoNames (\d+)", record["coord_source"]).group(1)]
        assert record["coord_source"].startswith("APPROXIMATE"), record["id"]
        assert km(record["lat"], record["lon"], town["latitude"], town["longitude"]) < 1.0, record["id"]


# --- basewatch geocode ----------------------------------------------------------------------

# Coordinates from the English Wikipedia infobox of each installation (Rose Barracks: the
# article 'Vilseck', the town the barracks belong to), written here rather than read from
# the gazetteer so that a wrong gazetteer entry fails.
ENCYCLOPEDIC = {
    "Ramstein Air Base": (49.4364, 7.6003),
    "Camp Humphreys": (36.9607, 127.0336),
    "Kadena Air Base": (26.3556, 127.7675),
    "Mihail Kogălniceanu air base": (44.3622, 28.4883),
    "Transit Center at Manas": (43.0614, 74.4778),
    "Camp Lemonnier": (11.5436, 43.1486),
    "Prince Sultan Air Base": (24.0628, 47.5806),
    "Rose Barracks": (49.6167, 11.8000),
    "Naval Station Rota": (36.6453, -6.3494),
    "Soto Cano": (14.3825, -87.6211),
}


@pytest.mark.parametrize("name", list(ENCYCLOPEDIC))
def test_geocode_places_bases_abroad_within_25_km(name, monkeypatch):
    monkeypatch.delenv("BASEWATCH_NOMINATIM", raising=False)
    result = _cli("geocode", name)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["geocoder"] in {"gazetteer", "airports", "geonames"}, answer
    assert answer["source"], answer
    lat, lon = ENCYCLOPEDIC[name]
    assert km(answer["lat"], answer["lon"], lat, lon) <= 25.0, answer


def test_geocode_places_an_unknown_barracks_at_its_town(monkeypatch):
    monkeypatch.delenv("BASEWATCH_NOMINATIM", raising=False)
    answer = json.loads(_cli("geocode", "Sheridan Kaserne in Bamberg").stdout)
    assert (answer["geocoder"], answer["method"], answer["precision"]) == ("geonames", "near town", "town")
    assert answer["site_id"] is None and answer["country"] == "DE"
    assert km(answer["lat"], answer["lon"], 49.8917, 10.8917) <= 10.0  # Wikipedia 'Bamberg' 49°53′N 10°53′E


@pytest.mark.parametrize("query, method", [
    ("ETEU", "icao"),  # Giebelstadt Army Air Field, not in the gazetteer
    ("Giebelstadt Army Air Field", "name"),
    ("Leeuwarden air base", "name"),
    ("Leeuwarden AFB", "name"),
    ("FRA airport", "iata"),
])
def test_the_airports_geocoder_places_airfields(chain, query, method):
    result = chain.geocode(query)
    assert (result.geocoder, result.method, result.precision) == ("airports", method, "airfield"), result
    assert result.source.startswith("airportsdata ICAO ")


def test_a_town_keeps_its_name_before_an_airfield_named_after_it(chain):
    result = chain.geocode("Leeuwarden")
    assert (result.geocoder, result.precision) == ("geonames", "town")


@pytest.mark.parametrize("query", ["PMF", "SDF", "ISIS"])
def test_bare_acronyms_are_not_airport_codes(chain, query):
    assert chain.geocode(query).geocoder != "airports"


def test_towns_are_found_worldwide_with_the_old_region_first(chain):
    amberg = chain.geocode("Amberg")
    assert (amberg.geocoder, amberg.country) == ("geonames", "DE")
    assert chain.geocode("Palmyra").country == "SY"  # not Palmyra, Pennsylvania


# --- extraction -----------------------------------------------------------------------------

def _extract(tmp_path, body: str) -> dict:
    path = write_article(tmp_path, "a.txt", body)
    result = _cli("extract", str(path), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_barracks_abroad_is_found(tmp_path):
    data = _extract(tmp_path, "The US Army began moving soldiers out of Rose Barracks in Vilseck on Monday.")
    assert [(s["id"], s["country"]) for s in data["sites"]] == [("rose-barracks", "DE")]


def test_a_withdrawal_from_a_barracks_abroad_is_found(tmp_path):
    data = _extract(tmp_path, "US soldiers began withdrawing from Rose Barracks in Vilseck on Monday.")
    assert [(e["site"], e["kind"], e["date"]) for e in data["events"]] == [
        ("rose-barracks", "withdrawal_started", "2026-02-23")]


def test_home_installations_yield_no_site(tmp_path):
    data = _extract(tmp_path, "The soldiers returned to Fort Bragg on Sunday after leaving Camp Humphreys. "
                              "Marines redeployed from Camp Lejeune to Kadena Air Base last month. "
                              "The brigade withdrew from Fort Cavazos and JBLM on Friday.")
    ids = {s["id"] for s in data["sites"]}
    assert ids == {"camp-humphreys", "kadena-air-base"}
    assert {e["site"] for e in data["events"]} <= ids


def test_home_names_the_gazetteer_lacks_yield_no_site(tmp_path):
    data = _extract(tmp_path, "The bombers flew back to Dyess Air Force Base on Sunday. "
                              "US troops withdrew to Fort Zzyzx on Monday.")
    assert data["sites"] == [] and data["events"] == []


def test_a_town_that_locates_a_site_is_not_another_site(tmp_path):
    """Pyeongtaek and Bamberg are place names of Camp Humphreys and Warner Barracks; after
    another site's name they only say where that site is."""
    data = _extract(tmp_path, "US troops left Osan Air Base in Pyeongtaek on Monday.")
    assert [s["id"] for s in data["sites"]] == ["osan-air-base"]
    data = _extract(tmp_path, "US soldiers began arriving at the base in Pyeongtaek on Monday.")
    assert [s["id"] for s in data["sites"]] == ["camp-humphreys"]


def test_an_unknown_kaserne_is_placed_at_its_town(tmp_path):
    data = _extract(tmp_path, "US troops began leaving Sheridan Kaserne near Bamberg on Monday.")
    [site] = data["sites"]
    assert (site["name"], site["geocoder"], site["geocode_precision"]) == ("Sheridan Kaserne", "geonames", "town")
    assert site["country"] == "DE" and km(site["lat"], site["lon"], 49.8917, 10.8917) <= 10.0
    assert [e["kind"] for e in data["events"]] == ["withdrawal_started"]


def test_the_town_index_is_cached_on_disk_and_rebuilt_when_unreadable(tmp_path, monkeypatch):
    from app.geo import places

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    places._town_index.cache_clear()
    try:
        built = places._town_index()
        [cache] = (tmp_path / "basewatch").glob("towns-*.marshal")
        places._town_index.cache_clear()
        assert places._town_index() == built  # read back from the file
        cache.write_bytes(b"not marshal data")
        places._town_index.cache_clear()
        assert places._town_index()["vilseck"].countrycode == "DE"  # rebuilt
        assert places._town_index() == built
    finally:
        places._town_index.cache_clear()
