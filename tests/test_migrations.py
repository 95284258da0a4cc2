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
