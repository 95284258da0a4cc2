"""Reviewers' decisions: tokens, each action, the log, and decisions that outlast re-ingestion."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings, parse_reviewers
from app.ingest.runner import ingest_paths
from app.web.main import create_app
from conftest import write_article

ANA, BEN = "ana-token-0123456789abcdef", "ben-token-0123456789abcdef"
WITHDRAWN = "US troops withdrew from the Qasrak base on Sunday, officials said."
PRESENT = "Reporters visited the Shaddadi base on Friday and saw American armoured vehicles parked by the runway."
REINFORCED = "The coalition sent armoured vehicles to Qasrak base on Saturday."


def _ingest(engine, extractor, folder, body, name="report.txt", published="2026-02-23"):
    path = write_article(folder, name, body, published=published, source="Test Wire", url=f"https://wire.example/{name}")
    report = ingest_paths(engine, extractor, [path], Settings())
    assert report.ok, report.rejected
    return report


@pytest.fixture
def client(store_url):
    settings = replace(Settings(), database_url=store_url, tiles_url=None, reviewers=(("ana", ANA), ("ben", BEN)))
    with TestClient(create_app(settings)) as client:
        yield client


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _status(client, site, day):
    return next(f["properties"]["status"] for f in client.get("/api/v1/status", params={"date": day}).json()["features"]
                if f["id"] == site)


def _events(client, site):
    return client.get(f"/api/v1/sites/{site}").json()["properties"]["events"]


def test_writes_need_a_reviewer_s_own_token(client, store_url):
    assert client.get("/api/v1/reviewer", headers=_auth(BEN)).json() == {"reviewer": "ben"}
    assert client.post("/api/v1/events/1/review", json={"action": "confirm"}).status_code == 401
    response = client.post("/api/v1/events/1/review", json={"action": "confirm"}, headers=_auth("not-a-reviewer-token-at-all"))
    assert response.status_code == 401 and "not a reviewer's" in response.json()["detail"]
    with TestClient(create_app(replace(Settings(), database_url=store_url, tiles_url=None))) as closed:
        response = closed.post("/api/v1/events/1/review", json={"action": "confirm"}, headers=_auth(ANA))
        assert response.status_code == 403 and "disabled" in response.json()["detail"]
    assert client.post("/api/v1/events/99999/review", json={"action": "reject"}, headers=_auth(ANA)).status_code == 404


def test_the_largest_event_id_both_stores_hold_is_a_404_and_one_beyond_it_a_400(client):
    largest = client.post(f"/api/v1/events/{2**31 - 1}/review", json={"action": "confirm"}, headers=_auth(ANA))
    assert largest.status_code == 404 and "no event" in largest.json()["detail"]
    beyond = client.post(f"/api/v1/events/{2**62}/review", json={"action": "confirm"}, headers=_auth(ANA))
    assert beyond.status_code == 400 and "event_id" in beyond.json()["detail"]


def test_named_tokens_must_be_long_enough():
    assert parse_reviewers(f"ana:{ANA}, ben:{BEN}") == (("ana", ANA), ("ben", BEN))
    with pytest.raises(ValueError, match="16 or more"):
        parse_reviewers("ana:short")


def test_a_rejection_holds_after_the_article_is_ingested_again(client, engine, extractor, tmp_path):
    _ingest(engine, extractor, tmp_path, REINFORCED + " " + WITHDRAWN)
    assert _status(client, "qasrak", "2026-02-23") == "withdrawn"
    [withdrawal] = [e for e in _events(client, "qasrak") if e["kind"] == "withdrawal_completed"]
    response = client.post(f"/api/v1/events/{withdrawal['id']}/review", headers=_auth(ANA),
                           json={"action": "reject", "reason": "the base was not left; the report confused it with Tal Baydar"})
    assert response.status_code == 201 and response.json()["reviewer"] == "ana"
    assert _status(client, "qasrak", "2026-02-23") == "present"
    # the same article again, then edited (other wording around it, other spacing): still rejected
    _ingest(engine, extractor, tmp_path, REINFORCED + " " + WITHDRAWN)
    _ingest(engine, extractor, tmp_path, "An update. " + REINFORCED + "  " + WITHDRAWN.replace("officials said", "Officials said"))
    assert [e["kind"] for e in _events(client, "qasrak")] == ["reinforcement"]
    assert _status(client, "qasrak", "2026-02-23") == "present"
    [entry] = client.get("/api/v1/reviews").json()["reviews"]
    assert entry["action"] == "reject" and entry["before"]["kind"] == "withdrawal_completed"
    assert entry["article_key"] == "https://wire.example/report.txt" and "qasrak base" in entry["sentence"]


def test_confirm_correct_add_and_merge(client, engine, extractor, tmp_path):
    _ingest(engine, extractor, tmp_path, WITHDRAWN + " " + PRESENT)
    [withdrawal] = _events(client, "qasrak")
    assert client.post(f"/api/v1/events/{withdrawal['id']}/review", headers=_auth(ANA), json={"action": "confirm"}).status_code == 201
    assert _events(client, "qasrak")[0]["review"] == "confirmed"
    response = client.post(f"/api/v1/events/{withdrawal['id']}/review", headers=_auth(BEN),
                           json={"action": "correct", "date": "2026-02-20", "reason": "the convoy left on Friday"})
    assert response.status_code == 201 and response.json()["after"]["date"] == "2026-02-20"
    assert _status(client, "qasrak", "2026-02-20") == "withdrawn"
    bad = client.post(f"/api/v1/events/{withdrawal['id']}/review", headers=_auth(BEN), json={"action": "correct", "kind": "left"})
    assert bad.status_code == 422 and "kind 'left'" in bad.json()["detail"]
    # add an event by hand: the sentence must be the article's own
    article = "https://wire.example/report.txt"
    refused = client.post("/api/v1/events", headers=_auth(ANA), json={
        "article": article, "sentence": "Troops left Shaddadi.", "site": "al-shaddadi", "kind": "withdrawal_completed", "date": "2026-02-23"})
    assert refused.status_code == 422 and "not in the article" in refused.json()["detail"]
    added = client.post("/api/v1/events", headers=_auth(ANA), json={
        "article": article, "sentence": PRESENT, "site": "al-shaddadi", "kind": "presence", "date": "2026-02-20",
        "reason": "missed by extraction"})
    assert added.status_code == 201
    shaddadi = [e for e in _events(client, "al-shaddadi") if e["review"] == "added"]
    assert len(shaddadi) == 1 and shaddadi[0]["quote"] == PRESENT
    # merge: Qasrak's events move to Shaddadi (a test of the mechanism, not a claim about the places)
    assert client.post("/api/v1/sites/qasrak/merge", headers=_auth(BEN), json={"into": "al-shaddadi"}).status_code == 201
    assert client.get("/api/v1/sites/qasrak").status_code == 404
    assert {e["kind"] for e in _events(client, "al-shaddadi")} >= {"withdrawal_completed", "presence"}
    # every decision survives the article being read again
    _ingest(engine, extractor, tmp_path, "Updated. " + WITHDRAWN + " " + PRESENT)
    events = _events(client, "al-shaddadi")
    assert client.get("/api/v1/sites/qasrak").status_code == 404
    assert [(e["kind"], e["date"], e["review"]) for e in events if e["kind"] == "withdrawal_completed"] == [
        ("withdrawal_completed", "2026-02-20", "corrected")]
    assert [e["review"] for e in events if e["kind"] == "presence"].count("added") == 1
    log = client.get("/api/v1/reviews").json()["reviews"]
    assert [entry["action"] for entry in log] == ["merge", "add", "correct", "confirm"]


def test_decisions_export_and_import_as_json_lines(client, engine, extractor, tmp_path):
    from app.store import reviews
    from app.store.db import init_db, make_engine

    _ingest(engine, extractor, tmp_path, REINFORCED + " " + WITHDRAWN)
    [withdrawal] = [e for e in _events(client, "qasrak") if e["kind"] == "withdrawal_completed"]
    client.post(f"/api/v1/events/{withdrawal['id']}/review", headers=_auth(ANA), json={"action": "reject"})
    exported = client.get("/api/v1/reviews.jsonl").text
    assert len(exported.strip().splitlines()) == 1
    # another store (a SQLite file whatever --store says: the decisions are plain JSON lines)
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    init_db(other)
    _ingest(other, extractor, tmp_path, REINFORCED + " " + WITHDRAWN)
    assert reviews.import_jsonl(other, exported.splitlines()) == 1
    assert reviews.import_jsonl(other, exported.splitlines()) == 0, "importing twice adds nothing"
    with other.connect() as connection:
        kinds = [row[0] for row in connection.exec_driver_sql("select kind from events")]
    assert kinds == ["reinforcement"]
    with pytest.raises(reviews.ReviewError, match="line 1"):
        reviews.import_jsonl(other, ["{not json"])
    other.dispose()


def test_the_review_command_rejects_logs_exports_and_refuses_bad_input(client, engine, extractor, tmp_path, store_url):
    from typer.testing import CliRunner

    from app.cli import cli

    _ingest(engine, extractor, tmp_path, REINFORCED + " " + WITHDRAWN)
    [withdrawal] = [e for e in _events(client, "qasrak") if e["kind"] == "withdrawal_completed"]
    runner = CliRunner()
    result = runner.invoke(cli, ["review", "reject", str(withdrawal["id"]), "--reviewer", "ana", "--reason", "wrong base",
                                 "--db", store_url])
    assert result.exit_code == 0 and "recorded: reject by ana" in result.output
    assert _status(client, "qasrak", "2026-02-23") == "present"
    result = runner.invoke(cli, ["review", "correct", "12345", "--kind", "presence", "--reviewer", "ana", "--db", store_url])
    assert result.exit_code == 2 and "no event with id 12345" in result.output
    result = runner.invoke(cli, ["review", "log", "--db", store_url])
    assert "ana" in result.output and "reject" in result.output and "wrong base" in result.output
    dest = tmp_path / "decisions.jsonl"
    assert runner.invoke(cli, ["review", "export", str(dest), "--db", store_url]).exit_code == 0
    assert '"action": "reject"' in dest.read_text()
    assert runner.invoke(cli, ["review", "import", str(dest), "--db", store_url]).output.strip() == "0 decisions imported"
    assert runner.invoke(cli, ["review", "--db", store_url]).exit_code == 0  # the list of sites to place, as before
