"""Article -> sites and dated events. Pure: no database, no network (unless the geocoder has it)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta

from app.extract.attribution import find_attribution
from app.extract.clauses import dated_in_own_clause, gapped_date, governing_date
from app.extract.dates import DateMention, find_dates, month_start
from app.extract.denials import find_denial
from app.extract.events import CARRIED_TO, NON_US_ACTOR, US_FORCES, Cue, find_cues, kinds_for
from app.extract.sentences import Sentence, split_sentences
from app.extract.sites import MILITARY_CUE, SiteMention, find_site_mentions
from app.geo.chain import GeocoderChain, GeocodeResult
from app.geo.gazetteer import Gazetteer
from app.geo.names import slugify
from app.ingest.article import Article

ANAPHOR = re.compile(
    r"\bthe\s+(?:whole\s+|entire\s+|former\s+|sprawling\s+|main\s+|US\s+|American\s+|military\s+|[\d,.]+-(?:acre|hectare|square-mile)\s+)?"
    r"(?:air\s*base|airbase|base|camp|facility|garrison|airfield|airport|outpost|installation|compound|site|station|post|barracks|kaserne)\b(?!\s+(?:of|at)\b)"
    r"|(?:(?<=stationed )|(?<=deployed )|(?<=based )|(?<=housed )|(?<=presence )|(?<=troops )|(?<=forces ))there\b", re.IGNORECASE)
# "the pullout began on May 18": a definite withdrawal noun in a sentence that names no site speaks
# of the sites named just before, unless it names the country or region it is about.
EVENT_REFERENCE = re.compile(
    r"\b(?P<ref>the (?:pullout|pull-out|withdrawal|departure|handover|hand-over|drawdown|evacuation|exit|redeployment))"
    r"(?:\s+\w+ly)?\s+(?:began|begun|started|was carried out|took place|was completed|got under way|was under way|"
    r"ended|was finished|came|happened|is complete|was complete)\b",
    re.IGNORECASE)
# "handed it over", "vacated their section", "It was handed over": the site named just before.
OBJECT_REFERENCE = re.compile(
    r"\b(?:hand(?:ed|s|ing)?|turn(?:ed|s|ing)?|vacat(?:ed|es|ing)|left|leav(?:e|es|ing)|abandon(?:ed|s|ing)?|"
    r"transfer(?:red|s|ring)?|evacuat(?:ed|es|ing)|clos(?:ed|es|ing)|quit|withdr(?:ew|awn) from|pulled out of)\s+(?:over\s+|back\s+|up\s+)?"
    r"(?P<ref>it|(?:its|their|the) (?:section|part|portion|share|facilities|positions|compound)|facilities)\b", re.IGNORECASE)
SUBJECT_REFERENCE = re.compile(
    r"\b(?P<ref>[Ii]t)\s+(?:is|was)\s+(?:also\s+)?(?:where|the (?:target|site|scene) of)\b|"
    r"^(?P<ref3>It)\s+(?:is|was|remains)\s+(?:a|an|the|one|among)\b|"
    r"^(?P<ref2>It)\s+(?:(?:was|has been|had been|is being|will be)\s+(?:\w+ly\s+)?(?:handed|turned|vacated|abandoned|"
    r"evacuated|emptied|closed|attacked|struck|hit|targeted|shelled|reinforced|transferred|used)|is home to|hosts|houses)\b")
# "Its closure follows the 1977 treaties": the fate of the site named just before.
ITS_FATE = re.compile(r"^(?P<ref>Its)\s+(?:planned\s+|final\s+|formal\s+)?(?:closure|closing|return|handover|hand-over|transfer|handback)\b")
# "gave the Americans six months to leave on July 29": notice to leave the base of the story, where
# the sentence names no country or other place to leave.
NOTICE_TO_LEAVE = re.compile(r"\b(?:months|weeks|days)\s+to\s+(?P<ref>leave|vacate|get out|pull out)\b(?!\s+(?:the\s+)?(?:country|region|[A-Z]))")
# "rammed a car bomb into its gate": a part of the site named just before.
PART_REFERENCE = re.compile(r"\b(?P<ref>its)\s+(?:main\s+|front\s+|outer\s+)?(?:gate|gates|perimeter|perimeter wall|walls?|runway|entrance|"
                            r"checkpoint|hangars?|flight line|fence)\b", re.IGNORECASE)
# "both bases", "the two sites", "handed them over": every site of the sentence that named them.
PLURAL_REFERENCE = re.compile(
    r"\b(?P<ref>both (?:bases|sites|facilities|installations|outposts|camps|garrisons)|"
    r"the two (?:bases|sites|facilities|installations|outposts|camps|garrisons)|"
    r"(?<=handed )them|(?<=left )them|(?<=vacated )them|(?<=abandoned )them)\b", re.IGNORECASE)
# "NIAMEY, July 8 —": the dateline names where the report was filed, not a site.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Za-z .]+)?(?:,\s*[A-Z][a-z]+\.? \d{1,2})?(?:\s*\([^)]{1,40}\))?\s*[—–-]+\s")
# "the second-largest base after Balad", "a US drone strike at Baghdad airport": named for comparison
# or as the place of someone else's act, not as the subject of an event.
CONTEXT_ONLY = re.compile(r"(?:\b(?:after|than|besides|unlike|like)|\b(?:US|American|Israeli) (?:drone |air)?strikes? (?:at|on|near))\s+(?:the\s+)?$", re.IGNORECASE)
# "The base was known as Camp Jackson until 1957": a former name of a site named elsewhere, not a site.
FORMER_NAME = re.compile(r"\b(?:formerly|previously|originally|once|was|were)\s+(?:known|called|named)\s+(?:as\s+)?$", re.IGNORECASE)
# A relative clause still open: "a radar in Turkey that has been in service since 2011".
RELATIVE_CLAUSE_OPEN = re.compile(r"\b(?:that|which|who|whose)\b[^,;()—]*$", re.IGNORECASE)
VAGUE_PAST = re.compile(r"\b(?:recently|in recent (?:days|weeks|months)|lately|earlier)\b", re.IGNORECASE)
# "the plan", "the deal": a plan described in the sentence before, dated there.
BACK_REFERENCE = re.compile(r"\b(?:the|that|this)\s+(?:plan|deal|agreement|accord|timetable|timeline|arrangement)\b", re.IGNORECASE)
CAPTION = re.compile(r"^(?:FILE PHOTO|FILE|PHOTO)\s*[:—–-]|\((?:\w+ )?Photo\)|\b(?:REUTERS|AFP|AP Photo)/", re.IGNORECASE)
# "FILE PHOTO: ... the ship as it leaves Subic Bay": a caption of a departure.
LEAVING_IT = re.compile(r"\b(?:leav\w*|left|depart\w*|sail\w* from|from|out of)\s+(?:the\s+)?$", re.IGNORECASE)
CAPTION_FORCES = re.compile(r"\b(?:soldiers|troops|airmen|Marines|sailors|service members|paratroopers)\b", re.IGNORECASE)
SAME_DAY = re.compile(
    r"\b(?:on\s+)?(?P<shift>(?:that|the) same day|that day|the next day|the following day|a day later|the day after|"
    r"the day before|a day earlier|the previous day|moments later|minutes later|hours later|later that day|"
    r"later in the day|shortly afterwards?|(?:at|during) (?:a|the) (?:[\w-]+ ){0,2}ceremony)\b", re.IGNORECASE)
SAME_DAY_OFFSETS = {"the next day": 1, "the following day": 1, "a day later": 1, "the day after": 1,
                    "the day before": -1, "a day earlier": -1, "the previous day": -1}
# 'the “Victory” base', '"Harir" airport': names in quotes are names all the same.
NO_QUOTES = str.maketrans({"“": " ", "”": " ", '"': " ", "«": " ", "»": " "})
POSSESSIVE_S = re.compile(r"(?<=\w)['’]s\b")
# "between Tal Tamr and Hasakah", "the village of X": villages named to locate a base.
LOCATING = re.compile(r"\b(?:between\s+(?:the\s+)?(?:villages? of\s+)?(?:[\w'’-]+\s+and\s+)?|(?:the\s+)?village of\s+)$", re.IGNORECASE)
# Real copy writes ’ and “ ”; the cue lexicon and date patterns are written with ' and ".
PLAIN_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
SINCE_CLAUSE = re.compile(r"\bsince\s+(?!then\b)[^,;.()—]*\s(?:in|on)\s+$", re.IGNORECASE)
SINCE_REACH = 50  # characters from "since" to the date that ends its clause
REPEAT_WINDOW_DAYS = 45
# Kinds whose actor is not US forces by nature: a handover goes to another force, an attack
# comes from one. The others need US forces in the sentence when another force is named.
ACTS_OF_OTHERS = frozenset({"handover", "attack"})
# "since 2017" starts a state or a series: a presence, or reinforcements "sent since May".
SINCE_KINDS = frozenset({"presence", "reinforcement"})
WITHDRAWN_OR_LEAVING = frozenset({"withdrawal_started", "withdrawal_completed", "handover"})


@dataclass
class ExtractedSite:
    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: str
    geocoder: str | None
    geocode_method: str
    geocode_precision: str
    coord_source: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)

    @property
    def located(self) -> bool:
        return self.lat is not None


@dataclass(frozen=True)
class ExtractedEvent:
    site: str
    kind: str
    date: date
    precision: str
    quote: str
    quote_start: int
    quote_end: int
    date_basis: str  # "text" (with date_text), or "publication" when the text gives none
    date_text: str = ""
    target_date: date | None = None
    target_precision: str | None = None
    attribution: str = ""  # who the sentence says the news is from (app/extract/attribution.py)

    def as_json(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["target_date"] = self.target_date.isoformat() if self.target_date else None
        return data


@dataclass
class Extraction:
    sites: list[ExtractedSite]
    events: list[ExtractedEvent]

    def as_json(self) -> dict:
        return {
            "sites": [
                {**asdict(site), "located": site.located} for site in self.sites
            ],
            "events": [event.as_json() for event in self.events],
        }


class Extractor:
    def __init__(self, gazetteer: Gazetteer, geocoder: GeocoderChain):
        self.gazetteer = gazetteer
        self.geocoder = geocoder

    def extract(self, article: Article) -> Extraction:
        sites: dict[str, ExtractedSite] = {}
        events: list[ExtractedEvent] = []
        captions: list[ExtractedEvent] = []  # photo captions count only where nothing else says it
        recent: list[tuple[int, str]] = []  # (sentence index, site id) for "the base"
        previous: Sentence | None = None
        for sentence in split_sentences(article.body):
            dateline = DATELINE.match(sentence.text)
            found = [m for m in find_site_mentions(_as_names(sentence.text), self.gazetteer)
                     if not (dateline and m.start < dateline.end()) and not _context_only(sentence.text, m)
                     and not (m.via == "place" and LOCATING.search(sentence.text[max(0, m.start - 60):m.start]))]
            mentions = self._resolve(sentence, found, sites)
            if mentions and recent and recent[-1][0] >= sentence.index - 3:
                mentions = _anaphor_first(sentence.text, recent[-1][1], mentions) + mentions
            if mentions:
                recent = [(sentence.index, site_id) for site_id, _ in mentions]
            elif recent and recent[-1][0] >= sentence.index - 3:
                mentions = _referred(sentence.text, [site_id for _, site_id in recent])
                if mentions:
                    recent = [(sentence.index, site_id) for site_id, _ in mentions]
            if CAPTION.search(sentence.text):
                captions += self._caption_presence(article, sentence, mentions)
            else:
                events += self._events(article, sentence, mentions, previous)
            previous = sentence
        reported = {(e.site, e.kind) for e in events}
        events = _tidy(events + [e for e in captions if (e.site, e.kind) not in reported])
        events = [replace(e, attribution=find_attribution(e.quote)) for e in events]
        with_events = {event.site for event in events}
        kept = [s for s in sites.values() if s.id in with_events or s.geocoder == "gazetteer" and s.mentions]
        return Extraction(kept, events)

    def _caption_presence(self, article: Article, sentence: Sentence, mentions: list[tuple[str, SiteMention]]) -> list[ExtractedEvent]:
        """"FILE PHOTO: US soldiers ... at Balad Air Base, Iraq, on May 21, 2008": US forces at
        the site on the day the picture was taken. Other cues in a caption are read as usual."""
        text = _plain(sentence.text)
        events = self._events(article, sentence, mentions, None)
        if not US_FORCES.search(text) and not CAPTION_FORCES.search(text):
            return events
        dates = [d for d in find_dates(text, article.published) if not d.is_target]
        for site_id, mention in mentions:
            if any(e.site == site_id for e in events) or LEAVING_IT.search(text[max(0, mention.start - 30):mention.start]):
                continue  # "... as it leaves Subic Bay": the picture shows a departure, not a stay
            cue = Cue("presence", mention.start, mention.end, "caption")
            event = _dated_event(article, sentence, site_id, "presence", cue, dates)
            if event is not None:
                events.append(event)
        return events

    def _resolve(self, sentence: Sentence, mentions: list[SiteMention], sites: dict) -> list[tuple[str, SiteMention]]:
        resolved = []
        for mention in mentions:
            if mention.site_id is not None:
                site_id = mention.site_id
                if not self.gazetteer.sites[site_id].mapped:  # non-US sites and US home installations
                    continue
                if site_id not in sites:
                    sites[site_id] = self._gazetteer_site(site_id)
            else:
                if not (US_FORCES.search(sentence.text) or MILITARY_CUE.search(sentence.text)):
                    continue
                result = self.geocoder.geocode(mention.name, near=mention.near)
                if result.at_home or result.site_id and not self.gazetteer.sites[result.site_id].mapped:
                    continue
                site_id = result.site_id or slugify(mention.name)
                if site_id not in sites:
                    sites[site_id] = self._gazetteer_site(site_id) if result.site_id else _new_site(site_id, mention, result)
            if mention.via != "place" or site_id in sites:
                sites[site_id].mentions.append(mention.text) if mention.text not in sites[site_id].mentions else None
            resolved.append((site_id, mention))
        return resolved

    def _gazetteer_site(self, site_id: str) -> ExtractedSite:
        site = self.gazetteer.sites[site_id]
        return ExtractedSite(site.id, site.name, site.country, site.lat, site.lon, site.kind, "gazetteer",
                             "gazetteer", "site", site.coord_source, list(site.aliases))

    def _events(self, article: Article, sentence: Sentence, mentions: list[tuple[str, SiteMention]],
                previous: Sentence | None) -> list[ExtractedEvent]:
        if not mentions:
            return []
        text = _plain(sentence.text)
        denial = find_denial(text)  # a denied move is no event; the denial is one (app/extract/denials.py)
        if denial:
            cue = Cue("denial", denial.start(), denial.end(), denial.group())
            found = [_dated_event(article, sentence, site_id, "denial", cue, find_dates(text, article.published))
                     for site_id in dict.fromkeys(site_id for site_id, _ in mentions)]
            return [event for event in found if event is not None]
        cues = find_cues(text)
        if not cues:
            return []
        non_us_only = bool(NON_US_ACTOR.search(sentence.text)) and not US_FORCES.search(sentence.text)
        dates = find_dates(text, article.published)
        if previous is not None and not any(not d.is_target for d in dates):
            dates += _dates_carried_over(text, previous.text, article.published)
        out = []
        for site_id, mention in mentions:
            others = [m for _, m in mentions if m is not mention]
            attacks = 0
            for assignment in kinds_for(text, mention, cues, others):
                if non_us_only and assignment.kind not in ACTS_OF_OTHERS:
                    continue
                if assignment.kind == "attack":
                    attacks += 1
                    if attacks > 1 and not _dated_in_clause(dates, assignment.cue, text):
                        continue  # a second attack cue counts only with a date of its own
                if assignment.secondary and not _dated_in_clause(dates, assignment.cue, text):
                    continue
                event = _dated_event(article, sentence, site_id, assignment.kind, assignment.cue, dates, mention)
                if event is not None:
                    out.append(event)
        return out


def _context_only(text: str, mention: SiteMention) -> bool:
    """A name given for comparison or as a former name: no site of the sentence."""
    before = text[max(0, mention.start - 40):mention.start]
    return any(pattern.search(before) for pattern in (CONTEXT_ONLY, FORMER_NAME))


def _referred(text: str, recent: list[str]) -> list[tuple[str, SiteMention]]:
    """Sites a sentence that names none refers to: "both bases" to all sites named last, "the
    base", "it", "their section" to the last one."""
    plural = PLURAL_REFERENCE.search(text) or EVENT_REFERENCE.search(text)
    if plural and (len(set(recent)) > 1 or plural.re is EVENT_REFERENCE):
        return [(site_id, _reference(plural, "ref", site_id)) for site_id in dict.fromkeys(recent)]
    for pattern in (ANAPHOR, OBJECT_REFERENCE, SUBJECT_REFERENCE, PART_REFERENCE, ITS_FATE, NOTICE_TO_LEAVE):
        found = pattern.search(text)
        if found:
            group = next((name for name in ("ref", "ref2", "ref3") if found.re.groupindex.get(name) and found.group(name)), 0)
            return [(recent[-1], _reference(found, group, recent[-1]))]
    return []


