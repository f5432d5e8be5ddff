"""The pupil worksheet printed from the staff site, as a teacher prints it (issue 12).

Chromium prints the page to PDF on A4 and on US Letter; the pages are counted in the PDF
itself. What a pupil sees on paper is checked with the print media emulated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import describe, run_axe

SCENARIOS = 4


def open_worksheet(page: Page, url: str) -> None:
    page.goto(url + "staff/worksheets.html")
    exercises = page.locator("[data-four-scenario]")
    expect(exercises).to_have_count(SCENARIOS)
    for n in range(SCENARIOS):  # every exercise has its boxes to tick
        expect(exercises.nth(n).get_by_role("checkbox", name="Fixated")).to_be_visible()


def pages(pdf: bytes) -> int:
    """The number of pages in a PDF: its page objects (not the /Pages tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_worksheet_prints_on_two_pages(
    page: Page, staff_url: str, paper: str, tmp_path: Path
) -> None:
    open_worksheet(page, staff_url)
    pdf = page.pdf(format=paper)
    (tmp_path / f"worksheet-{paper}.pdf").write_bytes(pdf)  # kept for a look when it fails
    assert pdf.startswith(b"%PDF")
    assert 1 <= pages(pdf) <= 2, f"{paper}: {pages(pdf)} pages"


def test_on_paper_a_pupil_gets_a_name_line_the_stories_and_no_staff_text(
    page: Page, staff_url: str
) -> None:
    open_worksheet(page, staff_url)
    name_line = page.locator(".four-worksheet__name")
    expect(name_line).to_be_hidden()  # on screen it would only get in the way
    page.emulate_media(media="print")
    expect(name_line).to_be_visible()
    expect(name_line).to_contain_text("Name")
    expect(name_line).to_contain_text("Date")
    # No staff text, no answers, no buttons, and none of the site's chrome.
    note = page.locator(".four-staff-note")
    expect(note).to_contain_text("For staff")
    expect(note).to_be_hidden()
    for hidden in (".four-exercise__answers", ".four-exercise__actions", "[data-four-topbar]",
                   ".md-header", ".md-sidebar--primary", ".md-footer"):
        for n in range(page.locator(hidden).count()):
            expect(page.locator(hidden).nth(n)).to_be_hidden()
    exercises = page.locator("[data-four-scenario]")
    for n in range(SCENARIOS):
        exercise = exercises.nth(n)
        expect(exercise.locator(".four-exercise__title")).to_be_visible()
        expect(exercise.locator(".four-exercise__story")).to_be_visible()
        expect(exercise.get_by_role("radio", name="Not stalking")).to_be_visible()
    # Lines to write on under each story, and each story kept whole on one page.
    items = page.locator(".four-worksheet__item")
    assert items.count() >= SCENARIOS
    for n in range(items.count()):
        assert items.nth(n).evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    expect(page.locator(".four-worksheet__lines").first).to_be_visible()
    # The help box stays on the sheet.
    expect(page.get_by_role("heading", name="Where I could get help")).to_be_visible()
    page.emulate_media(media="screen")
    expect(note).to_be_visible()


def test_the_answer_key_is_a_separate_staff_page(page: Page, staff_url: str) -> None:
    open_worksheet(page, staff_url)
    page.locator(".four-staff-note").get_by_role("link", name="answer key").click()
    expect(page).to_have_url(re.compile(r"staff/answer-key\.html$"))
    expect(page.get_by_role("heading", name=re.compile("Exercise 1"))).to_be_visible()


def test_axe_finds_nothing_on_the_worksheet(
    new_context: Callable[..., BrowserContext], staff_url: str
) -> None:
    for scheme in ("light", "dark"):
        page = new_context(color_scheme=scheme).new_page()
        open_worksheet(page, staff_url)
        violations = run_axe(page)
        assert violations == [], f"{scheme}: {describe(violations)}"
