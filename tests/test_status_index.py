"""The fast status index gives what the pure rule gives, on the shared case table and on
random event histories."""

import json
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

from app.store.status_index import StatusIndex
from app.timeline import EVENT_KINDS, status_on

CASES = json.loads((Path(__file__).resolve().parents[1] / "data" / "status_cases.json").read_text())["cases"]


def _event(n, kind, day, precision, site="s"):
    return SimpleNamespace(id=n, site_id=site, kind=kind, date=day, precision=precision)


def _same(a, b):
    return (a.status, a.since, len(a.incidents)) == (b.status, b.since, len(b.incidents))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_index_agrees_with_the_rule_on_every_case(case):
    events = [_event(n, e["kind"], date.fromisoformat(e["date"]), e["precision"]) for n, e in enumerate(case["events"])]
    day = date.fromisoformat(case["day"])
    assert _same(StatusIndex(events).status_on("s", day), status_on(events, day))


def _start(day, precision):
    return day.replace(day=1) if precision == "month" else day.replace(month=1, day=1) if precision == "year" else day


event_strategy = st.tuples(
    st.sampled_from(EVENT_KINDS), st.integers(0, 800), st.sampled_from(["day", "day", "month", "year"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(event_strategy, max_size=12), st.integers(-30, 830))
def test_index_agrees_with_the_rule_on_random_histories(raw, offset):
    origin = date(2024, 1, 1)
    events = [_event(n, kind, _start(origin + timedelta(days=d), p), p) for n, (kind, d, p) in enumerate(raw)]
    day = origin + timedelta(days=offset)
    assert _same(StatusIndex(events).status_on("s", day), status_on(events, day))


def test_a_site_without_events_is_unreported():
    assert StatusIndex([]).status_on("nowhere", date(2026, 1, 1)).status == "unreported"


def _in_store_order(events):
    return sorted(events, key=lambda e: (e.date, e.id))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), event_strategy), max_size=24), st.integers(-30, 830))
def test_the_days_attacks_and_deciding_events_of_all_sites_agree_with_the_rule(raw, offset):
    origin = date(2024, 1, 1)
    events = [_event(n, kind, _start(origin + timedelta(days=d), p), p, site)
              for n, (site, (kind, d, p)) in enumerate(raw)]
    day = origin + timedelta(days=offset)
    index = StatusIndex(events)
    by_site = index.incidents_on(day)
    for site in "abc":
        expected = status_on(_in_store_order(e for e in events if e.site_id == site), day)
        assert tuple(by_site.get(site, ())) == expected.incidents
        # The same event decides, also among several of one day and stage (the first in store order).
        assert index.status_on(site, day).event is expected.event
        assert index.status_on(site, day).incidents == expected.incidents


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), event_strategy), max_size=24), st.integers(-30, 830))
def test_statuses_of_many_sites_at_once_are_each_sites_status(raw, offset):
    origin = date(2024, 1, 1)
    events = [_event(n, kind, _start(origin + timedelta(days=d), p), p, site)
              for n, (site, (kind, d, p)) in enumerate(raw)]
    day = origin + timedelta(days=offset)
    index = StatusIndex(events)
    assert index.statuses_on(["c", "nowhere", "a", "b"], day) == [index.status_on(s, day) for s in ("c", "nowhere", "a", "b")]
