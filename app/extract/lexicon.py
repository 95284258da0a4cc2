"""The event-cue lexicon (data/lexicon/event_cues.yaml), read once and compiled per kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "event_cues.yaml"
DEFAULT_PUBLISHED = date(2025, 6, 2)
NEAR_PRESENCE = "presence_near"  # a group of presence cues that count only beside a site's name


@dataclass(frozen=True)
class CueRule:
    kind: str
    pattern: str  # with the macros expanded
    example: str
    published: date


@lru_cache(maxsize=None)
def cue_rules(path: Path = LEXICON_FILE) -> tuple[CueRule, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    macros = data.get("macros", {})
    rules = []
    for kind, entries in data["kinds"].items():
        for entry in entries:
            pattern = entry["cue"]
            for name, expansion in macros.items():
                pattern = pattern.replace("{" + name + "}", expansion)
            pattern = pattern.replace(" ", r"\s+")  # real copy has line breaks and double spaces between words
            rules.append(CueRule(kind, pattern, entry["example"], entry.get("published", DEFAULT_PUBLISHED)))
    return tuple(rules)


def compile_rules(rules: tuple[CueRule, ...]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(rule.pattern for rule in rules) + r")", re.IGNORECASE)


@lru_cache(maxsize=None)
def cue_patterns(path: Path = LEXICON_FILE) -> dict[str, re.Pattern]:
    """One compiled pattern per kind (and one for the near-only presence group), in file order."""
    by_kind: dict[str, list[CueRule]] = {}
    for rule in cue_rules(path):
        by_kind.setdefault(rule.kind, []).append(rule)
    return {kind: compile_rules(tuple(rules)) for kind, rules in by_kind.items()}
