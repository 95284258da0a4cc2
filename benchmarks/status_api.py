"""Throughput and latency of `/api/v1/status?date=...` against `/healthz` on the same server.

    .venv/bin/python benchmarks/status_api.py [--sizes 1000:50000 10000:500000] [--seconds 10] [--clients 16]
    .venv/bin/python benchmarks/status_api.py --db postgresql://postgres@127.0.0.1:5432/postgres

For each SITES:EVENTS it writes a synthetic store (benchmarks/synth.py) into a temporary
SQLite file, or with --db into a temporary PostgreSQL database made through that URL (and
dropped afterwards), starts uvicorn on 127.0.0.1 (a free port, 1 worker, tiles off) and
drives it from this process with `--clients` concurrent asyncio+httpx clients for
`--seconds` per phase (each phase also stops after 200,000 requests), each client one
keep-alive connection of a minimal asyncio HTTP/1.1 client (httpx costs about a
millisecond a request of client CPU, which on two cores would be what gets measured):

  healthz      GET /healthz: the app's floor (routing, one trivial store query)
  shared       GET /api/v1/status?date=D, one D for everyone: a shared link (cacheable)
  revalidate   the same with If-None-Match: a browser or cache checking its copy (304)
  random       GET /api/v1/status?date=<random day 2014..2026>: (almost) never cached

Clients send Accept-Encoding: gzip like browsers and read the bytes as sent (no
decompression), so the client's cost stays small; it still shares the machine's two
cores with the server (one Python process, plus zlib, which runs outside the GIL). Reported: requests/s, p50 and p99 latency in ms, bytes per response, and
status's requests/s as a share of healthz's. The first status request after start is
timed on its own: it builds the process's snapshot of the store.

Then, in this process, the status query's cost growth: the time to compute every site's
status on a day for 10,000 sites with 50,000 and with 500,000 events (median over random
days), by the status index (what the API uses) and by the rule over all of each site's
events (what it did before), and the time to build the snapshot (once per store change).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Iterator

import httpx

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

import synth  # noqa: E402
from common import percentile, serving  # noqa: E402

MAX_REQUESTS = 200_000
SHARED_DAY = "2024-01-28"
TARGET_SHARE, TARGET_P99_MS, TARGET_GROWTH = 0.5, 50.0, 2.0


@contextmanager
def temporary_store(admin_url: str | None, folder: Path, name: str) -> Iterator[str]:
    if not admin_url:
        yield f"sqlite:///{folder / (name + '.db')}"
        return
    import psycopg

    database = f"bw_bench_{name}_{uuid.uuid4().hex[:8]}"
    plain = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        yield plain.rsplit("/", 1)[0] + f"/{database}"
    finally:
        from app.store.db import engine_for

        engine_for.cache_clear()
        with psycopg.connect(plain, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> tuple[int, int]:
    """One keep-alive HTTP/1.1 GET; returns (status, body bytes as sent)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status, length, chunked = int(head[9:12]), 0, False
    for header in head.split(b"\r\n")[1:]:
        name, _, value = header.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        if length:
            await reader.readexactly(length)
        return status, length
    total = 0
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        total += size
        if size == 0:
            return status, total


async def load(base: str, paths: list[str], seconds: float, clients: int, headers: dict[str, str]) -> dict:
    """`clients` concurrent keep-alive connections, each sending the next path in turn, for `seconds`.

    A minimal HTTP/1.1 client on asyncio streams: httpx's own cost per request (about a
    millisecond here) would otherwise be what is measured at this rate, on the same cores."""
    host, port = base.removeprefix("http://").split(":")
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    requests = [f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode() for path in paths]
    latencies: list[float] = []
    sizes: list[int] = []
    statuses: dict[int, int] = {}
    counter = {"next": 0}
    deadline = time.perf_counter() + seconds

    async def one_client() -> None:
        reader, writer = await asyncio.open_connection(host, int(port), limit=2**20)
        try:
            while time.perf_counter() < deadline and counter["next"] < MAX_REQUESTS:
                request = requests[counter["next"] % len(requests)]
                counter["next"] += 1
                start = time.perf_counter()
                status, size = await fetch(reader, writer, request)
                latencies.append(time.perf_counter() - start)
                sizes.append(size)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return {"rps": len(latencies) / elapsed, "p50": 1000 * statistics.median(latencies),
            "p99": 1000 * percentile(latencies, 0.99), "bytes": statistics.median(sizes), "n": len(latencies),
            "statuses": statuses}


def line(name: str, result: dict, floor: dict | None = None) -> str:
    share = f"  {result['rps'] / floor['rps']:6.1%} of healthz" if floor else ""
    codes = ",".join(f"{code}x{count}" for code, count in sorted(result["statuses"].items()))
    return (f"  {name:<11} {result['rps']:8.0f} req/s  p50 {result['p50']:7.2f} ms  p99 {result['p99']:7.2f} ms  "
            f"{result['bytes'] / 1024:8.1f} KiB/resp  n={result['n']} [{codes}]{share}")


def verdict(result: dict, floor: dict) -> str:
    share_ok, p99_ok = result["rps"] >= TARGET_SHARE * floor["rps"], result["p99"] <= TARGET_P99_MS
    return ("met" if share_ok and p99_ok else "NOT met") + (
        f" (>= {TARGET_SHARE:.0%} of healthz: {'yes' if share_ok else 'no'}, p99 <= {TARGET_P99_MS:g} ms: "
        f"{'yes' if p99_ok else 'no'})")


