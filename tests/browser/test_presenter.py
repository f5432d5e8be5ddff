"""Presenter mode in the staff site's classroom view, on a 1920x1080 projector (issue 12).

The default module's staff site is built for real, with its quick exit pointed at a stub
page on the same server, so a test can follow the exit without leaving this machine.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import describe, run_axe
from .safe_sites import EXIT_STUB

PROJECTOR = {"width": 1920, "height": 1080}
#: Tags that name a setting; any other tag on the board could give an answer away.
NEUTRAL_SETTINGS = {"online", "social-media", "gaming", "school", "college", "university", "work"}
FINAL_CHECK = "Final check"  # the final-check page's heading


@pytest.fixture
def projector(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(viewport=PROJECTOR).new_page()


def open_classroom(page: Page, url: str) -> None:
    page.goto(url + "staff/classroom.html")
    expect(page.get_by_role("button", name="Reveal answers")).to_be_visible()


def classroom(page: Page) -> Locator:
    return page.locator("[data-four-classroom]")


def slide(page: Page) -> Locator:
    return page.locator("[data-four-slide]:visible")


def present(page: Page) -> None:
    page.get_by_role("button", name="Present").click()
    expect(classroom(page)).to_have_class(re.compile("four-classroom--presenting"))
    expect(page.get_by_role("button", name="Leave presenter mode")).to_be_visible()


def measure(page: Page) -> dict[str, Any]:
    """What the class sees of the current slide: its box, its scroll and its type sizes."""
    seen: dict[str, Any] = slide(page).evaluate(
        """s => {
          const box = s.getBoundingClientRect();
          const size = e => parseFloat(getComputedStyle(e).fontSize);
          return {title: s.querySelector('h2').textContent, left: box.left, width: box.width,
                  bottom: box.bottom, scroll: s.scrollHeight, client: s.clientHeight,
                  story: size(s.querySelector('.four-slide__story')),
                  answers: size(s.querySelector('.four-slide__answers'))};
        }"""
    )
    return seen


def jump_titles(page: Page) -> list[str]:
    return page.get_by_label("Go to").locator("option").all_inner_texts()


def test_presenter_mode_fills_the_projector_in_large_type(
    projector: Page, staff_url: str
) -> None:
    page = projector
    open_classroom(page, staff_url)
    present(page)
    # Full screen, and nothing of the site around it but a small quick exit.
    assert classroom(page).evaluate("root => document.fullscreenElement === root")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", "[data-four-topbar]",
                   ".md-search", "h1"):
        expect(page.locator(chrome).first).to_be_hidden()
    exit_copy = page.get_by_role("link", name="Exit this page")
    expect(exit_copy).to_be_visible()
    box = exit_copy.bounding_box()
    assert box is not None and box["height"] <= 60 and box["width"] <= 220, box
    seen = measure(page)
    assert seen["width"] >= 0.9 * PROJECTOR["width"], seen
    assert seen["story"] >= 32, seen
    assert seen["scroll"] <= seen["client"] + 1 and seen["bottom"] <= PROJECTOR["height"], seen


def test_every_story_fits_one_screen_with_its_answers(projector: Page, staff_url: str) -> None:
    page = projector
    open_classroom(page, staff_url)
    page.get_by_label("Edition").select_option("")  # both editions
    page.get_by_label("Include final-check stories").check()
    present(page)
    titles = jump_titles(page)
    assert len(titles) >= 30
    for number, title in enumerate(titles, start=1):
        expect(page.get_by_text(f"Scenario {number} of {len(titles)}")).to_be_visible()
        page.get_by_role("button", name="Reveal answers").click()
        expect(slide(page).locator("[data-four-slide-answers]")).to_be_visible()
        seen = measure(page)
        assert title.endswith(seen["title"]), (title, seen)
        assert seen["story"] >= 32, seen
        assert seen["answers"] >= 18, seen
        assert seen["scroll"] <= seen["client"] + 1, seen
        assert seen["bottom"] <= PROJECTOR["height"] and seen["width"] >= 1700, seen
        page.keyboard.press("ArrowRight")


def test_the_class_votes_before_the_answers_are_shown(projector: Page, staff_url: str) -> None:
    page = projector
    open_classroom(page, staff_url)
    present(page)
    current = slide(page)
    answers = current.locator("[data-four-slide-answers]")
    expect(answers).to_be_hidden()
    hands = current.get_by_role("spinbutton", name="Fixated")
    hands.fill("12")
    current.get_by_role("spinbutton", name="Likely stalking").fill("9")
    # Typing in the tally never moves the slide, and nothing is revealed.
    hands.press("ArrowRight")
    expect(page.get_by_text("Scenario 1 of")).to_be_visible()
    expect(answers).to_be_hidden()
    page.get_by_role("button", name="Reveal answers").click()
    expect(answers).to_be_visible()
    expect(answers).to_contain_text("Overall:")
    expect(hands).to_have_value("12")
    expect(hands).to_be_visible()  # beside the answers, for the discussion
    assert measure(page)["scroll"] <= measure(page)["client"] + 1


def test_arrow_keys_buttons_and_the_jump_list_move_between_stories(
    projector: Page, staff_url: str
) -> None:
    page = projector
    open_classroom(page, staff_url)
    present(page)
    titles = jump_titles(page)
    first = slide(page).locator("h2").inner_text()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text(f"Scenario 2 of {len(titles)}")).to_be_visible()
    assert slide(page).locator("h2").inner_text() != first
    page.keyboard.press("ArrowLeft")
    expect(slide(page).locator("h2")).to_have_text(first)
    flowers = next(t for t in titles if t.endswith("Flowers at work"))
    page.get_by_label("Go to").select_option(label=flowers)
    expect(slide(page).locator("h2")).to_have_text("Flowers at work")
    number = titles.index(flowers) + 1
    expect(page.get_by_text(f"Scenario {number} of {len(titles)}")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text(f"Scenario {number + 1} of {len(titles)}")).to_be_visible()
    expect(page.get_by_label("Go to")).to_have_value(str(number))  # the list follows


def test_escape_leaves_presenter_mode_and_stays_on_the_page(
    projector: Page, staff_url: str
) -> None:
    page = projector
    page.clock.install()
    open_classroom(page, staff_url)
    address = page.url
    present(page)
    page.get_by_role("button", name="Reveal answers").click()
    page.keyboard.press("Escape")
    expect(classroom(page)).not_to_have_class(re.compile("four-classroom--presenting"))
    expect(page.get_by_role("button", name="Present full screen")).to_be_visible()
    assert page.evaluate("document.fullscreenElement") is None
    page.clock.run_for(1500)  # past the second in which the quick exit ignores Escape
    assert page.url == address
    expect(page).not_to_have_title("Loading")
    expect(page.locator(".md-header")).to_be_visible()
    expect(page.get_by_role("link", name="Exit this page")).to_be_visible()  # the top bar's
    # Out of presenter mode, Escape is the quick exit again.
    page.keyboard.press("Escape")
    page.wait_for_url(staff_url + EXIT_STUB)


def test_shift_three_times_still_leaves_the_site_while_presenting(
    projector: Page, staff_url: str
) -> None:
    page = projector
    open_classroom(page, staff_url)
    present(page)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(staff_url + EXIT_STUB)
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()


def test_the_quick_exit_button_still_works_while_presenting(
    projector: Page, staff_url: str
) -> None:
    page = projector
    open_classroom(page, staff_url)
    present(page)
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(staff_url + EXIT_STUB)


def test_presenter_mode_fills_the_window_when_full_screen_is_refused(
    new_context: Callable[..., BrowserContext], staff_url: str
) -> None:
    context = new_context(viewport=PROJECTOR)
    context.add_init_script(
        "Element.prototype.requestFullscreen = function () {"
        " return Promise.reject(new TypeError('Permissions check failed')); };"
    )
    page = context.new_page()
    open_classroom(page, staff_url)
    present(page)
    assert page.evaluate("document.fullscreenElement") is None
    box = classroom(page).bounding_box()
    assert box == {"x": 0, "y": 0, "width": PROJECTOR["width"], "height": PROJECTOR["height"]}
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator("[data-four-topbar]")).to_be_hidden()
    seen = measure(page)
    assert seen["story"] >= 32 and seen["width"] >= 0.9 * PROJECTOR["width"], seen
    page.keyboard.press("Escape")
    expect(page.locator(".md-header")).to_be_visible()
    assert page.url.endswith("staff/classroom.html")


def test_final_check_stories_are_left_out_until_included(
    projector: Page, staff_url: str
) -> None:
    page = projector
    page.goto(staff_url + "final-check.html")
    finals = page.locator("[data-four-scenario] .four-exercise__title").all_inner_texts()
    assert len(finals) >= 4
    open_classroom(page, staff_url)
    page.get_by_label("Edition").select_option("")
    shown = [t.split(". ", 1)[1] for t in jump_titles(page)]
    assert not set(finals) & set(shown)
    page.get_by_label("Include final-check stories").check()
    tagged = page.locator('[data-four-slide][data-four-tags~="final"]').count()
    assert tagged >= len(finals)  # the final check shows one edition's
    expect(page.get_by_label("Go to").locator("option")).to_have_count(len(shown) + tagged)
    shown = [t.split(". ", 1)[1] for t in jump_titles(page)]
    assert set(finals) <= set(shown)


def test_the_setting_filter_offers_no_tag_that_hints_at_the_answer(
    projector: Page, staff_url: str
) -> None:
    page = projector
    open_classroom(page, staff_url)
    setting = page.locator("[data-four-classroom-filters]").get_by_label("Setting")
    options = setting.locator("option")
    values = set(options.evaluate_all("os => os.map(o => o.value)")) - {""}
    assert values and values <= NEUTRAL_SETTINGS, values
    labels = " ".join(options.all_inner_texts()).lower()
    for hint in ("healthy", "myth", "one off", "conflict", "final", "peer", "stranger"):
        assert hint not in labels, hint
    setting.select_option("work")
    expect(page.get_by_text("Scenario 1 of")).to_be_visible()
    assert "work" in (slide(page).get_attribute("data-four-tags") or "").split()


def test_axe_finds_nothing_with_presenter_mode_off_and_on(
    new_context: Callable[..., BrowserContext], staff_url: str
) -> None:
    for scheme in ("light", "dark"):
        page = new_context(viewport=PROJECTOR, color_scheme=scheme).new_page()
        open_classroom(page, staff_url)
        violations = run_axe(page)
        assert violations == [], f"{scheme}, page: {describe(violations)}"
        present(page)
        violations = run_axe(page)
        assert violations == [], f"{scheme}, presenting: {describe(violations)}"
        page.get_by_role("button", name="Reveal answers").click()
        violations = run_axe(page)
        assert violations == [], f"{scheme}, revealed: {describe(violations)}"
