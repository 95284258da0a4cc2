"""`basewatch snapshot`: a standalone HTML file of one day (opened in chromium in
tests/browser/test_snapshot_file.py)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from app.cli import cli
from timestore import write_time_store


@pytest.fixture
def store(store_url):
    write_time_store(store_url)
    return store_url


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_snapshot_writes_one_file_that_links_nothing_outside(store, tmp_path):
    out = tmp_path / "day.html"
    result = run("snapshot", "--date", "2026-02-19", "--db", store, out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    page = out.read_text(encoding="utf-8")
    assert "US sites on 19 Feb 2026" in page
    # Everything inline: no script or stylesheet from elsewhere.
    assert not re.search(r"<script[^>]+src=", page) and not re.search(r"<link[^>]+stylesheet", page)
    assert "“Convoys began leaving Alpha base on Wednesday.”" in page
    assert 'href="javascript:' not in page  # bravo's article link is unsafe: shown as text only


def test_snapshot_of_one_country(store, tmp_path):
    out = tmp_path / "sy.html"
    assert run("snapshot", "--date", "2026-02-19", "--country", "sy", "--db", store, out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert 'data-site-id="alpha"' in page and 'data-site-id="bravo"' not in page
    assert "in Syria" in page


@pytest.mark.parametrize("args, message", [
    (("--date", "2026-02-30"), "--date: 2026-02-30 is not a day of the calendar"),
    (("--date", "2026-02-19", "--country", "Syria"), "country: 'Syria' is not an ISO 3166-1 alpha-2 country code"),
])
def test_snapshot_refuses_bad_input_and_writes_nothing(store, tmp_path, args, message):
    out = tmp_path / "bad.html"
    result = run("snapshot", *args, "--db", store, out)
    assert result.exit_code == 2 and message in result.output
    assert not out.exists()


def test_snapshot_keeps_an_existing_file_unless_forced(store, tmp_path):
    out = tmp_path / "day.html"
    out.write_text("mine")
    result = run("snapshot", "--date", "2026-02-19", "--db", store, out)
    assert result.exit_code == 2 and "exists" in result.output and out.read_text() == "mine"
    assert run("snapshot", "--date", "2026-02-19", "--db", store, out, "--force").exit_code == 0
    assert "Alpha base" in out.read_text(encoding="utf-8")
