"""The map page for readers who use a keyboard or a screen reader, judged by axe-core (WCAG 2.2 A
and AA and axe's best practices) in chromium and by hand: skip links, a visible focus on every
control, Escape and focus return for the site detail, focus into the detail on a phone, and the
day announced in a live region.

axe-core comes from tests/tools (npm) and is injected into the tab by the test: the app never
serves it."""

from __future__ import annotations

import pytest

from checkers import axe_source

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def axe_violations(page) -> list[str]:
    page.add_script_tag(content=axe_source())
    found = page.evaluate("""tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
        .then(result => result.violations.map(v => v.id + " (" + v.impact + "): " +
              v.nodes.slice(0, 5).map(n => n.target.join(" ") + " " + n.failureSummary.replace(/\\s+/g, " ")).join(" | ")))""",
                          AXE_TAGS)
    return found


def settle(page) -> None:
    """Scripts have run, the rows are written and, where a site is open, its history is in."""
    page.wait_for_function("!document.documentElement.hasAttribute('data-rows-pending')")
    if page.locator("#site-detail[data-site-id]").count():
        page.wait_for_selector("#site-detail .history", state="attached")


@pytest.mark.parametrize("viewport, query", [
    (DESKTOP, "?date=2026-02-23"),
    (PHONE, "?date=2026-02-23"),
    (PHONE, "?date=2026-02-23&site=qasrak"),
    (DESKTOP, "?date=2026-02-23&country=SY&status=withdrawing&site=qasrak"),
], ids=["desktop", "phone", "phone-site-open", "desktop-filters-and-site"])
def test_axe_finds_no_violation(open_tab, server, viewport, query):
    tab = open_tab(server, **viewport)
    page = tab.open(query)
    settle(page)
    assert axe_violations(page) == []
    tab.assert_clean()


def test_axe_finds_no_violation_on_a_day_with_earlier_and_later_reports_in_the_detail(open_tab, server):
    # Reports after the slider's day are set apart in the history; they must stay readable.
    tab = open_tab(server, **DESKTOP)
    page = tab.open("?date=2026-02-01&site=qasrak")
    settle(page)
    assert page.locator("#site-detail .event[data-future]").count() > 0
    assert axe_violations(page) == []


def test_axe_does_report_a_contrast_failure(open_tab, server):
    # The same run on the page with the old planned colour on every badge finds it: the check can fail.
    tab = open_tab(server, **DESKTOP)
    page = tab.open("?date=2026-02-23")
    settle(page)
    page.add_style_tag(content=".status-badge { color: #d99a0b !important; }")
    assert any(v.startswith("color-contrast") for v in axe_violations(page))


