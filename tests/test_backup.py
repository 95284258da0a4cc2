"""`basewatch backup DEST`: a consistent copy of a SQLite store, taken while it is in use."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import cli
from app.core.config import PROJECT_DIR, Settings
from app.web.main import create_app
from browser.stores import ingest_into
from test_crash import make_corpus

ARTICLES = [PROJECT_DIR / "data" / "articles" / name for name in (
    "seed_001_3563bdc4b9c10440.txt", "dev_a04_taji_rockets.txt", "dev_a10_ain_asad_handover_2026.txt",
)]


def backup(*args: str):
    return CliRunner().invoke(cli, ["backup", *args])


def filled_store(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "live.db"
    report = ingest_into(f"sqlite:///{path}", ARTICLES)
    assert report.ok and report.outcomes["stored"] == len(ARTICLES)
    return path, f"sqlite:///{path}"


def what_a_reader_sees(url: str) -> tuple:
    with TestClient(create_app(replace(Settings(), database_url=url, tiles_url=None))) as client:
        return (client.get("/api/v1/articles").json(), client.get("/api/v1/sites").json(),
                client.get("/api/v1/status", params={"date": "2026-02-23"}).json())


def article_events(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return dict(connection.execute(
            "SELECT a.key, count(e.id) FROM articles a LEFT JOIN events e ON e.article_id = a.id GROUP BY a.key"))


def test_a_backup_serves_the_same_map_as_the_store(tmp_path):
    source, url = filled_store(tmp_path)
    dest = tmp_path / "copy" / "basewatch-backup.db"
    dest.parent.mkdir()
    result = backup(str(dest), "--db", url)
    assert result.exit_code == 0, result.output
    assert f"to {dest}: 3 articles" in result.output
    assert sorted(p.name for p in dest.parent.iterdir()) == ["basewatch-backup.db"]  # one file, no -wal
    assert what_a_reader_sees(f"sqlite:///{dest}") == what_a_reader_sees(url)


def test_the_store_can_come_from_database_url(tmp_path, monkeypatch):
    _source, url = filled_store(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    result = backup(str(tmp_path / "b.db"))
    assert result.exit_code == 0, result.output
    assert article_events(tmp_path / "b.db") == article_events(tmp_path / "live.db")


def test_a_transaction_in_progress_is_not_in_the_copy_and_does_not_block_it(tmp_path):
    source, url = filled_store(tmp_path)
    writer = sqlite3.connect(source, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a writer in the middle of storing an article
    writer.execute("INSERT INTO articles (key, title, source, url, published, published_approx, body, content_hash, "
                   "ingested_at) VALUES ('half', 'Half written', '', '', '2026-02-23', 0, 'x', 'h', '2026-02-23')")
    try:
        result = backup(str(tmp_path / "during.db"), "--db", url)
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert result.exit_code == 0, result.output
    assert "half" not in article_events(tmp_path / "during.db")
    assert "half" in article_events(source)


def test_backups_taken_while_an_ingest_writes_hold_whole_articles(tmp_path):
    source, url = filled_store(tmp_path)
    corpus = make_corpus(tmp_path / "corpus", 60, seed=5)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BASEWATCH_", "DATABASE_URL"))}
    ingest = subprocess.Popen([sys.executable, "-m", "app.cli", "ingest", "--db", url, "-q", str(corpus[0].parent)],
                              cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    copies = []
    while ingest.poll() is None and len(copies) < 50:
        copies.append(tmp_path / f"during-{len(copies)}.db")
        result = backup(str(copies[-1]), "--db", url)
        assert result.exit_code == 0, result.output
    output, _ = ingest.communicate(timeout=300)
    assert ingest.returncode == 0 and "60 stored" in output, output
    final = article_events(source)
    assert len(final) == 63
    sizes = []
    for copy in copies:
        seen = article_events(copy)
        assert seen == {key: final[key] for key in seen}, copy  # every article with all its events, or absent
        sizes.append(len(seen))
    assert sizes == sorted(sizes)


def test_an_existing_file_is_replaced_only_with_force(tmp_path):
    _source, url = filled_store(tmp_path)
    dest = tmp_path / "b.db"
    dest.write_text("an older backup")
    result = backup(str(dest), "--db", url)
    assert result.exit_code == 2 and "exists; pass --force" in result.output
    assert dest.read_text() == "an older backup"
    assert backup(str(dest), "--db", url, "--force").exit_code == 0
    assert len(article_events(dest)) == 3


def test_a_postgresql_store_is_backed_up_with_pg_dump(tmp_path):
    result = backup(str(tmp_path / "b.db"), "--db", "postgresql://postgres@127.0.0.1:5432/basewatch")
    assert result.exit_code == 2
    assert "pg_dump" in result.output and "basewatch" in result.output
    assert not (tmp_path / "b.db").exists()


def test_a_missing_store_is_named(tmp_path):
    result = backup(str(tmp_path / "b.db"), "--db", str(tmp_path / "nothing-here.db"))
    assert result.exit_code == 2 and "nothing-here.db: no such store" in result.output
    assert not (tmp_path / "nothing-here.db").exists() and not (tmp_path / "b.db").exists()
