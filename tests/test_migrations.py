"""The schema comes from Alembic migrations, and an existing store upgrades in place."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from app.store.db import init_db, make_engine


def test_fresh_store_is_at_the_newest_revision_and_matches_the_models(store_url):
    engine = make_engine(store_url)
    init_db(engine)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= {"sites", "articles", "events", "geocode_cache"}
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
        assert connection.execute(text("select version_num from alembic_version")).scalar() is not None


def test_store_made_before_migrations_is_adopted_without_losing_rows(store_url):
    engine = make_engine(store_url)
    SQLModel.metadata.create_all(engine)  # how stores were made before migrations
    with engine.begin() as connection:
        connection.execute(text("insert into sites (id, name, kind, geocode_method, geocode_precision, coord_source, aliases) "
                                "values ('old-site', 'Old Site', 'base', '', '', '', '[]')"))
    init_db(engine)
    init_db(engine)  # and again: nothing to do
    with engine.connect() as connection:
        assert connection.execute(text("select name from sites where id = 'old-site'")).scalar() == "Old Site"
        assert connection.execute(text("select count(*) from alembic_version")).scalar() == 1


def test_a_store_at_revision_0002_upgrades_to_provenance_stories_and_reviews(store_url):
    from datetime import date

    from alembic import command
    from sqlalchemy import insert

    from app.store.db import alembic_config
    from app.store.models import Review

    engine = make_engine(store_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0002")
            connection.execute(text(
                "insert into articles (key, title, source, url, published, published_approx, body, content_hash, ingested_at) "
                "values ('old.txt', 'Old', 'Wire', '', '2024-01-01', false, 'US troops left.', 'h', '2024-01-02 00:00:00')"))
        init_db(engine)
        with engine.connect() as connection:
            row = connection.execute(text("select provenance, based_on, story from articles where key = 'old.txt'")).one()
            assert row.provenance == "original" and row.based_on == "" and row.story.startswith("a")
            assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
        before = connection_version(engine)
        with engine.begin() as connection:
            connection.execute(insert(Review), [{"reviewer": "ana", "action": "reject", "article_key": "old.txt",
                                                 "sentence": "us troops left", "site_id": "x", "kind": "presence",
                                                 "at": __import__("datetime").datetime(2026, 1, 1, tzinfo=__import__("datetime").timezone.utc)}])
        assert connection_version(engine) > before, "a review is a change of the store"
    finally:
        engine.dispose()


def connection_version(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("select version from store_revision where id = 1")).scalar()
