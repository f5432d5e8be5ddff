"""The learner's path through the default module on a phone (issue 13): the home page's one
primary button in each learner state, and the practice bank one scenario at a time.

Full-page screenshots of the pages a learner follows land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import ROOT, run_mkdocs_build

PHONE = {"width": 390, "height": 844}
KEY = "four-lessons:four-lessons-stalking"
SHOTS = ROOT / "test-artifacts" / "screenshots"




def lessons(site: Path) -> list[list[Any]]:
    """The module map the build wrote: [page id, URL, [exercise ids], knowledge checks]."""
    (script,) = (site / "assets" / "four").glob("module-*.js")
    text = script.read_text(encoding="utf-8")
    body = text.removeprefix("(window.Four=window.Four||{}).module=").rstrip().rstrip(";")
    return list(json.loads(body)["lessons"])


def progress_with(done: list[list[Any]], last: str | None = None) -> str:
    """Stored progress in which the lessons `done` are complete."""
    answer = {"elements": ["repeated"], "judgement": "not-stalking", "score": 3, "max": 5,
              "at": 1_700_000_000_000}
    pages: dict[str, Any] = {}
    exercises: dict[str, Any] = {}
    for page_id, _url, ids, checks in done:
        exercises.update({exercise: answer for exercise in ids})
        pages[page_id] = {"at": 1, "seen": 1_700_000_000_000, "done": True}
        if checks:
            pages[page_id]["quiz"] = {"answered": checks, "correct": checks, "total": checks}
    data = {"version": 2, "module": "four-lessons-stalking", "exercises": exercises, "pages": pages}
    if last:
        data["last"] = last
    return json.dumps(data)


def learner(new_context: Callable[..., BrowserContext], base: str, stored: str | None = None,
            **options: Any) -> Page:
    """A phone-sized page for a learner with `stored` progress on the device."""
    context = new_context(viewport=PHONE, **options)
    page = context.new_page()
    if stored is not None:
        page.goto(base + "404.html")
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, stored])
    return page


def primary(page: Page) -> Any:
    return page.locator("[data-four-home-start]")


def assert_on_first_screen(page: Page) -> None:
    box = primary(page).bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# -- the home page ----------------------------------------------------------------------------

def test_a_new_learner_is_offered_start_on_the_first_screen(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site, csp=True)
    page = learner(new_context, base)
    page.goto(base)
    start = page.get_by_role("link", name=re.compile(r"^Start"))
    expect(start).to_have_text("Start the course")
    expect(start).to_have_attribute("href", "lessons/what-is-stalking.html")
    assert_on_first_screen(page)
    expect(page.locator("[data-four-home-time]")).to_contain_text("minutes in total")
    shoot(page, "home-new")
    start.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("What is stalking"))
    expect(page.locator(".four-lesson-meta")).to_have_text(re.compile(r"Lesson 1 of 6"))
    shoot(page, "lesson-1")


def test_a_learner_with_the_first_lesson_done_continues_with_the_next(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site, csp=True)
    first = lessons(course_site)[0]
    page = learner(new_context, base, progress_with([first], last=first[0]))
    page.goto(base)
    button = primary(page)
    expect(button).to_have_text("Continue: Stalking or something else?")
    expect(button).to_have_attribute("href", "lessons/stalking-or-something-else.html")
    assert_on_first_screen(page)
    cards = page.locator(".four-home__lessons li")
    expect(cards.nth(0).locator(".four-home__status")).to_have_text("Completed")
    expect(cards.nth(1).locator(".four-home__status")).to_have_text("Not started")
    shoot(page, "home-returning")
    button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Stalking or something else\?"))


def test_a_learner_who_finished_is_sent_to_the_certificate(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site, csp=True)
    page = learner(new_context, base, progress_with(lessons(course_site)))
    page.goto(base)
    button = primary(page)
    expect(button).to_have_text("See your certificate")
    assert_on_first_screen(page)
    expect(page.locator(".four-home__status")).to_have_text(["Completed"] * 7)
    shoot(page, "home-complete")
    button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("[Cc]ertificate"))
    expect(page.locator("[data-four-certificate-sheet]")).to_be_visible()
    page.get_by_label(re.compile("name", re.IGNORECASE)).first.fill("Sam Taylor")
    shoot(page, "certificate")
    page.goto(base + "my-progress.html")
    expect(page.locator("[data-four-summary]")).to_contain_text("You have completed 6 of 6")
    shoot(page, "my-progress")


def test_with_scripts_off_the_home_page_is_a_plain_start_link(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site)
    page = learner(new_context, base, java_script_enabled=False)
    page.goto(base)
    start = page.get_by_role("link", name=re.compile(r"^Start"))
    expect(start).to_have_text("Start the course")
    expect(start).to_have_attribute("href", "lessons/what-is-stalking.html")
    assert_on_first_screen(page)
    expect(page.locator(".four-home__lessons li a")).to_have_count(7)


@pytest.fixture(scope="session")
def university_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default module's university edition, built once."""
    folder = tmp_path_factory.mktemp("university")
    for name in ("docs", "quizzes"):
        shutil.copytree(ROOT / name, folder / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "edition: school" in config
    (folder / "mkdocs.yml").write_text(
        config.replace("edition: school", "edition: university", 1), encoding="utf-8")
    result = run_mkdocs_build(folder / "mkdocs.yml", folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


MINUTES = re.compile(r"about (\d+) minutes?")


@pytest.mark.parametrize("edition", ["school", "university"])
def test_the_home_page_times_match_the_lessons(
    request: pytest.FixtureRequest, edition: str
) -> None:
    """The home page's times come from the minutes directive: each must be its lesson's own
    ("about N minutes" under the lesson's heading), and the total their sum."""
    fixture = "course_site" if edition == "school" else "university_site"
    site: Path = request.getfixturevalue(fixture)
    home = (site / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<li><a href="([^"]+)">[^<]*</a> '
                       r'<span class="four-home__minutes">about (\d+) minutes</span>', home)
    assert [href for href, _ in cards] == [url for _, url, _, _ in lessons(site)]
    total = 0
    for href, shown in cards:
        lesson = (site / href).read_text(encoding="utf-8")
        meta = re.search(r'<p class="four-lesson-meta">(.*?)</p>', lesson)
        assert meta is not None, href
        actual = MINUTES.search(meta.group(1))
        assert actual is not None and actual.group(1) == shown, (href, meta.group(1))
        total += int(shown)
    assert f"about {total} minutes in total" in home


