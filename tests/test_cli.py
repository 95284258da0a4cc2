"""The basewatch command line: ingest, extract --json, geocode, eval."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import cli
from conftest import PROJECT, write_article

SUMMARY = re.compile(r"^(\d+) inputs: (\d+) stored, (\d+) replaced, (\d+) unchanged, (\d+) rejected; (\d+) events written$",
                     re.MULTILINE)
GOOD = {
    "ain.txt": "US troops began withdrawing from Ain al-Asad Air Base on Monday, Iraqi officials said.",
    "taji.txt": "The US-led coalition handed over Camp Taji to Iraqi forces on February 3.",
}


@pytest.fixture(autouse=True)
def _offline_defaults(monkeypatch):
    for name in ("DATABASE_URL", "BASEWATCH_NOMINATIM", "BASEWATCH_ARTICLES", "BASEWATCH_GAZETTEER",
                 "BASEWATCH_MAX_ARTICLE_BYTES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in GOOD.items():
        write_article(folder, name, body)
    return folder


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _summary(output: str) -> tuple[int, ...]:
    match = SUMMARY.search(output)
    assert match, output
    return tuple(int(n) for n in match.groups())


def _stored_keys(store_url) -> set[str]:
    from app.store.db import make_engine
    from app.store.models import Article

    engine = make_engine(store_url)
    try:
        with Session(engine) as session:
            return set(session.execute(select(Article.key)).scalars())
    finally:
        engine.dispose()


# --- ingest -----------------------------------------------------------------------------------

def test_ingest_prints_a_summary_and_exits_0(store_url, folder):
    result = _run("ingest", "--db", store_url, folder)
    assert result.exit_code == 0, result.output
    inputs, stored, replaced, unchanged, rejected, events = _summary(result.stdout)
    assert (inputs, stored, replaced, unchanged, rejected) == (2, 2, 0, 0, 0)
    assert events >= 2
    assert "store: 2 articles" in result.stdout
    assert "ain-al-asad" in result.stdout and "withdrawing" in result.stdout
    assert _stored_keys(store_url) == {"ain.txt", "taji.txt"}


def test_ingest_twice_reports_unchanged(store_url, folder):
    assert _run("ingest", "--db", store_url, folder).exit_code == 0
    result = _run("ingest", "--db", store_url, "--quiet", folder)
    assert result.exit_code == 0, result.output
    assert _summary(result.stdout) == (2, 0, 0, 2, 0, 0)
    assert "store:" not in result.stdout  # --quiet: the summary line only


def test_ingest_names_each_rejected_file_with_its_reason_and_exits_1(store_url, folder):
    (folder / "no_date.txt").write_text("title: x\n---\nUS troops left Camp Taji.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("published: 2026-01-01\n---\nCaf\xe9 base.\n".encode("latin-1"))
    result = _run("ingest", "--db", store_url, folder, folder / "absent.txt")
    assert result.exit_code == 1, result.output
    assert _summary(result.stdout)[:5] == (6, 2, 0, 0, 4)
    lines = [line for line in result.stderr.splitlines() if line.startswith("rejected ")]
    assert len(lines) == 4, result.stderr
    reasons = {Path(line.split(": ", 1)[0].removeprefix("rejected ")).name: line.split(": ", 1)[1] for line in lines}
    assert "published" in reasons["no_date.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert "not UTF-8" in reasons["latin1.txt"]
    assert reasons["absent.txt"] == "no such file or folder"
    assert _stored_keys(store_url) == {"ain.txt", "taji.txt"}


def test_ingest_of_an_empty_folder_is_an_error(store_url, tmp_path):
    (tmp_path / "nothing").mkdir()
    result = _run("ingest", "--db", store_url, tmp_path / "nothing")
    assert result.exit_code == 2
    assert "no article files found" in result.stderr


def test_ingest_as_a_real_process(tmp_path, folder):
    basewatch = Path(sys.executable).parent / "basewatch"
    assert basewatch.exists(), f"{basewatch} missing: install the project (pip install -e .)"
    db = tmp_path / "store.db"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "BASEWATCH_NOMINATIM"}}
    done = subprocess.run([str(basewatch), "ingest", "--db", str(db), str(folder)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _summary(done.stdout)[:5] == (2, 2, 0, 0, 0)
    assert _stored_keys(f"sqlite:///{db}") == {"ain.txt", "taji.txt"}

    (folder / "broken.txt").write_text("no header here\n", encoding="utf-8")
    done = subprocess.run([str(basewatch), "ingest", "--db", str(db), str(folder)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert _summary(done.stdout)[:5] == (3, 0, 0, 2, 1)
    assert f"rejected {folder / 'broken.txt'}: no header" in done.stderr
    assert not (tmp_path / "basewatch.db").exists()  # --db was honoured


# --- extract ----------------------------------------------------------------------------------

def test_extract_json_matches_the_contract(tmp_path):
    path = write_article(tmp_path, "a.txt", "US troops began withdrawing from Ain al-Asad Air Base on Monday. "
                                            "The coalition handed over Camp Taji to Iraqi forces last month. "
                                            "US troops withdrew from the Foozle Wuzzle air base on Sunday.")
    result = _run("extract", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"sites", "events"}
    site_ids = set()
    for site in data["sites"]:
        assert {"id", "name", "country", "lat", "lon", "mentions"} <= set(site)
        assert isinstance(site["id"], str) and isinstance(site["name"], str)
        assert site["country"] is None or re.fullmatch(r"[A-Z]{2}", site["country"])
        assert (site["lat"] is None) == (site["lon"] is None)
        assert isinstance(site["mentions"], list) and site["mentions"]
        site_ids.add(site["id"])
    assert {"ain-al-asad", "camp-taji", "foozle-wuzzle"} <= site_ids
    foozle = next(s for s in data["sites"] if s["id"] == "foozle-wuzzle")
    assert foozle["lat"] is None  # unlocated, but in the output
    for event in data["events"]:
        assert {"site", "kind", "date", "precision", "quote"} <= set(event)
        assert event["site"] in site_ids
        day = date.fromisoformat(event["date"])
        assert event["precision"] in {"day", "month", "year"}
        if event["precision"] != "day":
            assert day.day == 1
        assert event["quote"]
    kinds = {(e["site"], e["kind"], e["date"], e["precision"]) for e in data["events"]}
    assert ("ain-al-asad", "withdrawal_started", "2026-02-23", "day") in kinds
    assert ("camp-taji", "handover", "2026-01-01", "month") in kinds
    assert ("foozle-wuzzle", "withdrawal_completed", "2026-02-22", "day") in kinds


def test_extract_readable_output(tmp_path):
    path = write_article(tmp_path, "a.txt", GOOD["ain.txt"])
    result = _run("extract", path)
    assert result.exit_code == 0, result.output
    assert re.search(r"^site  ain-al-asad .* via gazetteer$", result.stdout, re.MULTILINE)
    assert re.search(r"^event 2026-02-23 \(day\) withdrawal_started\s+ain-al-asad: US troops", result.stdout, re.MULTILINE)


def test_extract_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where the default store ./basewatch.db would appear
    path = write_article(tmp_path, "a.txt", GOOD["ain.txt"])
    assert _run("extract", path, "--json").exit_code == 0
    assert list(tmp_path.iterdir()) == [path]


def test_extract_of_a_bad_file_says_why(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("title: t\npublished: soon\n---\nbody\n", encoding="utf-8")
    result = _run("extract", path, "--json")
    assert result.exit_code == 1
    assert "bad.txt" in result.stderr and "is not a date" in result.stderr
    assert _run("extract", tmp_path / "absent.txt").exit_code == 1


# --- geocode ----------------------------------------------------------------------------------

def test_geocode_known_site_exits_0():
    result = _run("geocode", "AIN AL ASAD")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert (answer["geocoder"], answer["method"], answer["site_id"]) == ("gazetteer", "normalised", "ain-al-asad")


def test_geocode_town_exits_0():
    result = _run("geocode", "Tell Tamer")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["geocoder"] == "geonames"


def test_geocode_unknown_exits_1():
    result = _run("geocode", "Zzyzx Qqorb")
    assert result.exit_code == 1
    assert "not found by any geocoder" in result.stdout


# --- eval -------------------------------------------------------------------------------------

def test_eval_prints_the_figures():
    result = _run("eval", PROJECT / "data" / "gold" / "seeds.jsonl")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "sites P" in line)  # the per-kind table follows it
    assert re.search(r"sites P 1\.000 R 1\.000 F1 1\.000", line), line
    assert re.search(r"geocoded within 25 km 1\.000", line)
    assert re.search(r"events P \d\.\d{3} R \d\.\d{3} F1 \d\.\d{3}", line)
    assert re.search(r"dates right \d\.\d{3} \(\d+/\d+\)", line)


def test_eval_json():
    gold = PROJECT / "data" / "gold" / "seeds.jsonl"
    result = _run("eval", gold, "--json")
    assert result.exit_code == 0
    figures = json.loads(result.stdout)[str(gold)]
    assert figures["site_f1"] == 1.0
    assert {"event_f1", "dates_right", "geocoding_within_25km"} <= set(figures)


def test_eval_missing_gold_file(tmp_path):
    result = _run("eval", tmp_path / "nope.jsonl")
    assert result.exit_code == 2
    assert "no such gold file" in result.stderr


def test_eval_prints_dated_events_the_timeline_and_a_table_per_kind():
    result = _run("eval", PROJECT / "data" / "gold" / "seeds.jsonl")
    assert result.exit_code == 0, result.output
    line = result.stdout.strip().splitlines()[-1]
    assert re.search(r"dated-event F1 \d\.\d{3} \| timeline agreement \d\.\d{3} \(\d+/\d+ site-days\)", line), line
    assert re.search(r"^handover\s+\d+\s+\d+\s+\d\.\d{3}\s+\d\.\d{3}$", result.stdout, re.MULTILINE)
