"""Knowledge checks (mkdocs-quiz) in a real Chromium, as a learner meets them (issue 13).

They must feel like the FOUR exercise beside them: choices big enough to tap, a verdict and
its reason read out, a second try, and no progress box of their own. Built from the default
module, whose mkdocs-quiz settings allow one attempt: the second try must work anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import describe, run_axe

LESSON = "lessons/stalking-or-something-else.html"
MYTH_WHY = "This is a myth. Stalking can happen without any threats."
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def course(course_site: Path) -> Path:
    return course_site


@pytest.fixture
def url(serve: Callable[..., str], course: Path) -> str:
    return serve(course, csp=True)  # under the policy the hosting guide recommends


ERRORS: dict[int, list[str]] = {}


def lesson(new_context: Callable[..., BrowserContext], url: str, **options: object) -> Page:
    """The lesson with two knowledge checks, once our script has taken them over."""
    page = new_context(**options).new_page()
    errors = ERRORS.setdefault(id(page), [])
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.goto(url + LESSON)
    expect(page.locator(".quiz .four-quiz__feedback").first).to_be_attached()
    return page


def no_errors(page: Page) -> None:
    assert ERRORS.pop(id(page), []) == []


def first_check(page: Page) -> Locator:
    return page.locator(".quiz").first


def answer(check: Locator, choice: str) -> None:
    check.get_by_role("radio", name=choice, exact=True).click()
    check.get_by_role("button", name="Submit").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_choice_is_a_box_at_least_44_px_square_that_selects_it(
    new_context: Callable[..., BrowserContext], url: str, viewport: dict[str, int]
) -> None:
    page = lesson(new_context, url, viewport=viewport)
    labels = page.locator(".quiz fieldset label")
    assert labels.count() >= 4
    for index in range(labels.count()):
        label = labels.nth(index)
        label.scroll_into_view_if_needed()
        box = label.bounding_box()
        assert box is not None
        assert box["width"] >= 44 and box["height"] >= 44, f"choice {index}: {box}"
    # The whole box is the target: a tap near its right edge picks the choice.
    check = first_check(page)
    fact = check.locator("fieldset > div", has=page.get_by_role("radio", name="Fact"))
    box = fact.locator("label").bounding_box()
    assert box is not None
    fact.locator("label").click(position={"x": box["width"] - 6, "y": box["height"] / 2})
    expect(check.get_by_role("radio", name="Fact")).to_be_checked()
    no_errors(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_one_progress_widget_per_page_and_no_permalink_over_the_question(
    new_context: Callable[..., BrowserContext], url: str, viewport: dict[str, int]
) -> None:
    page = lesson(new_context, url, viewport=viewport)
    answer(first_check(page), "Myth")
    expect(first_check(page).get_by_role("status")).to_contain_text("Right.")
    page.mouse.wheel(0, 4000)
    widgets = page.locator('[id^="quiz-progress"], [class*="quiz-progress"]')
    for index in range(widgets.count()):
        expect(widgets.nth(index)).to_be_hidden()
    titles = page.get_by_text("Quiz Progress")
    for index in range(titles.count()):
        expect(titles.nth(index)).to_be_hidden()
    first_check(page).hover()
    expect(first_check(page).locator(".quiz-header-link")).to_be_hidden()
    expect(first_check(page).get_by_role("link", name="#")).to_be_hidden()


def test_feedback_says_right_or_not_and_why_in_a_live_region(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    page = lesson(new_context, url, viewport=PHONE)
    check = first_check(page)
    region = check.get_by_role("status")
    expect(region).to_have_count(1)
    expect(region).to_have_text("", use_inner_text=True)
    answer(check, "Myth")
    # The verdict in words (not colour alone), then the reason, in one polite region.
    expect(region).to_contain_text("Right.")
    expect(region.get_by_text(MYTH_WHY)).to_be_visible()
    assert region.evaluate("r => r.getAttribute('role')") == "status"
    check.get_by_role("button", name="Try again").click()
    answer(check, "Fact")
    expect(region).to_contain_text("Not quite.")
    # The learner's own answer stays chosen and says so.
    fact = check.get_by_role("radio", name=re.compile(r"^Fact"))
    expect(fact).to_be_checked()
    chosen = page.get_by_role("radio", name=re.compile(r"^Fact"))
    expect(check.locator("fieldset > div", has=chosen).locator("label")).to_have_css(
        "border-top-style", "solid")
    assert "Your answer: not quite" in check.locator("fieldset > .wrong label").evaluate(
        "l => getComputedStyle(l, '::after').content")
    # Focus moves on to "Try again", as in a FOUR exercise.
    expect(check.get_by_role("button", name="Try again")).to_be_focused()
    no_errors(page)


def right_mark(check: Locator) -> str:
    """What the right answer's box says of itself (its ::after text), or "none"."""
    label = check.locator("fieldset > div", has=check.page.get_by_role("radio", name="Myth"))
    label = label.locator("label")
    return str(label.evaluate("l => getComputedStyle(l, '::after').content"))


