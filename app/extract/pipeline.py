"""Article -> sites and dated events. Pure: no database, no network (unless the geocoder has it)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta

from app.extract.attribution import find_attribution
from app.extract.clauses import dated_in_own_clause, gapped_date, governing_date, only_from_subordinate_clause
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
    r"\b(?:the|this|that)\s+(?:whole\s+|entire\s+|former\s+|sprawling\s+|main\s+|US\s+|American\s+|military\s+|naval\s+|(?:north|south|east|west)ern\s+|desert\s+|remote\s+|[\d,.]+-(?:acre|hectare|square-mile)\s+)?"
    r"(?:air\s*base|airbase|base|camp|facility|garrison|airfield|airport|outpost|installation|compound|site|station|post|barracks|kaserne)\b(?!\s+(?:of|at)\b)"
    r"|(?:(?<=stationed )|(?<=deployed )|(?<=based )|(?<=housed )|(?<=presence )|(?<=troops )|(?<=forces ))there\b", re.IGNORECASE)
# "the pullout began on May 18": a definite withdrawal noun in a sentence that names no site speaks
# of the sites named just before, unless it names the country or region it is about.
EVENT_REFERENCE = re.compile(
    r"\b(?P<ref>the (?:pullout|pull-out|withdrawal|departure|handover|hand-over|drawdown|exit|redeployment))"
    r"(?:\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:Americans|troops|forces|soldiers|personnel|coalition|advisers))?"
    r"(?:\s+\w+ly)?\s+(?:began|begun|started|was carried out|took place|was completed|got under way|was under way|"
    r"ended|was finished|came|happened|is complete|was complete)\b",
    re.IGNORECASE)
# "handed it over", "vacated their section", "It was handed over": the site named just before.
OBJECT_REFERENCE = re.compile(
    r"\b(?:hand(?:ed|s|ing)?|turn(?:ed|s|ing)?|vacat(?:ed|es|ing)|left|leav(?:e|es|ing)|abandon(?:ed|s|ing)?|"
    r"transfer(?:red|s|ring)?|evacuat(?:ed|es|ing)|clos(?:ed|es|ing)|quit|withdr(?:ew|awn) from|pulled out of|"
    r"target(?:ed|ing)|attack(?:ed|ing)|shell(?:ed|ing)|struck|hit|stormed|overran)\s+(?:over\s+|back\s+|up\s+)?"
    r"(?P<ref>it|(?:its|their|the) (?:section|part|portion|share|facilities|positions|compound)|facilities)\b", re.IGNORECASE)
SUBJECT_REFERENCE = re.compile(
    r"\b(?P<ref>[Ii]t)\s+(?:is|was)\s+(?:also\s+)?(?:where|the (?:target|site|scene) of)\b|"
    r"^(?P<ref3>It)\s+(?:is|was|remains)\s+(?:a|an|the|one|among)\b(?!(?:\s+[\w-]+){0,3}\s+(?:day|days|time|week|year|month|attack|incident|moment|step)\b)|"
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
    r"the (?:vacated|abandoned|emptied|evacuated) (?:positions|bases|sites|posts|outposts|facilities)|"
    r"the two (?:bases|sites|facilities|installations|outposts|camps|garrisons)|"
    r"(?<=handed )them|(?<=left )them|(?<=vacated )them|(?<=abandoned )them)\b", re.IGNORECASE)
# "Read more: <another story's headline>", "Sign up for our newsletter": page furniture, not the report.
BOILERPLATE = re.compile(r"^\W*(?:read (?:more|also|next)|also read|related(?: stories| articles)?|see also|recommended|more on this|"
                         r"watch|listen|click here|sign up|subscribe)\b\s*[:—–-]?", re.IGNORECASE)
# "NIAMEY, July 8 —": the dateline names where the report was filed, not a site.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Za-z .]+)?(?:,\s*[A-Z][a-z]+\.? \d{1,2})?(?:\s*\([^)]{1,40}\))?\s*[—–-]+\s")
# "the second-largest base after Balad", "a US drone strike at Baghdad airport": named for comparison
# or as the place of someone else's act, not as the subject of an event.
# "the killing of General Soleimani at Baghdad airport": the place of one person's death.
CONTEXT_ONLY = re.compile(r"(?:\b(?:after|than|besides|unlike|like)|\b(?:US|American|Israeli) (?:drone |air)?strikes? (?:at|on|near)|"
                          r"\b(?:killing|assassination|death)\s+of\s+(?:[\w'’.-]+\s+){1,5}(?:at|near|outside))\s+(?:the\s+)?$", re.IGNORECASE)
# "earlier in the day" is the day of the report, not "some time before it".
VAGUE_PAST = re.compile(r"\b(?:recently|in recent (?:days|weeks|months)|lately|earlier(?!\s+(?:in the (?:day|night|evening|morning|afternoon)|today|tonight|this (?:morning|afternoon|evening)|that (?:day|night|evening|morning))))\b", re.IGNORECASE)
# "a US strike had killed General Soleimani, the Quds Force commander, near Baghdad's airport": the place of the strike.
STRIKE_PLACE = re.compile(r"\b(?:US|American|Israeli) (?:drone |air)?strikes?\s+(?:that\s+|which\s+)?(?:had\s+)?killed\b[^.;]{0,100}?\b(?:at|near|outside)\s+(?:the\s+)?$",
                          re.IGNORECASE)
# "on January 17, 24 and 31" and, later, "In the second, ...": a list of days and one of them.
DAY_LIST = re.compile(r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+"
                      r"(?P<days>\d{1,2}(?:,\s*\d{1,2})*,?\s+and\s+\d{1,2})\b(?!,?\s*\d{4})")
ORDINAL_REFERENCE = re.compile(r"^\W*(?:In|During|On|After)\s+the\s+(?P<ordinal>first|second|third|fourth|fifth)\b"
                               r"(?!\s+(?:day|days|week|weeks|month|months|year|years|time|half|quarter|phase))", re.IGNORECASE)
ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}
# "The base was known as Camp Jackson until 1957": a former name of a site named elsewhere, not a site.
FORMER_NAME = re.compile(r"\b(?:formerly|previously|originally|once|was|were)\s+(?:known|called|named)\s+(?:as\s+)?$", re.IGNORECASE)
# A relative clause still open: "a radar in Turkey that has been in service since 2011".
RELATIVE_CLAUSE_OPEN = re.compile(r"\b(?:that|which|who|whose)\b[^,;()—]*$", re.IGNORECASE)
PAST_PERFECT = re.compile(r"\bhad\s+(?:already\s+|all\s+|largely\s+|mostly\s+)?(?:been\s+)?(?:left|gone|withdrawn|quit|departed|vacated|pulled|moved|handed|transferred|abandoned|evacuated|closed)\b",
                          re.IGNORECASE)
# "the plan", "the deal": a plan described in the sentence before, dated there.
BACK_REFERENCE = re.compile(r"\b(?:the|that|this)\s+(?:plan|deal|agreement|accord|timetable|timeline|arrangement)\b", re.IGNORECASE)
CAPTION = re.compile(r"^(?:FILE PHOTO|FILE|PHOTO)\s*[:—–-]|\((?:\w+ )?Photo\)|\b(?:REUTERS|AFP|AP Photo)/", re.IGNORECASE)
# "FILE PHOTO: ... the ship as it leaves Subic Bay": a caption of a departure.
LEAVING_IT = re.compile(r"\b(?:leav\w*|left|depart\w*|sail\w* from|from|out of)\s+(?:the\s+)?$", re.IGNORECASE)
CAPTION_FORCES = re.compile(r"\b(?:soldiers|troops|airmen|Marines|sailors|service members|paratroopers)\b", re.IGNORECASE)
SAME_DAY = re.compile(
    r"\b(?:on\s+)?(?P<shift>(?:that|the) same day|that day|the next day|the following day|a day later|the day after|"
    r"the day before|a day earlier|the previous day|(?:a few\s+|several\s+|two\s+|three\s+)?hours (?:later|earlier|afterwards)|"
    r"later that (?:day|night|evening|morning)|earlier that day|that (?:night|evening|morning)|the same (?:night|evening|morning)|"
    r"moments later|minutes later|later in the day|shortly afterwards?|(?:at|during) (?:a|the) (?:[\w-]+ ){0,2}ceremony)\b",
    re.IGNORECASE)
SAME_DAY_OFFSETS = {"the next day": 1, "the following day": 1, "a day later": 1, "the day after": 1,
                    "the day before": -1, "a day earlier": -1, "the previous day": -1}
# 'the “Victory” base', '"Harir" airport': names in quotes are names all the same.
NO_QUOTES = str.maketrans({"“": " ", "”": " ", '"': " ", "«": " ", "»": " "})
POSSESSIVE_S = re.compile(r"(?<=\w)['’]s\b")
# "between Tal Tamr and Hasakah", "the village of X": villages named to locate a base.
# "the Khobar Towers housing complex in Dhahran", "the embassy in Baghdad": a town that locates another place.
LOCATING = re.compile(r"\b(?:between\s+(?:the\s+)?(?:(?:villages?|towns?) of\s+)?(?:(?:[\w'’-]+\s+){1,3}and\s+)?|(?:the\s+)?village of\s+|"
                      r"(?:complex|compound|hotel|embassy|consulate|building|towers|hospital|university|market|mosque|prison)\s+(?:in|near|outside)\s+)$",
                      re.IGNORECASE)
NAMED_AS_TOWN = re.compile(r"\b(?:villages?|towns?) of\s+(?:(?:[\w'’-]+\s+){1,3}and\s+)?$", re.IGNORECASE)
NEAR_A_NAMED_BASE = re.compile(r"\b(?:near|outside|close to|not far from|(?:north|south|east|west)(?:-?(?:east|west))? of)\s+(?:the\s+)?(?:(?:city|town) of\s+)?$", re.IGNORECASE)
# "the base, which lies next to Diori Hamani International Airport": a neighbour that says where "the base" is.
LIES_NEXT_TO = re.compile(r"\b(?:lies|sits|stands|is located|located|situated)\s+(?:next to|beside|alongside|adjacent to)\s+(?:the\s+)?$|"
                          r"\badjoins\s+(?:the\s+)?$", re.IGNORECASE)
# Real copy writes ’ and “ ”; the cue lexicon and date patterns are written with ' and ".
PLAIN_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
# "would close three of its eight bases", "left several positions": a move of bases it does not name here.
UNNAMED_BASES = re.compile(r"\s*(?:[\w-]+\s+){0,6}?(?:bases|sites|outposts|positions|facilities|installations|garrisons)\b", re.IGNORECASE)
NAMES_BASES = re.compile(r"\b(?:bases|sites|outposts|positions|facilities|installations|garrisons)$", re.IGNORECASE)
# "The newspaper named X and Y", "They include X": the sentence after lists the bases.
LISTING = re.compile(r"\b(?:named|listed|identified|includ(?:e|es|ed|ing)|among them|are|were)\b", re.IGNORECASE)
RECIPIENT = re.compile(r"\b(?:to|over(?:\s+to)?|into the hands of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:forces|army|troops|military|units|authorities|government|fighters)\b")
RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|whose|where)\b[^,;]*")
# "since the withdrawal formally began on May 1": a clause that only anchors a time span; its verb
# is no event at the site and its date dates nothing outside it.
SINCE_OPENING = re.compile(r"\b(?i:since)\s+(?:the|a|an|its|their|US|American|[A-Z]\w+)\b")
SINCE_CLAUSE = re.compile(SINCE_OPENING.pattern + r"[^,;:()—]*$")
# "since Turkey opened it to them in July 2015": a since-clause whose date ends it.
SINCE_CLAUSE_ENDING = re.compile(r"\bsince\s+(?!then\b)[^,;.()—]*\s(?:in|on)\s+$", re.IGNORECASE)
SINCE_REACH = 50  # characters from "since" to the date that ends its clause
REPEAT_WINDOW_DAYS = 45
REFERENCE_REACH = 3
REFERENCE_REACH_SOLE_SITE = 8
# Kinds whose actor is not US forces by nature: a handover goes to another force, an attack
# comes from one. The others need US forces in the sentence when another force is named.
ACTS_OF_OTHERS = frozenset({"handover", "attack"})
# Another foreign power's forces: a handover of theirs is not the end of a US presence.
FOREIGN_FORCE = re.compile(r"\b(?:French|France|British|Britain|Russian|Russia|Russians|Wagner|Africa Corps)\b")
# "The Air Force rejected a claim that it attacked the base ... No such attack occurred."
ATTACK_DENIED = re.compile(r"\bno such (?:attack|strike)s?\b|\b(?:rejected|denied|dismissed|refuted)\s+(?:a|the)\s+(?:\w+\s+){0,3}claims?\b[^.]{0,120}\battack",
                           re.IGNORECASE)
CLAIMED = re.compile(r"\b(?:claimed|claims|claim|said it had|says it had|said they had)\b", re.IGNORECASE)
# "into a Saudi air base", "on an air base outside Abu Dhabi", "at a desert outpost": a base the lead leaves unnamed.
INDEFINITE_BASE = re.compile(r"[^.;]{0,25}?\b(?:an?|one)\s+(?:[\w-]+\s+){0,2}(?:air\s*base|airbase|base|airfield|outpost|garrison)\b", re.IGNORECASE)
MOVE_INTO = re.compile(r"\b(?:to|into|at)\b", re.IGNORECASE)
# French troops "of the US-led coalition" are ours for this map.
COALITION = re.compile(r"\b[Cc]oalition\b")
GOING_ON_SINCE = re.compile(r"\b(?:has|have|had)\s+been\s+\w+ing\b[^.;]*\bsince\b[^.;]*$", re.IGNORECASE)
UNDER_WAY_SINCE = re.compile(r"\b(?:under\s*way|in progress|going on|ongoing)\s+(?:since\s+)?$", re.IGNORECASE)
# "since 2017" starts a state or a series: a presence, or reinforcements "sent since May".
SINCE_KINDS = frozenset({"presence", "reinforcement"})
# The lead's act, told again with its place a few sentences on (see _dated_by_lead).
LEAD_KINDS = frozenset({"reinforcement", "attack", "withdrawal_started", "withdrawal_completed", "handover"})
LEAD_REACH = 3  # sentences after the lead
# "The US military left Bagram, officials said Friday. The airfield was handed over to the Afghan army":
# leaving and handing over are one act told twice (taxonomy: both kinds).
SAME_ACT = {"handover": "withdrawal_completed"}
# "The completion means that ...", "The pullout comes ...": the story's own act, however far down.
LEAD_REFERENCE = re.compile(r"^\W*(?:The|This|That)\s+(?:completion|withdrawal|pullout|pull-out|departure|handover|hand-over|"
                            r"drawdown|exit|transfer|attack|strike|deployment)\s+(?P<verb>means|meant|marks|marked|comes|leaves|follows|"
                            r"followed|caps|capped|ends)\b")
# "X no longer has the troops it housed in November": the state now, whatever date the sentence names.
NO_LONGER = re.compile(r"no longer\b", re.IGNORECASE)
BYLINE = re.compile(r"^\s*(?:By\s+[^.]{0,60}$|\W*$)")  # "By Associated Press staff": not the lead
# "..., US officials said on Thursday": the report's date, which stands for an act it does not date.
REPORT_TAIL = re.compile(r",\s*(?:[\w.'-]+\s+){0,5}(?:said|says|told|announced|confirmed|reported|added)\b[^,;]*$", re.IGNORECASE)
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
RESTATING = re.compile(r",?\s*(?:on|in|that is|i\.e\.)?\s*", re.IGNORECASE)
# A site the text itself gives a state change ("the last aircraft lifted off from X") has no need of a
# caption's presence, which would only add a stale date beside it.
STATE_KINDS = frozenset({"withdrawal_started", "withdrawal_completed", "handover", "reinforcement"})
WITHDRAWN_OR_LEAVING = frozenset({"withdrawal_started", "withdrawal_completed", "handover"})
# A presence told on or after the day a site was left is background; during a withdrawal troops are
# still there, but a presence told the day the withdrawal starts only describes what is leaving.
GONE_KINDS = frozenset({"withdrawal_completed", "handover"})


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
        lead: Sentence | None = None
        listed: list[DateMention] = []  # "on January 17, 24 and 31", for a later "In the second, ..."
        lead_named = False  # whether the lead named a site itself
        for sentence in split_sentences(article.body):
            if BOILERPLATE.match(sentence.text):
                continue
            lead = lead or (None if BYLINE.match(sentence.text) else sentence)
            mentions = self._resolve(sentence, self._named_sites(sentence), sites)
            if mentions and recent and recent[-1][0] >= sentence.index - 3:
                mentions = _anaphor_first(sentence.text, recent[-1][1], mentions) + mentions
            if mentions:
                recent = [(sentence.index, site_id) for site_id, _ in mentions]
            elif recent and recent[-1][0] >= sentence.index - _reference_reach(sites):
                mentions = _referred(sentence.text, [site_id for _, site_id in recent])
                if mentions:
                    recent = [(sentence.index, site_id) for site_id, _ in mentions]
            if CAPTION.search(sentence.text):
                captions += self._caption_presence(article, sentence, mentions)
            else:
                events += [_dated_by_lead(article, e, sentence, lead)
                           for e in self._events(article, sentence, mentions, previous, listed)]
                if previous is lead and lead is not None and len({site_id for site_id, _ in mentions}) == 1 and not lead_named:
                    events += _unnamed_in_lead(article, lead, mentions[0][0])
            lead_named = lead_named or bool(mentions and sentence is lead)
            previous = sentence
            listed = _listed_days(_plain(sentence.text), article.published) or listed
        if ATTACK_DENIED.search(article.body):  # "No such attack occurred": the claims of one are no attack
            events = [e for e in events if not (e.kind == "attack" and CLAIMED.search(e.quote))]
        reported = {(e.site, e.kind) for e in events} | {(e.site, "presence") for e in events if e.kind in STATE_KINDS}
        events = _tidy(events + [e for e in captions if (e.site, e.kind) not in reported])
        events = [replace(e, attribution=find_attribution(e.quote)) for e in events]
        with_events = {event.site for event in events}
        kept = [s for s in sites.values() if s.id in with_events or s.geocoder == "gazetteer" and s.mentions]
        return Extraction(kept, events)

    def _named_sites(self, sentence: Sentence) -> list[SiteMention]:
        """The sites a sentence names, less names that only say where something else is."""
        dateline = DATELINE.match(sentence.text)
        found = find_site_mentions(_as_names(sentence.text), self.gazetteer)
        return [m for m in found
                if not (dateline and m.start < dateline.end()) and not _context_only(sentence.text, m)
                and not _locates_another(sentence.text, m, found)
                and not LIES_NEXT_TO.search(sentence.text[max(0, m.start - 40):m.start])
                and not STRIKE_PLACE.search(sentence.text[max(0, m.start - 160):m.start])]

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
                previous: Sentence | None, listed: list[DateMention] = ()) -> list[ExtractedEvent]:
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
            return _listed_after_announcement(article, sentence, mentions, previous)
        # "..., which is still under SDF control": who else a relative clause names does not act here
        actors = RECIPIENT.sub("", RELATIVE_CLAUSE.sub("", sentence.text))  # "handed over to the Kurdish forces": received, did not act
        non_us_only = bool(NON_US_ACTOR.search(actors)) and not US_FORCES.search(sentence.text)
        dates = find_dates(text, article.published)
        if not any(not d.is_target for d in dates):
            dates += _ordinal_date(text, listed)
        if previous is not None and not any(not d.is_target for d in dates):
            dates += _dates_carried_over(text, previous.text, article.published)
        out = []
        for site_id, mention in mentions:
            others = [m for _, m in mentions if m is not mention]
            attacks = 0
            own = [c for c in cues if _since_clause_of(text, c.end) in (None, _since_clause_of(text, mention.end))]
            for assignment in kinds_for(text, mention, own, others):
                if non_us_only and assignment.kind not in ACTS_OF_OTHERS:
                    continue
                if non_us_only and assignment.kind == "handover" and FOREIGN_FORCE.search(sentence.text) \
                        and not COALITION.search(article.body):
                    continue  # "the handover of the N'Djamena base closed the presence of French forces": theirs, not ours
                if assignment.kind == "attack":
                    attacks += 1
                    if attacks > 1 and not _dated_in_clause(dates, assignment.cue, text):
                        continue  # a second attack cue counts only with a date of its own
                if assignment.secondary and not _dated_in_clause(dates, assignment.cue, text):
                    continue
                own_dates = _dates_of_its_clause(dates, assignment, cues, text)
                event = _dated_event(article, sentence, site_id, assignment.kind, assignment.cue, own_dates, mention)
                if event is not None:
                    out.append(event)
        return out


def _dates_of_its_clause(dates: list[DateMention], assignment, cues: list[Cue], text: str) -> list[DateMention]:
    """"the pullout began on May 18 ..., and SDF forces moved in as soon as the Americans were
    gone": the date that the start's own clause holds is the start's, not the end's, which the
    text leaves undated."""
    if assignment.kind not in GONE_KINDS or _dated_in_clause(dates, assignment.cue, text):
        return dates
    starts = [c for c in cues if c.kind == "withdrawal_started" and _dated_in_clause(dates, c, text)]
    return [d for d in dates if d.is_target] if starts else dates


def _reference_reach(sites: dict) -> int:
    """How many sentences back "the base" may reach: a few, but a whole stretch of the story
    while it has named one site only (nothing else it could be)."""
    return REFERENCE_REACH_SOLE_SITE if len(sites) == 1 else REFERENCE_REACH


def _listed_after_announcement(article: Article, sentence: Sentence, mentions: list[tuple[str, SiteMention]],
                               previous: Sentence | None) -> list[ExtractedEvent]:
    """"The Pentagon would close three of its bases. The newspaper named X and Y": sites listed
    right after a sentence that announced a move of unnamed bases take its event and its date."""
    if previous is None or not LISTING.search(sentence.text):
        return []
    before = _plain(previous.text)
    announced = [c for c in find_cues(before) if c.kind in WITHDRAWN_OR_LEAVING | {"withdrawal_planned"}
                 and (UNNAMED_BASES.match(before[c.end:c.end + 60]) or NAMES_BASES.search(c.text))]
    if not announced:
        return []
    dates = find_dates(before, article.published)
    out = []
    for site_id in dict.fromkeys(site_id for site_id, _ in mentions):
        event = _dated_event(article, previous, site_id, announced[0].kind, announced[0], dates)
        if event is not None:
            out.append(replace(event, quote=sentence.text, quote_start=sentence.start, quote_end=sentence.end,
                               date_basis="previous sentence" if event.date_basis == "text" else event.date_basis))
    return out


def _locates_another(text: str, place: SiteMention, found: list[SiteMention]) -> bool:
    """A town named to say where something else is: "between X and Y", "the embassy in X", and
    "the al-Harir airbase, a base used by US forces near Erbil" after a base named before it."""
    before = text[max(0, place.start - 60):place.start]
    if place.via != "place":  # a base's own name, unless the text calls it a town: "between the towns of X and Y"
        return bool(NAMED_AS_TOWN.search(before))
    if LOCATING.search(before):
        return True
    return bool(NEAR_A_NAMED_BASE.search(before)) and any(m.via != "place" and m.end <= place.start for m in found)


def _context_only(text: str, mention: SiteMention) -> bool:
    """A name given for comparison or as a former name: no site of the sentence."""
    before = text[max(0, mention.start - 80):mention.start]
    return any(pattern.search(before) for pattern in (CONTEXT_ONLY, FORMER_NAME))


def _referred(text: str, recent: list[str]) -> list[tuple[str, SiteMention]]:
    """Sites a sentence that names none refers to: "both bases" to all sites named last, "the
    base", "it", "their section" to the last one."""
    # "the pullout began on May 18 ... and SDF forces moved into the vacated positions": each
    # reference to the sites before carries the verbs beside it.
    plurals = [m for m in (EVENT_REFERENCE.search(text), PLURAL_REFERENCE.search(text))
               if m and (len(set(recent)) > 1 or m.re is EVENT_REFERENCE)]
    if plurals:
        return [(site_id, _reference(m, "ref", site_id)) for m in plurals for site_id in dict.fromkeys(recent)]
    # "have not handed over the base, but they left the base on Wednesday": each "the base" carries its clause
    anaphors = list(ANAPHOR.finditer(text))
    if anaphors:
        return [(recent[-1], _reference(found, 0, recent[-1])) for found in anaphors]
    for pattern in (OBJECT_REFERENCE, SUBJECT_REFERENCE, PART_REFERENCE, ITS_FATE, NOTICE_TO_LEAVE):
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


