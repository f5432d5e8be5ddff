"""The quick exit, the top bar and print, in a real Chromium, used as a learner would.

The test site's exit address is a neutral stub page on the same 127.0.0.1 server, so a
test can follow the exit to its end without any request leaving this machine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, Route, expect

from .conftest import SiteServer, describe, run_axe
from .safe_sites import EXIT_STUB, build, sample_copy

EXIT_NAME = "Exit this page"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample, served first and then built for its address (instant navigation on)."""
    tmp = tmp_path_factory.mktemp("quick-exit")
    (tmp / "site").mkdir()
    server = SiteServer(tmp / "site")
    project = sample_copy(tmp, exit_url=server.url + EXIT_STUB)
    yield server.url, build(project, tmp / "site", env={"FOUR_SITE_URL": server.url})
    server.close()


@pytest.fixture
def site(served: tuple[str, Path]) -> str:
    return served[0]


@pytest.fixture
def site_dir(served: tuple[str, Path]) -> Path:
    return served[1]


def exit_link(page: Page) -> Locator:
    return page.get_by_role("link", name=EXIT_NAME)


def status(page: Page) -> Locator:
    return page.locator("[data-four-exit-status]")


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    expect(exit_link(page)).to_be_visible()


def expect_left(page: Page, site: str, history_before: int) -> None:
    """The tab is on the exit page, and the page it left was replaced, not kept in history."""
    page.wait_for_url(site + EXIT_STUB)
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()
    assert page.evaluate("history.length") == history_before


def same_pages(page: Page, start: str) -> list[str]:
    """Every page of the site reachable by links from `start`, each visited once."""
    seen: list[str] = []
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        page.goto(url)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = href.split("#")[0]
            if (href.startswith(start) and href not in seen and not href.endswith(EXIT_STUB)
                    and (href.endswith("/") or href.endswith(".html"))):
                queue.append(href)
    return seen


# -- on every page ------------------------------------------------------------------------


def test_every_page_has_the_exit_and_links_to_help_and_progress(page: Page, site: str) -> None:
    pages = same_pages(page, site)
    assert {site, site + "second/", site + "plain/", site + "get-help/",
            site + "my-progress/"} <= set(pages)
    for url in pages:
        page.goto(url)
        link = exit_link(page)
        expect(link).to_have_count(1)
        expect(link).to_have_attribute("href", site + EXIT_STUB)
        expect(link).to_have_attribute("rel", "nofollow noreferrer")
        bar = page.locator("[data-four-topbar]")
        help_link = bar.get_by_role("link", name=re.compile("help|support", re.I))
        progress_link = bar.get_by_role("link", name=re.compile("progress", re.I))
        assert help_link.evaluate("a => a.href") == site + "get-help/", url
        assert progress_link.evaluate("a => a.href") == site + "my-progress/", url


def test_the_help_link_opens_the_help_page_from_a_nested_page(page: Page, site: str) -> None:
    open_page(page, site + "second/")
    page.locator("[data-four-topbar]").get_by_role("link", name="Get help").click()
    expect(page.get_by_role("heading", name="Get help", level=1)).to_be_visible()
    assert page.url == site + "get-help/"


PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 720}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_exit_stays_in_view_and_uncovered(
    new_context: Callable[..., BrowserContext], site: str, viewport: dict[str, int]
) -> None:
    phone = viewport["width"] < 500
    page = new_context(viewport=viewport, is_mobile=phone, has_touch=phone).new_page()
    open_page(page, site + "plain/")
    page.get_by_role("heading", name="Part 40").scroll_into_view_if_needed()
    assert page.evaluate("scrollY") > 1000

    def assert_on_top(when: str) -> None:
        box = exit_link(page).bounding_box()
        assert box is not None
        assert 0 <= box["y"] < 10, f"{when}: the exit scrolled away ({box})"
        assert box["height"] >= 44, f"{when}: the exit is too small to tap ({box})"
        hit = page.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y).closest('[data-four-exit]')",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert hit, f"{when}: something covers the exit"

    assert_on_top("scrolled")
    if phone:
        page.locator(".md-header__button[for=__drawer]").click()
        expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()
        assert_on_top("with the menu open")
        page.goto(site + "plain/")
        page.locator(".md-header__button[for=__search]").click()
    else:
        page.get_by_role("textbox", name="Search").click()
    expect(page.get_by_role("textbox", name="Search")).to_be_focused()
    page.keyboard.type("seasons")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert_on_top("with the search open")


