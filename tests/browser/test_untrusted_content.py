"""Untrusted content in a real Chromium: nothing from it runs, with or without a CSP; the
whole default module runs under the recommended CSP without a single violation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import copy_project, run_mkdocs_build
from test_hostile_input import PAYLOAD_STORY, block

# Records CSP violations from the first moment of every page (init scripts are not
# subject to the page's policy).
WATCH_CSP = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', function (e) {"
    "  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });"
)
RAN = ("__storyRan", "__imgRan", "__svgRan", "__frameRan", "__linkRan", "__explanationRan")


@pytest.fixture
def module_site(course_site: Path) -> Path:
    """The default module, built as `make build` builds it."""
    return course_site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample module with script payloads in a story and an explanation."""
    folder = tmp_path_factory.mktemp("hostile")
    project = copy_project("sample", folder)
    scenarios = project / "quizzes" / "sample.yml"
    text = scenarios.read_text(encoding="utf-8")
    story = text[text.index("    story: |\n      Jordan"):text.index("    elements:")]
    text = text.replace(story, "    story: " + block(PAYLOAD_STORY) + "\n", 1).replace(
        "explanation: Jordan said \"please stop\", so the contact is clearly unwanted.",
        "explanation: '<img src=x onerror=\"window.__explanationRan = true\">Unwanted.'",
        1,
    )
    scenarios.write_text(text, encoding="utf-8")
    site = folder / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    yield site


def watched_page(new_context: Callable[..., BrowserContext]) -> tuple[Page, list[str]]:
    context = new_context()
    context.add_init_script(WATCH_CSP)
    console: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: console.append(message.text))
    return page, console


def test_every_page_of_the_module_runs_under_the_strict_csp(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], module_site: Path
) -> None:
    base = serve(module_site, csp=True)
    page, console = watched_page(new_context)
    pages = sorted(p.relative_to(module_site).as_posix() for p in module_site.rglob("*.html"))
    assert len(pages) > 15
    for name in pages:
        page.goto(f"{base}{name}")
        if name != "404.html":  # built from a template alone, without the plugin's settings
            # The site's own scripts did run: the quick exit is mounted on every page.
            expect(page.get_by_role("link", name="Exit this page")).to_be_visible()
        assert page.evaluate("window.__cspViolations") == [], name
    assert [text for text in console if "Content Security Policy" in text] == []


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "without-csp"])
def test_no_script_from_scenario_text_runs(
    new_context: Callable[..., BrowserContext],
    serve: Callable[..., str],
    hostile_site: Path,
    csp: bool,
) -> None:
    page, _ = watched_page(new_context)
    page.goto(serve(hostile_site, csp=csp))
    exercise = page.locator('[data-four-scenario="messages-after-match"]')
    expect(exercise.get_by_text("Story text.")).to_be_visible()
    exercise.get_by_role("checkbox", name="Unwanted").check()
    exercise.get_by_role("radio", name="Likely stalking").check()
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_role("status")).to_contain_text("Unwanted.")
    exercise.get_by_text("a link").click()  # its javascript: address is gone: plain text
    expect(exercise.get_by_role("link", name="a link")).to_have_count(0)
    ran = page.evaluate(f"{list(RAN)}.filter(function (name) {{ return window[name]; }})")
    assert ran == []
    if csp:
        assert page.evaluate("window.__cspViolations") == []


def test_an_element_marked_either_counts_both_ways(
    page: Page, serve: Callable[..., str], tmp_path: Path
) -> None:
    project = copy_project("sample", tmp_path)
    scenarios = project / "quizzes" / "sample.yml"
    scenarios.write_text(scenarios.read_text().replace(
        "unwanted: {present: false, explanation: Asking once is ordinary.}",
        "unwanted: {present: either, explanation: Tom may or may not mind being asked.}",
    ))
    site = tmp_path / "site"
    assert run_mkdocs_build(project / "mkdocs.yml", site).returncode == 0
    page.goto(serve(site) + "second/")
    exercise = page.locator('[data-four-scenario="asked-once"]')
    exercise.get_by_role("checkbox", name="Unwanted").check()
    exercise.get_by_role("radio", name="Not stalking").check()
    exercise.get_by_role("button", name="Check").click()
    status = exercise.get_by_role("status")
    expect(status).to_contain_text("You got 5 out of 5.")
    expect(status).to_contain_text(
        "Unwanted: right. You ticked it. It could be read either way here, so both answers count."
    )


def test_what_the_checks_leave_in_a_page_does_not_run(
    tmp_path: Path, new_context: Callable[..., BrowserContext], serve: Callable[..., str]
) -> None:
    """Issue 21, finding 3: the corpus is refused by the build, or written out by Markdown as
    text. Every page the build allows is loaded here, without a CSP: nothing runs, nothing
    navigates."""
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from payloads import MARKDOWN_FORMS, PAYLOADS, PLACES
    from test_safety import refused_or_inert

    project = copy_project("sample", tmp_path)
    inert = [
        source for source in (
            [place.format(html) for _, html in PAYLOADS for _, place in PLACES]
            + [source for _, source in MARKDOWN_FORMS]
        )
        if isinstance(refused_or_inert("# A lesson\n\n" + source), str)
    ]
    assert inert, "the corpus has nothing the checks let through"
    for number, source in enumerate(inert):
        (project / "docs" / f"inert-{number:03d}.md").write_text(
            f"# A lesson\n\n{source}", encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    url = serve(site)  # no CSP: as from disk, or inside an LMS frame
    page = new_context().new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    for number in range(len(inert)):
        address = f"{url}inert-{number:03d}/"
        page.goto(address)
        expect(page.get_by_role("link", name="Exit this page")).to_be_visible()
        page.mouse.move(200, 300)
        page.keyboard.press("Tab")
        assert page.evaluate("window.fourran === undefined"), inert[number]
        assert page.url == address, inert[number]
