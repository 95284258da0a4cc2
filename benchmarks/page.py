"""What the map page costs a browser: bytes, requests, requests leaving the machine, time to first marker.

    .venv/bin/python benchmarks/page.py [--sites 1000 10000] [--rounds 5]

Serves a store with the real app (uvicorn on 127.0.0.1, online tiles off) and opens the
page in headless chromium (Playwright, /usr/bin/chromium), each round in a new browser
context, so with an empty cache. Stores: the bundled articles, ingested as
`basewatch ingest` would, then one synthetic store per `--sites` N (benchmarks/synth.py,
five events per site).

Per load, from the Chrome DevTools Protocol's Network events:

  bytes     all bytes received for the page's requests (headers and gzip-compressed bodies,
            `encodedDataLength`); map tiles would be excluded, but tiles are off
  requests  how many the page made; `outside` counts those not to 127.0.0.1 and must be 0
            (chromium runs with every other host unresolvable, so none leaves the machine)
  marker    performance.now() when the first site marker ([data-site-id] on a marker path,
            or on its state element in canvas mode) is in the document
  ready     performance.now() when the page's script has started (html[data-ready])

then a repeat visit in the same context (the browser's cache now warm: versioned assets
are immutable, a day's page is fresh for 5 minutes). Medians over `--rounds`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

import synth  # noqa: E402
from common import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

# Every host but 127.0.0.1 fails to resolve: nothing leaves the machine, and the browser's cache
# stays on (Playwright's request interception would switch it off).
LOCAL_ONLY = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']
TILE_HINTS = ("tile.openstreetmap", "/tiles/", "{z}")
TARGET_BYTES = 300 * 1000

FIRST_MARKER_JS = """
(() => {
  const selector = "path.bw-marker[data-site-id], #marker-states .marker-state[data-site-id]";
  window.__bwFirstMarker = null;
  const seen = () => {
    if (window.__bwFirstMarker === null && document.querySelector(selector)) {
      window.__bwFirstMarker = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-site-id"]});
})();
"""


def ingest_bundled(url: str) -> str:
    from app.core.config import Settings
    from app.core.context import build_extractor
    from app.ingest.runner import expand_inputs, ingest_paths
    from app.store.db import init_db, make_engine

    settings = replace(Settings(), database_url=url)
    engine = make_engine(url)
    init_db(engine)
    report = ingest_paths(engine, build_extractor(settings, engine), list(expand_inputs([settings.articles_dir])),
                          settings)
    engine.dispose()
    return f"the bundled articles ({report.outcomes['stored']} articles, {report.events} events)"


def serve(url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "BASEWATCH_TILES_URL": "off"}
    with open(log, "w") as output:
        process = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.web.main:create_app", "--factory",
                                    "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                   cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"the app did not start: {log.read_text()[-2000:]}")


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


class NetworkLog:
    """Requests and bytes of one page, from CDP Network events."""

    def __init__(self, context, page) -> None:
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.cached: set[str] = set()
        self.outside: list[str] = []  # never reset: any, on any load, counts
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.requestServedFromCache", lambda event: self.cached.add(event["requestId"]))
        session.on("Network.responseReceived", self._received)
        session.on("Network.loadingFinished", self._finished)

    def _sent(self, event) -> None:
        url = event["request"]["url"]
        if not is_local(url):
            self.outside.append(url)
        if not url.startswith("data:") and not any(hint in url for hint in TILE_HINTS):
            self.urls[event["requestId"]] = url

    def _received(self, event) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache") or response.get("fromServiceWorker"):
            self.cached.add(event["requestId"])

    def _finished(self, event) -> None:
        if event["requestId"] in self.urls and event["requestId"] not in self.cached:
            self.bytes[event["requestId"]] = int(event["encodedDataLength"])

    def reset(self) -> None:
        self.urls.clear()
        self.bytes.clear()
        self.cached.clear()

    @property
    def network_requests(self) -> int:
        """Requests that went to the server (not answered by the browser's cache)."""
        return sum(1 for request in self.urls if request not in self.cached)


def load(page, base: str, query: str) -> dict:
    start = time.perf_counter()
    page.goto(f"{base}/{query}", wait_until="load", timeout=120_000)
    page.wait_for_selector("html[data-ready]", state="attached", timeout=120_000)
    page.wait_for_function("window.__bwFirstMarker !== null", timeout=120_000)
    page.wait_for_load_state("networkidle")
    timings = page.evaluate("""() => ({marker: window.__bwFirstMarker,
        dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd})""")
    return {"wall": time.perf_counter() - start, **timings}


def measure(browser, base: str, label: str, rounds: int) -> dict:
    first, repeat = [], []
    query = "?date=2026-02-23"
    for _ in range(rounds):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.add_init_script(FIRST_MARKER_JS)
        network = NetworkLog(context, page)
        timing = load(page, base, query)
        first.append({"bytes": sum(network.bytes.values()), "requests": len(network.urls),
                      "outside": len(network.outside), **timing,
                      "largest": sorted(((size, network.urls[r]) for r, size in network.bytes.items()), reverse=True)[:4]})
        network.reset()
        timing = load(page, base, query)
        repeat.append({"bytes": sum(network.bytes.values()), "requests": network.network_requests, **timing})
        context.close()
    med = lambda rows, key: statistics.median(row[key] for row in rows)  # noqa: E731
    bytes_ = med(first, "bytes")
    verdict = f"target <= {TARGET_BYTES / 1000:.0f} KB: {'met' if bytes_ <= TARGET_BYTES else 'NOT met'}"
    outside = max(row["outside"] for row in first)
    print(f"\n{label}")
    print(f"  first load:  {bytes_ / 1000:7.1f} KB in {med(first, 'requests'):.0f} requests ({verdict}); "
          f"outside 127.0.0.1: {outside} ({'met' if outside == 0 else 'NOT met'})")
    print(f"               first marker at {med(first, 'marker'):6.0f} ms, DOMContentLoaded {med(first, 'dcl'):6.0f} ms "
          f"(performance.now(), median of {rounds})")
    print("               largest: " + ", ".join(f"{urlsplit(url).path} {size / 1000:.1f} KB"
                                               for size, url in first[0]["largest"]))
    print(f"  repeat visit: {med(repeat, 'bytes') / 1000:7.1f} KB over the network in "
          f"{med(repeat, 'requests'):.0f} requests; first marker at {med(repeat, 'marker'):6.0f} ms")
    return {"bytes": bytes_, "outside": outside}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--events-per-site", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + LOCAL_ONLY)
        print(f"chromium {browser.version}; tiles off; page /?date=2026-02-23; {args.rounds} rounds")
        stores = [("bundled", None)] + [(f"{n:,} synthetic sites", n) for n in args.sites]
        for name, sites in stores:
            url = f"sqlite:///{folder / (name.split()[0].replace(',', '') + '.db')}"
            if sites is None:
                label = ingest_bundled(url)
            else:
                data = synth.generate(sites, sites * args.events_per_site)
                synth.write(url, data)
                label = data.summary().split(" (")[0]
            process, base = serve(url, folder / f"{name.split()[0]}.log")
            try:
                measure(browser, base, label, args.rounds)
            finally:
                process.terminate()
                process.wait(timeout=10)
        browser.close()


if __name__ == "__main__":
    main()