# -- leaving -------------------------------------------------------------------------------


def test_the_button_hides_the_page_at_once_then_leaves(page: Page, site: str) -> None:
    open_page(page, site)
    # Hold the exit page back (204: the browser stays put) to see what the learner sees first.
    page.route(site + EXIT_STUB, lambda route: route.fulfill(status=204))
    with page.expect_request(site + EXIT_STUB):
        exit_link(page).click()
    overlay = page.get_by_role("alert")
    expect(overlay).to_have_text("Loading.")
    expect(overlay).to_be_visible()
    expect(page.locator(".md-container")).to_be_hidden()
    expect(page.locator(".md-header")).to_be_hidden()
    assert page.title() == "Loading"
    # Coming back to the page from the browser's cache takes the cover away again.
    page.evaluate("dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    expect(overlay).to_have_count(0)
    expect(page.locator(".md-container")).to_be_visible()
    assert page.title() == "Sample module"


def test_the_button_leaves_and_back_skips_the_page_it_left(page: Page, site: str) -> None:
    open_page(page, site)
    page.get_by_role("link", name="second lesson").click()
    page.wait_for_url(site + "second/")
    before = page.evaluate("history.length")
    exit_link(page).click()
    expect_left(page, site, before)
    page.go_back()
    assert page.url == site  # the lesson that was open is not in the tab's history
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(exit_link(page)).to_be_visible()


def test_escape_leaves(page: Page, site: str) -> None:
    open_page(page, site + "plain/")
    before = page.evaluate("history.length")
    page.keyboard.press("Escape")
    expect_left(page, site, before)


def test_shift_three_times_leaves_saying_how_many_presses_are_left(
    page: Page, site: str
) -> None:
    page.clock.install()
    open_page(page, site + "plain/")
    # The page's clock stands still unless the test moves it: the window between presses is
    # measured in the page's time, not in how long a busy machine takes between steps.
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    before = page.evaluate("history.length")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    page.clock.run_for(4999)  # each press may come up to 5 seconds after the last
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 1 more time to exit.")
    page.clock.run_for(4999)
    page.keyboard.press("Shift")
    expect_left(page, site, before)


def test_shift_twice_then_a_wait_of_five_seconds_does_not_leave(page: Page, site: str) -> None:
    page.clock.install()
    open_page(page, site + "plain/")
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 1 more time to exit.")
    page.clock.run_for(5001)
    expect(status(page)).to_have_text("Exit this page timed out.")
    page.keyboard.press("Shift")  # counts as the first press again
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    assert page.url == site + "plain/"
    page.clock.run_for(10_001)
    expect(status(page)).to_have_text("")
    expect(exit_link(page)).to_be_visible()


def test_shift_used_as_a_modifier_or_broken_by_another_key_does_not_count(
    page: Page, site: str
) -> None:
    open_page(page, site + "plain/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")  # Shift held for a capital letter
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    page.keyboard.press("Shift")
    page.keyboard.press("a")  # any other key starts the count again
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 1 more time to exit.")
    assert page.url == site + "plain/"
    expect(page.get_by_role("alert")).to_have_count(0)


def test_keys_typed_in_the_search_box_do_not_leave(page: Page, site: str) -> None:
    page.clock.install()
    open_page(page, site + "plain/")
    search = page.get_by_role("textbox", name="Search")
    search.click()
    page.keyboard.type("Escape")
    # Wait for the theme's answer to what was typed (its index is fetched when the search
    # opens: search-later.js).
    expect(page.locator(".md-search-result__meta")).to_contain_text("No matching")
    for _ in range(3):
        page.keyboard.press("Shift")
    expect(search).to_have_value("Escape")
    before = page.evaluate("history.length")
    page.keyboard.press("Escape")  # closes the search, and only that
    expect(page.locator("#__search")).not_to_be_checked()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(exit_link(page)).to_be_visible()
    assert page.url == site + "plain/"
    # One thing at a time: a second press right after it does nothing...
    page.keyboard.press("Escape")
    expect(page.get_by_role("alert")).to_have_count(0)
    assert page.url == site + "plain/"
    page.clock.fast_forward(1100)
    page.keyboard.press("Escape")  # ...a press a moment later is the quick exit again
    expect_left(page, site, before)


@pytest.mark.parametrize("opened_by", ["click", "key"])
def test_escape_closes_the_search_before_its_index_has_arrived(
    page: Page, site: str, opened_by: str
) -> None:
    """On a slow connection the search opens before its index arrives (it is fetched when
    the search opens: search-later.js): Escape then closes the search, and only that."""
    held: list[Route] = []
    page.route("**/search/search_index.json", lambda route: held.append(route))
    open_page(page, site + "plain/")
    search = page.get_by_role("textbox", name="Search")
    with page.expect_request("**/search/search_index.json"):  # asked for, held back here
        if opened_by == "click":
            search.click()
        else:
            page.keyboard.press("/")
    expect(page.locator("#__search")).to_be_checked()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(search).not_to_be_focused()
    expect(page.get_by_role("alert")).to_have_count(0)
    assert page.url == site + "plain/"
    held[0].continue_()
    # Once it has arrived the theme takes Escape itself, as before.
    search.click()
    page.keyboard.type("Escape")
    expect(page.locator(".md-search-result__meta")).to_contain_text("No matching")
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    assert page.url == site + "plain/"


def test_a_dialog_written_in_a_page_cannot_switch_off_the_quick_exit(
    page: Page, site: str
) -> None:
    """Only the module's own dialogs take Escape (they claim it in exit.js); an open
    <dialog> or aria-modal element in a lesson's content does not stop the quick exit, and
    nor does a presenter-mode marker written into a page."""
    open_page(page, site + "plain/")
    page.evaluate("""() => {
        const dialog = document.createElement('dialog');
        dialog.setAttribute('aria-label', 'Shared device');
        const button = document.createElement('button');
        button.textContent = 'Keep my progress';
        dialog.appendChild(button);
        document.body.appendChild(dialog);
        dialog.showModal();
    }""")
    page.evaluate("""() => {
        const modal = document.createElement('div');
        modal.setAttribute('aria-modal', 'true');
        modal.setAttribute('data-four-presenting', '');
        document.body.appendChild(modal);
    }""")
    dialog = page.get_by_role("dialog", name="Shared device")
    expect(dialog).to_be_visible()
    before = page.evaluate("history.length")
    page.keyboard.press("Escape")
    expect_left(page, site, before)


def test_shift_three_times_leaves_with_a_dialog_written_in_a_page_open(
    page: Page, site: str
) -> None:
    open_page(page, site + "plain/")
    page.evaluate("""() => {
        const dialog = document.body.appendChild(document.createElement('dialog'));
        dialog.appendChild(document.createElement('button')).textContent = 'OK';
        dialog.showModal();
    }""")
    before = page.evaluate("history.length")
    for _ in range(3):
        page.keyboard.press("Shift")
    expect_left(page, site, before)


def test_after_instant_navigation_the_keys_work_once_per_press(page: Page, site: str) -> None:
    open_page(page, site)
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="second lesson").click()
    page.wait_for_url(site + "second/")
    assert page.evaluate("window.__sameDocument === true"), "instant navigation was not used"
    page.keyboard.press("Shift")
    expect(status(page)).to_have_text("Shift, press 2 more times to exit.")
    before = page.evaluate("history.length")
    page.keyboard.press("Escape")
    expect_left(page, site, before)


