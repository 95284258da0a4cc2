"""The file `basewatch snapshot` writes, opened in chromium with every network request refused."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from app.cli import cli
from conftest import fresh_store
from timestore import write_time_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def snapshot_file(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("snapshot")
    with fresh_store(request.config, folder) as url:
        write_time_store(url)
        out = folder / "day.html"
        result = CliRunner().invoke(cli, ["snapshot", "--date", "2026-02-19", "--db", url, str(out)])
        assert result.exit_code == 0, result.output
        yield out


def test_the_snapshot_opens_offline_with_its_markers_statuses_and_sources(chromium, snapshot_file):
    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    refused, errors = [], []

    def route(request_route):
        if request_route.request.url.startswith("file://"):
            request_route.continue_()
        else:
            refused.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(snapshot_file.as_uri())
        page.wait_for_selector("path.bw-marker", timeout=10_000)
        markers = {m.get_attribute("data-site-id"): m.get_attribute("data-status")
                   for m in page.locator("path.bw-marker").all()}
        assert markers == {"alpha": "withdrawing", "bravo": "withdrawn", "charlie": "present"}
        assert page.locator('path.bw-marker[data-site-id="alpha"]').get_attribute("data-incident") == ""
        # The outlines are drawn from the file itself.
        assert page.locator(".leaflet-pane path").count() > 100
        page.locator('path.bw-marker[data-site-id="alpha"]').click(force=True)
        popup = page.locator(".leaflet-popup-content")
        assert "Alpha base" in popup.inner_text() and "withdrawing since 18 Feb 2026" in popup.inner_text()
        row = page.locator('[data-testid="snapshot-sites"] tr[data-site-id="alpha"]')
        assert "Convoys began leaving Alpha base on Wednesday." in row.inner_text()
        assert refused == [] and errors == []
    finally:
        context.close()
