"""Article -> sites and dated events. Pure: no database, no network (unless the geocoder has it)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from app.extract.attribution import find_attribution
from app.extract.dates import DateMention, find_dates, month_start
from app.extract.denials import find_denial
from app.extract.events import NON_US_ACTOR, US_FORCES, Cue, find_cues, kinds_for
from app.extract.sentences import Sentence, split_sentences
from app.extract.sites import MILITARY_CUE, SiteMention, find_site_mentions
from app.geo.chain import GeocoderChain, GeocodeResult
from app.geo.gazetteer import Gazetteer
from app.geo.names import slugify
from app.ingest.article import Article

ANAPHOR = re.compile(
    r"\bthe\s+(?:whole\s+|entire\s+|former\s+|sprawling\s+|main\s+|US\s+|American\s+|military\s+)?"
    r"(?:air\s*base|airbase|base|facility|garrison|airfield|outpost|installation|compound|site)\b(?!\s+(?:of|in|at|near)\b)"
    r"|(?:(?<=stationed )|(?<=deployed )|(?<=based )|(?<=housed ))there\b", re.IGNORECASE)
# "NIAMEY, July 8 —": the dateline names where the report was filed, not a site.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Za-z .]+)?(?:,\s*[A-Z][a-z]+\.? \d{1,2})?(?:\s*\([^)]{1,40}\))?\s*[—–-]+\s")
# "the second-largest base after Balad", "a US drone strike at Baghdad airport": named for comparison
# or as the place of someone else's act, not as the subject of an event.
CONTEXT_ONLY = re.compile(r"(?:\b(?:after|than|besides|unlike|like)|\b(?:US|American|Israeli) (?:drone |air)?strikes? (?:at|on|near))\s+(?:the\s+)?$", re.IGNORECASE)
VAGUE_PAST = re.compile(r"\b(?:recently|in recent (?:days|weeks|months)|lately|earlier)\b", re.IGNORECASE)
# "the plan", "the deal": a plan described in the sentence before, dated there.
BACK_REFERENCE = re.compile(r"\b(?:the|that|this)\s+(?:plan|deal|agreement|accord|timetable|timeline|arrangement)\b", re.IGNORECASE)
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
        recent: list[tuple[int, str]] = []  # (sentence index, site id) for "the base"
        previous: Sentence | None = None
        for sentence in split_sentences(article.body):
            dateline = DATELINE.match(sentence.text)
            found = [m for m in find_site_mentions(sentence.text, self.gazetteer)
                     if not (dateline and m.start < dateline.end()) and not CONTEXT_ONLY.search(sentence.text[max(0, m.start - 40):m.start])]
            mentions = self._resolve(sentence, found, sites)
            if mentions:
                recent = [(sentence.index, site_id) for site_id, _ in mentions]
            elif recent and recent[-1][0] >= sentence.index - 3:
                anaphor = ANAPHOR.search(sentence.text)
                if anaphor:
                    mention = SiteMention(anaphor.start(), anaphor.end(), anaphor.group(), recent[-1][1], anaphor.group(), "anaphor")
                    mentions = [(recent[-1][1], mention)]
                    recent = [(sentence.index, recent[-1][1])]
            events += self._events(article, sentence, mentions, previous)
            previous = sentence
        events = [replace(e, attribution=find_attribution(e.quote)) for e in _tidy(events)]
        with_events = {event.site for event in events}
        kept = [s for s in sites.values() if s.id in with_events or s.geocoder == "gazetteer" and s.mentions]
        return Extraction(kept, events)

    def _resolve(self, sentence: Sentence, mentions: list[SiteMention], sites: dict) -> list[tuple[str, SiteMention]]:
        resolved = []
        for mention in mentions:
            if mention.site_id is not None:
                site_id = mention.site_id
                if not self.gazetteer.sites[site_id].is_us:
                    continue
                if site_id not in sites:
                    sites[site_id] = self._gazetteer_site(site_id)
            else:
                if not (US_FORCES.search(sentence.text) or MILITARY_CUE.search(sentence.text)):
                    continue
                result = self.geocoder.geocode(mention.name)
                if result.site_id and not self.gazetteer.sites[result.site_id].is_us:
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
        denial = find_denial(sentence.text)  # a denied move is no event; the denial is one (app/extract/denials.py)
        if denial:
            cue = Cue("denial", denial.start(), denial.end(), denial.group())
            return [_dated_event(article, sentence, site_id, "denial", cue, find_dates(sentence.text, article.published))
                    for site_id in dict.fromkeys(site_id for site_id, _ in mentions)]
        cues = find_cues(sentence.text)
        if not cues:
            return []
        non_us_only = bool(NON_US_ACTOR.search(sentence.text)) and not US_FORCES.search(sentence.text)
        dates = find_dates(sentence.text, article.published)
        if previous is not None and BACK_REFERENCE.search(sentence.text) and not any(not d.is_target for d in dates):
            dates += [replace(d, start=-1, end=-1) for d in find_dates(previous.text, article.published) if not d.is_target]
        out = []
        for site_id, mention in mentions:
            others = [m for _, m in mentions if m is not mention]
            for assignment in kinds_for(sentence.text, mention, cues, others):
                if non_us_only and assignment.kind != "handover":
                    continue
                out.append(_dated_event(article, sentence, site_id, assignment.kind, assignment.cue, dates))
        return out


def _new_site(site_id: str, mention: SiteMention, result: GeocodeResult) -> ExtractedSite:
    return ExtractedSite(site_id, mention.name, result.country, result.lat, result.lon, "base", result.geocoder,
                         result.method, result.precision, result.source, [])


def _closest(dates: list[DateMention], cue: Cue) -> DateMention | None:
    if not dates:
        return None
    return min(dates, key=lambda d: min(abs(d.start - cue.end), abs(cue.start - d.end)))


def _dated_event(article: Article, sentence: Sentence, site_id: str, kind: str, cue: Cue,
                 dates: list[DateMention]) -> ExtractedEvent:
    stated = _closest([d for d in dates if not d.is_target and _can_date(d, kind)], cue)
    target = _closest([d for d in dates if d.is_target], cue) if kind == "withdrawal_planned" else None
    if kind == "presence" and cue.present_tense or stated is None or stated.date > article.published:
        day, precision, basis, text = _undated(article.published, sentence.text)
    else:
        basis = "text" if stated.start >= 0 else "previous sentence"
        day, precision, text = stated.date, stated.precision, stated.text
    return ExtractedEvent(
        site=site_id, kind=kind, date=day, precision=precision, quote=sentence.text,
        quote_start=sentence.start, quote_end=sentence.end, date_basis=basis, date_text=text,
        target_date=target.date if target else None, target_precision=target.precision if target else None,
    )


def _can_date(mention: DateMention, kind: str) -> bool:
    """A presence is reported as of publication unless a day is named ("seen there on Friday");
    "stationed there since 2014" dates the start of a presence the article reports as current."""
    return kind != "presence" or (mention.precision == "day" and not mention.text.lower().startswith("since"))


def _undated(published: date, sentence: str) -> tuple[date, str, str, str]:
    """No date in the text: the publication day, or its month where the text says 'recently'."""
    if VAGUE_PAST.search(sentence):
        return month_start(published), "month", "publication", ""
    return published, "day", "publication", ""


def _tidy(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """One event per (site, kind, date); undated repeats of a dated event go; a presence
    superseded the same day by the site's withdrawal goes."""
    unique: dict[tuple, ExtractedEvent] = {}
    for event in events:
        unique.setdefault((event.site, event.kind, event.date), event)
    kept = list(unique.values())
    dated = {(e.site, e.kind) for e in kept if e.date_basis != "publication"}
    kept = [e for e in kept if e.date_basis != "publication" or (e.site, e.kind) not in dated]
    leaving = {}
    for e in kept:
        if e.kind in WITHDRAWN_OR_LEAVING:
            leaving[e.site] = min(leaving.get(e.site, e.date), e.date)
    return [e for e in kept if not (e.kind == "presence" and e.site in leaving and leaving[e.site] <= e.date)]