def _listed_days(text: str, published: date) -> list[DateMention]:
    """"fired missiles at the Emirates on January 17, 24 and 31": each day of a list, in order."""
    found = DAY_LIST.search(text)
    if not found:
        return []
    month = found.group("month")
    days = re.findall(r"\d{1,2}", text[found.start("days"):found.end()])
    return [d for day in days for d in find_dates(f"{month} {day}", published)[:1]]


def _ordinal_date(text: str, listed: list[DateMention]) -> list[DateMention]:
    """"In the second, American troops ... fired": the second day of the list named just before."""
    found = ORDINAL_REFERENCE.search(text)
    if not found or not listed:
        return []
    n = ORDINALS[found.group("ordinal").lower()]
    if n >= len(listed):
        return []
    return [replace(listed[n], start=-1, end=-1, text=found.group())]


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
    usable = [d for d in _without_restated(dates, sentence.text) if not d.is_target and _can_date(d, kind, sentence.text)
              and (_takes_since_dates(kind, d, sentence.text) or not _dated_by_since_clause(d, cue, sentence.text))
              and not _since_of_another_noun(d, cue, sentence.text)]
    stated = (mention and gapped_date(usable, cue, mention, sentence.text)) or governing_date(usable, cue, sentence.text)
    if stated is None and kind != "withdrawal_planned":
        stated = _by_a_past_date(dates, sentence.text, article.published)
    if kind == "presence" and cue.past_tense and (stated is None or only_from_subordinate_clause(stated, cue, sentence.text)):
        return None  # "some 2,000 personnel were at the base": background with no date, not news of today
    if kind in WITHDRAWN_OR_LEAVING and stated is not None and stated.date > article.published:
        # "the 2026 withdrawal" in a 2025 report: a move still to come is a plan, with that target
        kind, dates, stated = "withdrawal_planned", [*dates, replace(stated, is_target=True)], None
    target = governing_date([d for d in dates if d.is_target], cue, sentence.text) if kind == "withdrawal_planned" else None
    since = stated is not None and _is_since(stated, sentence.text)
    present_state = kind == "presence" and cue.present_tense or kind == "withdrawal_completed" and bool(NO_LONGER.match(cue.text)) \
        or _names_the_leads_act(cue, sentence.text)
    if present_state and not since or stated is None or stated.date > article.published:
        day, precision, basis, text = _undated(article.published, sentence.text)
    else:
        basis = "text" if stated.start >= 0 else "previous sentence"
        day, precision, text = stated.date, stated.precision, stated.text
    return ExtractedEvent(
        site=site_id, kind=kind, date=day, precision=precision, quote=sentence.text,
        quote_start=sentence.start, quote_end=sentence.end, date_basis=basis, date_text=text,
        target_date=target.date if target else None, target_precision=target.precision if target else None,
    )


