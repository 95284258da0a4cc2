"""The naming patterns of data/lexicon/site_names.yaml: every example finds what it says."""

from __future__ import annotations

import pytest

from app.extract.sites import NAMES, find_site_mentions, load_site_names, pattern_mentions
from app.geo.gazetteer import load_gazetteer
from conftest import PROJECT

PATTERNS = NAMES.patterns


def test_every_pattern_has_an_example():
    assert len(PATTERNS) >= 20
    for pattern in PATTERNS:
        assert pattern.example.strip() and pattern.finds.strip(), pattern.kind


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if not p.home], ids=lambda p: p.finds)
def test_pattern_example_finds_its_name(pattern):
    found = [(m.name, m.near) for m in pattern_mentions(pattern.example, [])]
    assert (pattern.finds, pattern.near) in found, found


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p.home], ids=lambda p: p.finds)
def test_home_pattern_example_is_left_out_whole(pattern):
    """"Dyess Air Force Base" is a home installation: no site, and no "Dyess Air Force" base either."""
    assert pattern_mentions(pattern.example, []) == []


@pytest.mark.parametrize("sentence, name", [
    ("Troops at the US base in Syria were attacked.", None),  # a description, not a name
    ("The NSA Director visited troops on Monday.", None),  # the agency, not a Naval Support Activity
    ("Saab AB will supply the Swedish air force.", None),
    ("The last soldiers left the Transit Center at Zeta in June.", "Transit Center at Zeta"),
])
def test_descriptions_and_lookalikes_are_not_names(sentence, name):
    found = pattern_mentions(sentence, [])
    assert [m.name for m in found] == ([name] if name else [])
    assert all(m.near is None for m in found)  # "in June", "in Syria": no town


def test_gazetteer_names_win_over_patterns():
    gazetteer = load_gazetteer(PROJECT / "data" / "gazetteer" / "sites.json")
    [mention] = find_site_mentions("US troops left Naval Station Rota on Monday.", gazetteer)
    assert (mention.site_id, mention.via) == ("naval-station-rota", "alias")


def test_the_file_is_read_as_written(tmp_path):
    path = tmp_path / "names.yaml"
    path.write_text(
        'name_word: "[A-Z][a-z]+"\n'
        'near_town: "\\\\s+in\\\\s+(?P<near>[A-Z][a-z]+)"\n'
        'kind_first:\n  - {kind: "Depot", keep_kind: true, example: "x", finds: "x"}\n'
        'name_first:\n  - {kind: "Yard", keep_kind: false, example: "x", finds: "x"}\n'
        'not_a_name: "The"\n', encoding="utf-8")
    names = load_site_names(path)
    found = pattern_mentions("Convoys left Depot Alpha and the Bravo Yard in Kappa.", [], names)
    assert [(m.name, m.near) for m in found] == [("Depot Alpha", None), ("Bravo", "Kappa")]


def test_the_origin_of_a_move_into_the_base_is_not_a_site_of_the_sentence():
    gazetteer = load_gazetteer(PROJECT / "data" / "gazetteer" / "sites.json")
    sentence = "Last month more F-15E jets flew into the base from RAF Lakenheath in England."
    assert find_site_mentions(sentence, gazetteer) == []
    [mention] = find_site_mentions("More F-15E jets left RAF Lakenheath for Jordan.", gazetteer)
    assert mention.site_id == "raf-lakenheath"


def test_camps_named_together_give_one_mention_each():
    gazetteer = load_gazetteer(PROJECT / "data" / "gazetteer" / "sites.json")
    mentions = find_site_mentions("The Army returned Camps Page, Hovey and Zebulon last year.", gazetteer)
    assert [(m.text, m.name, m.site_id) for m in mentions] == [
        ("Page", "Camp Page", "camp-page"), ("Hovey", "Camp Hovey", "camp-hovey"), ("Zebulon", "Camp Zebulon", None)]


def test_a_nationality_before_air_base_is_a_description_not_a_name():
    assert pattern_mentions("About 500 US troops are stationed at Soto Cano, the Honduran air base.", []) == []