def run_server_phases(url: str, folder: Path, sites: int, seconds: float, clients: int, rng: random.Random) -> None:
    span = (synth.LAST_DAY - synth.FIRST_DAY).days
    random_days = [f"/api/v1/status?date={synth.FIRST_DAY + timedelta(days=rng.randrange(span + 1))}"
                   for _ in range(20_000)]
    shared = f"/api/v1/status?date={SHARED_DAY}"
    gzip = {"Accept-Encoding": "gzip"}
    with serving(url, folder / "serve.log") as base:
        start = time.perf_counter()
        first = httpx.get(base + shared, headers=gzip, timeout=120)
        cold = time.perf_counter() - start
        etag = first.headers["etag"]
        print(f"  first status request (builds the snapshot): {cold * 1000:.0f} ms, "
              f"{len(first.content) / 1024:.0f} KiB JSON, {first.json()['counts']}")
        healthz = asyncio.run(load(base, ["/healthz"], seconds, clients, gzip))
        print(line("healthz", healthz))
        shared_result = asyncio.run(load(base, [shared], seconds, clients, gzip))
        print(line("shared", shared_result, healthz) + "  -> " + verdict(shared_result, healthz))
        revalidated = asyncio.run(load(base, [shared], seconds, clients, {**gzip, "If-None-Match": etag}))
        print(line("revalidate", revalidated, healthz) + "  -> " + verdict(revalidated, healthz))
        random_result = asyncio.run(load(base, random_days, seconds, clients, gzip))
        print(line("random", random_result, healthz) + "  -> " + verdict(random_result, healthz))


def cost_growth(admin_url: str | None, folder: Path, seed: int, days: int = 60) -> None:
    from app.store.db import init_db, make_engine
    from app.store.snapshot import load_snapshot
    from app.store.status_index import store_version
    from app.timeline import status_on
    from app.web.statusjson import status_collection

    print("\nstatus query cost, 10,000 sites (in this process; ms, median over "
          f"{days} random days of the best of 3 runs each):")
    rng = random.Random(seed)
    span = (synth.LAST_DAY - synth.FIRST_DAY).days
    sample = [synth.FIRST_DAY + timedelta(days=rng.randrange(span + 1)) for _ in range(days)]
    figures = {}
    for events in (50_000, 500_000):
        with temporary_store(admin_url, folder, f"growth{events}") as url:
            synth.write(url, synth.generate(10_000, events, seed))
            engine = make_engine(url)
            init_db(engine)
            start = time.perf_counter()
            current = load_snapshot(engine, store_version(engine))
            build = time.perf_counter() - start
            index, sites = current.index, current.sites
            ids = [site.id for site in sites]

            def timed(compute, repeats: int = 3) -> float:
                """Median over the days of the best of `repeats` runs (the best: least disturbed)."""
                gc.collect()
                times = []
                for day in sample:
                    best = float("inf")
                    for _ in range(repeats):
                        begin = time.perf_counter()
                        compute(day)
                        best = min(best, time.perf_counter() - begin)
                    times.append(1000 * best)
                return statistics.median(times)

            status_collection(current, sample[0], None, None)  # serialize the sites' openings once
            figures[events] = {
                "index": timed(lambda day: index.statuses_on(ids, day)),
                # Once per day: each event's JSON fragment is made on its first use, here.
                "json": timed(lambda day: status_collection(current, day, None, None), repeats=1),
                "json_warm": timed(lambda day: status_collection(current, day, None, None)),
                "rule": timed(lambda day: [status_on(current.events.get(site.id, ()), day) for site in sites]),
                "build": build * 1000,
                "kib": statistics.median(len(status_collection(current, day, None, None)) for day in sample) / 1024,
                "reported": statistics.median(sum(1 for d in index.statuses_on(ids, day) if d.event is not None)
                                              for day in sample),
            }
            engine.dispose()
    small, big = figures[50_000], figures[500_000]
    print(f"  (on the median day {small['reported']:,.0f} vs {big['reported']:,.0f} of the 10,000 sites have a "
          f"status, and the JSON body is {small['kib']:,.0f} vs {big['kib']:,.0f} KiB)")
    for key, label in (("index", "statuses by the status index (app.store.queries.statuses_on)"),
                       ("json", "+ the JSON body, days not seen before (uncached API path)"),
                       ("json_warm", "+ the JSON body, the same days again (fragments made)"),
                       ("rule", "statuses by the rule over every event (before)"),
                       ("build", "snapshot build after a store change (once per change)")):
        ratio = big[key] / small[key]
        target = (f"  target < {TARGET_GROWTH:g}x: {'met' if ratio < TARGET_GROWTH else 'NOT met'}"
                  if key in ("index", "json", "json_warm") else "")
        print(f"  {label:<58} 50k {small[key]:8.1f}  500k {big[key]:8.1f}  x{ratio:5.2f}{target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=["1000:50000", "10000:500000"],
                        help="SITES:EVENTS ... (none: only the cost growth)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", default=None, help="PostgreSQL admin URL: stores are temporary databases made there")
    parser.add_argument("--no-growth", action="store_true", help="skip the in-process cost growth figures")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    backend = "PostgreSQL" if args.db else "SQLite"
    print(f"{backend}; {args.clients} clients, {args.seconds:g} s per phase; shared day {SHARED_DAY}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.sizes:
            sites, events = (int(part) for part in size.split(":"))
            with temporary_store(args.db, folder, f"s{sites}") as url:
                start = time.perf_counter()
                data = synth.generate(sites, events, args.seed)
                synth.write(url, data)
                print(f"\n{data.summary()}\n  store written in {time.perf_counter() - start:.1f} s")
                run_server_phases(url, folder, sites, args.seconds, args.clients, rng)
        if not args.no_growth:
            cost_growth(args.db, folder, args.seed)


if __name__ == "__main__":
    main()