def _dated_by_lead(article: Article, event: ExtractedEvent, sentence: Sentence, lead: Sentence) -> ExtractedEvent:
    """"F-22s arrived in the Emirates on Saturday ... The jets landed at Al Dhafra Air Base": the top of
    a story fills in the act its lead dated, so an undated event of the lead's kind there takes the
    lead's date."""
    if event.date_basis != "publication" or event.kind not in LEAD_KINDS or sentence is lead \
            or sentence.index - lead.index > LEAD_REACH and not LEAD_REFERENCE.match(sentence.text):
        return event
    text = _plain(lead.text)
    dateline = DATELINE.match(text)  # "WASHINGTON, Sept 8 (Reuters) —" dates the filing, not the act
    dates = [d for d in find_dates(text, article.published) if not d.is_target and d.date <= article.published
             and d.precision == "day" and not (dateline and d.start < dateline.end())]
    for cue in find_cues(text):
        stated = governing_date(dates, cue, text) if SAME_ACT.get(cue.kind, cue.kind) == SAME_ACT.get(event.kind, event.kind) else None
        if stated is not None and not _is_since(stated, text) \
                and (dated_in_own_clause([stated], cue, text) or REPORT_TAIL.search(text[cue.end:stated.start])):
            return replace(event, date=stated.date, precision=stated.precision, date_basis="lead", date_text=stated.text)
    return event


