"""Site mentions in a sentence: gazetteer names first, then the naming patterns of
data/lexicon/site_names.yaml ("Camp X", "X Barracks", "Naval Station X")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.geo.gazetteer import Gazetteer
from app.geo.names import normalise, slugify, tokens

MILITARY_CUE = re.compile(
    r"\b(?:troops?|forces?|soldiers?|military|coalition|personnel|base|bases|garrison|deployed|"
    r"stationed|withdraw\w*|redeploy\w*|relocat\w*|pull\w* out|pullout|marines?|army|convoys?|"
    r"airbase|air base|outpost|battalion|regiment|brigade|squadron|division)\b",
    re.IGNORECASE,
)
FORCES_NEAR = re.compile(
    r"\b(?:troops|forces|soldiers|personnel|base|bases|garrison|service members|marines|airmen|servicemen|"
    r"redeploy\w*|relocat\w*|stationed|deployed|based|contingent|airfield|air base|drone base|installation|facility|facilities|coalition|"
    # outside the Middle East the forces are often named by service or by ship: "the US Navy",
    # "destroyers homeported at Rota", "the Air Force's refuelling wing at Mildenhall"
    r"Navy|Air Force|sailors|destroyers|warships|homeported|squadrons?|fighter wing|air wing|airlift wing|refuell?ing wing|"
    r"naval air station|air station|naval station|naval base|Americans|positions|outposts|sites|regiment|brigade|battalion|Aegis|"
    r"Fleet|aircraft carrier|carrier|amphibious|home port|(?-i:US|U\.S\.) Army)\b", re.IGNORECASE)
TOWN_NOT_BASE_AFTER = re.compile(r"[\s,]*(?:and \w+ )?(?:province|provinces|city|governorate|district|town|region|countryside|residents|bazaar)\b", re.IGNORECASE)
TOWN_NOT_BASE_BEFORE = re.compile(r"\b(?:city|town|province|governorate|district|capital|outskirts) of\s+$|\bcapital,?\s+$", re.IGNORECASE)
# "pulled its troops out of the city of Manbij", "left the town of X": US forces leaving a town
# leave the posts they held there.
LEFT_THE_TOWN = re.compile(r"\b(?:left|leave|leaving|out of|withdr[a-z]+ from|evacuated|vacated|abandoned|handed over|turned over|handed)\s+the\s+(?:city|town) of\s+$", re.IGNORECASE)
STATIONED_BEFORE = re.compile(r"\b(?:stationed|based|deployed|garrisoned)\s+(?:at|in)\b[^.;]*$", re.IGNORECASE)
# A capitalised word right after a town's name makes it part of a longer name (a person, a firm),
# unless that word is one of the kinds of installation ("Rota Naval Station").
PART_OF_A_LONGER_NAME = re.compile(r"[ \t]+(?!(?:Air|Airbase|Airfield|Airport|Base|Naval|Camp|Garrison|Barracks|Station|Field|"
                                   r"International|Army|Marine|Military|Transit|Kaserne|AB|AFB)\b)[A-Z][a-z]")
US_SIDE = re.compile(r"\b(?:US|U\.S\.|United States|Americans?|[Cc]oalition|Pentagon)\b")
FORCES_IN_THE_TOWN = re.compile(r"\b(?:troops|forces|soldiers|personnel|Marines|advisers)\s+(?:\w+\s+){0,2}(?:are|were|remain|remained|stayed|stay)\s+"
                                r"(?:still\s+)?(?:at|in)\s+the\s+(?:\w+\s+)?(?:city|town|port) of\s+$", re.IGNORECASE)
INSTALLATION_BEFORE = re.compile(r"\b(?:Site|Base|Station|Center|Centre|Location|Airfield|Garrison|Outpost)\s+$")
GIVEN_NAME_BEFORE = re.compile(r"(?:\b(?!(?:In|At|From|To|Near|The|And|But|On|For|Of|By|With|Outside|Around|Inside|Into|Via|"
                               r"Both|Only|Like|As|After|Before|Since|Until|While|Where|When|US|U\.S\.|American|Site|Base|Station|Center|Centre|Location|Camp|Airfield|Airport|Field|Barracks|Garrison|Point|Outpost)\b)[A-Z][a-z]+|"
                               r"\b(?:Gen|Col|Lt|Sgt|Adm|Maj|Capt|Cpl|Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Pres)\.) $")  # one space: "Japan's Kadena" is not a name
SITE_NAMES = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "site_names.yaml"


@dataclass(frozen=True)
class NamePattern:
    """One naming habit from data/lexicon/site_names.yaml ("Camp X", "X Barracks")."""
    kind: str  # regular expression of the kind words
    kind_first: bool
    keep_kind: bool = False
    needs_number: bool = False
    home: bool = False
    example: str = ""
    finds: str = ""
    near: str | None = None


@dataclass(frozen=True)
class SiteNames:
    patterns: tuple[NamePattern, ...]
    kind_then_name: re.Pattern
    name_then_kind: re.Pattern
    near_town: re.Pattern
    not_a_name: frozenset[str]


def _alternation(patterns: list[tuple[int, NamePattern]]) -> str:
    return "|".join(f"(?P<k{i}>{p.kind})" for i, p in patterns)


def load_site_names(path: Path = SITE_NAMES) -> SiteNames:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    patterns = [NamePattern(kind_first=True, **entry) for entry in data["kind_first"]]
    patterns += [NamePattern(kind_first=False, **entry) for entry in data["name_first"]]
    numbered = list(enumerate(patterns))
    word = data["name_word"]
    first = _alternation([(i, p) for i, p in numbered if p.kind_first])
    then = _alternation([(i, p) for i, p in numbered if not p.kind_first])
    return SiteNames(
        patterns=tuple(patterns),
        # "Camp Taji": the kind, then up to three name words
        kind_then_name=re.compile(rf"\b(?P<kind>{first})\s+(?P<name>{word}(?:\s+{word}){{0,2}})"),
        # "Rose Barracks": the shortest run of name words before a kind, so that
        # "Giebelstadt Army Airfield" is "Giebelstadt" + "Army Airfield"
        name_then_kind=re.compile(rf"\b(?P<name>{word}(?:\s+{word}){{0,3}}?)\s+(?P<kind>{then})\b"),
        near_town=re.compile(data["near_town"]),
        not_a_name=frozenset(normalise(w) for w in data["not_a_name"].split()),
    )


NAMES = load_site_names()
NOT_A_NAME = NAMES.not_a_name
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
    near: str | None = None  # the town the sentence places a pattern name in ("Rose Barracks in Vilseck")


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
    if INSTALLATION_BEFORE.search(sentence[max(0, start - 12):start]):
        return True  # "Forward Operating Site Mihail Kogalniceanu": the town's name is the installation's
    if FORCES_IN_THE_TOWN.search(sentence[max(0, start - 80):start]):
        return True  # "US forces were still at the port city of Kismayo": where they are, its base
    if TOWN_NOT_BASE_AFTER.match(sentence, end):
        return False
    if PART_OF_A_LONGER_NAME.match(sentence, end) or GIVEN_NAME_BEFORE.search(sentence[max(0, start - 20):start]):
        return False  # "Omar Torrijos", "Manas Airlines", "Gen. Wesley Clark": the town's word is part of another name
    if LEFT_THE_TOWN.search(sentence[max(0, start - 50):start]):
        return bool(FORCES_NEAR.search(sentence) or US_SIDE.search(sentence))
    stationed = STATIONED_BEFORE.search(sentence[max(0, start - 120):start])
    if TOWN_NOT_BASE_BEFORE.search(sentence[max(0, start - 20):start]) and not stationed:
        return False  # "the city of Kismayo" is a city, unless troops are "based at ... the port city of Kismayo"
    return bool(stationed or FORCES_NEAR.search(sentence[max(0, start - 70):min(len(sentence), end + 90)]))


def _include_article(sentence: str, start: int) -> int:
    match = re.search(r"\b(?:(?:[Aa]l|[Ee]l)[-\s]|(?:[Aa][nrstdz]|[Aa]sh)-)$", sentence[max(0, start - 4):start])
    return start - len(match.group()) if match else start


# "an African Union base", "a UN base": named by the force that holds it, which is not a US one.
OTHERS_BASE = re.compile(r"\b(?:African Union|AMISOM|ATMIS|United Nations|UN|UNIFIL|MINUSMA|MONUSCO)\b")
DESCRIPTIVE_SUFFIX = re.compile(r"-(?:built|led|run|era|held|controlled|backed|operated|based|made|used|owned|funded)$", re.IGNORECASE)


def _clean_name(name: str) -> str | None:
    words = name.split()
    if any(DESCRIPTIVE_SUFFIX.search(word) for word in words) or OTHERS_BASE.search(name):
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


def pattern_mentions(sentence: str, taken: list[SiteMention], names: SiteNames = NAMES) -> list[SiteMention]:
    """Names the gazetteer lacks: "the K1 base", "Tower 22", "Camp Taji", "Rose Barracks in Vilseck".
    Names of the form used at home ("Fort Carson") are matched, so that no other pattern
    takes them apart, and then left out."""
    found: list[tuple[SiteMention, bool]] = []
    for regex in (names.kind_then_name, names.name_then_kind):
        for match in regex.finditer(sentence):
            if any(m.start < match.end() and match.start() < m.end for m in taken + [f for f, _ in found]):
                continue
            pattern = names.patterns[_which(match)]
            mention = _pattern_mention(sentence, match, pattern, names)
            if mention is not None:
                found.append((mention, pattern.home))
    return [mention for mention, home in found if not home]


def _which(match: re.Match) -> int:
    return next(int(group[1:]) for group, text in match.groupdict().items()
                if text is not None and group.startswith("k") and group[1:].isdigit())


def _pattern_mention(sentence: str, match: re.Match, pattern: NamePattern, names: SiteNames) -> SiteMention | None:
    name = _clean_name(match.group("name"))
    if name is None:
        return None
    if pattern.needs_number and not re.match(r"\d", name.split()[-1]):
        return None
    kind = " ".join(match.group("kind").split())
    if pattern.keep_kind:
        name = f"{kind} {name}" if pattern.kind_first else f"{name} {kind}"
    start = match.start() if pattern.kind_first else sentence.find(name.split()[0], match.start())
    return SiteMention(start, match.end(), sentence[start:match.end()], None, name, "pattern",
                       _near_town(sentence, match.end(), names))


def _near_town(sentence: str, end: int, names: SiteNames) -> str | None:
    """The town after "in", "near" or "outside", unless it is a month, a country or another non-town."""
    found = names.near_town.match(sentence, end)
    if found is None:
        return None
    town = found.group("near")
    return None if any(normalise(word) in names.not_a_name for word in town.split()) else town


LOCATED_IN = re.compile(r"\s*,?\s*(?:in|near|outside|at)\s+$")
# "jets flew into the base from RAF Lakenheath": the base the article is about is "the
# base"; the site after "from" is only where the jets came from.
ORIGIN_OF_A_MOVE_INTO_THE_BASE = re.compile(
    r"\b(?:into|to|at)\s+the\s+(?:[\w-]+\s+){0,2}(?:air\s*base|airbase|base|airfield|garrison)\b[^.;]*?"
    r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)


KNOWN_AS = re.compile(r"[\s'’\"”]*(?:base|camp|outpost|site|facility)?\s*,?\s*(?:also\s+|locally\s+|better\s+)?(?:known|called|dubbed|named)\s+(?:as\s+)?(?:the\s+)?['‘\"“]?", re.IGNORECASE)


def plural_camp_mentions(sentence: str, gazetteer: Gazetteer) -> list[SiteMention]:
    """"Camps Eagle and Long", "Camps Greaves, Giant and Bonifas": one name per camp; the gazetteer's
    camp where it knows one, else a pattern name to geocode."""
    found = []
    for match in PLURAL_CAMPS.finditer(sentence):
        for name in re.finditer(r"[A-Z][\w'’-]+", match.group("names")):
            entry = gazetteer.index.get(normalise(f"Camp {name.group()}"))
            start, end = match.start("names") + name.start(), match.start("names") + name.end()
            site_id = entry.site_id if entry and not entry.place_only else None
            found.append(SiteMention(start, end, sentence[start:end], site_id, f"Camp {name.group()}",
                                     "alias" if site_id else "pattern"))
    return found


PLURAL_CAMPS = re.compile(r"\bCamps\s+(?P<names>[A-Z][\w'’-]+(?:,\s+[A-Z][\w'’-]+)*,?\s+and\s+[A-Z][\w'’-]+)")


def find_site_mentions(sentence: str, gazetteer: Gazetteer) -> list[SiteMention]:
    mentions = gazetteer_mentions(sentence, gazetteer)
    mentions += [m for m in plural_camp_mentions(sentence, gazetteer)
                 if not any(o.start < m.end and m.start < o.end for o in mentions)]
    mentions += pattern_mentions(sentence, mentions)
    mentions.sort(key=lambda m: m.start)
    return [m for i, m in enumerate(mentions) if not (i and _locates(sentence, mentions[i - 1], m))
            and not (i + 1 < len(mentions) and _better_known_as(sentence, m, mentions[i + 1]))
            and not ORIGIN_OF_A_MOVE_INTO_THE_BASE.search(sentence, 0, m.start)]


def _better_known_as(sentence: str, name: SiteMention, known: SiteMention) -> bool:
    """"the 'Logistics Support' base known as Tower 22": a descriptive name the gazetteer lacks,
    followed by the name it knows, is that known site."""
    return name.site_id is None and known.site_id is not None and bool(KNOWN_AS.fullmatch(sentence, name.end, known.start))


def _locates(sentence: str, site: SiteMention, town: SiteMention) -> bool:
    """"Osan Air Base in Pyeongtaek", "Smith Barracks near Kaiserslautern": a town named
    right after a site says where that site is; it is not another site."""
    return town.via == "place" and bool(LOCATED_IN.fullmatch(sentence, site.end, town.start))
