"""One story counted once, corroboration by independent stories, and disputes, through real
ingestion of articles written here and the API a reader uses."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.ingest.runner import ingest_paths
from app.ingest.stories import same_story, signature, similarity
from app.web.main import create_app
from conftest import write_article

WIRE = ("US troops began withdrawing from the Qasrak base in Hasakeh province on Monday, a convoy of dozens of "
        "trucks carrying armoured vehicles and prefabricated buildings heading east along the highway to the Iraqi "
        "border. A Kurdish official confirmed the departure, speaking on condition of anonymity because he was not "
        "authorised to brief the press. The base, about 45 kilometres from the town of Tell Tamer, has been a main "
        "hub for coalition operations against the Islamic State group since 2019. Local residents said helicopters "
        "had flown over the area through the night while the equipment was loaded.")
# The same wire story re-run by an aggregator: new lead, a dropped sentence, a few words changed, a credit line.
AGGREGATED = ("(From the wires) " + WIRE.replace("dozens of trucks", "dozens of lorries")
              .replace("Local residents said helicopters had flown over the area through the night while the "
                       "equipment was loaded.", "")
              .replace("a main hub", "a key hub") + " Reporting by the Damascus bureau.")
# Another outlet's own reporting of the same move, in its own words.
INDEPENDENT = ("American soldiers began pulling out of Qasrak base on Monday, Syrian state media said, citing witnesses who "
               "watched armoured columns drive toward the frontier crossing at Semalka. The outpost north-east of Tell "
               "Tamer had housed several hundred coalition personnel.")
DENIAL = "A Pentagon spokesman on Thursday denied reports that US troops had left Qasrak base."


def _ingest(engine, extractor, folder, *articles):
    paths = [write_article(folder, name, body, published=day, source=source, url=f"https://{source.lower().replace(' ', '')}.example/{name}")
             for name, body, day, source in articles]
    report = ingest_paths(engine, extractor, paths, Settings())
    assert report.ok, report.rejected
    return report


@pytest.fixture
def client(store_url):
    with TestClient(create_app(replace(Settings(), database_url=store_url, tiles_url=None))) as client:
        yield client


def test_a_lightly_edited_copy_is_the_same_story_and_a_retelling_is_not():
    assert similarity(signature(WIRE), signature(AGGREGATED)) >= 0.5
    assert same_story(signature(WIRE), signature(AGGREGATED))
    assert not same_story(signature(WIRE), signature(INDEPENDENT))


def _qasrak_withdrawal(client) -> tuple[dict, list[dict]]:
    """The first report of the withdrawal from Qasrak (one per article), and all the site's events."""
    events = client.get("/api/v1/sites/qasrak").json()["properties"]["events"]
    started = [e for e in events if e["kind"] == "withdrawal_started"]
    assert started and all(e["sources"] == started[0]["sources"] for e in started), "one group, the same sources"
    return started[0], events


def test_two_outlets_of_one_story_count_once_and_an_independent_report_makes_two(client, engine, extractor, tmp_path):
    _ingest(engine, extractor, tmp_path,
            ("wire.txt", WIRE, "2026-02-24", "Wire Agency"), ("aggregator.txt", AGGREGATED, "2026-02-24", "Aggregator Daily"))
    articles = client.get("/api/v1/articles").json()["articles"]
    assert len(articles) == 2 and articles[0]["story"] == articles[1]["story"]
    started, events = _qasrak_withdrawal(client)
    assert sorted(s["source"] for s in started["sources"]) == ["Aggregator Daily", "Wire Agency"]
    assert started["independent_sources"] == 1, "one story printed by two outlets is one source"

    _ingest(engine, extractor, tmp_path, ("state-media.txt", INDEPENDENT, "2026-02-24", "Syrian State Media"))
    started, events = _qasrak_withdrawal(client)
    assert started["independent_sources"] == 2
    assert sorted(s["source"] for s in started["sources"]) == ["Aggregator Daily", "Syrian State Media", "Wire Agency"]
    assert all(e["independent_sources"] == 2 for e in events if e["kind"] == "withdrawal_started")


def test_a_withdrawal_denied_by_another_outlet_is_disputed_between_the_reports(client, engine, extractor, tmp_path):
    _ingest(engine, extractor, tmp_path,
            ("wire.txt", WIRE, "2026-02-23", "Wire Agency"), ("denial.txt", DENIAL, "2026-02-26", "Defense Daily"))

    def qasrak(day):
        [feature] = [f for f in client.get("/api/v1/status", params={"date": day}).json()["features"] if f["id"] == "qasrak"]
        return feature["properties"]["status"], feature["properties"]["disputed"]

    assert qasrak("2026-02-22")[1] is False  # before the withdrawal report (present since 2019, the wire says)
    assert qasrak("2026-02-23") == ("withdrawing", True)
    assert qasrak("2026-02-25") == ("withdrawing", True)
    assert qasrak("2026-02-26") == ("withdrawing", True), "the denied claim still sets the status: still disputed"
    started, events = _qasrak_withdrawal(client)
    [denial] = [e for e in events if e["kind"] == "denial"]
    assert denial["date"] == "2026-02-26" and denial["sentence"] == DENIAL
    assert [c["event_id"] for c in started["contradicted_by"]] == [denial["id"]]
    assert client.get("/api/v1/sites/qasrak").json()["properties"]["disputes"] == [{"from": "2026-02-23", "until": None}]


def test_a_denial_in_the_same_story_is_no_dispute(client, engine, extractor, tmp_path):
    _ingest(engine, extractor, tmp_path, ("wire.txt", WIRE + " " + DENIAL, "2026-02-26", "Wire Agency"))
    features = client.get("/api/v1/status", params={"date": "2026-02-26"}).json()["features"]
    assert [f["properties"]["disputed"] for f in features if f["id"] == "qasrak"] == [False]


def test_the_page_marks_the_denied_withdrawal_disputed_and_shows_both_sides(client, engine, extractor, tmp_path):
    from bs4 import BeautifulSoup

    _ingest(engine, extractor, tmp_path,
            ("wire.txt", WIRE, "2026-02-23", "Wire Agency"), ("denial.txt", DENIAL, "2026-02-26", "Defense Daily"))
    soup = BeautifulSoup(client.get("/?date=2026-02-24&site=qasrak").text, "html.parser")
    row = soup.select_one('[data-testid="site-row"][data-site-id="qasrak"]')
    assert row.has_attr("data-disputed")
    assert soup.select_one('[data-count-for="disputed"]').get_text() == "1"
    detail = soup.select_one('[data-testid="site-detail"]')
    assert detail.select_one(".detail-status").has_attr("data-disputed")
    started = detail.select_one('.event[data-kind="withdrawal_started"]')
    denial = detail.select_one('.event[data-kind="denial"]')
    assert started.select_one(".contradiction").get_text().startswith("Contradicted by Defense Daily, 26 Feb 2026: Move denied")
    assert denial.select_one(".contradiction").get_text().startswith("Contradicted by Wire Agency, 23 Feb 2026")
    assert "denied reports" in denial.select_one(".quote").get_text()
    before = BeautifulSoup(client.get("/?date=2026-02-22").text, "html.parser")
    assert not before.select_one('[data-testid="site-row"][data-site-id="qasrak"]').has_attr("data-disputed")
