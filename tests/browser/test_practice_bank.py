"""The practice bank's bar after some practice (issue 24): "left" counts only the stories not
answered yet, a chosen setting holds in both views, and "Next scenario" after the last story
goes back to one still to do.

Stories are read from the built page, so the test follows the bank's content as it grows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect

from .test_course_flow import learner, progress_with, visible_exercises

STORIES = ".four-practice [data-four-scenario]"


def bank(page: Page) -> tuple[list[str], dict[str, list[str]]]:
    """Every story's id in page order, and each setting's stories by its heading's text."""
    ids = page.locator(STORIES).evaluate_all("els => els.map(e => e.dataset.fourScenario)")
    settings = page.locator(".four-practice h2").evaluate_all("""hs => hs.map(h => {
        const ids = [];
        for (let n = h.nextElementSibling; n && n.tagName !== 'H2'; n = n.nextElementSibling) {
            const all = [n, ...n.querySelectorAll('[data-four-scenario]')];
            all.filter(e => e.dataset.fourScenario).forEach(e => ids.push(e.dataset.fourScenario));
        }
        return [h.textContent.replace('¶', '').trim(), ids];
    })""")
    return ids, {title: found for title, found in settings if found}


def bar_status(page: Page) -> Locator:
    """The bar's live region: "Scenario 3 of 17, 14 left." or "Showing all ..."."""
    return page.get_by_role("status").filter(has_text=re.compile(r"^(Scenario \d|Showing all)"))


def answered(ids: list[str]) -> str:
    """Stored progress in which the practice stories `ids` are answered."""
    return progress_with([["practice", "practice.html", ids, 0]])


def test_left_counts_only_the_stories_not_answered_yet(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site, csp=True)
    page = learner(new_context, base)
    page.goto(base + "practice.html")
    ids, _ = bank(page)
    total = len(ids)
    assert total > 10
    done = [*ids[:3], ids[5]]  # as after the lessons: some answered, not all in a row
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  ["four-lessons:four-lessons-stalking", answered(done)])
    page.reload()
    status = bar_status(page)

    # It opens at the first story not answered; "left" leaves out the four answered.
    expect(status).to_have_text(f"Scenario 4 of {total}, {total - 5} left.")
    expect(visible_exercises(page)).to_have_attribute("data-four-scenario", ids[3])
    page.get_by_role("button", name="Next scenario").click()
    expect(status).to_have_text(f"Scenario 5 of {total}, {total - 5} left.")
    # An answered story shown: every story not answered is left.
    page.get_by_role("button", name="Next scenario").click()
    expect(status).to_have_text(f"Scenario 6 of {total}, {total - 4} left.")
    expect(visible_exercises(page)).to_have_attribute("data-four-scenario", ids[5])

    # Answering the story shown leaves the count as it is: it was never counted.
    page.get_by_role("button", name="Next scenario").click()
    story = visible_exercises(page)
    story.get_by_role("checkbox", name="Repeated").check()
    story.get_by_role("radio", name="Not stalking").check()
    story.get_by_role("button", name="Check").click()
    expect(story.get_by_role("status")).to_contain_text("out of 5")
    expect(status).to_have_text(f"Scenario 7 of {total}, {total - 5} left.")
    page.get_by_role("button", name="Next scenario").click()
    expect(status).to_have_text(f"Scenario 8 of {total}, {total - 6} left.")


def test_a_chosen_setting_holds_in_both_views_and_next_goes_back_to_what_is_left(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site, csp=True)
    page = learner(new_context, base)
    page.goto(base + "practice.html")
    ids, settings = bank(page)
    title, stories = max(settings.items(), key=lambda item: len(item[1]))
    assert len(stories) >= 3, settings
    # Everything answered but the setting's first story and its second.
    done = [i for i in ids if i not in stories[:2]]
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  ["four-lessons:four-lessons-stalking", answered(done)])
    page.reload()
    status = bar_status(page)
    choice = page.get_by_label("Choose a setting")
    count = len(stories)

    choice.select_option(label=f"{title} ({count})")
    expect(status).to_have_text(f"Scenario 1 of {count}, 1 left.")
    # Show all lists the chosen setting's stories, and the choice stays in the bar.
    page.get_by_role("button", name="Show all scenarios").click()
    expect(visible_exercises(page)).to_have_count(count)
    expect(status).to_have_text(
        f"Showing all {count} scenarios in {title}.")
    expect(choice).to_be_visible()
    value = choice.locator("option", has_text=title).get_attribute("value")
    assert value is not None, title
    expect(choice).to_have_value(value)
    choice.select_option(index=0)
    expect(visible_exercises(page)).to_have_count(len(ids))
    expect(status).to_have_text(f"Showing all {len(ids)} scenarios.")
    choice.select_option(label=f"{title} ({count})")
    expect(visible_exercises(page)).to_have_count(count)

    # Back to one at a time, in the same setting, at its first story not answered.
    page.get_by_role("button", name="Show one at a time").click()
    expect(status).to_have_text(f"Scenario 1 of {count}, 1 left.")
    expect(visible_exercises(page)).to_have_count(1)
    for number in range(2, count + 1):
        page.get_by_role("button", name="Next scenario").click()
        left = 1 if number == 2 else 2  # the story shown is not counted
        expect(status).to_have_text(f"Scenario {number} of {count}, {left} left.")
    # After the last story, Next goes back to the first one not answered.
    page.get_by_role("button", name="Next scenario").click()
    expect(status).to_have_text(f"Scenario 1 of {count}, 1 left.")
    expect(visible_exercises(page)).to_have_attribute("data-four-scenario", stories[0])
    expect(visible_exercises(page).locator(".four-exercise__title")).to_be_focused()
    expect(page.get_by_text("That was the last scenario here.")).to_be_hidden()


def test_with_everything_answered_the_end_of_a_setting_says_so(
    new_context: Callable[..., BrowserContext], serve: Callable[..., str], course_site: Path
) -> None:
    base = serve(course_site, csp=True)
    page = learner(new_context, base)
    page.goto(base + "practice.html")
    ids, settings = bank(page)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  ["four-lessons:four-lessons-stalking", answered(ids)])
    page.reload()
    status = bar_status(page)
    expect(status).to_have_text(f"Scenario 1 of {len(ids)}, none left.")
    title, stories = min(settings.items(), key=lambda item: len(item[1]))
    page.get_by_label("Choose a setting").select_option(label=f"{title} ({len(stories)})")
    for _ in stories[1:]:
        page.get_by_role("button", name="Next scenario").click()
    expect(status).to_have_text(f"Scenario {len(stories)} of {len(stories)}, none left.")
    expect(page.get_by_role("button", name="Next scenario")).to_be_hidden()
    expect(page.get_by_text("That was the last scenario here.")).to_be_visible()
