"""Right to left (issue 22): the default module built with `theme.language: ur`, on a phone.

The page runs right to left from <html> down; the module's own components (the top bar and
its quick exit, the exercise and its feedback, the knowledge checks, what is left on a
lesson, the practice bar, home's lesson cards, My progress, the certificate, the classroom
view and the SCORM launch bar) mirror with it; nothing is wider than a 390 px phone; the
quick exit is on the first screen; axe finds nothing. The English build stays left to
right with the exit on the right.

The module ships no Urdu catalogue yet, so the interface words are English: the test finds
controls by role and markup, not by their English names. Screenshots of an Urdu lesson
page, phone and desktop, land in test-artifacts/rtl/.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, FloatRect, Locator, Page, expect

from conftest import run_cli

from .conftest import PHONE, ROOT, SiteServer, default_module_in, describe, run_axe
from .safe_sites import EXIT_STUB, build
from .test_audits import site_pages
from .test_course_flow import KEY, lessons, progress_with
from .test_scorm import SCORM_AGAIN, unpack

DESKTOP = {"width": 1280, "height": 800}
LESSON = "lessons/what-is-stalking.html"
SHOTS = ROOT / "test-artifacts" / "rtl"
#: The module's own components: each must fit the screen, with everything inside it.
COMPONENTS = (
    ".four-topbar, .four-exercise, .quiz, .four-left, .four-lesson-next, .four-page-end, "
    ".four-practice__bar, .four-home__lessons, .four-progress, .four-certificate, "
    ".four-classroom"
)

# Every box of the page's components that reaches past either side of the screen, and how
# wide the document is: both are 0 and the screen's width where nothing overflows.
OVERFLOW = """selector => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const root of document.querySelectorAll(selector)) {
    for (const node of [root, ...root.querySelectorAll('*')]) {
      const box = node.getBoundingClientRect();
      if (!box.width || !box.height) continue;
      if (box.left < -0.5 || box.right > width + 0.5) {
        const name = node.tagName.toLowerCase() + '.' + (node.classList[0] || '');
        out.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
      }
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out};
}"""


# The box of an element's first text, as the words sit on the line.
TEXT_BOX = """node => { const range = document.createRange();
  range.selectNodeContents(node.firstChild);
  const b = range.getBoundingClientRect();
  return {x: b.x, y: b.y, width: b.width, height: b.height}; }"""


@pytest.fixture(scope="module")
def urdu_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The Urdu learner site, built strictly (`mkdocs build --strict`), served: its address
    and its folder."""
    folder = tmp_path_factory.mktemp("urdu")
    site = folder / "site"
    site.mkdir()
    server = SiteServer(site)
    project = default_module_in(folder, server.url + EXIT_STUB, "ur")
    build(project, site)
    yield server.url, site
    server.close()


@pytest.fixture(scope="module")
def urdu_url(urdu_site: tuple[str, Path]) -> str:
    return urdu_site[0]


@pytest.fixture(scope="module")
def urdu_staff_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Urdu staff site (`four-lessons build --staff`, strict), served."""
    folder = tmp_path_factory.mktemp("urdu-staff")
    site = folder / "site"
    site.mkdir()
    server = SiteServer(site)
    project = default_module_in(folder, server.url + EXIT_STUB, "ur")
    result = run_cli("build", "--staff", "-f", str(project / "mkdocs.yml"), "-d", str(site))
    assert result.returncode == 0, result.stderr
    yield server.url
    server.close()


def box(locator: Locator) -> FloatRect:
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def right(found: FloatRect) -> float:
    return found["x"] + found["width"]


def assert_fits(page: Page, where: str) -> None:
    """Nothing wider than the screen: not the document, not any of our components' parts."""
    measured = page.evaluate(OVERFLOW, COMPONENTS)
    assert measured["out"] == [], f"{where}: past the screen's sides: {measured['out']}"
    assert measured["scrollWidth"] <= measured["width"] == PHONE["width"], (where, measured)