def _anaphor_first(text: str, last: str, mentions: list[tuple[str, SiteMention]]) -> list[tuple[str, SiteMention]]:
    """"A bomber struck a crowd at the airport's gate ..., and the wounded were flown to Ramstein":
    "the airport" before the names of the places people were carried to is the site named before."""
    found = ANAPHOR.search(text, 0, min(m.start for _, m in mentions))
    if found is None or any(site_id == last for site_id, _ in mentions):
        return []
    if not all(CARRIED_TO.search(text[max(0, m.start - 60):m.start]) for _, m in mentions):
        return []  # only where every name is where people were carried to
    return [(last, _reference(found, 0, last))]


def _reference(match: re.Match, group, site_id: str) -> SiteMention:
    return SiteMention(match.start(group), match.end(group), match.group(group), site_id, match.group(group), "anaphor")


def _new_site(site_id: str, mention: SiteMention, result: GeocodeResult) -> ExtractedSite:
    return ExtractedSite(site_id, mention.name, result.country, result.lat, result.lon, "base", result.geocoder,
                         result.method, result.precision, result.source, [])


def _as_names(text: str) -> str:
    """The sentence for finding names: no quotes around them, no possessive "Kabul’s airport".
    Same length, so offsets stay valid."""
    return POSSESSIVE_S.sub("  ", text.translate(NO_QUOTES))


