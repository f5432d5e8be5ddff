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


def settled(page: Page, path: str) -> None:
    """Wait for what a page's scripts draw after load (the certificate, the practice bar)."""
    if path == "certificate.html":
        expect(page.locator("[data-four-certificate-sheet], [data-four-certificate-wait]")
               .locator("visible=true").first).to_be_visible()
    if path == "practice.html":
        expect(page.get_by_role("button", name="Show all scenarios")).to_be_visible()


def site_pages(page: Page, base: str) -> list[str]:
    """Every page of a served site: the search index lists them all; then the 404 page."""
    index = page.request.get(base + "search/search_index.json").json()
    found = dict.fromkeys((doc["location"].split("#")[0] or "index.html") for doc in index["docs"])
    return [*found, "404.html"]


ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def own_pages(page: Page, base: str, learner_site: Path) -> list[str]:
    """The pages of the staff site at `base` that the learner site does not already show:
    the staff pages, and the learner pages whose content the staff site changes (its
    notes). The home page too, for the staff site's own navigation. The learner variants
    audit the rest, in the same size and scheme."""
    found = []
    for path in site_pages(page, base):
        learner_copy = learner_site / path
        if path == "index.html" or not learner_copy.is_file() or ARTICLE.findall(
            page.request.get(base + path).text()
        ) != ARTICLE.findall(learner_copy.read_text(encoding="utf-8")):
            found.append(path)
    return found


def search_open(page: Page, base: str) -> None:
    """The theme's search, open with results for a word every page uses."""
    page.goto(base + "index.html")
    page.keyboard.press("/")  # the theme's key for its search, at every screen size
    query = page.get_by_role("textbox", name="Search")
    expect(query).to_be_focused()
    query.press_sequentially("stalking")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching")


def presenting_revealed(page: Page, base: str) -> None:
    """The classroom view in presenter mode, answers shown, on a slide with phone links."""
    page.goto(base + "staff/classroom.html")
    page.get_by_role("button", name="Present").click()
    expect(page.get_by_role("button", name="Leave presenter mode")).to_be_visible()
    with_phone = page.locator("[data-four-slide]").evaluate_all(
        "slides => slides.findIndex(s => s.querySelector('a[href^=\"tel:\"]'))")
    assert with_phone >= 0, "no slide links a phone number"
    page.get_by_label("Go to").select_option(str(with_phone + 1))
    page.get_by_role("button", name="Reveal answers").click()
    expect(page.locator("[data-four-slide]:visible [data-four-slide-answers] a[href^='tel:']")
           .first).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("site", ["learner", "staff"])
def test_axe_finds_nothing_on_any_page_of_either_site(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path,
    staff_url: str, site: str, size: str, scheme: str,
) -> None:
    """Every page as a new learner sees it, in one session per site, size and scheme; then
    the search open and, on the staff site, presenter mode with the answers shown; on the
    learner site, home, My progress and the certificate once everything is done. On the
    staff site, the pages it does not share with the learner site (`own_pages`)."""
    base = serve(course_site, csp=True) if site == "learner" else staff_url
    page = new_context(viewport=SIZES[size], color_scheme=scheme, bypass_csp=True).new_page()
    found: dict[str, list[dict[str, Any]]] = {}
    pages = site_pages(page, base) if site == "learner" else own_pages(page, base, course_site)
    assert ("staff/classroom.html" in pages) == (site == "staff"), pages
    if site == "staff":  # the staff pages, and the learner pages the staff notes change
        assert {"staff/answer-key.html", "accessibility.html"} <= set(pages), pages
        assert "lessons/what-is-stalking.html" not in pages, pages
    for path in pages:
        page.goto(base + path)
        settled(page, path)
        found[path] = run_axe(page)
    expect(page.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default")
    search_open(page, base)
    found["index.html (search open)"] = run_axe(page)
    if site == "staff":
        presenting_revealed(page, base)
        found["staff/classroom.html (presenting, revealed)"] = run_axe(page)
    else:
        page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                      [KEY, progress_with(lessons(course_site))])
        for path in ["index.html", "my-progress.html", "certificate.html"]:
            page.goto(base + path)
            settled(page, path)
            found[path + " (complete)"] = run_axe(page)
    found = {path: violations for path, violations in found.items() if violations}
    assert found == {}, describe([{"page": path, **v} for path, vs in found.items() for v in vs])


def test_axe_finds_nothing_on_a_phone_with_scripts_off(
    new_context: Callable[..., BrowserContext], staff_url: str
) -> None:
    """Every page of the staff site (the learner pages and the staff guides) as it reads with
    scripts off: nothing the theme's scripts add (such as a keyboard stop on a code sample
    that scrolls sideways) may be needed to pass. The pages' scripts are refused, axe's own
    still runs."""
    context = new_context(viewport=SIZES["phone"])
    context.route("**/*.js", lambda route: route.abort())
    page = context.new_page()
    found = {}
    for path in site_pages(page, staff_url):
        page.goto(staff_url + path)
        expect(page.locator("html")).to_have_class("no-js")  # the theme's script never ran
        found[path] = run_axe(page)
    found = {path: violations for path, violations in found.items() if violations}
    assert found == {}, describe([{"page": path, **v} for path, vs in found.items() for v in vs])


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
