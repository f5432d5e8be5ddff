"""Welsh (issue 22): the default module built with `theme.language: cy`, as a learner meets it.

A pupil in a Welsh-medium school sees the module's own interface in Welsh: the quick exit,
the top bar, the exercise's questions, choices and buttons, its feedback after Check, the
practice bar, the knowledge checks and My progress, with no English interface message left;
counts take the Welsh form for 0, 1, 2, 3, 6 and 7; the certificate's date is written in
Welsh; axe finds nothing. The lessons and stories stay in English (the school translates
those), so the checks read the interface's parts, and compare them with the English
catalogue's messages, not with every English word on the page.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import run_mkdocs_build
from four_lessons.core.i18n import load_catalogue

from .conftest import ROOT, SiteServer, default_module_in, describe, run_axe, settle
from .safe_sites import EXIT_STUB, STUB_HTML
from .test_course_flow import KEY, lessons, progress_with

LESSON = "lessons/what-is-stalking.html"
SHOTS = ROOT / "test-artifacts" / "welsh"
WELSH = load_catalogue("cy")
ENGLISH = load_catalogue("en")
#: The interface's parts (not the lesson's or the story's words, which stay English).
INTERFACE = (
    ".four-topbar, .four-exercise__form legend, .four-exercise__form label, "
    ".four-exercise__form button:not([hidden]), .four-exercise__score, "
    "[data-four-feedback] > p, .four-left__summary, .four-lesson-meta, .four-lesson-next, "
    ".quiz button, .four-practice__bar, .four-progress h2, .four-progress h3, "
    ".four-progress button:not([hidden]), .four-progress label, .four-progress legend, "
    "[data-four-summary], [data-four-course]"
)


def english_messages() -> list[str]:
    """English interface messages a Welsh page must not show: those Welsh words differently,
    without placeholders, of two words or more (a single word such as "Next" may be a
    lesson's own)."""
    return sorted(
        text for key, text in ENGLISH.messages.items()
        if "{" not in text and " " in text and WELSH.messages[key] != text
        and not key.startswith("i18n.")
    )


@pytest.fixture(scope="module")
def welsh_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The Welsh learner site, built strictly, served: its address and its folder."""
    folder = tmp_path_factory.mktemp("welsh")
    site = folder / "site"
    site.mkdir()
    server = SiteServer(site)
    project = default_module_in(folder, server.url + EXIT_STUB, "cy")
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    (site / EXIT_STUB).write_text(STUB_HTML, encoding="utf-8")
    yield server.url, site
    server.close()


def english_left(page: Page) -> list[str]:
    """English interface messages shown in the page's interface parts."""
    shown = "\n".join(page.locator(INTERFACE).all_inner_texts())
    return [message for message in english_messages() if message in shown]


def test_the_interface_a_learner_meets_is_welsh(
    phone: Page, welsh_site: tuple[str, Path]
) -> None:
    base, _ = welsh_site
    phone.goto(base + LESSON)
    assert phone.locator("html").get_attribute("lang") == "cy"
    expect(phone.locator("[data-four-exit]")).to_contain_text(WELSH.t("exit.link"))
    expect(phone.get_by_role("link", name=WELSH.t("topbar.help"))).to_be_visible()
    exercise = phone.locator("[data-four-scenario]").first
    expect(exercise.get_by_role("group", name=WELSH.t("exercise.elements_question"))
           ).to_be_visible()
    fixated = WELSH.t("contract.element.fixated.name")
    exercise.get_by_role("checkbox", name=re.compile("^" + re.escape(fixated))).check()
    exercise.get_by_role("radio", name=WELSH.t("contract.judgement.likely-stalking")).check()
    exercise.get_by_role("button", name=WELSH.t("exercise.check")).click()
    feedback = exercise.locator("[data-four-feedback]")
    expect(feedback.locator("li")).to_have_count(5)
    expect(exercise.get_by_role("button", name=WELSH.t("exercise.retry"))).to_be_visible()
    # A knowledge check's own buttons (mkdocs-quiz's words, ours in Welsh).
    quiz = phone.locator(".quiz").first
    quiz.scroll_into_view_if_needed()
    expect(quiz.locator("button").first).not_to_have_text(re.compile("^(Submit|Check)"))
    assert english_left(phone) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.evaluate("() => window.scrollTo(0, 0)")
    settle(phone)  # the header's title cross-fades back; caught half-way, the two overlap
    phone.screenshot(path=str(SHOTS / "lesson-phone.png"))
    exercise.scroll_into_view_if_needed()
    settle(phone)
    feedback.screenshot(path=str(SHOTS / "feedback-phone.png"))
    # Audited from the top, as the page opens (a control scrolled under the sticky header
    # would be measured as too small a target).
    phone.evaluate("() => window.scrollTo(0, 0)")
    found = run_axe(phone)
    assert found == [], describe(found)


def test_practice_and_my_progress_are_welsh(phone: Page, welsh_site: tuple[str, Path]) -> None:
    base, _ = welsh_site
    phone.goto(base + "practice.html")
    expect(phone.locator(".four-practice__bar")).to_be_visible()
    assert english_left(phone) == []
    phone.goto(base + "my-progress.html")
    expect(phone.get_by_role("button", name=WELSH.t("progress.export"))).to_be_visible()
    expect(phone.get_by_role("button", name=WELSH.t("progress.reset"))).to_be_visible()
    expect(phone.locator("[data-four-summary]")).not_to_be_empty()
    assert english_left(phone) == []
    found = run_axe(phone)
    assert found == [], describe(found)


@pytest.mark.parametrize(("count", "category"), [
    (0, "zero"), (1, "one"), (2, "two"), (3, "few"), (6, "many"), (7, "other")])
def test_counts_take_each_welsh_form(
    phone: Page, welsh_site: tuple[str, Path], count: int, category: str
) -> None:
    base, _ = welsh_site
    phone.goto(base + LESSON)
    expect(phone.locator("[data-four-scenario] form")).to_have_count(
        phone.locator("[data-four-scenario]").count())
    assert WELSH.plural_category(count) == category
    key = "nav.left_exercises"
    shown = phone.evaluate("([key, n]) => window.Four.i18n.t(key, {exercises: n})",
                           [key, count])
    assert shown == WELSH.t(key, exercises=count)
    # Each of the six forms is written differently (Welsh mutates after the number).
    forms = {WELSH.t(key, exercises=n) for n in (0, 1, 2, 3, 6, 7)}
    assert len(forms) == 6, forms
    assert shown != ENGLISH.t(key, exercises=count)


def test_the_certificate_is_dated_in_welsh(
    phone: Page, welsh_site: tuple[str, Path]
) -> None:
    base, site = welsh_site
    phone.clock.set_fixed_time(datetime.datetime(2026, 12, 6, 10, 0))
    phone.goto(base + "index.html")
    phone.evaluate("([key, value]) => localStorage.setItem(key, value)",
                   [KEY, progress_with(lessons(site))])
    phone.goto(base + "certificate.html")
    phone.locator("#four-certificate-name").fill("Siân")
    date = phone.locator("[data-four-certificate-date]")
    expect(date).to_have_text(WELSH.date(datetime.date(2026, 12, 6)))
    expect(date).to_contain_text("Rhagfyr")