def _plain(text: str) -> str:
    """The sentence as the lexicon is written: straight quotes, "US" for "U.S.". Same length,
    so offsets into it are offsets into the sentence."""
    return text.translate(PLAIN_QUOTES).replace("U.S.", "  US")


def _dated_in_clause(dates: list[DateMention], cue: Cue, text: str) -> bool:
    return dated_in_own_clause([d for d in dates if not d.is_target], cue, text)


def _dates_carried_over(text: str, previous: str, published: date) -> list[DateMention]:
    """Dates of the sentence before, for a sentence that points back at them: "the plan" is
    dated where it was described; "the same day", "a day later" count from the last date named."""
    earlier = [d for d in find_dates(_plain(previous), published) if not d.is_target]
    shift = SAME_DAY.search(text)
    if shift and earlier and earlier[-1].precision == "day":
        offset = timedelta(days=SAME_DAY_OFFSETS.get(shift.group("shift").lower(), 0))
        anchor = earlier[-1]
        return [replace(anchor, start=-1, end=-1, date=anchor.date + offset, text=shift.group())]
    if BACK_REFERENCE.search(text):
        return [replace(d, start=-1, end=-1) for d in earlier]
    return []


def _dated_event(article: Article, sentence: Sentence, site_id: str, kind: str, cue: Cue,
                 dates: list[DateMention], mention: SiteMention | None = None) -> ExtractedEvent | None:
    usable = [d for d in dates if not d.is_target and _can_date(d, kind, sentence.text)
              and not _since_of_another_noun(d, cue, sentence.text)]
    stated = (mention and gapped_date(usable, cue, mention, sentence.text)) or governing_date(usable, cue, sentence.text)
    if kind == "presence" and cue.past_tense and stated is None:
        return None  # "some 2,000 personnel were at the base": background with no date, not news of today
    target = governing_date([d for d in dates if d.is_target], cue, sentence.text) if kind == "withdrawal_planned" else None
    since = stated is not None and _is_since(stated, sentence.text)
    if kind == "presence" and cue.present_tense and not since or stated is None or stated.date > article.published:
        day, precision, basis, text = _undated(article.published, sentence.text)
    else:
        basis = "text" if stated.start >= 0 else "previous sentence"
        day, precision, text = stated.date, stated.precision, stated.text
    return ExtractedEvent(
        site=site_id, kind=kind, date=day, precision=precision, quote=sentence.text,
        quote_start=sentence.start, quote_end=sentence.end, date_basis=basis, date_text=text,
        target_date=target.date if target else None, target_precision=target.precision if target else None,
    )


