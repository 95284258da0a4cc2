"""Scoring extraction against gold annotations (data/gold/*.jsonl).

Sites match when a name the extractor gave the site (its name or a mention)
equals, after normalisation, a gold site's name, mention or alias. Events match on
(site, kind), pairing equal dates first; optional gold events count neither way.
A date is right when equal to the gold date at the gold precision.

Two figures say what a reader of the map sees (shared/design/taxonomy.md):
- dated-event F1: an event counts only when its site, kind and date are all right;
- status-timeline agreement: the events of all articles are merged per site, as the
  store merges them, and on every day on which a site's gold or extracted status may
  change (and the day after) the status the rule gives from each side is compared.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from app.extract.pipeline import Extraction, Extractor
from app.geo.names import normalise
from app.ingest.article import read_article_file
from app.timeline import INCIDENT_KINDS, status_on

GEO_TOLERANCE_KM = 25.0


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class TimelineEvent:
    kind: str
    date: date
    precision: str


@dataclass
class Timeline:
    """One site's events from every article: the gold ones and the extracted ones."""
    gold: list[TimelineEvent] = field(default_factory=list)
    extracted: list[TimelineEvent] = field(default_factory=list)

    def days(self) -> list[date]:
        starts = {e.date for e in [*self.gold, *self.extracted] if e.kind not in INCIDENT_KINDS}
        return sorted(starts | {d + timedelta(days=1) for d in starts})

    def disagreements(self) -> list[tuple[date, str, str]]:
        """(day, extracted status, gold status) on each day where the two differ."""
        out = []
        for day in self.days():
            extracted, gold = status_on(self.extracted, day).status, status_on(self.gold, day).status
            if extracted != gold:
                out.append((day, extracted, gold))
        return out


@dataclass
class Score:
    sites: Counts = field(default_factory=Counts)
    events: Counts = field(default_factory=Counts)
    dated: Counts = field(default_factory=Counts)
    kinds: dict[str, Counts] = field(default_factory=dict)
    dated_kinds: dict[str, Counts] = field(default_factory=dict)
    timelines: dict[str, Timeline] = field(default_factory=dict)
    geo_right: int = 0
    geo_total: int = 0
    dates_right: int = 0
    dates_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def geo_accuracy(self) -> float:
        return self.geo_right / self.geo_total if self.geo_total else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_total if self.dates_total else 1.0

    def kind(self, kind: str, dated: bool = False) -> Counts:
        table = self.dated_kinds if dated else self.kinds
        return table.setdefault(kind, Counts())

    def timeline(self, site: str) -> Timeline:
        return self.timelines.setdefault(site, Timeline())

    @property
    def timeline_days(self) -> tuple[int, int]:
        """(agreeing site-days, all compared site-days) over every site."""
        total = sum(len(t.days()) for t in self.timelines.values())
        wrong = sum(len(t.disagreements()) for t in self.timelines.values())
        return total - wrong, total

    @property
    def timeline_agreement(self) -> float:
        agree, total = self.timeline_days
        return agree / total if total else 1.0

    def add(self, other: "Score") -> None:
        pairs = [(self.sites, other.sites), (self.events, other.events), (self.dated, other.dated)]
        pairs += [(self.kind(k), c) for k, c in other.kinds.items()]
        pairs += [(self.kind(k, dated=True), c) for k, c in other.dated_kinds.items()]
        for mine, theirs in pairs:
            mine.tp, mine.fp, mine.fn = mine.tp + theirs.tp, mine.fp + theirs.fp, mine.fn + theirs.fn
        for site, timeline in other.timelines.items():
            self.timeline(site).gold += timeline.gold
            self.timeline(site).extracted += timeline.extracted
        self.geo_right += other.geo_right
        self.geo_total += other.geo_total
        self.dates_right += other.dates_right
        self.dates_total += other.dates_total
        self.misses += other.misses

    def summary(self) -> dict:
        return {
            "site_precision": round(self.sites.precision, 3), "site_recall": round(self.sites.recall, 3),
            "site_f1": round(self.sites.f1, 3), "geocoding_within_25km": round(self.geo_accuracy, 3),
            "event_precision": round(self.events.precision, 3), "event_recall": round(self.events.recall, 3),
            "event_f1": round(self.events.f1, 3), "dates_right": round(self.date_accuracy, 3),
            "dated_event_precision": round(self.dated.precision, 3), "dated_event_recall": round(self.dated.recall, 3),
            "dated_event_f1": round(self.dated.f1, 3), "timeline_agreement": round(self.timeline_agreement, 3),
            "timeline_days": "{}/{}".format(*self.timeline_days),
            "by_kind": {kind: {"event_f1": round(c.f1, 3), "dated_event_f1": round(self.kind(kind, True).f1, 3),
                               "gold": c.tp + c.fn, "extracted": c.tp + c.fp}
                        for kind, c in sorted(self.kinds.items())},
            "sites": vars(self.sites), "events": vars(self.events),
            "dates": f"{self.dates_right}/{self.dates_total}", "geocoded": f"{self.geo_right}/{self.geo_total}",
        }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def load_gold(path: Path) -> list[dict]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _gold_names(site: dict) -> set[str]:
    names = [site["name"], *site.get("mentions", []), *site.get("aliases", [])]
    return {normalise(n) for n in names} - {""}


