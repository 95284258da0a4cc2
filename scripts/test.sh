#!/usr/bin/env bash
# Set up and run the tests: the whole suite on SQLite, then again on PostgreSQL.
# Browser tests need Debian's chromium (apt-get install chromium); PostgreSQL tests a
# server at 127.0.0.1:5432 (BASEWATCH_TEST_PG). Missing ones skip, saying why; under
# CI=true they fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/python -m pytest -ra "$@"
.venv/bin/python -m pytest -ra --store postgres "$@"
