"""Browser fixtures: `basewatch serve` in a subprocess over a store filled by real ingestion of the
bundled articles (online tiles off), and chromium driven by Playwright.

Every tab records each request it makes; any that would leave 127.0.0.1 is aborted and
recorded, and so is every console error, so a test can assert both are empty.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from browser.stores import ingest_into, write_synthetic_store
from conftest import fresh_store
from conftest import PROJECT, missing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 800}
SERVER_START_SECONDS = 90  # a loaded 2-core machine needs more than the usual few seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer /healthz within {SERVER_START_SECONDS} s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def web_store_url(request, tmp_path_factory) -> str:
    with fresh_store(request.config, tmp_path_factory.mktemp("browser-store")) as url:
        report = ingest_into(url)
        assert report.ok, report.rejected
        yield url


@contextmanager
def serving(store_url: str, folder: Path) -> Iterator[str]:
    """`basewatch serve` on a free port of 127.0.0.1 over `store_url`, online tiles off; yields its base URL."""
    port = free_port()
    log = folder / "serve.log"
    env = {**os.environ, "BASEWATCH_TILES_URL": "off", "DATABASE_URL": store_url}
    command = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def synthetic_server(config, tmp_path_factory, sites: int) -> Iterator[str]:
    """The app over a fresh store of `sites` generated sites (see browser/stores.py)."""
    with fresh_store(config, tmp_path_factory.mktemp("synthetic-store")) as url:
        write_synthetic_store(url, sites)
        with serving(url, tmp_path_factory.mktemp("synthetic-server")) as base:
            yield base


@pytest.fixture(scope="session")
def server(web_store_url, tmp_path_factory) -> str:
    with serving(web_store_url, tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        missing(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


@dataclass
class Tab:
    """A page plus what it did: every request URL, those that tried to leave, console errors."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, query: str = "", ready: bool = True):
        self.page.goto(f"{self.base}/{query}")
        if ready:
            self.page.wait_for_selector("html[data-ready]", state="attached", timeout=10_000)
        return self.page

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"


def _watch(context, tab: Tab) -> None:
    def route(request_route):
        url = request_route.request.url
        if is_local(url):
            request_route.continue_()
        else:
            tab.outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: tab.requests.append(request.url))


def _open_tab(chromium, server, **context_options):
    context = chromium.new_context(**context_options)
    page = context.new_page()
    tab = Tab(page, server)
    _watch(context, tab)
    page.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
    page.set_default_timeout(10_000)
    return context, tab


@pytest.fixture
def open_tab(chromium):
    """Tabs on any server: open_tab(base) -> Tab; closed after the test."""
    contexts = []

    def open_on(base: str, **context_options) -> Tab:
        context, tab = _open_tab(chromium, base, **({"viewport": DESKTOP} | context_options))
        contexts.append(context)
        return tab

    yield open_on
    for context in contexts:
        context.close()


@pytest.fixture
def tab(chromium, server):
    context, tab = _open_tab(chromium, server, viewport=DESKTOP)
    yield tab
    context.close()


@pytest.fixture
def phone_tab(chromium, server):
    context, tab = _open_tab(chromium, server, viewport={"width": 390, "height": 844}, is_mobile=True,
                             has_touch=True, device_scale_factor=2)
    yield tab
    context.close()


@pytest.fixture
def no_script_tab(chromium, server):
    context, tab = _open_tab(chromium, server, viewport=DESKTOP, java_script_enabled=False)
    yield tab
    context.close()