def _match_sites(gold_sites: list[dict], extraction: Extraction) -> dict[str, str]:
    """Predicted site id -> gold site name."""
    matched: dict[str, str] = {}
    for site in extraction.sites:
        names = {normalise(n) for n in [site.name, *site.mentions]} - {""}
        for gold in gold_sites:
            if gold["name"] not in matched.values() and names & _gold_names(gold):
                matched[site.id] = gold["name"]
                break
    return matched


def _date_right(predicted, gold: dict) -> bool:
    width = {"day": 10, "month": 7, "year": 4}[gold.get("precision", "day")]
    return predicted.date.isoformat()[:width] == gold["date"][:width]


def score_article(gold: dict, extraction: Extraction, score: Score) -> None:
    name = gold["article"]
    gold_sites = gold.get("sites", [])
    matched = _match_sites(gold_sites, extraction)
    by_id = {s.id: s for s in extraction.sites}
    for site in extraction.sites:
        if site.id not in matched:
            score.sites.fp += 1
            score.misses.append(f"{name}: extra site {site.id} ({', '.join(site.mentions)})")
    for gold_site in gold_sites:
        site_id = next((sid for sid, g in matched.items() if g == gold_site["name"]), None)
        if site_id is None:
            score.sites.fn += 1
            score.misses.append(f"{name}: missed site {gold_site['name']}")
            continue
        score.sites.tp += 1
        score.geo_total += 1
        site = by_id[site_id]
        if site.located and haversine_km(site.lat, site.lon, gold_site["lat"], gold_site["lon"]) <= GEO_TOLERANCE_KM:
            score.geo_right += 1
        else:
            score.misses.append(f"{name}: {site_id} placed more than {GEO_TOLERANCE_KM:g} km from gold")
    _score_events(name, gold, extraction, matched, score)


def _gold_date(gold_event: dict) -> date:
    """The first day of the gold event's period ("2019-12" -> 1 Dec 2019)."""
    parts = [int(p) for p in gold_event["date"].split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _score_events(name: str, gold: dict, extraction: Extraction, matched: dict[str, str], score: Score) -> None:
    predicted = [(matched.get(e.site, e.site), e) for e in extraction.events]
    unused = list(range(len(predicted)))
    gold_events = gold.get("events", [])
    paired = _pair_equal_dates(gold_events, predicted)
    unused = [i for i in unused if i not in paired.values()]
    for number, gold_event in enumerate(gold_events):
        kind = gold_event["kind"]
        score.timeline(gold_event["site"]).gold.append(
            TimelineEvent(kind, _gold_date(gold_event), gold_event.get("precision", "day")))
        candidates = [paired[number]] if number in paired else \
            [i for i in unused if predicted[i][0] == gold_event["site"] and predicted[i][1].kind == kind]
        if not candidates:
            score.events.fn += 1
            score.kind(kind).fn += 1
            score.dated.fn += 1
            score.kind(kind, dated=True).fn += 1
            score.misses.append(f"{name}: missed {kind} at {gold_event['site']} ({gold_event['date']})")
            continue
        best = candidates[0]
        if best in unused:
            unused.remove(best)
        _add_timeline_event(score, *predicted[best])
        score.events.tp += 1
        score.kind(kind).tp += 1
        score.dates_total += 1
        if _date_right(predicted[best][1], gold_event):
            score.dates_right += 1
            score.dated.tp += 1
            score.kind(kind, dated=True).tp += 1
        else:
            score.dated.fn += 1
            score.dated.fp += 1
            score.kind(kind, dated=True).fn += 1
            score.kind(kind, dated=True).fp += 1
            score.misses.append(f"{name}: {kind} at {gold_event['site']} dated "
                                f"{predicted[best][1].date} ({predicted[best][1].precision}), gold {gold_event['date']}")
    optional = {(e["site"], e["kind"]) for e in gold.get("optional_events", [])}
    for i in unused:
        site, event = predicted[i]
        if (site, event.kind) in optional:
            continue
        _add_timeline_event(score, site, event)
        score.events.fp += 1
        score.kind(event.kind).fp += 1
        score.dated.fp += 1
        score.kind(event.kind, dated=True).fp += 1
        score.misses.append(f"{name}: extra {event.kind} at {site} ({event.date}): {event.quote[:100]}")


def _pair_equal_dates(gold_events: list[dict], predicted: list) -> dict[int, int]:
    """Gold event number -> predicted event index, for pairs whose site, kind and date all agree,
    so that a wrongly dated event never takes the place of a rightly dated one."""
    pairs: dict[int, int] = {}
    for number, gold_event in enumerate(gold_events):
        for i, (site, event) in enumerate(predicted):
            if i not in pairs.values() and site == gold_event["site"] and event.kind == gold_event["kind"] \
                    and _date_right(event, gold_event):
                pairs[number] = i
                break
    return pairs


def _add_timeline_event(score: Score, site: str, event) -> None:
    score.timeline(site).extracted.append(TimelineEvent(event.kind, event.date, event.precision))


def timeline_misses(score: Score) -> list[str]:
    """Each site-day on which the map, drawn from the extracted events, disagrees with the gold."""
    return [f"timeline {site} {day}: extracted {extracted}, gold {gold}"
            for site, timeline in sorted(score.timelines.items())
            for day, extracted, gold in timeline.disagreements()]


def evaluate(gold_path: Path, articles_dir: Path, extractor: Extractor, max_bytes: int = 10_000_000) -> Score:
    score = Score()
    for gold in load_gold(gold_path):
        article = read_article_file(Path(articles_dir) / gold["article"], max_bytes)
        score_article(gold, extractor.extract(article), score)
    return score