def focused(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement, style = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className.baseVal === undefined ? e.className : "",
                site: e.closest("[data-site-id]") ? e.closest("[data-site-id]").getAttribute("data-site-id") : null,
                text: (e.getAttribute("aria-label") || e.textContent || "").trim().slice(0, 40),
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth), shadow: style.boxShadow};
    }""")


def test_skip_links_lead_to_the_list_and_to_the_map(tab):
    page = tab.open("?date=2026-02-23")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to the site list"
    assert page.get_by_test_id("skip-to-list").is_visible()  # shown once focused
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "site-list"
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["cls"] == "site-link" and first["site"], first
    assert "#" not in page.url

    page = tab.open("?date=2026-02-23")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to the map"
    page.keyboard.press("Enter")
    assert "leaflet-container" in focused(page)["cls"]
    tab.assert_clean()


def test_every_control_shows_where_the_focus_is(tab):
    page = tab.open("?date=2026-02-23&site=qasrak")
    settle(page)
    seen = []
    for _ in range(45):  # the skip links, top bar, controls, map, legend, every row and the detail
        page.keyboard.press("Tab")
        now = focused(page)
        seen.append(now)
        assert ring_shown(now), now

    kinds = {item["cls"].split()[0] if item["cls"] else item["tag"] for item in seen}
    assert {"skip-link", "site-link", "legend-item"} <= kinds, kinds
    assert any(item["id"] == "play" for item in seen)


def ring_shown(now: dict) -> bool:
    return (now["outline"] not in ("none", "") and now["width"] >= 2) or now["shadow"] not in ("none", "")


def test_the_row_focus_ring_is_painted_inside_the_row(tab):
    # Rows use content-visibility, which clips whatever is painted outside their box.
    page = tab.open("?date=2026-02-23")
    link = page.locator('[data-testid="site-row"] .site-link').first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    offset = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineOffset)")
    width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert offset + width <= 0


def open_with_keyboard(page, site_id: str):
    link = page.locator(f'[data-testid="site-row"][data-site-id="{site_id}"] .site-link')
    link.focus()
    page.keyboard.press("Enter")
    expect()(page.get_by_test_id("site-detail")).to_have_attribute("data-site-id", site_id)
    page.wait_for_selector("#site-detail .history", state="attached")


def test_escape_closes_the_detail_and_focus_returns_to_the_row_that_opened_it(tab):
    page = tab.open("?date=2026-02-23")
    open_with_keyboard(page, "qasrak")
    page.keyboard.press("Tab")  # into the page beyond the row: the detail's links, for example
    page.keyboard.press("Escape")
    expect()(page.get_by_test_id("site-detail")).not_to_have_attribute("data-site-id", "qasrak")
    assert not page.locator("#workspace.has-detail").count()
    now = focused(page)
    assert now["cls"] == "site-link" and now["site"] == "qasrak", now
    page.wait_for_url(lambda url: "site=" not in url)
    tab.assert_clean()


def test_the_close_button_returns_focus_to_the_row(tab):
    page = tab.open("?date=2026-02-23")
    open_with_keyboard(page, "al-shaddadi")
    page.locator("#detail-close").focus()
    page.keyboard.press("Enter")
    now = focused(page)
    assert now["cls"] == "site-link" and now["site"] == "al-shaddadi", now
    assert now["tag"] != "body"


def test_escape_closes_a_detail_opened_by_the_link_and_focus_goes_to_its_row(tab):
    page = tab.open("?date=2026-02-23&site=qasrak")
    page.keyboard.press("Escape")
    now = focused(page)
    assert now["cls"] == "site-link" and now["site"] == "qasrak", now


def test_on_a_phone_focus_moves_into_the_detail_when_it_opens(open_tab, server):
    tab = open_tab(server, **PHONE)
    page = tab.open("?date=2026-02-23")
    open_with_keyboard(page, "qasrak")
    now = focused(page)
    assert now["tag"] == "h2" and now["text"] == "Qasrak base", now
    top = page.evaluate("document.querySelector('#site-detail').getBoundingClientRect().top")
    assert -2 <= top < 100  # the detail is on screen, not above it (within a pixel rounding)
    page.keyboard.press("Escape")
    now = focused(page)
    assert now["cls"] == "site-link" and now["site"] == "qasrak", now
    tab.assert_clean()


def test_on_a_desktop_focus_stays_on_the_row_when_the_detail_opens(tab):
    page = tab.open("?date=2026-02-23")
    open_with_keyboard(page, "qasrak")
    now = focused(page)
    assert now["cls"] == "site-link" and now["site"] == "qasrak", now


def test_the_day_and_its_counts_are_announced_once_the_slider_rests(tab):
    page = tab.open("?date=2026-02-20")
    announcer = page.get_by_test_id("announcer")
    assert announcer.get_attribute("role") == "status" and announcer.get_attribute("aria-live") == "polite"
    page.get_by_test_id("date-slider").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect()(announcer).to_contain_text("23 Feb 2026:")
    message = announcer.inner_text()
    counts = {status: page.locator(f'[data-count-for="{status}"]').inner_text() for status in ("present", "withdrawn")}
    assert f"{counts['present']} present" in message and f"{counts['withdrawn']} withdrawn" in message, message
    # One message for the three steps, not one per step: the days passed over are not announced.
    assert "21 Feb" not in message and "22 Feb" not in message


def test_announcements_are_throttled_while_the_slider_keeps_moving(tab):
    page = tab.open("?date=2026-01-01")
    page.evaluate("""() => {
        window.announced = [];
        new MutationObserver(() => window.announced.push(document.getElementById("announcer").textContent))
            .observe(document.getElementById("announcer"), {childList: true, characterData: true, subtree: true});
    }""")
    page.get_by_test_id("date-slider").focus()
    for _ in range(40):  # 40 days, about 100 ms apart: 4 s of steady movement
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(100)
    page.wait_for_timeout(1000)
    announced = page.evaluate("window.announced")
    assert 1 <= len(announced) <= 4, announced
    assert announced[-1].startswith("10 Feb 2026:"), announced