def _unnamed_in_lead(article: Article, lead: Sentence, site_id: str) -> list[ExtractedEvent]:
    """"The US began moving troops back into a Saudi air base in June. ... are already at Prince Sultan Air
    Base": the lead's act at "a Saudi air base" is at the one site the next sentence names."""
    text = _plain(lead.text)
    dates = [d for d in find_dates(text, article.published) if not d.is_target]
    found = []
    for cue in find_cues(text):
        place = INDEFINITE_BASE.match(text, cue.end, cue.end + 60) if cue.kind in LEAD_KINDS else None
        if place is None or (cue.kind == "reinforcement" and not MOVE_INTO.search(text[cue.start:place.start()])):
            continue
        event = _dated_event(article, lead, site_id, cue.kind, cue, dates)
        if event is not None and event.date_basis == "text":
            found.append(event)
    return found[:1]


def _without_restated(dates: list[DateMention], sentence: str) -> list[DateMention]:
    """"A year ago, on December 11, 2019, ...": a rough date restated at once more exactly is that date."""
    return [d for d, after in zip(dates, dates[1:] + [None])
            if not (after and d.start >= 0 and PRECISION_RANK[after.precision] < PRECISION_RANK[d.precision]
                    and RESTATING.fullmatch(sentence[d.end:after.start]))]


