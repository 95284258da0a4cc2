"""The store's version (one row bumped by triggers) and the per-process snapshot it keeps current;
migrations from an existing store and from several processes at once."""

from __future__ import annotations

import threading
from datetime import date

from alembic import command
from sqlalchemy import delete, insert, text, update

from app.store.db import alembic_config, init_db, make_engine
from app.store.models import Article, Event, GeocodeCacheEntry, Site
from app.store.snapshot import snapshot
from app.store.status_index import store_version

SITE = {"id": "s1", "name": "Site One", "kind": "base", "country": "IQ", "lat": 33.0, "lon": 44.0, "geocoder": "test",
        "geocode_method": "", "geocode_precision": "", "coord_source": "", "aliases": []}
ARTICLE = {"id": 1, "key": "a1", "title": "A", "source": "", "url": "", "published": date(2024, 1, 2),
           "published_approx": False, "body": "b", "content_hash": "0" * 64}


def _event(day: date, kind: str = "presence") -> dict:
    return {"article_id": 1, "site_id": "s1", "kind": kind, "date": day, "precision": "day", "date_basis": "text",
            "date_text": "", "quote": "q", "quote_start": 0, "quote_end": 1}


def _moves(engine, write) -> bool:
    before = store_version(engine)
    with engine.begin() as connection:
        write(connection)
    after = store_version(engine)
    assert after.store_id == before.store_id
    return after.counter > before.counter and after.changed_at >= before.changed_at


def test_every_write_to_sites_articles_and_events_moves_the_version(engine):
    assert _moves(engine, lambda c: c.execute(insert(Site), [SITE]))
    assert _moves(engine, lambda c: c.execute(insert(Article), [ARTICLE]))
    assert _moves(engine, lambda c: c.execute(insert(Event), [_event(date(2024, 1, 1)), _event(date(2024, 2, 1))]))
    assert _moves(engine, lambda c: c.execute(update(Event).where(Event.date == date(2024, 2, 1)).values(kind="attack")))
    assert _moves(engine, lambda c: c.execute(update(Site).values(name="Site 1")))
    assert _moves(engine, lambda c: c.execute(update(Article).values(title="B")))
    assert _moves(engine, lambda c: c.execute(delete(Event).where(Event.date == date(2024, 2, 1))))
    assert _moves(engine, lambda c: c.execute(delete(Article)))  # and its events, by cascade


def test_a_rolled_back_write_and_the_geocode_cache_leave_the_version(engine):
    before = store_version(engine)
    with engine.connect() as connection:
        transaction = connection.begin()
        connection.execute(insert(Site), [SITE])
        transaction.rollback()
    with engine.begin() as connection:
        connection.execute(insert(GeocodeCacheEntry), [{"key": "k", "value": {}}])
    assert store_version(engine) == before


def test_the_snapshot_follows_a_write_by_another_process(engine, store_url):
    with engine.begin() as connection:
        connection.execute(insert(Site), [SITE])
        connection.execute(insert(Article), [ARTICLE])
        connection.execute(insert(Event), [_event(date(2024, 1, 1))])
    first = snapshot(engine)
    assert snapshot(engine) is first  # nothing changed: the same one
    assert first.index.status_on("s1", date(2024, 6, 1)).status == "present"
    other = make_engine(store_url)  # another worker's engine
    try:
        with other.begin() as connection:
            connection.execute(insert(Event), [_event(date(2024, 3, 1), "withdrawal_completed")])
    finally:
        other.dispose()
    second = snapshot(engine)
    assert second is not first and second.version.counter > first.version.counter
    assert second.index.status_on("s1", date(2024, 6, 1)).status == "withdrawn"
    assert second.last_day == date(2024, 3, 1)


def test_a_store_at_the_first_revision_upgrades_with_its_rows(store_url):
    engine = make_engine(store_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0001")
            connection.execute(insert(Site), [SITE])
            connection.execute(insert(Article), [ARTICLE])
            connection.execute(insert(Event), [_event(date(2024, 1, 1))])
        init_db(engine)
        with engine.connect() as connection:
            assert connection.execute(text("select version_num from alembic_version")).scalar() == "0003"
            assert connection.execute(text("select count(*) from events")).scalar() == 1
        assert snapshot(engine).index.status_on("s1", date(2024, 1, 1)).status == "present"
        assert _moves(engine, lambda c: c.execute(insert(Event), [_event(date(2024, 5, 1))]))
    finally:
        engine.dispose()


def test_workers_starting_at_once_migrate_a_new_store_once(store_url):
    engines = [make_engine(store_url) for _ in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(engines))

    def start(engine):
        try:
            barrier.wait()
            init_db(engine)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=start, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        with engines[0].connect() as connection:
            assert connection.execute(text("select count(*) from alembic_version")).scalar() == 1
            assert connection.execute(text("select count(*) from store_revision")).scalar() == 1
    finally:
        for engine in engines:
            engine.dispose()


def test_basewatch_migrate_brings_a_store_to_the_newest_revision(store_url):
    from typer.testing import CliRunner

    from app.cli import cli

    result = CliRunner().invoke(cli, ["migrate", "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "schema at revision 0003" in result.output
    engine = make_engine(store_url)
    try:
        assert store_version(engine).counter >= 1
    finally:
        engine.dispose()


def test_a_write_after_a_rolled_back_savepoint_still_moves_the_version(engine):
    with engine.begin() as connection:
        connection.execute(insert(Site), [SITE])
        connection.execute(insert(Article), [ARTICLE])
    before = store_version(engine)
    with engine.begin() as connection:
        savepoint = connection.begin_nested()
        connection.execute(insert(Event), [_event(date(2024, 1, 1))])
        savepoint.rollback()
        connection.execute(insert(Event), [_event(date(2024, 2, 1))])
    assert store_version(engine).counter > before.counter
    many = store_version(engine)
    with engine.begin() as connection:  # one transaction of many single-row statements
        for day in range(1, 29):
            connection.execute(insert(Event), [_event(date(2024, 3, day))])
    assert store_version(engine).counter > many.counter
