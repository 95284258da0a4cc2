#!/usr/bin/env bash
# Set up, ingest the bundled articles into ./basewatch.db and serve the map.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/basewatch ingest
exec .venv/bin/basewatch serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
