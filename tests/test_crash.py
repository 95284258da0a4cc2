"""Crash safety: an ingest killed at any moment, or one article failing half-way through its
extraction or storage, never leaves a half-written article in the store."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from app.cli import cli
from app.ingest.article import read_article_file
from app.ingest.runner import ingest_paths

PROJECT = Path(__file__).resolve().parents[1]
BUNDLED = PROJECT / "data" / "articles"
ARTICLES = 150
KILLS = 5


def make_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` articles: the bundled ones copied under new names and URLs, each with its
    text varied (a paragraph dropped, a line added) so no two are the same."""
    rng = random.Random(seed)
    sources = sorted(BUNDLED.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        header, body = sources[number % len(sources)].read_text(encoding="utf-8").split("\n---\n", 1)
        lines = [line for line in header.splitlines() if not line.startswith(("url:", "title:"))]
        lines += [f"title: Dispatch {number}", f"url: https://example.org/crash/{number}"]
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        if len(paragraphs) > 2 and rng.random() < 0.5:
            paragraphs.pop(rng.randrange(1, len(paragraphs)))
        paragraphs.append(f"This is dispatch number {number} from the {rng.choice(['Baghdad', 'Niamey', 'Doha'])} desk.")
        path = folder / f"dispatch_{number:03d}.txt"
        path.write_text("\n".join(lines) + "\n---\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BASEWATCH_", "DATABASE_URL"))}
    env["BASEWATCH_NOMINATIM"] = "off"  # offline: extraction must be the same in every run
    env["PYTHONPATH"] = str(PROJECT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def article_count(engine) -> int:
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
        except Exception:  # the first run has not created the tables yet
            return 0


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("articles", "events", "sites")}


def stored_events(engine) -> dict[str, Counter]:
    """Each stored article's events, as comparable tuples, by article key."""
    by_key: dict[str, Counter] = {}
    with engine.connect() as connection:
        for (key,) in connection.execute(text("SELECT key FROM articles")):
            by_key[key] = Counter()
        rows = connection.execute(text(
            "SELECT a.key, e.site_id, e.kind, e.date, e.precision, e.quote_start, e.quote_end "
            "FROM events e JOIN articles a ON a.id = e.article_id"))
        for key, *event in rows:
            by_key[key][(event[0], event[1], str(event[2]), *event[3:])] += 1
    return by_key


_EXTRACTED: dict[tuple[Path, str], Counter] = {}


def extracted_events(extractor, path: Path) -> Counter:
    article = read_article_file(path, 2_000_000)
    key = (path, article.content_hash)
    if key not in _EXTRACTED:
        extraction = extractor.extract(article)
        _EXTRACTED[key] = Counter((e.site, e.kind, e.date.isoformat(), e.precision, e.quote_start, e.quote_end)
                                  for e in extraction.events)
    return _EXTRACTED[key]


def assert_consistent(engine, extractor, corpus: dict[str, Path]) -> None:
    """No article without the events its extraction gives, no event without its article."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        orphans = connection.execute(text(
            "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles) "
            "OR site_id NOT IN (SELECT id FROM sites)")).scalar_one()
        assert orphans == 0
    for key, events in stored_events(engine).items():
        assert events == extracted_events(extractor, corpus[key]), f"{key} is stored without its own events"


def test_an_ingest_killed_at_random_moments_leaves_a_whole_store(tmp_path, store_url, extractor, settings):
    from app.store.db import init_db, make_engine

    paths = make_corpus(tmp_path / "corpus", ARTICLES)
    corpus = {f"https://example.org/crash/{number}": path for number, path in enumerate(paths)}
    command = [sys.executable, "-m", "app.cli", "ingest", str(tmp_path / "corpus"), "--db", store_url, "-q"]
    engine = make_engine(store_url)
    rng = random.Random(2024)
    try:
        for _round in range(KILLS):
            target = article_count(engine) + rng.randint(1, 20)
            process = subprocess.Popen(command, cwd=PROJECT, env=cli_env(),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            while process.poll() is None and article_count(engine) < target:
                time.sleep(rng.uniform(0, 0.03))
            time.sleep(rng.uniform(0, 0.05))  # somewhere in the next article: reading, extracting or writing
            process.send_signal(signal.SIGKILL)
            _, stderr = process.communicate()
            assert process.returncode == -signal.SIGKILL, f"the run ended before it was killed: {stderr.decode()}"
            assert_consistent(engine, extractor, corpus)
        assert 0 < article_count(engine) < ARTICLES  # the runs were cut short

        final = subprocess.run(command, cwd=PROJECT, env=cli_env(), capture_output=True, text=True)
        assert final.returncode == 0, final.stderr
        assert f"{ARTICLES} inputs:" in final.stdout and "0 rejected" in final.stdout
        assert_consistent(engine, extractor, corpus)
        after_crashes = row_counts(engine)
    finally:
        engine.dispose()

    clean = make_engine(f"sqlite:///{tmp_path / 'clean.db'}")
    init_db(clean)
    report = ingest_paths(clean, extractor, paths, settings)
    assert report.ok and report.outcomes["stored"] == ARTICLES
    assert after_crashes == row_counts(clean)  # nothing twice, nothing missing
    clean.dispose()


# -- one article failing inside its extraction or its transaction ------------------------------

@pytest.fixture
def three_articles(tmp_path) -> list[Path]:
    return make_corpus(tmp_path / "three", 3, seed=1)


def ingest(store_url: str, *paths: Path):
    result = CliRunner().invoke(cli, ["ingest", "--db", store_url, "-q", *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_an_article_whose_extraction_fails_is_rejected_and_the_others_stored(three_articles, store_url,
                                                                            extractor, monkeypatch):
    from app.extract.pipeline import Extractor

    real_extract = Extractor.extract

    def extract(self, article):
        if article.key.endswith("/crash/1"):
            raise RuntimeError("extractor fell over")
        return real_extract(self, article)

    monkeypatch.setattr(Extractor, "extract", extract)
    result = ingest(store_url, *three_articles)
    assert result.exit_code == 1
    assert "3 inputs: 2 stored, 0 replaced, 0 unchanged, 1 rejected" in result.output
    assert f"rejected {three_articles[1]}: unexpected error (RuntimeError): extractor fell over" in result.output

    from app.store.db import engine_for

    stored = stored_events(engine_for(store_url))
    assert sorted(stored) == ["https://example.org/crash/0", "https://example.org/crash/2"]
    assert stored["https://example.org/crash/2"] == extracted_events(extractor, three_articles[2])


@pytest.fixture
def failing_statements():
    """Make the store fail a statement, as a full disk or a lost connection would: the
    test sets `fail(statement) -> bool`; the error surfaces inside the article's transaction."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    rules = {"fail": lambda _statement: False}

    def before(_connection, _cursor, statement, *_args):
        if rules["fail"](statement):
            raise OperationalError(statement[:40], {}, sqlite3.OperationalError("database or disk is full"))

    event.listen(Engine, "before_cursor_execute", before)
    yield rules
    event.remove(Engine, "before_cursor_execute", before)


