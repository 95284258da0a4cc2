"""Every cue in data/lexicon/event_cues.yaml, run on its own example sentence."""

from __future__ import annotations

import re

import pytest

from app.extract.lexicon import NEAR_PRESENCE, cue_rules
from app.ingest.article import parse_article

RULES = cue_rules()


def test_every_kind_has_cues():
    kinds = {rule.kind for rule in RULES}
    assert kinds == {"presence", "attack", "withdrawal_planned", "withdrawal_started",
                     "withdrawal_completed", "handover", "reinforcement", NEAR_PRESENCE}


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.kind}:{r.pattern[:40]}" for r in RULES])
def test_the_example_matches_its_cue_and_yields_its_kind(extractor, rule):
    assert re.search(r"\b(?:" + rule.pattern + ")", rule.example, re.IGNORECASE), "the cue does not match its example"
    article = parse_article(f"title: t\nsource: t\npublished: {rule.published}\n---\n{rule.example}\n", "example.txt")
    kind = "presence" if rule.kind == NEAR_PRESENCE else rule.kind
    found = [event.kind for event in extractor.extract(article).events]
    assert kind in found, f"{rule.example!r} gave {found}"
