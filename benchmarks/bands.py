"""How long the status bands take to draw, and whether they keep up with the slider.

    .venv/bin/python benchmarks/bands.py [--sites 1000 10000] [--rounds 30]

For each N: the stores of benchmarks/slider.py (N synthetic sites, each present, maybe planned,
leaving and gone, some attacked), served by the real app, the page opened in chromium, and,
timed in the page with performance.now():

  rows      a change of the rows shown (a filter, the order): every site's row filtered, sorted
            and the rows in view drawn (Bands.refreshRows), plus style/layout and the next frame
  all rows  every one of the N rows drawn, on a canvas as tall as all of them (what the page
            would cost if it drew rows out of view too; it does not)
  slider    a jump of the slider to a random day with the bands on: Basewatch.app.setDay(), which
            moves the bands' day line, to the next frame

Median and 95th percentile in ms; the target is 1,000 sites drawn within 50 ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from common import CHROMIUM, CHROMIUM_ARGS, percentile  # noqa: E402
from slider import FIRST_DAY, LAST_DAY, serve, synthetic_sites, write_store  # noqa: E402

TARGET_MS = 50

MEASURE_JS = """
async ({rounds, days}) => {
  const bands = Basewatch.bands, app = Basewatch.app, S = BasewatchStatus;
  const nextFrame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  const rows = [], all = [], slider = [];
  await nextFrame();
  for (let k = 0; k < rounds; k++) {
    app.state.sort = k % 2 ? "changed" : null;       // a new order each round: rows sorted and redrawn
    const start = performance.now();
    bands.refreshRows(true);
    void document.body.offsetHeight;
    await nextFrame();
    rows.push(performance.now() - start);
  }
  const tall = document.createElement("canvas"), saved = bands.ctx;
  tall.width = bands.width; tall.height = Math.min(bands.rows.length * 14, 32000);
  for (let k = 0; k < Math.min(rounds, 10); k++) {
    const ctx = tall.getContext("2d"), start = performance.now();
    bands.ctx = ctx;
    ctx.clearRect(0, 0, tall.width, tall.height);
    for (let r = 0; r < bands.rows.length; r++) bands._drawRow(app.index.compiled[bands.rows[r]], (r * 14) % 32000 + 2);
    ctx.getImageData(0, 0, 1, 1);                    // make the drawing happen now
    bands.ctx = saved;
    all.push(performance.now() - start);
  }
  for (const iso of days) {
    const start = performance.now();
    app.setDay(S.dayNumber(iso));
    await nextFrame();
    slider.push(performance.now() - start);
  }
  return {rows, all, slider, drawn: bands.drawn, shown: bands.rows.length};
}
"""


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    return f"median {ordered[len(ordered) // 2]:6.1f}  p95 {percentile(values, 0.95):6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"chromium {browser.version}; {args.rounds} rounds; times in ms")
        for count in args.sites:
            rng = random.Random(args.seed)
            url = f"sqlite:///{folder}/sites-{count}.db"
            write_store(url, synthetic_sites(count, rng))
            process, base = serve(url)
            try:
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.goto(f"{base}/?date=2020-01-01", timeout=120_000)
                page.wait_for_selector("html[data-bands-ready]", state="attached", timeout=120_000)
                span = (LAST_DAY - FIRST_DAY).days
                days = [(FIRST_DAY + timedelta(days=rng.randrange(span))).isoformat() for _ in range(args.rounds)]
                result = page.evaluate(MEASURE_JS, {"rounds": args.rounds, "days": days})
                verdict = "" if count != 1000 else "  target {} ms: {}".format(
                    TARGET_MS, "met" if percentile(result["rows"], 0.95) <= TARGET_MS else "NOT met")
                print(f"\n{count:,} sites ({result['shown']:,} rows, {result['drawn']} in view)")
                print(f"  rows      {summary(result['rows'])}{verdict}")
                print(f"  all rows  {summary(result['all'])}")
                print(f"  slider    {summary(result['slider'])}")
                page.close()
            finally:
                process.terminate()
                process.wait(timeout=10)
        browser.close()


if __name__ == "__main__":
    main()