def assert_exit_on_first_screen(page: Page, side: str) -> None:
    """The quick exit whole on the first screen, at the end of the top bar: on the left in a
    right-to-left page (the bar mirrors, as GOV.UK's own backlog says RTL pages should), on
    the right in English."""
    page.evaluate("() => window.scrollTo(0, 0)")
    exit_ = page.locator("[data-four-exit]")
    expect(exit_).to_be_visible()
    found = box(exit_)
    size = page.viewport_size
    assert size is not None
    width, height = size["width"], size["height"]
    assert found["x"] >= 0 and right(found) <= width, found
    assert found["y"] >= 0 and found["y"] + found["height"] <= height, found
    links = box(page.locator(".four-topbar__links"))
    if side == "left":
        assert right(found) < width / 2 and right(found) <= links["x"], (found, links)
    else:
        assert found["x"] > width / 2 and found["x"] >= right(links), (found, links)


def answer_first_exercise(page: Page) -> Locator:
    """Tick Fixated and Repeated, choose the first judgement, Check: as a learner would,
    found by role (the names are the catalogue's)."""
    exercise = page.locator("[data-four-scenario]").first
    boxes = exercise.get_by_role("checkbox")
    expect(boxes).to_have_count(4)
    boxes.nth(0).check()
    boxes.nth(3).check()
    exercise.get_by_role("radio").first.check()
    exercise.locator("button[type=submit]").click()
    expect(exercise.locator("[data-four-feedback] li")).to_have_count(5)
    return exercise


def assert_runs_from_the_right(exercise: Locator) -> None:
    """The exercise's text starts on the right: its frame's thick edge, each question
    (legend), each box to tick before its words, each verdict's icon before its text."""
    assert exercise.evaluate(
        "e => parseFloat(getComputedStyle(e).borderRightWidth)"
        " > parseFloat(getComputedStyle(e).borderLeftWidth)")
    for group in exercise.locator("fieldset").all():
        legend, frame = box(group.locator("legend")), box(group)
        assert abs(right(legend) - right(frame)) <= 1, (legend, frame)
    for row in exercise.locator(".four-choice").all():
        tick, words, line = (box(row.locator("input")), box(row.locator(".four-choice__text")),
                             box(row))
        assert tick["x"] > right(words), (tick, words)
        assert right(line) - right(tick) <= 12, (tick, line)  # the row's own padding only
    for item in exercise.locator("[data-four-feedback] li").all():
        icon = box(item.locator(".four-feedback__icon"))
        text = box(item.locator(".four-feedback__text"))
        assert icon["x"] > right(text), (icon, text)


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


# -- the learner site --------------------------------------------------------------------------

def test_a_lesson_runs_right_to_left_and_fits_a_phone_with_the_exit_first(
    phone: Page, urdu_url: str
) -> None:
    phone.goto(urdu_url + LESSON)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator("html")).to_have_attribute("lang", "ur")
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert_exit_on_first_screen(phone, "left")
    assert_fits(phone, "a lesson")
    shoot(phone, "lesson-phone")
    exercise = answer_first_exercise(phone)
    assert_runs_from_the_right(exercise)
    exercise.locator("[data-four-feedback] li").first.scroll_into_view_if_needed()
    shoot(phone, "lesson-phone-feedback")
    assert_fits(phone, "a lesson, after Check")
    assert_exit_on_first_screen(phone, "left")
    # What is left on the page, folded: its edge on the right, its triangle pointing left.
    left = phone.locator(".four-left__details").first
    assert left.evaluate("e => getComputedStyle(e).borderRightWidth") != left.evaluate(
        "e => getComputedStyle(e).borderLeftWidth")
    assert left.locator("summary").evaluate(
        "s => getComputedStyle(s, '::before').content").startswith('"\u25c2')
    assert run_axe(phone) == []