def test_a_store_failure_mid_article_leaves_nothing_of_it(three_articles, store_url, extractor, failing_statements):
    seen = Counter()

    def fail(statement: str) -> bool:  # the second article's events, after its row was written
        for table in ("articles", "events"):
            if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
                seen[table] += 1
                return table == "events" and seen["articles"] == 2
        return False

    assert extracted_events(extractor, three_articles[1])
    failing_statements["fail"] = fail
    result = ingest(store_url, *three_articles)
    failing_statements["fail"] = lambda _statement: False
    assert result.exit_code == 1
    assert (f"rejected {three_articles[1]}: unexpected error (OperationalError): "
            "(sqlite3.OperationalError) database or disk is full" in result.output)

    from app.store.db import engine_for

    engine = engine_for(store_url)
    stored = stored_events(engine)
    assert sorted(stored) == ["https://example.org/crash/0", "https://example.org/crash/2"]
    for number in (0, 2):
        assert stored[f"https://example.org/crash/{number}"] == extracted_events(extractor, three_articles[number])

    again = ingest(store_url, *three_articles)
    assert again.exit_code == 0, again.output
    assert "1 stored, 0 replaced, 2 unchanged" in again.output
    assert stored_events(engine)["https://example.org/crash/1"] == extracted_events(extractor, three_articles[1])


def test_a_failed_replacement_keeps_the_previous_version(three_articles, store_url, failing_statements):
    from app.store.db import engine_for

    assert ingest(store_url, three_articles[0]).exit_code == 0
    before = stored_events(engine_for(store_url))
    assert before["https://example.org/crash/0"]
    edited = three_articles[0].read_text(encoding="utf-8") + "\nA correction was appended.\n"
    three_articles[0].write_text(edited, encoding="utf-8")

    # the old events are deleted and the row updated before the new events fail
    failing_statements["fail"] = lambda statement: statement.lstrip().upper().startswith("INSERT INTO EVENTS")
    result = ingest(store_url, three_articles[0])
    failing_statements["fail"] = lambda _statement: False
    assert result.exit_code == 1
    assert f"rejected {three_articles[0]}: unexpected error (OperationalError)" in result.output
    assert stored_events(engine_for(store_url)) == before
    with engine_for(store_url).connect() as connection:
        assert "correction" not in connection.execute(text("SELECT body FROM articles")).scalar_one()


CRASH_DURING_SETUP = """
import os, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

def die(_connection, _cursor, statement, *_args):
    if statement.lstrip().upper().startswith(sys.argv[2]):
        os._exit(9)  # as abrupt as SIGKILL: no rollback, no cleanup

event.listen(Engine, "before_cursor_execute", die)
from app.store.db import engine_for
engine_for(sys.argv[1])
"""


@pytest.mark.parametrize("statement", ["CREATE TABLE EVENTS", "CREATE INDEX", "INSERT INTO ALEMBIC_VERSION"])
def test_a_crash_while_a_new_store_is_set_up_leaves_it_usable(three_articles, store_url, statement):
    crashed = subprocess.run([sys.executable, "-c", CRASH_DURING_SETUP, store_url, statement],
                             cwd=PROJECT, env=cli_env(), capture_output=True, text=True)
    assert crashed.returncode == 9, crashed.stderr  # it died at that statement
    command = [sys.executable, "-m", "app.cli", "ingest", *map(str, three_articles), "--db", store_url, "-q"]
    result = subprocess.run(command, cwd=PROJECT, env=cli_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "3 inputs: 3 stored" in result.stdout
