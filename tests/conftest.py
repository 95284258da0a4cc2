"""Shared fixtures. `--store postgres` runs the whole suite against PostgreSQL.

PostgreSQL and chromium tests skip with a printed reason where the server or the
browser is missing, except under CI (CI=true), where a skip of that kind fails.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

PROJECT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("BASEWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_addoption(parser):
    parser.addoption("--store", choices=["sqlite", "postgres"], default="sqlite",
                     help="the store the tests run against")


def missing(reason: str):
    """Skip for a missing server or browser; under CI that is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must run)")
    pytest.skip(reason)


@contextmanager
def fresh_store(config, folder: Path) -> Iterator[str]:
    """An empty store of the backend chosen with --store; a PostgreSQL one is dropped afterwards."""
    if config.getoption("--store") == "sqlite":
        yield f"sqlite:///{folder / 'basewatch.db'}"
        return
    import psycopg

    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        missing(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {str(error).strip()[:120]}")
    name = f"bw_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        from app.store.db import engine_for

        engine_for.cache_clear()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def store_url(request, tmp_path) -> str:
    """A fresh, empty store of the backend chosen with --store."""
    with fresh_store(request.config, tmp_path) as url:
        yield url


@pytest.fixture
def engine(store_url):
    from app.store.db import make_engine, init_db

    engine = make_engine(store_url)
    init_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def settings():
    from app.core.config import Settings

    return Settings()


@pytest.fixture(scope="session")
def extractor(settings):
    from app.core.context import build_extractor

    return build_extractor(settings)


def write_article(folder: Path, name: str, body: str, published: str = "2026-02-23", title: str = "A report",
                  source: str = "Test Wire", url: str = "") -> Path:
    header = [f"title: {title}", f"source: {source}"] + ([f"url: {url}"] if url else []) + [f"published: {published}"]
    path = folder / name
    path.write_text("\n".join(header) + "\n---\n" + body + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bundled_store(request, tmp_path_factory) -> str:
    """A store filled by real ingestion of the bundled articles, one per test module."""
    from browser.stores import ingest_into

    with fresh_store(request.config, tmp_path_factory.mktemp("bundled-store")) as url:
        report = ingest_into(url)
        assert report.ok, report.rejected
        yield url


@pytest.fixture(scope="module")
def bundled_client(bundled_store):
    """The app over `bundled_store`, online tiles off."""
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from app.core.config import Settings
    from app.web.main import create_app

    with TestClient(create_app(replace(Settings(), database_url=bundled_store, tiles_url=None))) as client:
        yield client
