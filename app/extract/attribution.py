"""The attribution a sentence gives itself: "according to local media", "the Pentagon said",
"AFP saw". Shown beside the sentence, so a reader sees who the report says the news is from.
The cues are in data/lexicon/attribution.yaml."""

from __future__ import annotations

from app.extract.cue_lists import load_cues, load_pattern


def find_attribution(sentence: str) -> str:
    """The leftmost attribution phrase in `sentence`, as written, or "" where it gives none."""
    if not load_pattern("attribution", "prefilter").search(sentence):
        return ""
    found = [match for cue in load_cues("attribution") for match in [cue.pattern.search(sentence)] if match]
    if not found:
        return ""
    first = min(found, key=lambda match: (match.start(), -match.end()))
    return first.group(0).strip(" ,")