def _is_since(mention: DateMention, sentence: str) -> bool:
    """"since 2017", and "since Turkey opened it to them in July 2015": a since-clause dated at its end."""
    if mention.start < 0:
        return False
    return bool(SINCE.search(sentence[max(0, mention.start - 8):mention.start + 6])
                or SINCE_CLAUSE.search(sentence[max(0, mention.start - SINCE_REACH):mention.start]))


def _since_of_another_noun(mention: DateMention, cue: Cue, sentence: str) -> bool:
    """"destroyers homeported at Rota and a radar in Turkey that has been in service since 2011":
    a "since" inside a relative clause after the cue dates that clause's noun, not the cue. (A
    relative clause closed by a comma before the "since" does not hold it: "Manas, which shares a
    runway, since 2001".)"""
    return mention.start >= cue.end and _is_since(mention, sentence) \
        and bool(RELATIVE_CLAUSE_OPEN.search(sentence[cue.end:mention.start]))


def _can_date(mention: DateMention, kind: str, sentence: str) -> bool:
    """"stationed there since 2017" dates a presence (taxonomy: presence in 2017), never the
    sentence's other events. (A present-tense presence ignores other dates: see _dated_event.)"""
    return kind in SINCE_KINDS or not _is_since(mention, sentence)


def _undated(published: date, sentence: str) -> tuple[date, str, str, str]:
    """No date in the text: the publication day, or its month where the text says 'recently'."""
    if VAGUE_PAST.search(sentence):
        return month_start(published), "month", "publication", ""
    return published, "day", "publication", ""


def _tidy(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """One event per (site, kind, date); undated repeats of a recent dated event go; a presence
    superseded the same day by the site's withdrawal goes."""
    unique: dict[tuple, ExtractedEvent] = {}
    for event in events:
        unique.setdefault((event.site, event.kind, event.date), event)
    kept = list(unique.values())
    dated: dict[tuple[str, str], list[date]] = {}
    for e in kept:
        if e.date_basis != "publication":
            dated.setdefault((e.site, e.kind), []).append(e.date)
    kept = [e for e in kept if e.date_basis != "publication" or e.kind == "presence"
            or not _repeats(e, dated.get((e.site, e.kind), []))]
    leaving = {}
    for e in kept:
        if e.kind in WITHDRAWN_OR_LEAVING:
            leaving[e.site] = min(leaving.get(e.site, e.date), e.date)
    return [e for e in kept if not (e.kind == "presence" and e.site in leaving and leaving[e.site] <= e.date)]


def _repeats(undated: ExtractedEvent, dated: list[date]) -> bool:
    """An event dated only by publication repeats a dated one of the same site and kind from the
    weeks before; one from years before ("hosted troops since 2003") is another event."""
    return any(0 <= (undated.date - day).days <= REPEAT_WINDOW_DAYS for day in dated)
