"""The classroom view on a projector: one scenario at a time, answers behind Reveal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import PROJECTS, copy_project, run_mkdocs_build

from .conftest import describe, run_axe


@pytest.fixture(scope="module")
def classroom_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("classroom")
    project = copy_project("sample", folder)
    (project / "docs" / "classroom.md").write_text("# Classroom view\n\n[[classroom]]\n")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - Plain: plain.md", "  - Plain: plain.md\n  - Classroom view: classroom.md"
        )
    )
    result = run_mkdocs_build(config, folder / "site")
    assert result.returncode == 0, result.stderr
    assert PROJECTS.is_dir()
    return folder / "site"


def open_classroom(page: Page, url: str) -> None:
    page.goto(url + "classroom/")
    expect(page.get_by_role("button", name="Reveal answers")).to_be_visible()


def visible_title(page: Page) -> str:
    return page.locator("[data-four-slide]:visible h2").inner_text()


def test_one_scenario_at_a_time_with_buttons_and_arrow_keys(
    page: Page, serve: Callable[..., str], classroom_site: Path
) -> None:
    open_classroom(page, serve(classroom_site))
    # The sample is built as the school edition: its three school scenarios show first.
    expect(page.get_by_text("Scenario 1 of 3")).to_be_visible()
    expect(page.locator("[data-four-slide]:visible")).to_have_count(1)
    assert visible_title(page) == "Messages after a match"
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Scenario 2 of 3")).to_be_visible()
    assert visible_title(page) == "Asked once"
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("Scenario 3 of 3")).to_be_visible()
    page.keyboard.press("ArrowRight")  # already at the end: stays
    expect(page.get_by_text("Scenario 3 of 3")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_text("Scenario 2 of 3")).to_be_visible()
    page.get_by_role("button", name="Previous").click()
    assert visible_title(page) == "Messages after a match"


def test_answers_stay_hidden_until_reveal_and_the_tally_comes_first(
    page: Page, serve: Callable[..., str], classroom_site: Path
) -> None:
    open_classroom(page, serve(classroom_site))
    slide = page.locator("[data-four-slide]:visible")
    expect(slide.get_by_text("Forty messages in a week is a lot of effort")).to_be_hidden()
    # Vote, then reveal: the hands-up boxes are there before any answer is.
    hands = slide.get_by_role("spinbutton", name="Fixated")
    hands.fill("12")
    slide.get_by_role("spinbutton", name="Not stalking").fill("3")
    expect(slide.get_by_text("Forty messages in a week is a lot of effort")).to_be_hidden()
    reveal = page.get_by_role("button", name="Reveal answers")
    expect(reveal).to_have_attribute("aria-expanded", "false")
    reveal.click()
    expect(slide.get_by_text("Forty messages in a week is a lot of effort")).to_be_visible()
    expect(slide).to_contain_text("Overall: Likely stalking.")
    expect(hands).to_have_value("12")
    expect(page.get_by_role("button", name="Hide answers")).to_have_attribute(
        "aria-expanded", "true"
    )
    # Moving on hides the answers again; typing in the tally never moves the slide.
    hands.press("ArrowRight")
    expect(page.get_by_text("Scenario 1 of 3")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(
        page.locator("[data-four-slide]:visible").get_by_text("One question is not")
    ).to_be_hidden()


def test_filters_choose_scenarios_by_edition_and_setting(
    page: Page, serve: Callable[..., str], classroom_site: Path
) -> None:
    open_classroom(page, serve(classroom_site))
    page.get_by_label("Setting").select_option("online")
    expect(page.get_by_text("Scenario 1 of 1")).to_be_visible()
    assert visible_title(page) == "Messages after a match"
    page.get_by_label("Setting").select_option("")
    page.get_by_label("Edition").select_option("university")
    expect(page.get_by_text("Scenario 1 of 1")).to_be_visible()
    page.get_by_label("Setting").select_option("school")
    expect(page.get_by_text("No scenarios match these choices.")).to_be_visible()
    # Only settings are offered: a tag like "peer" says nothing about where a story happens.
    values = page.get_by_label("Setting").locator("option").evaluate_all(
        "options => options.map(o => o.value)")
    assert values == ["", "gaming", "online", "school"]


def test_nothing_is_kept_after_a_reload(
    page: Page, serve: Callable[..., str], classroom_site: Path
) -> None:
    open_classroom(page, serve(classroom_site))
    page.locator("[data-four-slide]:visible").get_by_role("spinbutton", name="Fixated").fill("7")
    storage = page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert "7" not in storage.replace("four-lessons", "")
    page.reload()
    expect(page.get_by_role("button", name="Reveal answers")).to_be_visible()
    page.get_by_role("button", name="Reveal answers").click()
    expect(
        page.locator("[data-four-slide]:visible").get_by_role("spinbutton", name="Fixated")
    ).to_have_value("0")


def test_with_scripts_off_every_slide_reads_with_its_answers(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], classroom_site: Path
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(serve(classroom_site) + "classroom/")
    expect(page.locator("[data-four-slide]")).to_have_count(3)
    expect(page.get_by_text("Forty messages in a week is a lot of effort")).to_be_visible()
    expect(page.get_by_role("button", name="Reveal answers")).to_be_hidden()


def test_axe_finds_nothing_on_the_classroom_view_after_reveal(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], classroom_site: Path
) -> None:
    url = serve(classroom_site)
    for scheme in ("light", "dark"):
        page = new_context(color_scheme=scheme).new_page()
        open_classroom(page, url)
        page.get_by_role("button", name="Reveal answers").click()
        violations = run_axe(page)
        assert violations == [], f"{scheme}: {describe(violations)}"
