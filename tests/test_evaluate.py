"""The scores that say how true the map is: dated-event F1 and status-timeline agreement."""

from datetime import date

from app.evaluate import Score, score_article, timeline_misses
from app.extract.pipeline import ExtractedEvent, ExtractedSite, Extraction

GOLD = {
    "article": "a.txt",
    "published": "2020-08-24",
    "sites": [{"name": "Camp Taji", "mentions": ["Camp Taji"], "lat": 33.52, "lon": 44.26, "aliases": []}],
    "events": [
        {"site": "Camp Taji", "kind": "presence", "date": "2020-08-01", "precision": "day"},
        {"site": "Camp Taji", "kind": "handover", "date": "2020-08-23", "precision": "day"},
    ],
}


def _extraction(*events: tuple[str, date, str]) -> Extraction:
    site = ExtractedSite("camp-taji", "Camp Taji", "IQ", 33.52, 44.26, "camp", "gazetteer", "gazetteer", "site", "", [], ["Camp Taji"])
    return Extraction([site], [ExtractedEvent("camp-taji", kind, day, precision, "q", 0, 1, "text")
                               for kind, day, precision in events])


def _score(extraction: Extraction) -> Score:
    score = Score()
    score_article(GOLD, extraction, score)
    return score


def test_a_right_kind_on_a_wrong_date_is_not_a_dated_event():
    score = _score(_extraction(("presence", date(2020, 8, 1), "day"), ("handover", date(2020, 1, 1), "year")))
    assert score.events.f1 == 1.0
    assert (score.dated.tp, score.dated.fp, score.dated.fn) == (1, 1, 1)
    assert score.dated.f1 == 0.5


def test_a_handover_dated_to_the_start_of_the_year_shows_the_wrong_status_for_months():
    score = _score(_extraction(("presence", date(2020, 8, 1), "day"), ("handover", date(2020, 1, 1), "year")))
    # Days compared: 1 Jan, 2 Jan, 1 Aug, 2 Aug, 23 Aug, 24 Aug. Gold: unreported, unreported,
    # present, present, withdrawn, withdrawn. Extracted: withdrawn from 1 Jan on.
    assert score.timeline_days == (2, 6)
    assert "timeline Camp Taji 2020-01-01: extracted withdrawn, gold unreported" in timeline_misses(score)


def test_a_perfect_extraction_agrees_on_every_day():
    score = _score(_extraction(("presence", date(2020, 8, 1), "day"), ("handover", date(2020, 8, 23), "day")))
    assert score.dated.f1 == 1.0
    assert score.timeline_agreement == 1.0


def test_timelines_merge_every_article_per_site():
    first, second = Score(), Score()
    score_article({**GOLD, "events": GOLD["events"][:1]}, _extraction(("presence", date(2020, 8, 1), "day")), first)
    score_article({**GOLD, "events": GOLD["events"][1:]}, _extraction(("handover", date(2020, 8, 23), "day")), second)
    first.add(second)
    assert first.timeline_agreement == 1.0
    assert len(first.timelines["Camp Taji"].gold) == 2


def test_a_rightly_dated_event_is_paired_with_its_own_gold_event_whatever_the_order():
    gold = {**GOLD, "events": [{"site": "Camp Taji", "kind": "attack", "date": "2020-01", "precision": "month"},
                               {"site": "Camp Taji", "kind": "attack", "date": "2020-03-11", "precision": "day"}]}
    score = Score()
    score_article(gold, _extraction(("attack", date(2020, 3, 11), "day")), score)
    assert (score.dated.tp, score.dated.fn, score.dated.fp) == (1, 1, 0)
