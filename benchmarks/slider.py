"""How long the page takes to recompute and redraw every site's status after a date change.

    .venv/bin/python benchmarks/slider.py [--sites 1000 10000] [--moves 30]

For each N it writes a store of N synthetic sites (seeded, so runs compare) with their
events into a temporary SQLite file, serves it with the real app (uvicorn, tiles off),
opens the page in chromium and moves the date `--moves` times, two ways:

  jump  a random day anywhere in the range (many sites change at once: the worst case)
  step  one day forward, as when the slider is dragged or an arrow key held

Each move is timed in the page with performance.now():

  update  Basewatch.app.setDay(): binary search per site, attribute writes on changed markers and rows
  layout  update plus the style and layout work it caused (forced with a layout read)
  frame   from the change to the next frame being presented (requestAnimationFrame, then a task),
          which includes paint and any wait for the display's next vsync

and reported as median and 95th percentile in milliseconds, next to the budgets:
1,000 sites within one frame (16 ms), 10,000 within 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from common import CHROMIUM, CHROMIUM_ARGS, free_port, percentile  # noqa: E402

COUNTRIES = ("IQ", "SY", "JO", "AF", "NE", "TD", "DJ", "QA", "TR", "KW", "SA", "AE")
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2026, 2, 28)
BUDGET_MS = {1000: 16, 10000: 100}

MEASURE_JS = """
async ({days, mode}) => {
  const app = Basewatch.app, S = BasewatchStatus;
  const nextFrame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  const update = [], layout = [], frame = [];
  await nextFrame();
  for (const iso of days) {
    const day = S.dayNumber(iso);
    const start = performance.now();
    app.setDay(day);
    const updated = performance.now();
    void document.body.offsetHeight;            // style + layout now, not at the next frame
    const laidOut = performance.now();
    await nextFrame();
    const presented = performance.now();
    update.push(updated - start); layout.push(laidOut - start); frame.push(presented - start);
  }
  return {update, layout, frame};
}
"""


def synthetic_sites(count: int, rng: random.Random) -> list[dict]:
    """Sites scattered over the region, each with a plausible life: present, maybe planned, leaving, gone."""
    span = (LAST_DAY - FIRST_DAY).days
    sites = []
    for n in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(span - 400))
        events = [("presence", day, rng.choice(("day", "day", "month", "year")))]
        for kind in ("withdrawal_planned", "withdrawal_started", "withdrawal_completed"):
            if rng.random() < 0.6:
                day += timedelta(days=rng.randrange(20, 400))
                events.append((kind, min(day, LAST_DAY), rng.choice(("day", "day", "month"))))
        for _ in range(rng.randrange(3)):
            events.append(("attack", FIRST_DAY + timedelta(days=rng.randrange(span)), rng.choice(("day", "month"))))
        sites.append({"id": f"site-{n:05d}", "name": f"Synthetic base {n}", "country": rng.choice(COUNTRIES),
                      "lat": round(rng.uniform(8, 42), 4), "lon": round(rng.uniform(0, 70), 4), "events": events})
    return sites


def write_store(url: str, sites: list[dict]) -> None:
    from sqlalchemy import insert

    from app.store.db import init_db, make_engine
    from app.store.models import Article, Event, Site

    engine = make_engine(url)
    init_db(engine)
    with engine.begin() as connection:
        connection.execute(insert(Article), [
            {"id": 1, "key": "synthetic", "title": "Synthetic report", "source": "benchmark", "url": "",
             "published": LAST_DAY, "published_approx": False, "body": "synthetic", "content_hash": "0" * 64}])
        connection.execute(insert(Site), [
            {"id": s["id"], "name": s["name"], "kind": "base", "country": s["country"], "lat": s["lat"],
             "lon": s["lon"], "geocoder": "benchmark", "geocode_method": "", "geocode_precision": "",
             "coord_source": "", "aliases": []} for s in sites])
        connection.execute(insert(Event), [
            {"article_id": 1, "site_id": s["id"], "kind": kind, "date": day, "precision": precision,
             "date_basis": "text", "date_text": "", "quote": f"{s['name']}: {kind}.", "quote_start": 0, "quote_end": 1}
            for s in sites for kind, day, precision in s["events"]])
    engine.dispose()


def serve(url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "BASEWATCH_TILES_URL": "off"}
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.web.main:create_app", "--factory",
                                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                               cwd=PROJECT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the app did not start")


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):6.1f}  p95 {percentile(values, 0.95):6.1f}"


def measure(browser, base: str, count: int, moves: int, rng: random.Random) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    weight = {"bytes": 0}
    page.on("requestfinished", lambda request: weight.__setitem__("bytes", weight["bytes"] + request.sizes()["responseBodySize"]))
    start = time.perf_counter()
    page.goto(f"{base}/?date=2020-01-01", timeout=120_000)
    page.wait_for_selector("html[data-ready]", state="attached", timeout=120_000)
    ready = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    span = (LAST_DAY - FIRST_DAY).days
    jumps = [(FIRST_DAY + timedelta(days=rng.randrange(span))).isoformat() for _ in range(moves)]
    steps = [(date(2020, 1, 1) + timedelta(days=k + 1)).isoformat() for k in range(moves)]
    markers, renderer = page.evaluate("[Basewatch.layer.getLayers().length, Basewatch.layer.canvas ? 'canvas' : 'svg']")
    print(f"\n{count:,} sites ({markers:,} {renderer} markers on the map at load): page ready in {ready:.1f} s, "
          f"{weight['bytes'] / 1024:,.0f} KiB transferred")
    for mode, days in (("jump", jumps), ("step", steps)):
        result = page.evaluate(MEASURE_JS, {"days": days, "mode": mode})
        budget = BUDGET_MS.get(count)
        verdict = "" if budget is None else (
            f"  budget {budget} ms: {'met' if percentile(result['layout'], 0.95) <= budget else 'MISSED'} (p95 layout)")
        print(f"  {mode}  update {summary(result['update'])} | layout {summary(result['layout'])} | "
              f"frame {summary(result['frame'])} ms{verdict}")
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"chromium {browser.version}, {args.moves} moves per mode; times in ms")
        for count in args.sites:
            rng = random.Random(args.seed)
            url = f"sqlite:///{folder}/sites-{count}.db"
            write_store(url, synthetic_sites(count, rng))
            process, base = serve(url)
            try:
                measure(browser, base, count, args.moves, rng)
            finally:
                process.terminate()
                process.wait(timeout=10)
        browser.close()


if __name__ == "__main__":
    main()
