"""Third-party audits: the Nu Html Checker, axe and Lighthouse on the pages a learner uses."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import CHROMIUM_ARGS, ROOT, describe, require_browser, run_axe
from .test_course_flow import KEY, lessons, progress_with

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"



def lighthouse_scores(report: Path) -> tuple[dict[str, float], list[str]]:
    """A Lighthouse JSON report's category scores, and the pass/fail audits that failed."""
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: category["score"] for name, category in data["categories"].items()}
    failing = sorted(
        f"{audit_id}: {audit['title']}"
        for audit_id, audit in data["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
    )
    return scores, failing

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
    scores, failing = lighthouse_scores(report)
    assert scores == {"accessibility": 1, "best-practices": 1}, failing


# -- the learner's path (issue 13): axe and Lighthouse on the pages a learner follows -------

COURSE_PAGES = ["index.html", "lessons/what-is-stalking.html", "practice.html",
                "my-progress.html", "certificate.html"]
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def audit(page: Page, base: str, path: str) -> list[dict[str, Any]]:
    page.goto(base + path)
    if path == "certificate.html":
        expect(page.locator("[data-four-certificate-sheet]")).to_be_visible()
    if path == "practice.html":
        expect(page.get_by_role("button", name="Next scenario")).to_be_visible()
    return run_axe(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", sorted(SIZES))
def test_axe_finds_nothing_on_the_learners_path(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path,
    size: str, scheme: str,
) -> None:
    """Home, a lesson and practice as a new learner sees them; then home, My progress and
    the certificate (shown) once everything is done."""
    base = serve(course_site, csp=True)
    page = new_context(viewport=SIZES[size], color_scheme=scheme, bypass_csp=True).new_page()
    found = {}
    for path in COURSE_PAGES[:3]:
        found[path] = audit(page, base, path)
    expect(page.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [KEY, progress_with(lessons(course_site))])
    for path in ["index.html", *COURSE_PAGES[3:]]:
        found[path + " (complete)"] = audit(page, base, path)
    found = {path: violations for path, violations in found.items() if violations}
    assert found == {}, describe([v for vs in found.values() for v in vs])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_an_exercise_after_check(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path,
    scheme: str,
) -> None:
    base = serve(course_site, csp=True)
    page = new_context(viewport=SIZES["phone"], color_scheme=scheme, bypass_csp=True).new_page()
    page.goto(base + "lessons/what-is-stalking.html")
    exercise = page.locator("[data-four-scenario]").first
    exercise.get_by_role("checkbox", name=re.compile("^Repeated")).check()
    exercise.get_by_role("radio", name=re.compile("^Warning signs")).check()
    exercise.get_by_role("button", name=re.compile("Check")).click()
    expect(exercise.get_by_role("status")).to_contain_text("out of 5")
    assert run_axe(page) == []


def test_lighthouse_scores_the_learners_path_full_marks(
    serve: Callable[..., str], course_site: Path, tmp_path: Path
) -> None:
    """Each page as a phone loads it (Lighthouse's mobile emulation), the runs side by side."""
    chromium = require_browser()
    require(LIGHTHOUSE, "Lighthouse (npm lighthouse@12.2.3)")
    base = serve(course_site)
    flags = " ".join(["--headless=new", "--disable-gpu", *CHROMIUM_ARGS])
    runs = {}
    for index, path in enumerate(COURSE_PAGES):
        report = tmp_path / f"report-{index}.json"
        runs[path] = (report, subprocess.Popen(
            ["node", str(LIGHTHOUSE), base + path,
             "--only-categories=accessibility,best-practices", "--output=json",
             f"--output-path={report}", f"--chrome-flags={flags}", "--quiet"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "CHROME_PATH": chromium},
        ))
    results = {}
    for path, (report, process) in runs.items():
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors[-2000:]
        results[path] = lighthouse_scores(report)
    expected: tuple[dict[str, int], list[str]] = ({"accessibility": 1, "best-practices": 1}, [])
    assert results == dict.fromkeys(COURSE_PAGES, expected)
