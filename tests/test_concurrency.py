"""Reading while writing: `basewatch serve` answers every request while `basewatch ingest`, another
process, writes a hundred articles into the same store and a client posts more through the
write API (two writing processes); no request fails, neither process ever sees "database is
locked", and readers see the store grow one whole article at a time."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from browser.conftest import serving
from app.ingest.article import read_article_file
from conftest import PROJECT
from test_crash import make_corpus

ARTICLES = 100
POSTED = 20
READERS = 12
TOKEN = "concurrency-token"
MAX_SECONDS = 300  # a safety stop for a hung ingest, not a measurement
DAYS = ["2019-10-15", "2020-08-23", "2021-08-30", "2024-01-28", "2025-09-01", "2026-02-20", "2026-02-23"]


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    ok: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    article_counts: set[int] = field(default_factory=set)
    posted: Counter = field(default_factory=Counter)


def read_until(stop: threading.Event, base: str, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30, trust_env=False) as client:
        while not stop.is_set():
            day = rng.choice(DAYS)
            path = rng.choice(["/healthz", f"/api/v1/status?date={day}", "/api/v1/status", "/api/v1/sites",
                               f"/?date={day}", "/", "/api/v1/articles"])
            try:
                response = client.get(path, follow_redirects=True)
                problem = None if response.status_code == 200 else f"{path}: HTTP {response.status_code} {response.text[:200]}"
            except httpx.HTTPError as error:
                problem = f"{path}: {type(error).__name__}: {error}"
            with tally.lock:
                if problem:
                    tally.failures.append(problem)
                else:
                    tally.ok[path.split("?", 1)[0]] += 1
                    if path == "/api/v1/articles":
                        tally.article_counts.add(response.json()["count"])


def post_articles(base: str, paths, tally: Tally) -> None:
    """Articles through the write API while the ingest runs, one after another."""
    with httpx.Client(base_url=base, timeout=60, trust_env=False) as client:
        for path in paths:
            article = read_article_file(path, 2_000_000)
            body = {"title": article.title, "source": article.source, "url": article.url + "/posted",
                    "published": article.published.isoformat(), "text": article.body}
            try:
                response = client.post("/api/v1/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
                outcome = response.json().get("outcome") if response.status_code in (200, 201) else None
                problem = None if outcome == "stored" else f"POST {path.name}: HTTP {response.status_code} {response.text[:200]}"
            except httpx.HTTPError as error:
                problem = f"POST {path.name}: {type(error).__name__}: {error}"
            with tally.lock:
                if problem:
                    tally.failures.append(problem)
                else:
                    tally.posted[outcome] += 1


def test_readers_never_fail_while_two_processes_write(store_url, tmp_path, monkeypatch):
    corpus, posted = tmp_path / "corpus", tmp_path / "posted"
    make_corpus(corpus, ARTICLES, seed=11)
    to_post = make_corpus(posted, POSTED, seed=12)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BASEWATCH_", "DATABASE_URL"))}
    env["BASEWATCH_NOMINATIM"] = "off"
    monkeypatch.setenv("BASEWATCH_WRITE_TOKEN", TOKEN)
    with serving(store_url, tmp_path) as base:  # also creates the schema, before the ingest starts
        tally, stop = Tally(), threading.Event()
        readers = [threading.Thread(target=read_until, args=(stop, base, tally, n), daemon=True) for n in range(READERS)]
        readers.append(threading.Thread(target=post_articles, args=(base, to_post, tally), daemon=True))
        for reader in readers:
            reader.start()
        ingest_log = tmp_path / "ingest.log"
        with open(ingest_log, "w") as output:
            ingest = subprocess.Popen([sys.executable, "-m", "app.cli", "ingest", "--db", store_url, "-q", str(corpus)],
                                      cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            ingest.wait(timeout=MAX_SECONDS)
        finally:
            if ingest.poll() is None:
                ingest.kill()
            time.sleep(0.5)  # a last round of reads on the finished store
            stop.set()
            for reader in readers:
                reader.join(timeout=60)
        final = httpx.get(f"{base}/api/v1/articles", timeout=30, trust_env=False).json()["count"]
    server_log = (tmp_path / "serve.log").read_text()
    ingest_output = ingest_log.read_text()

    assert ingest.returncode == 0, ingest_output[-3000:]
    assert f"{ARTICLES} inputs: {ARTICLES} stored" in ingest_output, ingest_output[-3000:]
    assert tally.failures == [], tally.failures[:20]
    assert "database is locked" not in ingest_output and "database is locked" not in server_log, server_log[-3000:]
    assert "Traceback" not in server_log, server_log[-3000:]
    assert tally.posted == {"stored": POSTED}
    assert final == ARTICLES + POSTED
    # Every kind of request was answered, and readers saw the store part-way through the ingest.
    assert set(tally.ok) == {"/healthz", "/api/v1/status", "/api/v1/sites", "/", "/api/v1/articles"}, tally.ok
    assert len(tally.article_counts) > 2 and max(tally.article_counts) == ARTICLES + POSTED, sorted(tally.article_counts)
