"""The status rule (app.timeline), driven by the case table shared with the page's JavaScript."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from app.timeline import EVENT_KINDS, PRECISIONS, STATUSES, UNREPORTED, dispute_on, dispute_spans, period_end, status_on
from conftest import PROJECT

CASES = json.loads((PROJECT / "data" / "status_cases.json").read_text(encoding="utf-8"))["cases"]


@dataclass(frozen=True)
class Ev:
    kind: str
    date: date
    precision: str = "day"
    story: str = ""


def _events(case: dict) -> list[Ev]:
    return [Ev(e["kind"], date.fromisoformat(e["date"]), e["precision"], e.get("story", "")) for e in case["events"]]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_status_case(case):
    day = date.fromisoformat(case["day"])
    result = status_on(_events(case), day)
    assert result.status == case["status"]
    assert (result.since.isoformat() if result.since else None) == case["since"]
    assert len(result.incidents) == case["incidents"]
    assert dispute_on(_events(case), day) is case.get("disputed", False)


def test_a_dispute_needs_two_stories_and_ends_where_a_newer_report_sets_the_status():
    withdrawn, denied = Ev("withdrawal_completed", date(2026, 3, 1), story="a"), Ev("denial", date(2026, 3, 5), story="b")
    assert dispute_spans([withdrawn, denied]) == [(date(2026, 3, 1), None)]
    settled = Ev("presence", date(2026, 4, 20), story="c")  # over 30 days after the withdrawal: no conflict of its own
    assert dispute_spans([settled, denied, withdrawn]) == [(date(2026, 3, 1), date(2026, 4, 19))]
    same_story = Ev("denial", date(2026, 3, 5), story="a")
    assert dispute_spans([withdrawn, same_story]) == []
    # a story told by the caller: syndicated copies of one story are one
    assert dispute_spans([withdrawn, denied], story_of=lambda e: "wire") == []


def test_case_table_is_well_formed_and_covers_every_kind_and_status():
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names are test ids: keep them unique"
    kinds, statuses, precisions = set(), set(), set()
    for case in CASES:
        date.fromisoformat(case["day"])
        assert case["status"] in (*STATUSES, UNREPORTED)
        assert case["since"] is None or date.fromisoformat(case["since"])
        assert isinstance(case["incidents"], int)
        assert isinstance(case.get("disputed", False), bool)
        for event in case["events"]:
            assert {"kind", "date", "precision"} <= set(event) <= {"kind", "date", "precision", "story"}
            stored = date.fromisoformat(event["date"])
            if event["precision"] != "day":
                assert stored.day == 1, f"{case['name']}: a month/year date is stored as the 1st"
            if event["precision"] == "year":
                assert stored.month == 1
            kinds.add(event["kind"])
            precisions.add(event["precision"])
        statuses.add(case["status"])
    assert kinds == set(EVENT_KINDS)
    assert statuses == {*STATUSES, UNREPORTED}
    assert precisions == set(PRECISIONS)
    assert {case.get("disputed", False) for case in CASES} == {True, False}


def test_input_order_does_not_matter():
    events = [
        Ev("presence", date(2024, 11, 3)),
        Ev("attack", date(2025, 1, 1), "month"),
        Ev("withdrawal_planned", date(2025, 1, 20)),
        Ev("withdrawal_started", date(2025, 1, 20)),
        Ev("attack", date(2025, 1, 20)),
        Ev("handover", date(2025, 3, 1), "month"),
        Ev("reinforcement", date(2025, 3, 1), "month"),
        Ev("presence", date(2025, 6, 9)),
    ]
    days = [date(2024, 11, 2) + timedelta(days=n) for n in range(0, 260, 3)] + [date(2025, 1, 20), date(2025, 3, 1)]
    expected = {day: status_on(events, day) for day in days}
    for order in itertools.islice(itertools.permutations(events), 0, None, 97):
        for day in days:
            got = status_on(order, day)
            assert (got.status, got.since, len(got.incidents)) == (
                expected[day].status, expected[day].since, len(expected[day].incidents)), (order, day)
    # spot checks of what those orders agree on
    assert status_on(events, date(2025, 1, 20)).status == "withdrawing"
    assert len(status_on(events, date(2025, 1, 20)).incidents) == 2  # the January attack and the one that day
    assert status_on(events, date(2025, 3, 1)).status == "withdrawn"
    assert status_on(events, date(2025, 6, 9)).status == "present"


def test_status_reports_the_event_that_set_it_and_the_incidents():
    presence, attack = Ev("presence", date(2025, 2, 1)), Ev("attack", date(2025, 2, 14))
    result = status_on([attack, presence], date(2025, 2, 14))
    assert result.event == presence
    assert result.incidents == (attack,)
    assert status_on([], date(2025, 2, 14)).event is None


def test_accepts_any_iterable_once():
    events = (e for e in [Ev("presence", date(2025, 2, 1)), Ev("withdrawal_started", date(2025, 2, 3))])
    assert status_on(events, date(2025, 2, 5)).status == "withdrawing"


@pytest.mark.parametrize("start, precision, end", [
    (date(2025, 3, 14), "day", date(2025, 3, 14)),
    (date(2025, 2, 1), "month", date(2025, 2, 28)),
    (date(2024, 2, 1), "month", date(2024, 2, 29)),
    (date(2025, 12, 1), "month", date(2025, 12, 31)),
    (date(2025, 4, 1), "month", date(2025, 4, 30)),
    (date(2014, 1, 1), "year", date(2014, 12, 31)),
])
def test_period_end(start, precision, end):
    assert period_end(start, precision) == end
