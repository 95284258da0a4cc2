"""Extraction quality on the development corpus (32 articles, data/gold/dev_a.jsonl and dev_b.jsonl).

Floors, not targets: a change that lowers quality below them fails. Current figures
are in the README.
"""

from pathlib import Path

import pytest

from app.evaluate import Score, evaluate

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def dev_score(extractor) -> Score:
    total = Score()
    # The floors were measured on these corpora; newer ones (dev_w) are targets, see the README.
    for gold in (DATA / "gold" / "dev_a.jsonl", DATA / "gold" / "dev_b.jsonl"):
        total.add(evaluate(gold, DATA / "articles", extractor))
    return total


def test_the_development_corpus_is_large_enough(dev_score):
    assert dev_score.sites.tp + dev_score.sites.fn >= 60
    assert dev_score.events.tp + dev_score.events.fn >= 120


def test_sites_are_found(dev_score):
    assert dev_score.sites.f1 >= 0.95, dev_score.misses


def test_sites_are_placed_within_25_km(dev_score):
    assert dev_score.geo_accuracy >= 0.95


def test_events_are_found(dev_score):
    assert dev_score.events.f1 >= 0.85


def test_dates_are_right(dev_score):
    assert dev_score.date_accuracy >= 0.85
