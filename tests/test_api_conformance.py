"""The API against its own OpenAPI description, judged by schemathesis' command line with every
check (`st run --checks all`): no server errors, every answer's status, type, headers and body
as described, valid requests accepted, invalid ones refused, the token enforced, and the links
followed from lists to real sites (stateful phase).

The app runs in this process on a free port of 127.0.0.1 over the bundled articles, with writes
on; host names a fetch would need resolve to this machine, which the write API refuses to fetch
from, so nothing leaves it. The run is bounded by examples per operation and a fixed seed.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace

import httpx
import pytest

from app.core.config import Settings
from app.web.main import create_app
from conftest import PROJECT

TOKEN = "conformance-token"
CONFIG = PROJECT / "tests" / "tools" / "schemathesis.toml"
EXAMPLES_PER_OPERATION = 12
RUN_SECONDS_LIMIT = 420


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served_api(bundled_store):
    import uvicorn

    app = create_app(replace(Settings(), database_url=bundled_store, tiles_url=None, write_token=TOKEN,
                             reviewers=(("conformance", TOKEN),)))
    app.state.resolver = lambda host, port: ["127.0.0.1"]  # stands in for DNS: nothing leaves this machine
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the app did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def schemathesis_run(base: str, *options: str, folder) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run", f"{base}/openapi.json",
               "--checks", "all",
               "--max-examples", str(EXAMPLES_PER_OPERATION), "--seed", "20260223", "--workers", "1",
               "--generation-database", "none", "--no-color", "--suppress-health-check", "all", *options]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=RUN_SECONDS_LIMIT)


def test_every_operation_passes_every_schemathesis_check(served_api, tmp_path):
    result = schemathesis_run(served_api, "-H", f"Authorization: Bearer {TOKEN}", folder=tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-12000:]
    assert "Failures:" not in report and re.search(r"(\d+) generated, \1 passed", report), report[-4000:]
    # Every operation was reached, the write with the token among them, and links were followed.
    operations = sum(len(item) for item in httpx.get(f"{served_api}/openapi.json").json()["paths"].values())
    assert f"Selected: {operations}/{operations}" in report and f"Tested: {operations}" in report, report[-4000:]
    assert re.search(r"API Links: +[1-9]\d* covered", report), report[-4000:]


def test_the_stateful_phase_reaches_a_real_site_through_the_links(served_api):
    """The links are what lead a fuzzer from a list to /api/v1/sites/{site_id} with an id that exists."""
    spec = httpx.get(f"{served_api}/openapi.json").json()
    link = spec["paths"]["/api/v1/sites"]["get"]["responses"]["200"]["links"]["GetSite"]
    assert link["operationId"] == "get_site"
    pointer = link["parameters"]["site_id"].removeprefix("$response.body#")
    body = httpx.get(f"{served_api}/api/v1/sites").json()
    site_id = body
    for part in pointer.strip("/").split("/"):
        site_id = site_id[int(part)] if isinstance(site_id, list) else site_id[part]
    assert httpx.get(f"{served_api}/api/v1/sites/{site_id}").status_code == 200
    example = spec["paths"]["/api/v1/sites/{site_id}"]["get"]["parameters"][0]["schema"]["example"]
    assert httpx.get(f"{served_api}/api/v1/sites/{example}").status_code == 200, example
