"""Scoring extraction against gold annotations (data/gold/*.jsonl).

Sites match when a name the extractor gave the site (its name or a mention)
equals, after normalisation, a gold site's name, mention or alias. Events match on
(site, kind), pairing equal dates first; optional gold events count neither way.
A date is right when equal to the gold date at the gold precision.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from app.extract.pipeline import Extraction, Extractor
from app.geo.names import normalise
from app.ingest.article import read_article_file

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


@dataclass
class Score:
    sites: Counts = field(default_factory=Counts)
    events: Counts = field(default_factory=Counts)
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

    def add(self, other: "Score") -> None:
        for mine, theirs in ((self.sites, other.sites), (self.events, other.events)):
            mine.tp, mine.fp, mine.fn = mine.tp + theirs.tp, mine.fp + theirs.fp, mine.fn + theirs.fn
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


def _score_events(name: str, gold: dict, extraction: Extraction, matched: dict[str, str], score: Score) -> None:
    predicted = [(matched.get(e.site, e.site), e) for e in extraction.events]
    unused = list(range(len(predicted)))
    for gold_event in gold.get("events", []):
        candidates = [i for i in unused if predicted[i][0] == gold_event["site"] and predicted[i][1].kind == gold_event["kind"]]
        if not candidates:
            score.events.fn += 1
            score.misses.append(f"{name}: missed {gold_event['kind']} at {gold_event['site']} ({gold_event['date']})")
            continue
        best = next((i for i in candidates if _date_right(predicted[i][1], gold_event)), candidates[0])
        unused.remove(best)
        score.events.tp += 1
        score.dates_total += 1
        if _date_right(predicted[best][1], gold_event):
            score.dates_right += 1
        else:
            score.misses.append(f"{name}: {gold_event['kind']} at {gold_event['site']} dated "
                                f"{predicted[best][1].date} ({predicted[best][1].precision}), gold {gold_event['date']}")
    optional = {(e["site"], e["kind"]) for e in gold.get("optional_events", [])}
    for i in unused:
        site, event = predicted[i]
        if (site, event.kind) in optional:
            continue
        score.events.fp += 1
        score.misses.append(f"{name}: extra {event.kind} at {site} ({event.date}): {event.quote[:100]}")


def evaluate(gold_path: Path, articles_dir: Path, extractor: Extractor, max_bytes: int = 10_000_000) -> Score:
    score = Score()
    for gold in load_gold(gold_path):
        article = read_article_file(Path(articles_dir) / gold["article"], max_bytes)
        score_article(gold, extractor.extract(article), score)
    return score