# -- the practice bank ------------------------------------------------------------------------

def visible_exercises(page: Page) -> Any:
    return page.locator(".four-practice [data-four-scenario]:visible")


def test_the_practice_bank_shows_one_scenario_at_a_time(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site, csp=True)
    page = learner(new_context, base)
    page.goto(base + "practice.html")
    total = page.locator(".four-practice [data-four-scenario]").count()
    assert total > 10
    status = page.get_by_role("status").filter(has_text="Scenario")
    expect(status).to_have_text(f"Scenario 1 of {total}, {total - 1} left.")
    expect(visible_exercises(page)).to_have_count(1)
    first = visible_exercises(page).get_attribute("data-four-scenario")
    shoot(page, "practice")

    page.get_by_role("button", name="Next scenario").click()
    # Story 1 was not answered, so it is still left.
    expect(status).to_have_text(f"Scenario 2 of {total}, {total - 1} left.")
    expect(visible_exercises(page)).to_have_count(1)
    second = page.locator(".four-practice [data-four-scenario]").nth(1)
    expect(second).to_be_visible()
    expect(page.locator(f'[data-four-scenario="{first}"]').first).to_be_hidden()
    expect(second.locator(".four-exercise__title")).to_be_focused()

    # The exercise's own Next, after Check, leads to the next scenario too.
    second.get_by_role("checkbox", name=re.compile("^Repeated")).check()
    second.get_by_role("radio", name=re.compile("^Not stalking")).check()
    second.get_by_role("button", name=re.compile("Check")).click()
    second.get_by_role("button", name=re.compile("^(Next|Continue)")).click()
    third = page.locator(".four-practice [data-four-scenario]").nth(2)
    expect(third).to_be_visible()
    expect(third.locator(".four-exercise__title")).to_be_focused()
    expect(status).to_have_text(f"Scenario 3 of {total}, {total - 2} left.")

    # One setting only: a short set, counted on its own.
    work = page.locator("#work").locator("xpath=..").locator("[data-four-scenario]").count()
    page.get_by_label("Choose a setting").select_option(label=f"Work ({work})")
    expect(status).to_have_text(f"Scenario 1 of {work}, {work - 1} left.")
    for _ in range(work - 1):
        page.get_by_role("button", name="Next scenario").click()
    expect(status).to_have_text(f"Scenario {work} of {work}, {work - 1} left.")

    # Showing all keeps the setting chosen (test_practice_bank.py has the rest).
    page.get_by_role("button", name="Show all scenarios").click()
    expect(visible_exercises(page)).to_have_count(work)
    status = page.get_by_role("status").filter(has_text="Showing all")
    expect(status).to_have_text(f"Showing all {work} scenarios in Work.")


def test_a_link_to_a_setting_shows_its_first_scenario(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site, csp=True)
    page = learner(new_context, base)
    page.goto(base + "practice.html#work")
    expect(page.locator("#work")).to_be_visible()
    expect(visible_exercises(page)).to_have_count(1)
    expect(page.locator("#work").locator("xpath=..").locator("[data-four-scenario]").first
           ).to_be_visible()


def test_with_scripts_off_the_practice_bank_is_the_full_list(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site)
    page = learner(new_context, base, java_script_enabled=False)
    page.goto(base + "practice.html")
    exercises = page.locator(".four-practice [data-four-scenario]")
    total = exercises.count()
    assert total > 10
    expect(visible_exercises(page)).to_have_count(total)
    expect(page.get_by_role("button", name="Next scenario")).to_have_count(0)
    expect(page.locator(".four-practice h2")).to_have_count(4)


def test_printed_the_practice_bank_is_the_full_list(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site, csp=True)
    page = learner(new_context, base)
    page.goto(base + "practice.html")
    expect(page.get_by_role("button", name="Next scenario")).to_be_visible()
    page.emulate_media(media="print")
    total = page.locator(".four-practice [data-four-scenario]").count()
    expect(visible_exercises(page)).to_have_count(total)
    expect(page.get_by_role("button", name="Next scenario")).to_be_hidden()