def test_a_first_wrong_answer_keeps_the_right_one_back_until_the_learner_tries_again(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    """A second try that means something: after a first wrong answer the right answer is
    not marked and the reason (which gives it away) waits, until the learner tries again or
    asks to see it."""
    page = lesson(new_context, url, viewport=PHONE)
    check = first_check(page)
    region = check.get_by_role("status")
    answer(check, "Fact")
    expect(region).to_contain_text("Not quite.")
    expect(region.get_by_text("Have another go")).to_be_visible()
    expect(region.get_by_text(MYTH_WHY)).to_be_hidden()
    assert "right answer" not in right_mark(check)
    expect(check.get_by_role("button", name="Try again")).to_be_focused()
    # Trying again: the choices are free and nothing marks the right one.
    check.get_by_role("button", name="Try again").click()
    expect(check.get_by_role("radio", name="Fact")).to_be_in_viewport()
    assert "right answer" not in right_mark(check)
    expect(region.get_by_text("Have another go")).to_be_hidden()
    answer(check, "Fact")  # wrong again: now the right answer and why are shown
    expect(region.get_by_text(MYTH_WHY)).to_be_visible()
    assert "The right answer" in right_mark(check)
    expect(check.get_by_role("button", name="Show the answer")).to_be_hidden()
    # Or, on a first wrong answer, the learner may ask to see it.
    page.reload()
    check = first_check(page)
    check.get_by_role("button", name="Try again").click()
    answer(check, "Fact")
    expect(check.get_by_role("status").get_by_text(MYTH_WHY)).to_be_hidden()
    check.get_by_role("button", name="Show the answer").click()
    expect(check.get_by_role("status").get_by_text(MYTH_WHY)).to_be_visible()
    assert "The right answer" in right_mark(check)
    no_errors(page)


def test_a_second_try_works_and_the_lesson_counts_the_better_answer(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    page = lesson(new_context, url, viewport=DESKTOP)
    check = first_check(page)
    answer(check, "Fact")
    expect(check.get_by_role("status")).to_contain_text("Not quite.")
    choices = check.get_by_role("radio")
    for index in range(choices.count()):
        expect(choices.nth(index)).to_be_disabled()  # locked until the learner asks again
    expect(check.get_by_role("button", name="Submit")).to_be_hidden()
    check.get_by_role("button", name="Try again").click()
    for index in range(choices.count()):
        expect(choices.nth(index)).to_be_enabled()
    expect(check.get_by_role("status")).to_have_text("", use_inner_text=True)
    expect(check.get_by_role("button", name="Try again")).to_be_hidden()
    expect(check.get_by_role("radio", name="Myth")).to_be_focused()
    answer(check, "Myth")
    expect(check.get_by_role("status")).to_contain_text("Right.")
    expect(check.get_by_role("status")).to_contain_text(MYTH_WHY)
    page.reload()  # the better answer is what comes back, and what the lesson counts
    expect(first_check(page).get_by_role("status")).to_contain_text("Right.")
    page.goto(url + "my-progress.html")
    item = page.locator('[data-four-page="lessons/stalking-or-something-else"] [data-four-quizzes]')
    expect(item.locator("[data-four-status]")).to_have_text("1 of 2 answered, 1 right")
    no_errors(page)


def test_knowledge_checks_share_the_exercises_type_frame_and_focus_ring(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    page = lesson(new_context, url, viewport=DESKTOP)
    check, exercise = first_check(page), page.locator("[data-four-scenario]").first
    style = "(n, p) => getComputedStyle(n)[p]"
    for prop in ("fontFamily", "borderLeftWidth", "borderLeftColor", "borderRadius"):
        assert check.evaluate(style, prop) == exercise.evaluate(style, prop), prop
    label = check.locator("fieldset label").first
    choice = exercise.locator(".four-choice__text").first
    for prop in ("fontFamily", "fontSize"):
        assert label.evaluate(style, prop) == choice.evaluate(style, prop), prop
    # Keyboard focus draws the exercise's ring (the theme's accent colour) round the choice.
    check.locator(".quiz-question").click()
    page.keyboard.press("Tab")
    expect(check.get_by_role("radio").first).to_be_focused()
    expect(label).to_have_css("outline-style", "solid")
    accent = page.evaluate("""() => {
      const probe = document.body.appendChild(document.createElement("i"));
      probe.style.color = "var(--md-accent-fg-color)";
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    }""")
    assert label.evaluate(style, "outlineColor") == accent
    # Arrow keys move between choices without submitting (mkdocs-quiz's auto-submit is off).
    page.keyboard.press("ArrowDown")
    expect(check.get_by_role("radio", name="Fact")).to_be_checked()
    expect(check.get_by_role("status")).to_have_text("", use_inner_text=True)
    expect(check.get_by_role("button", name="Submit")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_lesson_with_knowledge_checks(
    new_context: Callable[..., BrowserContext], url: str, scheme: str
) -> None:
    page = lesson(new_context, url, viewport=PHONE, color_scheme=scheme, bypass_csp=True)
    answer(first_check(page), "Fact")  # feedback for a wrong answer...
    second = page.locator(".quiz").nth(1)
    answer(second, "Fact")  # ...and for a right one
    expect(second.get_by_role("status")).to_contain_text("Right.")
    violations = run_axe(page)
    assert violations == [], f"{scheme}: {describe(violations)}"
