"""Sentence splitting with character offsets into the article body."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    "u.s u.k u.n mr mrs ms dr gen lt col maj capt sgt cpl pvt adm cmdr sen rep gov st no vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc corp co jr sr".split()
)
INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")
BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    # "M.S.S. Euphrates", "D.C.": an initialism's dots end no sentence
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or bool(INITIALISM.fullmatch(token))


def split_sentences(body: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for paragraph, block in enumerate(re.finditer(r"[^\n]+", body)):
        start = block.start()
        text = block.group()
        cut = 0
        for match in BOUNDARY.finditer(text):
            if text[match.start()] == "." and _is_abbreviation(text, match.start()):
                continue
            end = match.start() + len(match.group().rstrip())
            _append(sentences, body, start + cut, start + end, paragraph)
            cut = match.end()
        _append(sentences, body, start + cut, start + len(text), paragraph)
    return sentences


def _append(sentences: list[Sentence], body: str, start: int, end: int, paragraph: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, body[start:end], paragraph))
