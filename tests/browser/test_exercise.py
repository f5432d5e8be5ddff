"""The FOUR exercise in a real Chromium, used as a learner would."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import describe, run_axe

EXERCISE = '[data-four-scenario="messages-after-match"]'


def exercise(page: Page, scenario: str = "messages-after-match") -> Locator:
    return page.locator(f'[data-four-scenario="{scenario}"]')


def open_home(page: Page, url: str) -> Locator:
    page.goto(url)
    found = exercise(page)
    expect(found.get_by_role("button", name="Check")).to_be_visible()
    return found


def test_exercise_is_a_named_region_with_the_contract_controls(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    found = open_home(page, serve(sample_site))
    region = page.get_by_role("region", name="Messages after a match")
    expect(region).to_have_attribute("data-four-scenario", "messages-after-match")
    for name in ("Fixated", "Obsessive", "Unwanted", "Repeated"):
        box = found.get_by_role("checkbox", name=name)
        expect(box).to_have_count(1)
        expect(box).not_to_be_checked()
    group = found.get_by_role("group", name="Overall, what is your judgement?")
    expect(group.get_by_role("radio")).to_have_count(4)
    expect(found.get_by_role("status")).to_be_empty()


def test_answering_with_the_mouse_gives_feedback_on_each_element(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    found = open_home(page, serve(sample_site))
    found.get_by_text("Fixated", exact=True).click()  # the label, as a person clicks it
    found.get_by_role("checkbox", name="Unwanted").click()
    found.get_by_role("radio", name="Warning signs").click()
    # Choosing never submits by itself.
    expect(found.get_by_role("status")).to_be_empty()
    found.get_by_role("button", name="Check").click()

    status = found.get_by_role("status")
    expect(status).to_contain_text("You got 2 out of 5.")
    expect(status).to_contain_text("Fixated: right. It is there, and you ticked it.")
    expect(status).to_contain_text("Forty messages in a week is a lot of effort")
    expect(status).to_contain_text("Obsessive: not quite. It is there, but you did not tick it.")
    expect(status).to_contain_text("Unwanted: right.")
    expect(status).to_contain_text("Repeated: not quite.")
    expect(status).to_contain_text(
        "Overall: not quite. You chose \u201cWarning signs: this may be the start of stalking"
        "\u201d; the answer is \u201cLikely stalking\u201d.")
    expect(status).to_contain_text("All four elements are there. This is likely stalking.")
    expect(status).to_contain_text("Keep the messages, block and report the account")
    # Right and wrong are shown by icon and words, not colour alone.
    expect(status.locator(".four-feedback__item--right .four-feedback__icon")).to_have_text(
        ["\u2713", "\u2713"])
    # Feedback then actions: focus goes to the score, where the Check button was, and Next
    # and Try again follow the feedback, where the learner finishes reading it.
    expect(status.locator(".four-feedback__score")).to_be_focused()
    feedback, after = status.bounding_box(), found.get_by_role("button", name="Next").bounding_box()
    assert feedback is not None and after is not None
    assert after["y"] >= feedback["y"] + feedback["height"], (feedback, after)


def test_asking_to_check_without_a_judgement_explains_what_is_missing(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    found = open_home(page, serve(sample_site))
    found.get_by_role("checkbox", name="Fixated").check()
    found.get_by_role("button", name="Check").click()
    expect(found.get_by_role("status")).to_have_text(
        "Choose an overall judgement first, then press \u201cCheck my answer\u201d.")


def test_keyboard_alone_answers_the_exercise(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    found = open_home(page, serve(sample_site))
    fixated = found.get_by_role("checkbox", name="Fixated")
    for _ in range(80):  # Tab through the page as a keyboard user would
        page.keyboard.press("Tab")
        if fixated.evaluate("node => node === document.activeElement"):
            break
    expect(fixated).to_be_focused()
    for _ in range(4):  # tick all four: Space ticks, Tab moves on
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    expect(found.get_by_role("radio", name="Likely stalking")).to_be_focused()
    page.keyboard.press("Space")
    expect(found.get_by_role("status")).to_be_empty()
    page.keyboard.press("Tab")
    expect(found.get_by_role("button", name="Check")).to_be_focused()
    page.keyboard.press("Enter")
    expect(found.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    # The score is focused; Tab reaches Next after the feedback, then Try again, which keeps
    # the choices.
    expect(found.locator(".four-feedback__score")).to_be_focused()
    page.keyboard.press("Tab")
    expect(found.get_by_role("button", name="Next")).to_be_focused()
    page.keyboard.press("Tab")
    expect(found.get_by_role("button", name="Try again")).to_be_focused()
    page.keyboard.press("Enter")
    expect(found.get_by_role("status")).to_be_empty()
    expect(fixated).to_be_focused()
    expect(fixated).to_be_checked()
    found.get_by_role("button", name="Clear my choices").click()
    expect(fixated).not_to_be_checked()
    expect(found.get_by_role("button", name="Clear my choices")).to_be_hidden()


def test_after_check_the_choices_stay_and_next_moves_on(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    page.goto(serve(sample_site) + "second/")
    first, second = exercise(page, "asked-once"), exercise(page, "notes-in-bag")
    first.get_by_role("checkbox", name="Unwanted").check()
    first.get_by_role("radio", name="Not stalking").check()
    first.get_by_role("button", name="Check").click()
    expect(first.get_by_role("status")).to_contain_text("You got 4 out of 5.")
    # The learner's own choices are still there to read, and cannot change until Try again.
    unwanted = first.get_by_role("checkbox", name="Unwanted")
    expect(unwanted).to_be_checked()
    expect(unwanted).to_have_attribute("aria-disabled", "true")  # not greyed out: not disabled
    expect(unwanted).not_to_have_attribute("disabled", "")
    unwanted.click(force=True)
    expect(unwanted).to_be_checked()
    first.get_by_role("button", name="Next").click()
    expect(second.get_by_role("heading", name="Notes in a bag")).to_be_focused()
    # Answered and passed, the first folds to one line with its score, and opens again.
    expect(first).to_have_class(re.compile("four-exercise--folded"))
    expect(first.get_by_text("You got 4 out of 5.")).to_be_visible()
    expect(first.get_by_role("checkbox", name="Unwanted")).to_be_hidden()
    expect(first.get_by_role("button", name="Try again")).to_be_visible()
    reopen = first.get_by_role("button", name="Show the story and your answer")
    expect(reopen).to_have_attribute("aria-expanded", "false")
    reopen.press("Enter")
    expect(first.get_by_role("checkbox", name="Unwanted")).to_be_visible()
    expect(first.get_by_role("button", name="Fold it away")).to_have_attribute(
        "aria-expanded", "true")
    # Nothing follows the last exercise on the last page: Next keeps focus, in view.
    second.get_by_role("radio", name="Warning signs").check()
    second.get_by_role("button", name="Check").click()
    second.get_by_role("button", name="Next").click()
    expect(second.get_by_role("button", name="Next")).to_be_focused()
    expect(second.get_by_role("button", name="Next")).to_be_in_viewport()


def test_next_leads_on_to_the_text_after_the_exercise(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    found = open_home(page, serve(sample_site))
    found.get_by_role("radio", name="Likely stalking").check()
    found.get_by_role("button", name="Check").click()
    found.get_by_role("button", name="Next").click()
    after = page.get_by_text("If you need to talk, call Sample Helpline")
    expect(after).to_be_focused()
    expect(after).to_be_in_viewport()
    assert after.evaluate("n => getComputedStyle(n).outlineStyle") == "solid"
    expect(found).to_have_class(re.compile("four-exercise--folded"))


def test_last_answer_and_feedback_come_back_after_a_reload(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    found = open_home(page, serve(sample_site))
    found.get_by_role("checkbox", name="Repeated").check()
    found.get_by_role("radio", name="Likely stalking").check()
    found.get_by_role("button", name="Check").click()
    expect(found.get_by_role("status")).to_contain_text("You got 2 out of 5.")
    page.reload()
    found = exercise(page)
    # It comes back in brief: the answer, the score and each element's verdict, shown
    # without a click (the contract); the story and the explanations wait behind a button.
    expect(found).to_have_class(re.compile("four-exercise--brief"))
    expect(found.get_by_role("status")).to_contain_text("You got 2 out of 5.")
    expect(found.get_by_text("You got 2 out of 5.")).to_be_visible()
    expect(found.get_by_role("button", name="Try again")).to_be_visible()
    expect(found.get_by_role("checkbox", name="Repeated")).to_be_checked()
    expect(found.get_by_role("checkbox", name="Fixated")).not_to_be_checked()
    expect(found.get_by_role("radio", name="Likely stalking")).to_be_checked()
    expect(found.get_by_text("Repeated: right.")).to_be_visible()
    story = found.locator(".four-exercise__story")
    expect(story).to_be_hidden()
    found.get_by_role("button", name="Show the story and all the feedback").click()
    expect(story).to_be_visible()
    expect(found.get_by_role("button", name="Fold it away")).to_be_visible()


def test_instant_navigation_mounts_exercises_on_the_next_page(
    page: Page, instant_site_url: str
) -> None:
    open_home(page, instant_site_url)
    page.evaluate("window.__stillTheSameDocument = true")
    page.get_by_role("link", name="second lesson").click()
    asked = exercise(page, "asked-once")
    expect(asked.get_by_role("button", name="Check")).to_be_visible()
    assert page.evaluate("window.__stillTheSameDocument === true"), "the page fully reloaded"
    asked.get_by_role("radio", name="Not stalking", exact=True).check()
    asked.get_by_role("button", name="Check").click()
    expect(asked.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    # Back again: the first exercise mounts once more, and only once.
    page.go_back()
    home = exercise(page)
    expect(home.get_by_role("button", name="Check")).to_be_visible()
    home.get_by_role("radio", name="Likely stalking").check()
    home.get_by_role("button", name="Check").click()
    expect(home.locator(".four-feedback__score")).to_have_count(1)


def test_with_scripts_off_the_story_reads_and_answers_sit_in_details(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], sample_site: Path
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(serve(sample_site))
    found = exercise(page)
    expect(found.get_by_text("Since then Sami has sent")).to_be_visible()
    expect(found.get_by_role("button", name="Check")).to_be_hidden()
    answers = found.locator("details")
    expect(answers.get_by_text("Forty messages in a week")).to_be_hidden()
    answers.get_by_text("Answers and explanations").click()
    expect(answers.get_by_text("Forty messages in a week")).to_be_visible()
    expect(answers).to_contain_text("Overall: Likely stalking.")


def test_printed_exercise_is_a_worksheet_without_answers(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    found = open_home(page, serve(sample_site))
    page.emulate_media(media="print")
    expect(found.get_by_role("checkbox", name="Fixated")).to_be_visible()
    expect(found.get_by_role("button", name="Check")).to_be_hidden()
    expect(found.locator("details")).to_be_hidden()


def test_axe_finds_nothing_after_answering_in_light_and_dark(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], sample_site: Path
) -> None:
    url = serve(sample_site)
    for scheme, expected in (("light", "default"), ("dark", "slate")):
        page = new_context(color_scheme=scheme).new_page()
        found = open_home(page, url)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
        found.get_by_role("checkbox", name="Obsessive").check()
        found.get_by_role("radio", name="Not stalking", exact=True).check()
        found.get_by_role("button", name="Check").click()
        expect(found.get_by_role("status")).to_contain_text("out of 5")
        violations = run_axe(page)
        assert violations == [], f"{scheme}: {describe(violations)}"


def test_exercise_works_under_a_strict_content_security_policy(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' "
        "+ e.blockedURI))"
    )
    found = open_home(page, serve(sample_site, csp=True))
    found.get_by_role("checkbox", name="Fixated").check()
    found.get_by_role("radio", name="Likely stalking").check()
    found.get_by_role("button", name="Check").click()
    expect(found.get_by_role("status")).to_contain_text("You got 2 out of 5.")
    page.get_by_role("link", name="second lesson").click()
    expect(exercise(page, "asked-once").get_by_role("button", name="Check")).to_be_visible()
    assert violations == []


def test_the_scripts_add_one_global_and_meet_through_it(
    page: Page, serve: Callable[..., str], sample_site: Path
) -> None:
    """Files loaded on their own (four.js, the module map, the messages, progress.js,
    exercise.js) reach each other through window.Four alone (frontend/lib/registry.js):
    no other name, not even a minifier's one-letter leftover."""
    # What the window holds before any of the page's scripts runs.
    page.add_init_script("window.__blank = Object.getOwnPropertyNames(window)")
    found = open_home(page, serve(sample_site, csp=True))
    found.get_by_role("checkbox", name="Fixated").check()
    found.get_by_role("radio", name="Likely stalking").check()
    found.get_by_role("button", name="Check").click()
    expect(found.get_by_role("status")).to_contain_text("You got 2 out of 5.")
    # The theme's own: __md_scope and the rest (md-base.js), document$ and its streams, and
    # its bundle's focus-visible polyfill.
    added = page.evaluate("""() => Object.getOwnPropertyNames(window).filter(name =>
        !window.__blank.includes(name) && name !== "__blank" &&
        !/^__md_|^[a-z]+\\$$|^applyFocusVisiblePolyfill$/.test(name))""")
    assert added == ["Four"]
    parts = page.evaluate("() => [Object.keys(Four).sort(), Object.keys(Four.components)]")
    assert parts == [["components", "exit", "i18n", "messages", "module", "progress",
                      "searchLater", "site", "store", "track"], ["exercise"]]
    assert page.evaluate("() => Four.store.exercise('messages-after-match').score") == 2


def test_every_judgement_in_the_contract_is_saved_and_comes_back(
    page: Page, serve: Callable[..., str], tmp_path: Path
) -> None:
    """The store checked answers against its own copy of the judgements, which lacked
    "needs help now": the grooming story's right answer was never kept."""
    from conftest import copy_project, run_mkdocs_build

    project = copy_project("sample", tmp_path)
    scenarios = project / "quizzes" / "sample.yml"
    scenarios.write_text(scenarios.read_text().replace(
        "      answer: not-stalking\n      explanation: Asking someone out once and accepting no",
        "      answer: needs-help-now\n      explanation: Asking someone out once and accepting no",
    ).replace(
        "  - id: notes-in-bag",
        "    exception: A test of the fourth judgement.\n  - id: notes-in-bag",
    ))
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    page.goto(serve(site) + "second/")
    found = exercise(page, "asked-once")
    found.get_by_role("radio", name="Something else that needs help now").check()
    found.get_by_role("button", name="Check").click()
    expect(found.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    page.reload()
    found = exercise(page, "asked-once")
    expect(found.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    expect(found.get_by_role("radio", name="Something else that needs help now")).to_be_checked()
