"""Extraction quality on the seed gold set must not fall below its floors."""

from __future__ import annotations

import pytest

from app.evaluate import evaluate
from conftest import PROJECT

GOLD = PROJECT / "data" / "gold" / "seeds.jsonl"
ARTICLES = PROJECT / "data" / "articles"


@pytest.fixture(scope="module")
def score(extractor):
    return evaluate(GOLD, ARTICLES, extractor)


def test_seed_gold_is_not_empty(score):
    assert score.sites.tp + score.sites.fn >= 5
    assert score.events.tp + score.events.fn >= 10


def test_every_seed_site_is_found_and_nothing_else(score):
    assert score.sites.f1 == 1.0, score.misses


def test_every_seed_site_is_placed_within_25_km(score):
    assert score.geo_accuracy == 1.0, score.misses


def test_seed_events(score):
    assert score.events.f1 >= 0.9, score.misses


def test_seed_event_dates(score):
    assert score.date_accuracy >= 0.9, score.misses
