"""Which date phrase governs an event's clause.

Real copy puts several dates in one sentence: the day of the act, the year of a
background fact, a date that only modifies a noun ("this year's transfers"). The
phrase that governs the cue's own clause wins (taxonomy.md, "Which date"):

- a date inside the cue's clause beats one across a clause boundary; a strong
  boundary (";", a dash, a parenthesis, a relative clause) weighs more than a comma;
- a date that opens the sentence ("On Sunday, ...", "Late on Wednesday the ...")
  governs the main clause, wherever the cue stands in it;
- a possessive date ("this year's", "last week's") modifies the noun after it and
  dates the event only when that noun is the cue itself ("last week's attack").
"""

from __future__ import annotations

import re
from typing import Protocol

SEGMENT_BREAK = re.compile(r"[,;:()]|\s[—–-]{1,2}\s|—")
SUBORDINATE = re.compile(
    r"^\s*(?:which|who|whom|whose|where|when|while|whereas|although|though|after|before|since|as|because|"
    r"adding|according|in what|a move|once|until|if|unlike|like)\b(?<!\bas(?= of))", re.IGNORECASE)
OPENING = re.compile(r"^\W{0,3}(?:(?:late|early|also|and)\s+)?(?:on|in|by|during|last|this|earlier|later)?\s*$", re.IGNORECASE)
# ", south of Mosul, on Thursday": a place or time phrase after a comma goes on with the clause.
ADJUNCT = re.compile(r"\s*(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)? of|near|outside|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)", re.IGNORECASE)
POSSESSIVE = re.compile(r"^(?:'s|’s|s'|s’)(?!\w)")
NOUN_AFTER_POSSESSIVE = 25  # characters from a possessive date to the cue it may date
STRONG, SOFT = 1000, 100
BEFORE_PENALTY = 5  # characters


class Span(Protocol):
    start: int
    end: int


def governing_date(dates: list, cue: Span, sentence: str):
    """The date mention (of `dates`) that governs the clause of `cue`, or None."""
    usable = [d for d in dates if d.start < 0 or not _modifies_another_noun(d, cue, sentence)]
    if not usable:
        return None
    segments = _segments(sentence)
    return min(usable, key=lambda d: _cost(d, cue, sentence, segments))


def gapped_date(dates: list, cue: Span, mention: Span, sentence: str):
    """"Bagram was handed over on July 2, and Kandahar Airfield in May": a name in a later
    conjunct of its own, with a date of its own, takes that date rather than the verb's."""
    segments = _segments(sentence)
    here, there = _segment_of(cue.start, segments), _segment_of(mention.start, segments)
    if here == there or mention.start < cue.end:
        return None
    own = [d for d in dates if d.start >= 0 and _segment_of(d.start, segments) == there]
    return own[0] if own else None


def in_subordinate_clause(offset: int, sentence: str) -> bool:
    """Whether `offset` falls in a subordinate clause ("..., as convoys drove out")."""
    segments = _segments(sentence)
    return segments[_segment_of(offset, segments)][1]


def only_from_subordinate_clause(date, cue: Span, sentence: str) -> bool:
    """Whether `date` stands in a subordinate clause ("which the coalition left on Saturday")
    that the cue's main clause is not part of: such a date dates that clause's act only."""
    if date.start < 0:
        return False
    segments = _segments(sentence)
    here, there = _segment_of(cue.start, segments), _segment_of(date.start, segments)
    return here != there and segments[there][1] and not segments[here][1]


def dated_in_own_clause(dates: list, cue: Span, sentence: str) -> bool:
    """Whether some date of `dates` stands in the cue's own clause."""
    segments = _segments(sentence)
    here = _segment_of(cue.start, segments)
    return any(d.start >= 0 and _segment_of(d.start, segments) == here and not _modifies_another_noun(d, cue, sentence)
               for d in dates)


def _modifies_another_noun(date, cue: Span, sentence: str) -> bool:
    if not POSSESSIVE.match(sentence[date.end:date.end + 3]):
        return False
    return not (date.end <= cue.start <= date.end + NOUN_AFTER_POSSESSIVE)


def _segments(sentence: str) -> list[tuple[int, bool]]:
    """(start offset, is subordinate) of each comma- or dash-separated piece of the sentence."""
    starts = [0] + [m.end() for m in SEGMENT_BREAK.finditer(sentence)
                    if not (m.group() == "," and ADJUNCT.match(sentence, m.end()))]
    return [(start, bool(SUBORDINATE.match(sentence[start:]))) for start in starts]


def _segment_of(offset: int, segments: list[tuple[int, bool]]) -> int:
    return max(i for i, (start, _) in enumerate(segments) if start <= max(offset, 0))


def _cost(date, cue: Span, sentence: str, segments: list[tuple[int, bool]]) -> int:
    """Clause boundaries between the date and the cue first, then the distance in characters."""
    if date.start < 0:  # from the sentence before ("the plan"): only when nothing here dates it
        return 10 * STRONG
    # At equal distance the date after the verb governs it ("began on May 19 and ended today").
    distance = date.start - cue.end if date.start >= cue.end else max(0, cue.start - date.end) + BEFORE_PENALTY
    here, there = _segment_of(cue.start, segments), _segment_of(date.start, segments)
    if here == there:
        return distance
    cue_subordinate, date_subordinate = segments[here][1], segments[there][1]
    if there == 0 and OPENING.match(sentence[:date.start]):
        return SOFT + STRONG * cue_subordinate + distance // 10  # "On Sunday, the coalition ... handed"
    return SOFT * abs(here - there) + STRONG * (cue_subordinate + date_subordinate) + distance
