"""Third-party audits of an exercise page: the Nu Html Checker and Lighthouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CHROMIUM_ARGS, ROOT, require_browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"


def require(path: Path, what: str) -> None:
    if not path.is_file():
        pytest.fail(f"{what} is missing ({path}); run 'make test', which runs npm ci")


def test_nu_html_checker_finds_no_error_in_our_markup(sample_site: Path) -> None:
    require(VNU, "the Nu Html Checker (npm vnu-jar)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed for the Nu Html Checker; .ci/run installs it")
    pages = sorted(str(p) for p in sample_site.rglob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
                for m in messages]
    assert problems == []


def test_lighthouse_scores_an_exercise_page_full_marks(
    serve: Callable[..., str], sample_site: Path, tmp_path: Path
) -> None:
    chromium = require_browser()
    require(LIGHTHOUSE, "Lighthouse (npm lighthouse@12.2.3)")
    report = tmp_path / "report.json"
    flags = " ".join(["--headless=new", "--disable-gpu", *CHROMIUM_ARGS])
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), serve(sample_site),
         "--only-categories=accessibility,best-practices", "--output=json",
         f"--output-path={report}", f"--chrome-flags={flags}", "--quiet",
         "--screenEmulation.disabled", "--form-factor=desktop"],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "CHROME_PATH": chromium},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: category["score"] for name, category in data["categories"].items()}
    failing = sorted(
        f"{audit_id}: {audit['title']}"
        for audit_id, audit in data["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
    )
    assert scores == {"accessibility": 1, "best-practices": 1}, failing
