"""static/js/status.js and app/timeline.py give the same answer on every case of data/status_cases.json.

The JavaScript runs in chromium exactly as the page loads it (no bundler, no Node), so
the slider's statuses follow the same rule as the server's.
"""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest

from app.timeline import dispute_on, status_on
from conftest import PROJECT

pytestmark = pytest.mark.browser

CASES = json.loads((PROJECT / "data" / "status_cases.json").read_text(encoding="utf-8"))["cases"]
STATUS_JS = PROJECT / "static" / "js" / "status.js"


@pytest.fixture(scope="module")
def status_page(chromium):
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content("<!doctype html><title>status.js</title>")
    page.add_script_tag(path=str(STATUS_JS))
    yield page
    page.close()
    assert errors == []


def python_answer(case: dict) -> dict:
    events = [SimpleNamespace(kind=e["kind"], date=date.fromisoformat(e["date"]), precision=e["precision"],
                              story=e.get("story", "")) for e in case["events"]]
    day = date.fromisoformat(case["day"])
    result = status_on(events, day)
    return {"status": result.status, "since": result.since.isoformat() if result.since else None,
            "incidents": len(result.incidents), "disputed": dispute_on(events, day)}


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_status_js_follows_the_case_table(status_page, case):
    expected = {"status": case["status"], "since": case["since"], "incidents": case["incidents"],
                "disputed": case.get("disputed", False)}
    in_browser = status_page.evaluate("([events, day]) => BasewatchStatus.statusOn(events, day)",
                                      [case["events"], case["day"]])
    assert in_browser == expected
    assert python_answer(case) == expected


def test_the_case_table_covers_every_rule():
    kinds = {event["kind"] for case in CASES for event in case["events"]}
    precisions = {event["precision"] for case in CASES for event in case["events"]}
    statuses = {case["status"] for case in CASES}
    assert {"presence", "attack", "withdrawal_planned", "withdrawal_started", "withdrawal_completed",
            "handover", "reinforcement"} <= kinds
    assert {"day", "month", "year"} <= precisions
    assert {"unreported", "present", "planned", "withdrawing", "withdrawn"} <= statuses
    assert any(case["incidents"] for case in CASES)
    assert "denial" in kinds and any(case.get("disputed") for case in CASES)
