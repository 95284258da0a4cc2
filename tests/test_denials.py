"""Denials: every cue of data/lexicon/denials.yaml on its example and near miss; a denial is
an event of its own, never the move it denies."""

import pytest

from app.extract.denials import find_denial
from app.extract.cue_lists import load_cues
from app.ingest.article import parse_article

CUES = load_cues("denials")


@pytest.mark.parametrize("cue", CUES, ids=[cue.name for cue in CUES])
def test_each_cue_matches_its_example_and_not_its_near_miss(cue):
    match = find_denial(cue.example)
    assert match is not None and cue.pattern.search(cue.example)
    if cue.near_miss:
        assert find_denial(cue.near_miss) is None


def _article(body: str, published: str = "2026-03-05"):
    return parse_article(f"title: t\nsource: Wire\npublished: {published}\n---\n{body}\n", "d.txt")


def test_a_denied_withdrawal_is_a_denial_not_a_withdrawal(extractor):
    events = extractor.extract(_article("Pentagon officials denied reports that US troops had left Ain al-Asad air base.")).events
    assert [(e.site, e.kind, e.date.isoformat()) for e in events] == [("ain-al-asad", "denial", "2026-03-05")]
    assert events[0].quote.startswith("Pentagon officials denied")


def test_no_plans_to_withdraw_is_a_denial(extractor):
    events = extractor.extract(_article("The coalition said on Tuesday it had no plans to withdraw from Ain al-Asad air base.")).events
    assert [(e.kind, e.date.isoformat()) for e in events] == [("denial", "2026-03-03")]


def test_a_denial_of_something_else_is_no_denial(extractor):
    events = extractor.extract(_article("Iran denied reports that its proxies attacked Ain al-Asad air base on Monday.")).events
    assert "denial" not in {e.kind for e in events}


def test_every_example_passes_the_prefilter():
    from app.extract.cue_lists import load_pattern

    for name in ("denials", "attribution"):
        prefilter = load_pattern(name, "prefilter")
        assert all(prefilter.search(cue.example) for cue in load_cues(name)), name
