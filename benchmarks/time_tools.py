"""Random-day statuses, changes between two days, the feed and the exports at scale, side by side.

    .venv/bin/python benchmarks/time_tools.py [--sites 10000 --events 500000] [--seconds 10] [--clients 16]

One synthetic store (benchmarks/synth.py, SQLite in a temporary folder), one uvicorn worker on
127.0.0.1, and in one run, each phase `--seconds` long with `--clients` concurrent keep-alive
clients (benchmarks/status_api.py's minimal HTTP client, gzip accepted as browsers do):

  healthz          GET /healthz: the floor
  status geojson   GET /api/v1/status?date=<random day>: the GeoJSON answer (3.5 MB at 10,000 sites)
  status compact   GET /api/v1/status?date=<random day>&format=compact: status and day per site
  status known     the compact answer with &known=<one of 8 knowledge days>
  changes 90 days  GET /api/v1/changes?from=A&to=B, B random, A 1 to 90 days before
  changes any      the same with A and B anywhere in 2014..2026

Then single requests one after another (one client: the time a person waits) for the changes
endpoint (p50/p95 over 200 pairs 90 days apart and 40 pairs anywhere), the feed, and both CSV exports (time to
the last byte and size). Every figure is printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

import synth  # noqa: E402
from common import percentile, serving  # noqa: E402
from status_api import line, load  # noqa: E402

TARGET_SHARE = 0.25  # of healthz's requests/s, a new random day per request
TARGET_CHANGES_P95_MS = 100.0


def random_day(rng: random.Random):
    return synth.FIRST_DAY + timedelta(days=rng.randrange((synth.LAST_DAY - synth.FIRST_DAY).days + 1))


def change_paths(rng: random.Random, count: int, window: int | None) -> list[str]:
    paths = []
    for _ in range(count):
        later = random_day(rng)
        earlier = later - timedelta(days=rng.randint(1, window)) if window else random_day(rng)
        paths.append(f"/api/v1/changes?from={earlier}&to={later}")
    return paths


def sequential(base: str, paths: list[str]) -> dict:
    """One client, one request after another: each answer's time to its last byte."""
    times, sizes = [], []
    with httpx.Client(base_url=base, timeout=120, trust_env=False, headers={"Accept-Encoding": "gzip"}) as client:
        for path in paths:
            start = time.perf_counter()
            with client.stream("GET", path) as response:
                size = sum(len(chunk) for chunk in response.iter_raw())
                assert response.status_code == 200, (path, response.status_code)
            times.append(time.perf_counter() - start)
            sizes.append(size)
    return {"p50": 1000 * statistics.median(times), "p95": 1000 * percentile(times, 0.95),
            "kib": statistics.median(sizes) / 1024, "n": len(times)}


def seq_line(name: str, result: dict, target: float | None = None) -> str:
    verdict = (f"  -> p95 < {target:g} ms: {'met' if result['p95'] < target else 'NOT met'}" if target else "")
    return (f"  {name:<26} p50 {result['p50']:8.1f} ms  p95 {result['p95']:8.1f} ms  "
            f"{result['kib']:9.1f} KiB (compressed)  n={result['n']}{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=500_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    gzip = {"Accept-Encoding": "gzip"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'time.db'}"
        data = synth.generate(args.sites, args.events, args.seed)
        synth.write(url, data)
        print(f"{data.summary()}\nSQLite; {args.clients} clients, {args.seconds:g} s per phase")
        days = [random_day(rng) for _ in range(20_000)]
        known_days = [random_day(rng) for _ in range(8)]
        with serving(url, folder / "serve.log") as base:
            start = time.perf_counter()
            httpx.get(base + "/api/v1/status?format=compact", timeout=300, trust_env=False)
            print(f"  first request (builds the snapshot): {time.perf_counter() - start:.1f} s")
            for day in known_days:  # build each knowledge day's index once, outside the timed phases
                httpx.get(base + f"/api/v1/status?date={day}&known={day}&format=compact", timeout=300, trust_env=False)
            sequential(base, change_paths(rng, 3, None))  # warm the per-view arrays
            phases = [
                ("healthz", ["/healthz"]),
                ("status geojson", [f"/api/v1/status?date={day}" for day in days]),
                ("status compact", [f"/api/v1/status?date={day}&format=compact" for day in days]),
                ("status known", [f"/api/v1/status?date={day}&known={known_days[n % 8]}&format=compact"
                                  for n, day in enumerate(days)]),
                ("changes 90 days", change_paths(rng, 20_000, 90)),
                ("changes any", change_paths(rng, 20_000, None)),
            ]
            floor = None
            for name, paths in phases:
                result = asyncio.run(load(base, paths, args.seconds, args.clients, gzip))
                floor = floor or result
                verdict = ""
                if name.startswith("status"):
                    met = result["rps"] >= TARGET_SHARE * floor["rps"]
                    verdict = f"  -> >= {TARGET_SHARE:.0%} of healthz: {'met' if met else 'NOT met'}"
                print(line(name, result, None if result is floor else floor) + verdict)
            print("\none client, one request after another (time to the last byte):")
            print(seq_line("changes, 90 days apart", sequential(base, change_paths(rng, 200, 90)), TARGET_CHANGES_P95_MS))
            print(seq_line("changes, any two days", sequential(base, change_paths(rng, 40, None)), TARGET_CHANGES_P95_MS))
            print(seq_line("status compact", sequential(base, [f"/api/v1/status?date={d}&format=compact" for d in days[:200]])))
            print(seq_line("status geojson", sequential(base, [f"/api/v1/status?date={d}" for d in days[200:220]])))
            print(seq_line("feed (all sites)", sequential(base, ["/feeds/changes.atom"] * 10)))
            print(seq_line("status.csv", sequential(base, [f"/api/v1/status.csv?date={d}" for d in days[:10]])))
            print(seq_line("events.csv (all events)", sequential(base, ["/api/v1/events.csv"])))


if __name__ == "__main__":
    main()
