"""Checkers written by others, installed for the tests by scripts/test.sh from tests/tools/
(`npm ci`: pinned versions in package-lock.json): axe-core, injected into the browser by the
tests and never served with the page, and the Nu Html Checker (vnu.jar, run with java).

Where one is missing its tests skip, saying how to install it; under CI=true they fail."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import PROJECT, missing

TOOLS = PROJECT / "tests" / "tools"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "cd tests/tools && npm ci --ignore-scripts (scripts/test.sh does this)"


def axe_source() -> str:
    if not AXE.is_file():
        missing(f"axe-core not installed at {AXE.relative_to(PROJECT)}: {INSTALL}")
    return AXE.read_text(encoding="utf-8")


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        missing("java not found (apt-get install default-jre-headless; .ci/run does this)")
    if not VNU.is_file():
        missing(f"vnu.jar not installed at {VNU.relative_to(PROJECT)}: {INSTALL}")
    return [java, "-jar", str(VNU)]


def vnu_messages(files: list[Path]) -> list[dict]:
    """Every message of the Nu Html Checker on `files`: {type, subType?, url, lastLine, message}."""
    result = subprocess.run([*vnu_command(), "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(result.stderr or result.stdout)
    return report["messages"]
