"""Cue lists that a linguist edits, read from data/lexicon/*.yaml (attribution, denials): each cue a name, a pattern,
and an example sentence that the tests run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon"


@dataclass(frozen=True)
class LexiconCue:
    name: str
    pattern: re.Pattern
    example: str
    expect: str = ""
    near_miss: str = ""
    needs_move: bool = False


@lru_cache(maxsize=None)
def load_cues(name: str) -> tuple[LexiconCue, ...]:
    """The cues of data/lexicon/<name>.yaml, compiled case-insensitive, in file order."""
    data = yaml.safe_load((LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    cues = []
    for entry in data["cues"]:
        try:
            pattern = re.compile(entry["pattern"], re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"data/lexicon/{name}.yaml, cue {entry.get('name')!r}: {error}") from None
        cues.append(LexiconCue(entry["name"], pattern, entry["example"], entry.get("expect", ""),
                               entry.get("near_miss", ""), bool(entry.get("needs_move", False))))
    return tuple(cues)


@lru_cache(maxsize=None)
def load_pattern(name: str, key: str) -> re.Pattern:
    """A single pattern kept beside the cues (e.g. `move` in denials.yaml)."""
    data = yaml.safe_load((LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    return re.compile(data[key], re.IGNORECASE)
