"""Extraction quality on every bundled gold file (data/gold/*.jsonl), and on all of them together.

Floors, not targets: a change that lowers a figure below its floor fails. Each floor sits a
little under what the file measured when it was set; the current figures are in the README.
A new gold file must declare its floors here.
"""

from pathlib import Path

import pytest

from app.evaluate import Score, evaluate

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD_FILES = sorted((DATA / "gold").glob("*.jsonl"))

# site F1, within 25 km, event F1, dated-event F1, status-timeline agreement
FLOORS = {
    "seeds.jsonl": (1.0, 1.0, 1.0, 1.0, 1.0),
    "dev_a.jsonl": (0.97, 0.98, 0.95, 0.92, 0.86),
    "dev_b.jsonl": (0.97, 0.96, 0.93, 0.91, 0.93),
    "dev_c.jsonl": (0.98, 0.98, 0.95, 0.89, 0.88),
    "dev_d.jsonl": (0.98, 0.95, 0.92, 0.91, 0.95),
    "dev_w.jsonl": (0.97, 0.97, 0.90, 0.86, 0.86),
}
# every gold file together, timelines merged per site as the map merges them
ALL_FLOORS = (0.97, 0.98, 0.93, 0.90, 0.90)
FIGURES = ("site F1", "within 25 km", "event F1", "dated-event F1", "timeline agreement")


@pytest.fixture(scope="module")
def scores(extractor) -> dict[str, Score]:
    return {gold.name: evaluate(gold, DATA / "articles", extractor) for gold in GOLD_FILES}


def _figures(score: Score) -> tuple[float, ...]:
    return (score.sites.f1, score.geo_accuracy, score.events.f1, score.dated.f1, score.timeline_agreement)


def test_every_gold_file_declares_its_floors():
    assert {gold.name for gold in GOLD_FILES} == set(FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_each_gold_file_stays_above_its_floors(scores, name):
    measured = _figures(scores[name])
    below = {figure: (round(value, 3), floor) for figure, value, floor in zip(FIGURES, measured, FLOORS[name])
             if value < floor}
    assert not below, (below, scores[name].misses[:20])


def test_the_development_corpus_is_large_enough(scores):
    total = Score()
    for name, score in scores.items():
        if name.startswith("dev_"):
            total.add(score)
    assert total.sites.tp + total.sites.fn >= 100
    assert total.events.tp + total.events.fn >= 200


def test_timelines_merge_across_gold_files(scores):
    """The map merges every article's events per site; so does the total."""
    total = Score()
    for score in scores.values():
        total.add(score)
    taji = total.timelines["Camp Taji"]
    assert len(taji.gold) >= 4 and len(taji.extracted) >= 4


def test_all_gold_files_together_stay_above_their_floors(scores):
    total = Score()
    for score in scores.values():
        total.add(score)
    measured = _figures(total)
    below = {figure: (round(value, 3), floor) for figure, value, floor in zip(FIGURES, measured, ALL_FLOORS) if value < floor}
    assert not below, below
