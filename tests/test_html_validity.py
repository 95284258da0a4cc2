"""Every kind of page the app renders, judged by the Nu Html Checker (the W3C validator's engine):
no error and no warning. Its notes ("info" without a warning) are allowed: the one it gives is
about `<link ... />` in Leaflet's stylesheet tag, which is valid HTML."""

from __future__ import annotations

import pytest

from checkers import vnu_command, vnu_messages

PAGES = {
    "day": "/?date=2026-02-23",
    "site-open": "/?date=2026-02-23&site=qasrak",
    "filters-and-site": "/?date=2026-02-23&country=SY&status=withdrawing&site=qasrak",
    "no-match": "/?date=2026-02-23&country=NO",
    "first-day": "/?date=1990-01-01",
    "bad-parameter": "/?date=2026-02-30",
    "not-found": "/no-such-page",
}


@pytest.fixture(scope="module")
def rendered(bundled_client, tmp_path_factory) -> dict:
    vnu_command()  # a missing checker is reported before any page is rendered
    folder = tmp_path_factory.mktemp("pages")
    files = {}
    for name, path in PAGES.items():
        response = bundled_client.get(path)
        assert response.headers["content-type"].startswith("text/html"), (path, response.status_code)
        files[name] = folder / f"{name}.html"
        files[name].write_bytes(response.content)
    return files


def test_the_nu_html_checker_finds_no_error_or_warning_on_any_page(rendered):
    messages = vnu_messages(list(rendered.values()))
    problems = [f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['type']} {m.get('subType', '')}: {m['message']}"
                for m in messages if m["type"] != "info" or m.get("subType") == "warning"]
    assert problems == []


def test_the_checker_does_find_errors(tmp_path):
    # The same run on a page with the duplicate charset declaration folium used to add fails.
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8">'
                    '<meta http-equiv="content-type" content="text/html; charset=UTF-8"><title>t</title></head>'
                    '<body><main role="main"><ol role="list"><li>x</li></ol></main></body></html>')
    messages = vnu_messages([page])
    assert any(m["type"] == "error" and "charset" in m["message"] for m in messages), messages
    assert sum(m.get("subType") == "warning" for m in messages) == 2, messages