def test_inside_a_frame_the_exit_leaves_the_whole_window(
    page: Page, site: str, site_dir: Path
) -> None:
    # As in an LMS, which shows the module in a frame of its own page.
    (site_dir / "lms.html").write_text(
        '<!doctype html><title>Course</title><iframe src="plain/" title="Lesson"></iframe>')
    page.goto(site + "lms.html")
    lesson = page.frame_locator("iframe")
    lesson.get_by_role("heading", name="Plain", level=1).click()
    page.keyboard.press("Escape")
    page.wait_for_url(site + EXIT_STUB)


def test_without_javascript_the_exit_is_a_plain_link_that_leaves(
    new_context: Callable[..., BrowserContext], site: str
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    open_page(page, site + "second/")
    expect(page.locator("[data-four-topbar]").get_by_role("link", name="Get help")).to_be_visible()
    exit_link(page).click()
    page.wait_for_url(site + EXIT_STUB)


# -- accessibility and print ---------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violation_with_the_top_bar(
    new_context: Callable[..., BrowserContext], site: str, scheme: str
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    open_page(page, site + "plain/")
    page.keyboard.press("Shift")  # the press counter lit up on the button
    expect(status(page)).not_to_be_empty()
    violations = run_axe(page)
    assert violations == [], describe(violations)


def test_printing_leaves_out_the_exit_the_bar_and_the_navigation(page: Page, site: str) -> None:
    open_page(page, site)
    page.emulate_media(media="print")
    for hidden in (exit_link(page), page.locator("[data-four-topbar]"),
                   page.locator(".md-sidebar--primary"), page.locator(".md-header"),
                   page.locator(".md-footer")):
        expect(hidden).to_be_hidden()
    # The exercise prints as a worksheet: the story and the boxes, no buttons or answers.
    exercise = page.locator('[data-four-scenario="messages-after-match"]')
    expect(exercise.get_by_role("checkbox", name="Fixated")).to_be_visible()
    expect(exercise.get_by_role("button", name="Check")).to_be_hidden()
    expect(exercise.locator("details")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(exit_link(page)).to_be_visible()


def test_the_page_source_has_no_inline_script_in_the_top_bar(site_dir: Path) -> None:
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    bar = html[html.index("data-four-topbar"):html.index('class="md-header__inner')]
    scripts = re.findall(r"<script\b[^>]*>", bar)
    assert len(scripts) == 1 and re.fullmatch(r'<script src="assets/four/four\.[0-9a-f]{8}\.js">',
                                              scripts[0])
    assert not re.search(r"\son[a-z]+=", bar)


# -- what a page cannot do to the exit (issue 21, robustness N2) ----------------------------


def test_shift_three_times_leaves_even_with_a_modal_dialog_open(page: Page, site: str) -> None:
    """A dialog or an aria-modal element made the page ignore Shift x3: a page (or a
    plugin) could switch the exit's keys off. Only typing in a field stops them now."""
    open_page(page, site + "plain/")
    page.evaluate("""() => {
        const dialog = document.createElement('dialog');
        dialog.setAttribute('aria-label', 'Anything');
        dialog.setAttribute('aria-modal', 'true');
        const button = document.createElement('button');
        button.textContent = 'A button';
        dialog.appendChild(button);
        document.body.appendChild(dialog);
        dialog.showModal();
    }""")
    expect(page.get_by_role("dialog", name="Anything")).to_be_visible()
    before = page.evaluate("history.length")
    for _ in range(3):
        page.keyboard.press("Shift")
    expect_left(page, site, before)


@pytest.mark.parametrize("classes", ["four-exit-overlay", "md-header md-header--shadow",
                                     "md-overlay", "md-dialog md-dialog--active"])
def test_nothing_the_site_can_position_covers_the_exit(
    page: Page, site: str, classes: str
) -> None:
    """The exit's header sits above every layer the site's own styles can make: a page
    may not use these classes (the build refuses them), and were one to slip through, it
    would still lie under the exit."""
    open_page(page, site + "plain/")
    page.evaluate("""(classes) => {
        const cover = document.createElement('div');
        cover.className = classes;
        cover.textContent = 'Something on top';
        Object.assign(cover.style, {position: 'fixed', inset: '0', zIndex: '2147483646'});
        document.querySelector('article').appendChild(cover);
    }""", classes)
    box = exit_link(page).bounding_box()
    assert box is not None
    hit = page.evaluate(
        "([x, y]) => !!document.elementFromPoint(x, y).closest('[data-four-exit]')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert hit, "something covers the exit"
    before = page.evaluate("history.length")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect_left(page, site, before)
