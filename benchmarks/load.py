"""Load: many concurrent clients for a fixed time against the real app, over a realistic mix.

    .venv/bin/python benchmarks/load.py [--clients 100] [--seconds 30] [--workers 1] [--db URL]

Ingests the bundled articles into a temporary SQLite store (or uses the store given with
--db, as it is), starts `basewatch serve` (uvicorn, online tiles off) on a free port of
127.0.0.1, and runs the clients (asyncio + httpx, each its own keep-alive connection,
gzip accepted as browsers do) for --seconds after a short warm-up that is not counted.
Every request goes to 127.0.0.1; the script stops the server and removes the store when done.

The mix, by weight:

  30  GET /api/v1/status?date=D   a random day between the first and last event
  25  GET /?date=D                the page of a random day (HTML, map and site list)
  15  GET /api/v1/sites/{id}      one site's detail, as the page loads it on a click
  15  GET /api/v1/sites           every site with its events (GeoJSON)
  15  GET /healthz                what a load balancer asks

Prints requests per second, latency percentiles (p50, p95, p99, max) overall and per kind,
and the errors: any answer other than 200 or a transport failure. Errors must be 0.
The clients run in this one Python process and share the machine with the server: on a
small machine they take a good part of the CPU, so the figures are a floor for the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from common import percentile, serving  # noqa: E402

MIX = (("status", 30), ("page", 25), ("site", 15), ("sites", 15), ("healthz", 15))
WARMUP_SECONDS = 3


def bundled_store(folder: Path) -> str:
    from app.core.config import Settings
    from app.core.context import build_extractor
    from app.ingest.runner import expand_inputs, ingest_paths
    from app.store.db import init_db, make_engine

    url = f"sqlite:///{folder / 'load.db'}"
    settings = Settings(database_url=url)
    engine = make_engine(url)
    init_db(engine)
    report = ingest_paths(engine, build_extractor(settings, engine), list(expand_inputs([settings.articles_dir])), settings)
    engine.dispose()
    if not report.ok:
        sys.exit(f"ingest rejected: {report.rejected}")
    return url


def targets(base: str) -> tuple[list[str], list[str]]:
    """Site ids and the days to ask about, from the store itself."""
    with httpx.Client(base_url=base, timeout=30, trust_env=False) as client:
        sites = [f["id"] for f in client.get("/api/v1/sites").json()["features"]]
        days = sorted({e["date"] for e in client.get("/api/v1/events").json()["events"]})
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    span = (last - first).days
    rng = random.Random(1)
    # Half the asks land on days something happened (what readers step through), half anywhere.
    any_days = [(first + timedelta(days=rng.randrange(span + 1))).isoformat() for _ in range(len(days))]
    return sites, days + any_days


class Results:
    def __init__(self):
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.samples: list[str] = []
        self.recording = False

    def add(self, kind: str, seconds: float, problem: str | None) -> None:
        if not self.recording:
            return
        if problem:
            self.errors[kind] += 1
            if len(self.samples) < 10:
                self.samples.append(f"{kind}: {problem}")
        else:
            self.latencies[kind].append(seconds)


async def client_loop(base: str, sites: list[str], days: list[str], results: Results, stop: asyncio.Event,
                      seed: int) -> None:
    rng = random.Random(seed)
    kinds, weights = zip(*MIX)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits, trust_env=False) as client:
        while not stop.is_set():
            kind = rng.choices(kinds, weights)[0]
            path = {"status": lambda: f"/api/v1/status?date={rng.choice(days)}",
                    "page": lambda: f"/?date={rng.choice(days)}",
                    "site": lambda: f"/api/v1/sites/{rng.choice(sites)}",
                    "sites": lambda: "/api/v1/sites",
                    "healthz": lambda: "/healthz"}[kind]()
            start = time.perf_counter()
            try:
                response = await client.get(path)
                await response.aread()
                problem = None if response.status_code == 200 else f"HTTP {response.status_code} for {path}"
            except httpx.HTTPError as error:
                problem = f"{type(error).__name__} for {path}: {error}"
            results.add(kind, time.perf_counter() - start, problem)


def line(label: str, values: list[float], seconds: float, errors: int) -> str:
    ms = [v * 1000 for v in values]
    return (f"{label:<9} {len(values) / seconds:>8.1f} {percentile(ms, 0.50):>8.1f} {percentile(ms, 0.95):>8.1f} "
            f"{percentile(ms, 0.99):>8.1f} {max(ms, default=float('nan')):>8.1f} {errors:>7}")


async def run(base: str, clients: int, seconds: float, sites: list[str], days: list[str]) -> tuple[Results, float]:
    results, stop = Results(), asyncio.Event()
    tasks = [asyncio.create_task(client_loop(base, sites, days, results, stop, n)) for n in range(clients)]
    await asyncio.sleep(WARMUP_SECONDS)
    results.recording = True
    started = time.perf_counter()
    await asyncio.sleep(seconds)
    results.recording = False
    elapsed = time.perf_counter() - started
    stop.set()
    await asyncio.gather(*tasks)
    return results, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--db", help="serve this store instead of a fresh one of the bundled articles")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="basewatch-load-") as folder:
        url = args.db or bundled_store(Path(folder))
        with serving(url, Path(folder) / "serve.log", workers=args.workers) as base:
            sites, days = targets(base)
            print(f"{args.clients} clients for {args.seconds:g} s (after {WARMUP_SECONDS} s warm-up) against {base}, "
                  f"{args.workers} worker(s), {len(sites)} sites, {os.cpu_count()} CPUs")
            results, elapsed = asyncio.run(run(base, args.clients, args.seconds, sites, days))
            server_log = (Path(folder) / "serve.log").read_text()

    print(f"{'kind':<9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
    for kind, _weight in MIX:
        print(line(kind, results.latencies[kind], elapsed, results.errors[kind]))
    everything = [v for values in results.latencies.values() for v in values]
    errors = sum(results.errors.values())
    print(line("all", everything, elapsed, errors))
    for sample in results.samples:
        print(f"  error: {sample}")
    if "Traceback" in server_log:
        print("server log:\n" + server_log[-3000:])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
