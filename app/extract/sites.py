"""Site mentions in a sentence: gazetteer names first, then "X base"-style patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.geo.gazetteer import Gazetteer
from app.geo.names import normalise, slugify, tokens

MILITARY_CUE = re.compile(
    r"\b(?:troops?|forces?|soldiers?|military|coalition|personnel|base|bases|garrison|deployed|"
    r"stationed|withdraw\w*|redeploy\w*|relocat\w*|pull\w* out|pullout|marines?|army|convoys?|"
    r"airbase|air base|outpost)\b",
    re.IGNORECASE,
)
FORCES_NEAR = re.compile(
    r"\b(?:troops|forces|soldiers|personnel|base|bases|garrison|service members|marines|airmen|servicemen|"
    r"redeploy\w*|relocat\w*|stationed|deployed|based|contingent|airfield|air base|drone base|installation|facility|facilities|coalition)\b", re.IGNORECASE)
TOWN_NOT_BASE_AFTER = re.compile(r"[\s,]*(?:and \w+ )?(?:province|provinces|city|governorate|district|town|region|countryside|residents|bazaar)\b", re.IGNORECASE)
TOWN_NOT_BASE_BEFORE = re.compile(r"\b(?:city|town|province|governorate|district|capital|outskirts) of\s+$|\bcapital,?\s+$", re.IGNORECASE)
_NAME_WORD = r"(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*|el-[A-Z][\w'’-]*|\d+[A-Za-z]?)"
_SUFFIX = r"(?:air\s*base|airbase|air\s+field|airfield|airstrip|base|garrison|outpost|landing\s+zone)"
_PREFIX = (r"(?:Camp|Forward\s+Operating\s+Base|FOB|Mission\s+Support\s+Site|MSS|Patrol\s+Base|"
           r"Combat\s+Outpost|COP|Joint\s+Base|Tower|Air\s+Base|Naval\s+Support\s+Activity|Firebase)")
NAME_THEN_KIND = re.compile(rf"\b(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})\s+(?P<kind>{_SUFFIX})\b")
KIND_THEN_NAME = re.compile(rf"\b(?P<kind>{_PREFIX})\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})")
# Words that make "X base" a description rather than a name.
NOT_A_NAME = frozenset(normalise(word) for word in (
    "US U.S. USA American America Iraqi Iraq Syrian Syria Russian Russia Turkish Turkey Iranian Iran "
    "Kurdish Jordanian Jordan Afghan Afghanistan Nigerien Niger Chadian Chad Israeli Qatari Saudi "
    "Emirati Kuwaiti Coalition Army Military Navy Air Force Marine Marines Pentagon The A An Its Their This "
    "That These Those Key Main Largest Last Remaining Former New Old Another Major Big Small Strategic "
    "Northern Southern Eastern Western Central North South East West Northeastern Northwestern "
    "Southeastern Southwestern Regional Local Government Regime SDF Kurdistan Islamic State ISIS IS ISIL "
    "Hezbollah Houthi Houthis NATO CENTCOM AFRICOM Command Operation Inherent Resolve One Two Three Four "
    "Five Several Some Many Both Each Every Other Such Forward Operating Support Mission Joint Combat "
    "Patrol Home Key Frontline Desert Hamas Israel Wagner Africa Corps Unit Units Special Secret "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Residents Forces Force Special Soviet "
    "Ottoman French British Allied Enemy Militia Rebel Insurgent Taliban Top Sole Only".split()
))
NOT_A_NAME_OR_EMPTY = NOT_A_NAME | {""}
STOP_AFTER_PREFIX = frozenset({"of", "in", "at", "near"})
MAX_NAME = 80  # characters, of the name and of its slug; real base names are far shorter


@dataclass(frozen=True)
class SiteMention:
    start: int  # offsets into the sentence
    end: int
    text: str
    site_id: str | None  # a gazetteer site, or None for a name the gazetteer lacks
    name: str  # the name as written, without "base"/"Camp"
    via: str  # alias, place, pattern


def gazetteer_mentions(sentence: str, gazetteer: Gazetteer) -> list[SiteMention]:
    words = tokens(sentence)
    found: list[SiteMention] = []
    i = 0
    while i < len(words):
        sizes = gazetteer.key_lengths.get(words[i].norm, ()) if words[i].capitalised else ()
        for size in sizes:
            if i + size > len(words):
                continue
            key = " ".join(w.norm for w in words[i:i + size])
            entry = gazetteer.index.get(key)
            if entry is None or not words[i].capitalised:
                continue
            start, end = words[i].start, words[i + size - 1].end
            if entry.place_only and not _names_the_base(sentence, start, end):
                continue
            start = _include_article(sentence, start)
            found.append(SiteMention(start, end, sentence[start:end], entry.site_id, sentence[start:end],
                                     "place" if entry.place_only else "alias"))
            i += size
            break
        else:
            i += 1
    return found


def _names_the_base(sentence: str, start: int, end: int) -> bool:
    """A town's name stands for its base only beside words for troops or a base:
    "US soldiers will relocate to Erbil", "a base in Rmelan" — not "Kandahar province"."""
    if TOWN_NOT_BASE_AFTER.match(sentence, end) or TOWN_NOT_BASE_BEFORE.search(sentence[max(0, start - 20):start]):
        return False
    return bool(FORCES_NEAR.search(sentence[max(0, start - 70):min(len(sentence), end + 90)]))


def _include_article(sentence: str, start: int) -> int:
    match = re.search(r"\b(?:(?:[Aa]l|[Ee]l)[-\s]|(?:[Aa][nrstdz]|[Aa]sh)-)$", sentence[max(0, start - 4):start])
    return start - len(match.group()) if match else start


DESCRIPTIVE_SUFFIX = re.compile(r"-(?:built|led|run|era|held|controlled|backed|operated|based|made)$", re.IGNORECASE)


def _clean_name(name: str) -> str | None:
    words = name.split()
    if any(DESCRIPTIVE_SUFFIX.search(word) for word in words):
        return None
    while words and normalise(words[0]) in NOT_A_NAME_OR_EMPTY:
        words.pop(0)
    if not words or all(normalise(w) in NOT_A_NAME for w in words):
        return None
    if words[0].lower() in STOP_AFTER_PREFIX:
        return None
    name = " ".join(words)
    if len(name) > MAX_NAME or len(slugify(name)) > MAX_NAME:  # the store keeps ids of 120
        return None
    return name


def pattern_mentions(sentence: str, taken: list[SiteMention]) -> list[SiteMention]:
    """Names the gazetteer lacks: "the K1 base", "Tower 22", "Camp Taji"."""
    found: list[SiteMention] = []
    for pattern in (KIND_THEN_NAME, NAME_THEN_KIND):
        for match in pattern.finditer(sentence):
            if any(m.start < match.end() and match.start() < m.end for m in taken + found):
                continue
            name = _clean_name(match.group("name"))
            if name is None:
                continue
            kind = match.group("kind")
            if pattern is KIND_THEN_NAME:
                name = f"{kind} {name}" if kind in {"Tower", "Camp", "Firebase"} else name
                if kind in {"Tower"} and not re.match(r"\d", name.split()[-1]):
                    continue
            start = sentence.find(name.split()[0], match.start()) if pattern is NAME_THEN_KIND else match.start()
            found.append(SiteMention(start, match.end(), sentence[start:match.end()], None, name, "pattern"))
    return found


def find_site_mentions(sentence: str, gazetteer: Gazetteer) -> list[SiteMention]:
    mentions = gazetteer_mentions(sentence, gazetteer)
    mentions += pattern_mentions(sentence, mentions)
    return sorted(mentions, key=lambda m: m.start)
