"""Measure the same-story threshold of app/ingest/stories.py (SAME_STORY).

Copies (pairs that must be one story) are made from every bundled article the way
syndication and aggregators change a story: a new headline line and credit line, a
dropped paragraph, words changed here and there (one in 12 and one in 6), the first 60%
only, and two of these at once. Distinct pairs (which must stay apart) are every pair of
different bundled articles: among them many reports of the same event by different
outlets in their own words (the Qasrak, Ain al-Asad, Bagram and Niger articles).

    .venv/bin/python benchmarks/story_threshold.py

Prints, per threshold, the share of copies found (recall) and of distinct pairs wrongly
linked (false links), the lowest copy and highest distinct similarity, and the
threshold in the middle of the gap between them.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.ingest.article import read_article_file  # noqa: E402
from app.ingest.stories import SAME_STORY, signature, similarity  # noqa: E402

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
SWAPS = {"said": "stated", "troops": "soldiers", "forces": "troops", "base": "facility", "withdrawal": "pullout",
         "began": "started", "left": "departed", "US": "American", "on": "on", "the": "the", "officials": "sources"}


def relabel(text: str, rng: random.Random) -> str:
    return f"(Republished from a wire service)\n{text}\nReporting by staff; editing by the desk."


def drop_paragraph(text: str, rng: random.Random) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if len(paragraphs) > 2:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    return "\n".join(paragraphs)


def change_words(every: int):
    def edit(text: str, rng: random.Random) -> str:
        words = text.split(" ")
        for i in range(rng.randrange(every), len(words), every):
            words[i] = SWAPS.get(words[i], words[i] + "s")
        return " ".join(words)
    edit.__name__ = f"change_words_1_in_{every}"
    return edit


def first_part(text: str, rng: random.Random) -> str:
    return text[: int(len(text) * 0.6)]


EDITS = [relabel, drop_paragraph, change_words(12), change_words(6), first_part]


def main() -> None:
    rng = random.Random(7)
    articles = [read_article_file(path, 2_000_000) for path in sorted(ARTICLES.glob("*.txt"))]
    signatures = [signature(a.body) for a in articles]
    copies = []
    for article, original in zip(articles, signatures):
        for edit in EDITS:
            copies.append((f"{article.key} / {edit.__name__}", similarity(original, signature(edit(article.body, rng)))))
        both = change_words(12)(drop_paragraph(article.body, rng), rng)
        copies.append((f"{article.key} / dropped paragraph and changed words", similarity(original, signature(both))))
    distinct = [(f"{a.key} / {b.key}", similarity(sa, sb))
                for (a, sa), (b, sb) in itertools.combinations(zip(articles, signatures), 2)]
    print(f"{len(articles)} articles: {len(copies)} copies, {len(distinct)} distinct pairs")
    print("threshold  copies found  distinct linked")
    for threshold in [t / 20 for t in range(2, 19)]:
        found = sum(s >= threshold for _, s in copies) / len(copies)
        linked = sum(s >= threshold for _, s in distinct) / len(distinct)
        mark = "  <- SAME_STORY" if abs(threshold - SAME_STORY) < 1e-9 else ""
        print(f"  {threshold:.2f}      {found:6.3f}        {linked:6.3f}{mark}")
    lowest_copy, highest_distinct = min(copies, key=lambda c: c[1]), max(distinct, key=lambda d: d[1])
    print(f"lowest copy: {lowest_copy[1]:.3f} ({lowest_copy[0]})")
    print(f"highest distinct pair: {highest_distinct[1]:.3f} ({highest_distinct[0]})")
    print(f"middle of the gap: {(lowest_copy[1] + highest_distinct[1]) / 2:.3f}")


if __name__ == "__main__":
    main()