def _names_the_leads_act(cue: Cue, sentence: str) -> bool:
    """"The completion means that ... they housed in November": the cue is the story's own act, dated
    in the lead (see _dated_by_lead), not by the dates of this sentence."""
    reference = LEAD_REFERENCE.match(sentence)
    return bool(reference) and cue.start < reference.start("verb")


def _by_a_past_date(dates: list[DateMention], sentence: str, published: date) -> DateMention | None:
    """"By early July, all US soldiers had left the base": "by" a date already past, in a sentence told in
    the past perfect, bounds a done act rather than setting a target; the act is dated to it."""
    if not PAST_PERFECT.search(sentence):
        return None
    for mention in dates:
        if mention.is_target and mention.start >= 0 and re.search(r"\bby\s+(?:the\s+)?$", sentence[max(0, mention.start - 8):mention.start], re.IGNORECASE):
            past = [d for d in find_dates(mention.text, published) if not d.is_target and d.date <= published]
            if past:
                return replace(past[0], start=mention.start, end=mention.end)
    return None


def _is_since(mention: DateMention, sentence: str) -> bool:
    """"since 2017", and "since Turkey opened it to them in July 2015": a since-clause dated at its end."""
    if mention.start < 0:
        return False
    return bool(SINCE.search(sentence[max(0, mention.start - 8):mention.start + 6])
                or SINCE_CLAUSE_ENDING.search(sentence[max(0, mention.start - SINCE_REACH):mention.start]))


