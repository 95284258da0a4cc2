#!/usr/bin/env bash
# Set up and run the tests: the whole suite on SQLite, then again on PostgreSQL.
# Browser tests need Debian's chromium (apt-get install chromium); PostgreSQL tests a
# server at 127.0.0.1:5432 (BASEWATCH_TEST_PG); the HTML checker java
# (apt-get install default-jre-headless); the checkers themselves (axe-core, vnu.jar) are
# installed here from tests/tools/package-lock.json with npm. Missing ones skip, saying
# why; under CI=true they fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
if command -v npm >/dev/null 2>&1; then
  # --ignore-scripts: vnu-jar's install script would download a Java runtime; the system's is used.
  (cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
elif [ "${CI:-}" = "true" ]; then
  echo "npm not found: the accessibility and HTML checkers cannot be installed" >&2
  exit 1
fi
.venv/bin/python -m pytest -ra "$@"
.venv/bin/python -m pytest -ra --store postgres "$@"
