"""Engine and sessions. SQLite runs in WAL mode with foreign keys on and a busy timeout."""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel, create_engine

from app.store import models  # noqa: F401  (registers the tables)

SQLITE_BUSY_TIMEOUT_MS = 30_000
WAL_ATTEMPTS = 40  # about 40 s in all, like the busy timeout


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _switch_to_wal(cursor) -> None:
    """Several workers opening a new store at once: the switch to WAL needs the file to
    itself and SQLite may refuse it at once rather than wait, so it is tried again."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def normalise_url(url: str) -> str:
    """Plain paths become SQLite URLs; postgres:// becomes the psycopg 3 dialect."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def init_db(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration. A store made before
    migrations existed (tables but no version) is stamped at the first revision first."""
    from alembic import command
    from sqlalchemy import inspect

    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # pysqlite runs DDL outside any transaction: a crash half-way would leave tables
            # without their alembic version, and every later start failing. IMMEDIATE also
            # makes concurrent first starts wait for each other.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            # Several workers starting at once: one migrates, the others wait here for its
            # commit and then find the schema at head (PostgreSQL runs DDL in the transaction).
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        tables = set(inspect(connection).get_table_names())
        config = alembic_config(connection)
        if "sites" in tables and "alembic_version" not in tables:
            command.stamp(config, FIRST_REVISION)
        command.upgrade(config, "head")


FIRST_REVISION = "0001"
MIGRATION_LOCK = 0x62617365  # any constant: the advisory lock id of "migrating basewatch"


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    engine = make_engine(url)
    init_db(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
