"""The offline map's screenshots in docs/: Germany, Okinawa and north-east Syria at zooms 4, 6 and 8.

    .venv/bin/python docs/offline_map_screenshots.py [--out docs]

Builds a SQLite store in a temporary folder from the bundled articles (Syria's sites, among
them Shaddadi) plus two sites added here for the picture, Ramstein Air Base and Kadena Air
Base, each with one presence event from an article marked as written for this script. Serves
it with online tiles off, opens each view in headless chromium with every host but
127.0.0.1 unresolvable, waits until the basemap's detail for the view has been drawn, and
saves docs/offline-map-<place>-z<zoom>.png.
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


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [LOCAL_ONLY])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for place, (lat, lon) in VIEWS.items():
            for zoom in ZOOMS:
                page.goto(f"{base}/?date={DAY}&z={zoom}&lat={lat}&lon={lon}")
                page.wait_for_selector("html[data-ready]", state="attached")
                if zoom >= 5:  # the detail cells for the view have been drawn
                    page.wait_for_selector(".bw-offline-map[data-basemap-cells]:not([data-basemap-cells=''])",
                                           state="attached")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
                path = out / f"offline-map-{place}-z{zoom}.png"
                page.locator(".map-pane").screenshot(path=str(path))
                saved.append(path)
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/screenshots.db"
        build_store(url)
        with serving(url, Path(folder) / "serve.log") as base:
            for path in shoot(base, args.out):
                print(path)


if __name__ == "__main__":
    main()
