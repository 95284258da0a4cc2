"""The offline map at zooms 4, 6 and 8 over Germany, Okinawa and north-east Syria: what each view
fetches, and the screenshots in docs/.

    .venv/bin/python benchmarks/basemap_views.py [--screenshots docs]

Builds a SQLite store in a temporary folder from the bundled articles (Syria's sites, among
them Shaddadi) plus two sites added here for the picture, Ramstein Air Base and Kadena Air
Base, each with one presence event from an article marked as written for this script. Serves
it with online tiles off and opens each view in headless chromium, with every host but
127.0.0.1 unresolvable, in a new browser context (an empty cache), waits until the
basemap's detail for the view has been drawn and prints, per view, the requests for
basemap files and their bytes on the wire (compressed, headers included, from the DevTools
protocol). With --screenshots FOLDER it also saves FOLDER/offline-map-<place>-z<zoom>.png.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))
BASEMAP_PATHS = ("/basemap/", "/static/basemap/")

from common import CHROMIUM, CHROMIUM_ARGS, serving  # noqa: E402

DAY = "2026-02-23"
ADDED_SITES = (  # coordinates: the bases' Wikipedia infoboxes
    {"id": "ramstein-air-base", "name": "Ramstein Air Base", "country": "DE", "lat": 49.4369, "lon": 7.6003},
    {"id": "kadena-air-base", "name": "Kadena Air Base", "country": "JP", "lat": 26.3516, "lon": 127.7692},
)
VIEWS = {"germany": (49.44, 7.6), "okinawa": (26.35, 127.77), "syria-hasakah": (36.2, 40.75)}
ZOOMS = (4, 6, 8)
LOCAL_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def build_store(url: str) -> None:
    from dataclasses import replace

    from sqlalchemy import insert

    from app.core.config import Settings
    from app.core.context import build_extractor
    from app.ingest.runner import expand_inputs, ingest_paths
    from app.store.db import init_db, make_engine
    from app.store.models import Article, Event, Site

    settings = replace(Settings(), database_url=url)
    engine = make_engine(url)
    init_db(engine)
    ingest_paths(engine, build_extractor(settings, engine), list(expand_inputs([settings.articles_dir])), settings)
    note = "Written for the basemap screenshots, not a news report."
    with engine.begin() as connection:
        article_id = connection.execute(insert(Article).values(
            key="docs:offline-map-screenshots", title="Sites added for the offline map screenshots", source=note,
            url="", published=date(2025, 1, 1), published_approx=False, body=note, content_hash="1" * 64,
        )).inserted_primary_key[0]
        for site in ADDED_SITES:
            connection.execute(insert(Site).values(kind="air_base", geocoder="gazetteer", geocode_method="",
                                                   geocode_precision="", coord_source="Wikipedia infobox",
                                                   aliases=[], **site))
            connection.execute(insert(Event).values(
                article_id=article_id, site_id=site["id"], kind="presence", date=date(2025, 1, 1), precision="day",
                date_basis="text", date_text="", quote=note, quote_start=0, quote_end=len(note)))
    engine.dispose()


def visit(browser, base: str, place: str, lat: float, lon: float, zoom: int, shots: Path | None) -> tuple[int, int]:
    """(basemap requests, their bytes) for one view opened with an empty cache."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    session.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    session.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"],
                                                                          int(event["encodedDataLength"])))
    page.goto(f"{base}/?date={DAY}&z={zoom}&lat={lat}&lon={lon}")
    page.wait_for_selector("html[data-ready]", state="attached")
    if zoom >= 5:  # the detail cells for the view have been drawn
        page.wait_for_selector(".bw-offline-map[data-basemap-cells]:not([data-basemap-cells=''])", state="attached")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    if shots:
        page.locator(".map-pane").screenshot(path=str(shots / f"offline-map-{place}-z{zoom}.png"))
    basemap = [request for request, url in urls.items() if any(path in url for path in BASEMAP_PATHS)]
    context.close()
    return len(basemap), sum(sizes.get(request, 0) for request in basemap)


def measure(base: str, shots: Path | None) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [LOCAL_ONLY])
        print(f"{'view':<16} {'zoom':>4} {'basemap requests':>17} {'KB on the wire':>15}")
        for place, (lat, lon) in VIEWS.items():
            for zoom in ZOOMS:
                requests, size = visit(browser, base, place, lat, lon, zoom, shots)
                print(f"{place:<16} {zoom:>4} {requests:>17} {size / 1000:>15.1f}")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", type=Path, metavar="FOLDER", help="save a PNG of each view there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/views.db"
        build_store(url)
        with serving(url, Path(folder) / "serve.log") as base:
            measure(base, args.screenshots)


if __name__ == "__main__":
    main()
