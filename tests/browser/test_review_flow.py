"""A reviewer rejects a wrong event from the detail panel, on a store built here: the site's
status changes on the map and in /api/v1/status, the article is ingested again (edited) and
the rejection still holds; an anonymous visitor sees no review controls. The same server
shows a withdrawal denied by another outlet as disputed."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from browser.conftest import serving
from browser.stores import ingest_into
from conftest import fresh_store, write_article

pytestmark = pytest.mark.browser

TOKEN = "ana-token-0123456789abcdef"
REINFORCED = "The coalition sent armoured vehicles to Qasrak base on Saturday."
WITHDRAWN = "US troops withdrew from the Qasrak base on Sunday, officials said."
TANF_LEFT = "US forces completed their departure from al-Tanf Garrison on Wednesday, a spokesman said."
TANF_DENIED = "A Pentagon spokesman on Friday denied reports that US troops had left al-Tanf Garrison."


@pytest.fixture(scope="module")
def review_server(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-articles")
    write_article(folder, "qasrak.txt", REINFORCED + " " + WITHDRAWN, published="2026-02-23", source="Test Wire",
                  url="https://wire.example/qasrak")
    write_article(folder, "tanf.txt", TANF_LEFT, published="2026-02-12", source="Wire One", url="https://one.example/tanf")
    write_article(folder, "tanf-denied.txt", TANF_DENIED, published="2026-02-14", source="Wire Two",
                  url="https://two.example/tanf")
    with fresh_store(request.config, tmp_path_factory.mktemp("review-store")) as url:
        report = ingest_into(url, [folder])
        assert report.ok, report.rejected
        patch = pytest.MonkeyPatch()
        patch.setenv("BASEWATCH_REVIEWERS", f"ana:{TOKEN}")
        try:
            with serving(url, tmp_path_factory.mktemp("review-server")) as base:
                yield base, url, folder
        finally:
            patch.undo()


def _api_status(base, site, day):
    features = httpx.get(f"{base}/api/v1/status", params={"date": day}).json()["features"]
    return next((f["properties"]["status"], f["properties"]["disputed"]) for f in features if f["id"] == site)


def _marker(page, site):
    return page.locator(f'.bw-marker[data-site-id="{site}"]')


def test_an_anonymous_visitor_sees_no_review_controls(open_tab, review_server):
    base, _, _ = review_server
    tab = open_tab(base)
    page = tab.open("?date=2026-02-23&site=qasrak")
    page.get_by_test_id("site-detail").locator(".event").first.wait_for()
    page.wait_for_timeout(500)  # time for the review script to have added anything it would
    assert page.locator('[data-testid="review-controls"], [data-testid="review-bar"]').count() == 0
    page.get_by_test_id("site-row").filter(has_text="al-Tanf").first.locator(".site-link").click()
    page.get_by_test_id("site-detail").locator(".event").first.wait_for()
    assert page.locator('[data-testid="review-controls"]').count() == 0
    tab.assert_clean()


def test_a_rejection_from_the_detail_panel_changes_the_map_and_survives_re_ingestion(open_tab, review_server):
    base, store_url, folder = review_server
    assert _api_status(base, "qasrak", "2026-02-23") == ("withdrawn", False)
    tab = open_tab(base)
    page = tab.page
    page.goto(f"{base}/review")
    page.get_by_test_id("review-token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Signed in as ana.")
    tab.open("?date=2026-02-23&site=qasrak")
    assert _marker(page, "qasrak").get_attribute("data-status") == "withdrawn"
    withdrawal = page.locator('.event[data-kind="withdrawal_completed"]')
    withdrawal.get_by_test_id("review-reject").wait_for()
    page.get_by_test_id("review-reason").fill("the report confused Qasrak with another base")
    withdrawal.get_by_test_id("review-reject").click()
    page.wait_for_selector('.bw-marker[data-site-id="qasrak"][data-status="present"]')
    expect(page.get_by_test_id("review-status")).to_have_text("Recorded: reject by ana")
    assert page.locator('.event[data-kind="withdrawal_completed"]').count() == 0
    assert _api_status(base, "qasrak", "2026-02-23") == ("present", False)
    log = httpx.get(f"{base}/api/v1/reviews").json()["reviews"]
    assert [(r["reviewer"], r["action"], r["reason"]) for r in log] == [
        ("ana", "reject", "the report confused Qasrak with another base")]

    # the article, edited, is ingested again: the rejection holds
    write_article(folder, "qasrak.txt", "Updated. " + REINFORCED + " " + WITHDRAWN, published="2026-02-23",
                  source="Test Wire", url="https://wire.example/qasrak")
    report = ingest_into(store_url, [folder / "qasrak.txt"])
    assert report.ok and report.outcomes["replaced"] == 1
    assert _api_status(base, "qasrak", "2026-02-23") == ("present", False)
    tab.open("?date=2026-02-23&site=qasrak")
    assert _marker(page, "qasrak").get_attribute("data-status") == "present"
    assert page.locator('.event[data-kind="withdrawal_completed"]').count() == 0
    tab.assert_clean()


def test_a_denied_withdrawal_is_disputed_on_the_map_and_in_the_api(open_tab, review_server):
    base, _, _ = review_server
    assert _api_status(base, "al-tanf", "2026-02-10") == ("unreported", False)
    assert _api_status(base, "al-tanf", "2026-02-11") == ("withdrawn", True)
    assert _api_status(base, "al-tanf", "2026-02-13") == ("withdrawn", True)
    tab = open_tab(base)
    page = tab.open("?date=2026-02-12&site=al-tanf")
    assert _marker(page, "al-tanf").get_attribute("data-disputed") == ""
    assert _marker(page, "qasrak").get_attribute("data-disputed") is None
    detail = page.get_by_test_id("site-detail")
    assert detail.locator(".detail-status[data-disputed]").count() == 1
    assert detail.locator(".event[data-kind='withdrawal_completed'] .contradiction").inner_text().startswith("Contradicted by Wire Two")
    page.get_by_test_id("disputed-filter").click()
    assert page.locator('.bw-marker[data-site-id="qasrak"]').count() == 0
    assert page.locator('[data-count-for="disputed"]').inner_text() == "1"
    page.get_by_test_id("date-slider").focus()
    page.goto(f"{base}/?date=2026-02-10")
    assert _marker(page, "al-tanf").get_attribute("data-disputed") is None
    tab.assert_clean()