def test_a_knowledge_check_mirrors_and_fits_after_an_answer(phone: Page, urdu_url: str) -> None:
    phone.goto(urdu_url + LESSON)
    quiz = phone.locator(".quiz").first
    quiz.locator("fieldset input").nth(1).check()
    quiz.locator("button[type=submit]").click()
    expect(quiz.locator(".quiz-feedback-item").first).to_be_visible()
    option = quiz.locator("fieldset > div").nth(1)
    dot, label = box(option.locator("input")), box(option.locator("label"))
    assert right(label) - right(dot) < 24 and dot["x"] > label["x"] + label["width"] / 2
    assert_fits(phone, "a knowledge check, answered")


def test_the_desktop_lesson_mirrors_the_top_bar(
    new_context: Callable[..., BrowserContext], urdu_url: str
) -> None:
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(urdu_url + LESSON)
    assert_exit_on_first_screen(page, "left")
    shoot(page, "lesson-desktop")
    exercise = answer_first_exercise(page)
    assert_runs_from_the_right(exercise)
    exercise.locator("[data-four-feedback] li").first.scroll_into_view_if_needed()
    shoot(page, "lesson-desktop-feedback")


@pytest.mark.parametrize("path", ["index.html", "practice.html", "my-progress.html",
                                  "certificate.html"])
def test_the_learners_other_pages_fit_a_phone_with_the_exit_first(
    phone: Page, urdu_url: str, path: str
) -> None:
    phone.goto(urdu_url + path)
    if path == "practice.html":
        expect(phone.locator(".four-practice__bar")).to_be_visible()
    assert_exit_on_first_screen(phone, "left")
    assert_fits(phone, path)


def test_my_progress_and_the_certificate_mirror_once_the_course_is_done(
    phone: Page, urdu_site: tuple[str, Path]
) -> None:
    urdu_url, site = urdu_site
    phone.goto(urdu_url + "404.html")
    phone.evaluate("([k, v]) => localStorage.setItem(k, v)",
                   [KEY, progress_with(lessons(site))])
    phone.goto(urdu_url + "my-progress.html")
    items = phone.locator(".four-progress__items > li")
    expect(items.first).to_be_attached()
    phone.locator(".four-progress__details").first.evaluate("d => d.open = true")
    # Each exercise's title is set in from the right edge of its lesson's title (1.2em).
    words = items.first.evaluate(TEXT_BOX)
    lesson = box(phone.locator(".four-progress__page-title a").first)
    assert 15 < right(lesson) - right(words) < 25, (words, lesson)
    assert_fits(phone, "my-progress.html, complete")
    assert run_axe(phone) == []
    phone.goto(urdu_url + "certificate.html")
    sheet = phone.locator(".four-certificate__sheet")
    expect(sheet).to_be_visible()
    phone.locator("[data-four-certificate-name]").fill("علی احمد")
    expect(sheet.locator(".four-certificate__name")).to_have_text("علی احمد")
    assert_fits(phone, "certificate.html, complete")
    assert_exit_on_first_screen(phone, "left")
    assert run_axe(phone) == []


