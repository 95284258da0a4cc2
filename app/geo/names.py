"""Name normalisation shared by the gazetteer, the geocoders and the text scanner.

"Ain al-Asad", "Ayn al-Asad", "ʿAyn al-Asad" and "AIN AL ASAD" all normalise to
"ain asad"; "At-Tanf" and "al-Tanf" to "tanf"; "airbase" to "air base".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
ARTICLES = frozenset({"al", "el", "the"})
SUN_ARTICLES = frozenset({"ad", "at", "as", "ash", "ar", "an", "az", "ath", "adh", "ul"})
SPELLINGS = {"ayn": "ain", "ein": "ain", "ayin": "ain"}
SPLITS = {"airbase": ("air", "base"), "airbases": ("air", "bases")}


@dataclass(frozen=True)
class Token:
    norm: str
    start: int
    end: int
    capitalised: bool


@lru_cache(maxsize=65536)  # the same few thousand words come back in every article
def fold(text: str) -> str:
    if text.isascii():
        return text.replace("'", "").replace("`", "").lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "ʿʾ'’`‘").lower()


def tokens(text: str) -> list[Token]:
    """Word tokens of `text` with their offsets, articles dropped, spellings unified."""
    out: list[Token] = []
    for match in TOKEN.finditer(text):
        word = fold(match.group())
        if not word:
            continue
        next_char = text[match.end(): match.end() + 1]
        if word in ARTICLES or (word in SUN_ARTICLES and next_char in "-‐–"):
            continue
        first = match.group()[0]
        capitalised = first.isupper() or first.isdigit()
        for part in SPLITS.get(word, (SPELLINGS.get(word, word),)):
            out.append(Token(part, match.start(), match.end(), capitalised))
    return out


PLAIN = re.compile(r"[A-Za-z ]+")
NOT_PLAIN_WORDS = ARTICLES | SUN_ARTICLES | SPELLINGS.keys() | SPLITS.keys()


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    if PLAIN.fullmatch(name):  # most town names: the same answer as tokens() gives, ten times faster
        words = name.lower().split()
        if not NOT_PLAIN_WORDS.intersection(words):
            return " ".join(words)
    return " ".join(token.norm for token in tokens(name))


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "site"