def _since_of_another_noun(mention: DateMention, cue: Cue, sentence: str) -> bool:
    """"destroyers homeported at Rota and a radar in Turkey that has been in service since 2011":
    a "since" inside a relative clause after the cue dates that clause's noun, not the cue. (A
    relative clause closed by a comma before the "since" does not hold it: "Manas, which shares a
    runway, since 2001".)"""
    return mention.start >= cue.end and _is_since(mention, sentence) \
        and bool(RELATIVE_CLAUSE_OPEN.search(sentence[cue.end:mention.start]))


def _dated_by_since_clause(mention: DateMention, cue: Cue, sentence: str) -> bool:
    """"the third base given to Afghan forces since the withdrawal began on May 1": the date of a
    since-clause after the cue dates the start of a span, not the cue's act."""
    return mention.start >= cue.end and bool(SINCE_OPENING.search(sentence[cue.end:mention.start]))


def _since_clause_of(sentence: str, offset: int) -> int | None:
    """Where the since-clause that holds `offset` starts, or None: a cue in "since US forces left X
    in January" speaks of X, not of a site outside the clause."""
    window = max(0, offset - 120)
    found = SINCE_CLAUSE.search(sentence[window:offset])
    return window + found.start() if found else None


def _can_date(mention: DateMention, kind: str, sentence: str) -> bool:
    """"stationed there since 2017" dates a presence (taxonomy: presence in 2017), never the
    sentence's other events. (A present-tense presence ignores other dates: see _dated_event.)"""
    return _takes_since_dates(kind, mention, sentence) or not _is_since(mention, sentence)