def test_axe_finds_nothing_on_any_urdu_page_on_a_phone(
    new_context: Callable[..., BrowserContext], urdu_url: str
) -> None:
    page = new_context(viewport=PHONE).new_page()
    found: dict[str, list[dict[str, Any]]] = {}
    for path in site_pages(page, urdu_url):
        page.goto(urdu_url + path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        found[path] = run_axe(page)
    found = {path: violations for path, violations in found.items() if violations}
    assert found == {}, describe([{"page": path, **v} for path, vs in found.items() for v in vs])


# -- the staff site: the classroom view ---------------------------------------------------------

def test_the_classroom_view_mirrors_and_its_arrows_follow_its_buttons(
    phone: Page, urdu_staff_url: str, new_context: Callable[..., BrowserContext]
) -> None:
    phone.goto(urdu_staff_url + "staff/classroom.html")
    bar = phone.locator("[data-four-classroom-bar]")
    expect(bar).to_be_visible()
    assert_fits(phone, "staff/classroom.html")
    assert_exit_on_first_screen(phone, "left")
    # The bar's lines start on the right (on a phone they wrap, Previous starting one).
    previous = box(bar.locator("[data-four-previous]"))
    assert right(box(bar)) - right(previous) < 1, (previous, box(bar))
    jump = bar.locator("[data-four-jump]")
    expect(jump).to_have_value("0")
    phone.keyboard.press("ArrowLeft")  # towards Next
    expect(jump).to_have_value("1")
    phone.keyboard.press("ArrowRight")
    expect(jump).to_have_value("0")
    bar.locator("[data-four-reveal]").click()
    assert_fits(phone, "staff/classroom.html, answers shown")
    assert run_axe(phone) == []
    # Presenter mode on a projector: the story first on the right, the answers beside it.
    projector = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(urdu_staff_url + "staff/classroom.html")
    projector.locator("button[data-four-present]").click()
    previous = box(projector.locator("button[data-four-previous]"))
    following = box(projector.locator("button[data-four-next]"))
    assert previous["y"] == following["y"] and previous["x"] > following["x"], (
        "Previous first, on the right", previous, following)
    projector.locator("button[data-four-reveal]").click()
    slide = projector.locator("[data-four-slide]:visible")
    story = box(slide.locator(".four-slide__story"))
    answers = box(slide.locator(".four-slide__answers"))
    assert story["x"] > right(answers), (story, answers)
    assert run_axe(projector) == []


# -- the SCORM launch bar ---------------------------------------------------------------------

def test_the_scorm_launch_bar_runs_right_to_left(
    phone: Page, serve: Callable[..., str], tmp_path: Path
) -> None:
    from conftest import PROJECTS

    project = tmp_path / "scorm"
    shutil.copytree(PROJECTS / "scorm", project)
    shutil.copytree(PROJECTS / "sample" / "quizzes", tmp_path / "sample" / "quizzes")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  language: ur\n", 1), encoding="utf-8")
    result = run_cli("scorm", "-o", str(tmp_path / "module.zip"), "-f", str(config))
    assert result.returncode == 0, result.stderr
    assert SCORM_AGAIN.is_file()
    url = serve(unpack(tmp_path / "module.zip", tmp_path / "lms"))
    phone.goto(url + "lms.html")
    launcher = phone.frame_locator("#launch")
    expect(launcher.locator("html")).to_have_attribute("dir", "rtl")
    status = launcher.locator("[data-four-lms-status]")
    expect(status).to_contain_text(re.compile(r"\S"))
    expect(launcher.locator("[data-four-lms-frame]")).to_be_visible()
    frame = next(f for f in phone.frames if f.url.endswith("index_lms.html"))
    # The status's words end at the bar's right edge, less its padding (1rem); both boxes
    # measured inside the frame.
    bar = frame.locator(".four-lms__bar").evaluate("e => e.getBoundingClientRect().toJSON()")
    text = frame.locator("[data-four-lms-status]").evaluate(TEXT_BOX)
    assert 0 <= right(bar) - right(text) <= 17, (text, bar)
    assert frame.evaluate("document.documentElement.scrollWidth <= innerWidth")


# -- English stays as it was ------------------------------------------------------------------

def test_english_stays_left_to_right_with_the_exit_on_the_right(
    phone: Page, serve: Callable[..., str], course_site: Path
) -> None:
    url = serve(course_site)
    phone.goto(url + LESSON)
    expect(phone.locator("html")).to_have_attribute("dir", "ltr")
    assert phone.evaluate("getComputedStyle(document.body).direction") == "ltr"
    assert_exit_on_first_screen(phone, "right")
    exercise = answer_first_exercise(phone)
    assert exercise.evaluate(
        "e => parseFloat(getComputedStyle(e).borderLeftWidth)"
        " > parseFloat(getComputedStyle(e).borderRightWidth)")
    row = exercise.locator(".four-choice").first
    assert box(row.locator("input"))["x"] < box(row.locator(".four-choice__text"))["x"]
    assert_fits(phone, "an English lesson, after Check")
    phone.evaluate("([k, v]) => localStorage.setItem(k, v)",
                   [KEY, progress_with(lessons(course_site))])
    for path in ("my-progress.html", "certificate.html"):
        phone.goto(url + path)
        assert_fits(phone, f"English {path}")
