"""One story, counted once: syndicated and near-duplicate copies of an article are found by
the overlap of their texts and linked as one story with several outlets.

A text is cut into shingles (every run of SHINGLE_WORDS words, lower-cased, punctuation
dropped), and the shingle set is summarised by a MinHash signature (datasketch, NUM_PERM
permutations); two signatures agree in about the share of positions that the sets' Jaccard
similarity is. A copy with light edits (a new headline, a dropped paragraph, a changed
word here and there, a credit line) keeps most shingles; two outlets reporting the same
event in their own words share almost none. SAME_STORY is measured on pairs of both kinds
built from the bundled articles: benchmarks/story_threshold.py. Copies run within days of
each other, so only articles published within STORY_WINDOW are compared.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from datetime import timedelta

from functools import lru_cache

import numpy as np

SHINGLE_WORDS = 3
NUM_PERM = 128
SEED, SCHEME = 1, "affine32"  # fixed: signatures kept in the store must stay comparable
SAME_STORY = 0.2  # estimated Jaccard similarity of shingle sets; see benchmarks/story_threshold.py
STORY_WINDOW = timedelta(days=14)
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@lru_cache(maxsize=1)
def _minhash_class_and_permutations():
    """datasketch, imported on first use: its package imports scipy, a second of start-up that a
    server which only reads never needs. The permutations are computed once, reused by every signature."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return WORD.findall(folded)


def shingles(text: str) -> set[bytes]:
    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i:i + SHINGLE_WORDS]).encode() for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def signature(text: str) -> list[int]:
    """The MinHash signature of `text`'s shingles, as plain integers (stored as JSON)."""
    # CRC-32 as the base hash: stable across processes, and a quarter of SHA-1's cost per shingle;
    # the MinHash permutations are applied on top of it.
    MinHash, permutations = _minhash_class_and_permutations()
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=zlib.crc32, permutations=permutations)
    minhash.update_batch(sorted(shingles(text)))
    return [int(value) for value in minhash.hashvalues]


def similarity(first: list[int], second: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if len(first) != len(second) or not first:
        return 0.0
    return float(np.count_nonzero(np.asarray(first, dtype=np.uint64) == np.asarray(second, dtype=np.uint64))) / len(first)


def same_story(first: list[int], second: list[int], threshold: float = SAME_STORY) -> bool:
    return similarity(first, second) >= threshold
