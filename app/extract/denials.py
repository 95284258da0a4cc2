"""Denials: "officials denied reports that troops had left", "no plans to withdraw", "reports
are false". A sentence with one reports that a move did not or will not happen; it gives a
`denial` event for each site it names, and none of the moves it denies. The cues are in
data/lexicon/denials.yaml."""

from __future__ import annotations

import re

from app.extract.cue_lists import load_cues, load_pattern


def find_denial(sentence: str) -> re.Match | None:
    """The first denial cue in `sentence`, or None."""
    if not load_pattern("denials", "prefilter").search(sentence):
        return None
    speaks_of_move = load_pattern("denials", "move").search(sentence) is not None
    found = [match for cue in load_cues("denials") if speaks_of_move or not cue.needs_move
             for match in [cue.pattern.search(sentence)] if match]
    return min(found, key=lambda match: match.start()) if found else None
