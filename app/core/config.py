"""All settings, read from environment variables with documented defaults.

| variable | default | meaning |
|---|---|---|
| DATABASE_URL | sqlite:///./basewatch.db | the store (any SQLAlchemy URL) |
| BASEWATCH_ARTICLES | <project>/data/articles | the bundled corpus ingested by default |
| BASEWATCH_GAZETTEER | <project>/data/gazetteer/sites.json | known sites |
| BASEWATCH_NOMINATIM | off | "on" lets the geocoder ask OpenStreetMap Nominatim |
| BASEWATCH_NOMINATIM_AGENT | basewatch/<version> | user agent sent to Nominatim |
| BASEWATCH_TILES_URL | OpenStreetMap standard tiles | online tile layer; "off" for none |
| BASEWATCH_WRITE_TOKEN | (unset) | bearer token for write endpoints; unset disables writes |
| BASEWATCH_MAX_ARTICLE_BYTES | 2000000 | larger articles are rejected |
| BASEWATCH_FETCH_TIMEOUT | 10 | seconds allowed for fetching a URL |
| BASEWATCH_REVIEWERS | (unset) | named reviewer tokens, "name:token,name:token"; unset disables reviews |
| BASEWATCH_FETCH_PRIVATE | off | "on" lets POST /api/v1/articles fetch URLs on loopback, private, link-local or reserved addresses (tests only) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app import __version__

PROJECT_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_DIR / "data"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "on", "true", "yes"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///./basewatch.db"
    articles_dir: Path = DATA_DIR / "articles"
    gazetteer_path: Path = DATA_DIR / "gazetteer" / "sites.json"
    nominatim: bool = False
    nominatim_agent: str = f"basewatch/{__version__}"
    tiles_url: str | None = OSM_TILES
    tiles_attribution: str = OSM_ATTRIBUTION
    write_token: str | None = None
    max_article_bytes: int = 2_000_000
    fetch_timeout: float = 10.0
    fetch_private: bool = False
    reviewers: tuple[tuple[str, str], ...] = ()  # (name, token): who may confirm, reject, correct, add, merge

    @classmethod
    def from_env(cls) -> "Settings":
        tiles = os.environ.get("BASEWATCH_TILES_URL", OSM_TILES).strip()
        return cls(
            database_url=os.environ.get("DATABASE_URL") or cls.database_url,
            articles_dir=Path(os.environ.get("BASEWATCH_ARTICLES") or cls.articles_dir),
            gazetteer_path=Path(os.environ.get("BASEWATCH_GAZETTEER") or cls.gazetteer_path),
            nominatim=_flag("BASEWATCH_NOMINATIM", False),
            nominatim_agent=os.environ.get("BASEWATCH_NOMINATIM_AGENT") or cls.nominatim_agent,
            tiles_url=None if tiles.lower() in {"", "off", "none"} else tiles,
            tiles_attribution=os.environ.get("BASEWATCH_TILES_ATTRIBUTION") or OSM_ATTRIBUTION,
            write_token=os.environ.get("BASEWATCH_WRITE_TOKEN") or None,
            max_article_bytes=_int("BASEWATCH_MAX_ARTICLE_BYTES", cls.max_article_bytes),
            fetch_timeout=float(os.environ.get("BASEWATCH_FETCH_TIMEOUT") or cls.fetch_timeout),
            fetch_private=_flag("BASEWATCH_FETCH_PRIVATE", False),
            reviewers=parse_reviewers(os.environ.get("BASEWATCH_REVIEWERS", "")),
        )


def parse_reviewers(value: str) -> tuple[tuple[str, str], ...]:
    """"ana:token1,ben:token2" -> (("ana", "token1"), ("ben", "token2")); a token shorter than 16
    characters, or an entry without a name, is refused: a guessable token would let anyone write."""
    pairs = []
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        name, _, token = entry.partition(":")
        if not name.strip() or len(token.strip()) < 16:
            raise ValueError(f"BASEWATCH_REVIEWERS: {name.strip() or '(no name)'!r} needs a name and a token of 16 or more characters")
        pairs.append((name.strip(), token.strip()))
    return tuple(pairs)


def get_settings() -> Settings:
    return Settings.from_env()