def _takes_since_dates(kind: str, mention: DateMention, sentence: str) -> bool:
    """A state or a series begins at its "since": a presence, reinforcements, and a plan or a
    withdrawal that "has been under way" or that officials "have been planning" since then."""
    if kind in SINCE_KINDS:
        return True
    if kind not in ("withdrawal_planned", "withdrawal_started") or mention.start < 0:
        return False
    return bool(UNDER_WAY_SINCE.search(sentence[max(0, mention.start - 40):mention.start])
                or GOING_ON_SINCE.search(sentence[max(0, mention.start - 140):mention.start]))


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
        if e.date_basis not in ("publication", "lead"):
            dated.setdefault((e.site, e.kind), []).append(e.date)
    # A plan restated today stays news of today: it keeps the site "planned" past today's presence.
    kept = [e for e in kept if e.date_basis not in ("publication", "lead") or e.kind in ("presence", "withdrawal_planned")
            or not _repeats(e, dated.get((e.site, e.kind), []))]
    leaving = {}
    starting: set[tuple[str, date]] = set()
    for e in kept:
        if e.kind in GONE_KINDS:
            leaving[e.site] = min(leaving.get(e.site, e.date), e.date)
        elif e.kind == "withdrawal_started":
            starting.add((e.site, e.date))
    return [e for e in kept if not (e.kind == "presence" and (
        (e.site, e.date) in starting
        or e.site in leaving and leaving[e.site] <= e.date and not _return_after_leaving(e, leaving[e.site])))]


def _return_after_leaving(presence: ExtractedEvent, left: date) -> bool:
    """"handed to the Afghan army in 2014 ... has hosted US Marines since 2017": a presence the text
    dates after the site was left is a return, not a stale one."""
    return presence.date_basis == "text" and presence.date > left and presence.date.year > left.year


def _repeats(undated: ExtractedEvent, dated: list[date]) -> bool:
    """An event dated only by publication repeats a dated one of the same site and kind from the
    weeks before; one from years before ("hosted troops since 2003") is another event."""
    return any(0 <= (undated.date - day).days <= REPEAT_WINDOW_DAYS for day in dated)
