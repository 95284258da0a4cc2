"""Storing articles and their events: idempotent, replace-on-edit, all-or-nothing, integrity."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.extract.pipeline import Extraction
from app.ingest.article import read_article_file
from app.ingest.runner import expand_inputs, ingest_paths
from app.store import writer
from app.store.models import Article, Event, Site
from app.store.queries import statuses_on
from conftest import write_article

# write_article publishes on Monday 2026-02-23.
AIN_ASAD = "US troops began withdrawing from Ain al-Asad Air Base on Monday, Iraqi officials said."
TAJI = "The US-led coalition handed over Camp Taji to Iraqi forces on February 3."
TANF = ("US troops are stationed at the al-Tanf garrison in Syria. "
        "The base was attacked by drones on Tuesday.")


def _folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    write_article(folder, "a_ain_asad.txt", AIN_ASAD)
    write_article(folder, "b_taji.txt", TAJI)
    write_article(folder, "c_tanf.txt", TANF, url="https://example.org/tanf")
    return folder


def _ingest(engine, extractor, settings, *inputs):
    return ingest_paths(engine, extractor, list(expand_inputs(inputs)), settings)


def _dump(engine) -> dict[str, list[tuple]]:
    with Session(engine) as session:
        return {
            model.__tablename__: [tuple(row) for row in session.execute(
                select(*model.__table__.columns).order_by(*model.__table__.primary_key.columns))]
            for model in (Site, Article, Event)
        }


def _count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def _article_events(engine, key: str) -> list[tuple[str, str, date]]:
    with Session(engine) as session:
        rows = session.execute(
            select(Event.site_id, Event.kind, Event.date).join(Article, Article.id == Event.article_id)
            .where(Article.key == key).order_by(Event.site_id, Event.kind))
        return [tuple(row) for row in rows]


def test_ingesting_a_folder_stores_articles_sites_and_events(engine, extractor, settings, tmp_path):
    report = _ingest(engine, extractor, settings, _folder(tmp_path))
    assert report.ok and report.outcomes == {"stored": 3, "replaced": 0, "unchanged": 0}
    assert _count(engine, Article) == 3
    assert ("ain-al-asad", "withdrawal_started", date(2026, 2, 23)) in _article_events(engine, "a_ain_asad.txt")
    assert ("camp-taji", "handover", date(2026, 2, 3)) in _article_events(engine, "b_taji.txt")
    assert ("al-tanf", "attack", date(2026, 2, 17)) in _article_events(engine, "https://example.org/tanf")
    assert report.events == _count(engine, Event)


def test_ingesting_the_same_folder_twice_changes_nothing(engine, extractor, settings, tmp_path):
    folder = _folder(tmp_path)
    _ingest(engine, extractor, settings, folder)
    before = _dump(engine)
    report = _ingest(engine, extractor, settings, folder)
    assert report.outcomes == {"stored": 0, "replaced": 0, "unchanged": 3}
    assert report.events == 0
    assert _dump(engine) == before
    assert all(before[table] for table in ("sites", "articles", "events"))


def test_same_url_under_another_file_name_is_the_same_article(engine, extractor, settings, tmp_path):
    folder = _folder(tmp_path)
    _ingest(engine, extractor, settings, folder)
    before = _dump(engine)
    other = tmp_path / "elsewhere"
    other.mkdir()
    copy = write_article(other, "tanf-copy.txt", TANF, url="https://example.org/tanf")
    report = _ingest(engine, extractor, settings, copy)
    assert report.outcomes["unchanged"] == 1
    assert _dump(engine) == before


def test_an_edited_article_replaces_its_own_events(engine, extractor, settings, tmp_path):
    folder = _folder(tmp_path)
    _ingest(engine, extractor, settings, folder)
    taji_before = _article_events(engine, "b_taji.txt")
    write_article(folder, "a_ain_asad.txt",
                  "US forces completed their withdrawal from Ain al-Asad Air Base on Sunday, officials said.")
    report = _ingest(engine, extractor, settings, folder)
    assert report.outcomes == {"stored": 0, "replaced": 1, "unchanged": 2}
    assert _count(engine, Article) == 3
    events = _article_events(engine, "a_ain_asad.txt")
    assert ("ain-al-asad", "withdrawal_completed", date(2026, 2, 22)) in events
    assert not any(kind == "withdrawal_started" for _s, kind, _d in events)
    assert _article_events(engine, "b_taji.txt") == taji_before
    with Session(engine) as session:
        body = session.execute(select(Article.body).where(Article.key == "a_ain_asad.txt")).scalar_one()
    assert body.startswith("US forces completed")
    # and ingesting the edited folder again is a no-op
    after = _dump(engine)
    _ingest(engine, extractor, settings, folder)
    assert _dump(engine) == after


def test_a_malformed_article_is_rejected_with_its_reason_and_the_good_ones_stored(engine, extractor, settings,
                                                                                  tmp_path):
    folder = _folder(tmp_path)
    (folder / "bad_no_date.txt").write_text("title: x\n---\nUS troops left Camp Taji.\n", encoding="utf-8")
    (folder / "bad_binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "bad_date.txt").write_text("published: 2026-02-30\n---\nBody.\n", encoding="utf-8")
    report = _ingest(engine, extractor, settings, folder, tmp_path / "missing.txt")
    rejected = {path.rsplit("/", 1)[-1]: reason for path, reason in report.rejected}
    assert set(rejected) == {"bad_no_date.txt", "bad_binary.txt", "bad_date.txt", "missing.txt"}
    assert "published" in rejected["bad_no_date.txt"]
    assert "NUL" in rejected["bad_binary.txt"]
    assert "not a real calendar date" in rejected["bad_date.txt"]
    assert rejected["missing.txt"] == "no such file or folder"
    assert not report.ok
    assert report.outcomes["stored"] == 3
    assert _count(engine, Article) == 3


def test_a_failure_while_storing_leaves_no_partial_article(engine, extractor, settings, tmp_path, monkeypatch):
    path = write_article(tmp_path, "a.txt", AIN_ASAD)
    article = read_article_file(path, settings.max_article_bytes)
    extraction = extractor.extract(article)
    assert extraction.sites and extraction.events

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer, "_upsert_site", broken)  # fails after the article row is added and flushed
    with pytest.raises(RuntimeError, match="disk on fire"):
        writer.store_article(engine, article, extraction)
    assert _count(engine, Article) == 0
    assert _count(engine, Event) == 0
    assert _count(engine, Site) == 0
    monkeypatch.undo()
    assert writer.store_article(engine, article, extraction) == "stored"
    assert _count(engine, Article) == 1


def test_a_database_error_half_way_stores_nothing_of_the_article(engine, extractor, settings, tmp_path):
    path = write_article(tmp_path, "a.txt", AIN_ASAD)
    article = read_article_file(path, settings.max_article_bytes)
    extraction = extractor.extract(article)
    # the last event points at a site that is not stored: the insert fails after the rest went in
    broken = Extraction(extraction.sites, [*extraction.events, replace(extraction.events[0], site="no-such-site")])
    with pytest.raises(IntegrityError):
        writer.store_article(engine, article, broken)
    assert _dump(engine) == {"sites": [], "articles": [], "events": []}


def test_a_failed_replacement_keeps_the_previous_version(engine, extractor, settings, tmp_path):
    path = write_article(tmp_path, "a.txt", AIN_ASAD)
    first = read_article_file(path, settings.max_article_bytes)
    assert writer.store_article(engine, first, extractor.extract(first)) == "stored"
    before = _dump(engine)
    path = write_article(tmp_path, "a.txt", "US forces completed their withdrawal from Ain al-Asad Air Base on Sunday.")
    edited = read_article_file(path, settings.max_article_bytes)
    extraction = extractor.extract(edited)
    # fails after the old events were deleted and the article row updated
    broken = Extraction(extraction.sites, [*extraction.events, replace(extraction.events[0], site="no-such-site")])
    with pytest.raises(IntegrityError):
        writer.store_article(engine, edited, broken)
    assert _dump(engine) == before


def test_status_of_a_site_follows_the_stored_events(engine, extractor, settings, tmp_path):
    _ingest(engine, extractor, settings, _folder(tmp_path))
    def status(day, site):
        return next(row.day.status for row in statuses_on(engine, day) if row.site.id == site)
    assert status(date(2026, 2, 22), "ain-al-asad") == "unreported"
    assert status(date(2026, 2, 23), "ain-al-asad") == "withdrawing"
    assert status(date(2026, 2, 3), "camp-taji") == "withdrawn"
    assert status(date(2026, 2, 25), "al-tanf") == "present"


def test_deleting_an_article_deletes_its_events(engine, extractor, settings, tmp_path):
    _ingest(engine, extractor, settings, _folder(tmp_path))
    total = _count(engine, Event)
    taji = len(_article_events(engine, "b_taji.txt"))
    assert taji
    with Session(engine) as session, session.begin():
        session.execute(delete(Article).where(Article.key == "b_taji.txt"))
    assert _count(engine, Event) == total - taji
    assert _article_events(engine, "b_taji.txt") == []


def test_an_event_cannot_point_at_an_unknown_site_or_article(engine, extractor, settings, tmp_path):
    _ingest(engine, extractor, settings, _folder(tmp_path))
    with Session(engine) as session:
        article_id = session.execute(select(Article.id)).scalars().first()
    for site_id, art_id in (("no-such-site", article_id), ("ain-al-asad", 999_999)):
        with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
            session.add(Event(article_id=art_id, site_id=site_id, kind="presence", date=date(2026, 1, 1),
                              precision="day", quote="q", quote_start=0, quote_end=1))
    with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
        session.execute(delete(Site).where(Site.id == "ain-al-asad"))  # it still has events


def test_sqlite_store_runs_in_wal_mode_with_foreign_keys(tmp_path):
    from app.store.db import init_db, make_engine

    engine = make_engine(str(tmp_path / "plain-path.db"))  # a plain path is a SQLite store
    init_db(engine)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    finally:
        engine.dispose()
    assert (tmp_path / "plain-path.db").exists()
