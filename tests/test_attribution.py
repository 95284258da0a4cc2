"""The attribution a sentence gives itself is found, shown and stored: every cue of
data/lexicon/attribution.yaml on its example, and through extraction."""

import pytest

from app.extract.attribution import find_attribution
from app.extract.cue_lists import load_cues
from app.ingest.article import parse_article

CUES = load_cues("attribution")


@pytest.mark.parametrize("cue", CUES, ids=[cue.name for cue in CUES])
def test_each_cue_finds_its_example(cue):
    assert cue.expect, f"{cue.name}: give the phrase expected from the example"
    assert find_attribution(cue.example) == cue.expect


@pytest.mark.parametrize("sentence, expected", [
    ("US forces left al-Tanf on Wednesday, according to local media.", "according to local media"),
    ("The Pentagon said the last troops left Bagram on Friday.", "The Pentagon said"),
    ("Trucks left Qasrak on Monday, AFP saw.", "AFP saw"),
    ("US forces left al-Tanf on Wednesday.", ""),
])
def test_sentences_without_and_with_an_attribution(sentence, expected):
    assert find_attribution(sentence) == expected


def test_extracted_events_carry_their_sentence_s_attribution(extractor):
    article = parse_article("title: t\nsource: Wire\npublished: 2026-02-23\n---\n"
                            "US troops withdrew from the Qasrak base on Sunday, according to local media.\n", "a.txt")
    [event] = extractor.extract(article).events
    assert event.attribution == "according to local media"
    assert event.as_json()["attribution"] == "according to local media"
