"""Local progress in a real Chromium, used as a learner would (issue 3).

The `progress` sample module has three lessons (one exercise; an exercise and a
knowledge check; reading only), a practice page, My progress, the certificate and privacy.
Faults are injected with `add_init_script`, before any of the page's own scripts run.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import BrowserContext, FilePayload, Locator, Page, expect

from conftest import PROJECTS, ROOT, copy_project, run_mkdocs_build

from .conftest import describe, run_axe, served_at_its_own_address

KEY = "four-lessons:progress-sample"
BLOCKED_NOTE = (
    "Your progress can't be saved in this browser, so it will be lost when you close or "
    "reload this page."
)
CORRUPT_NOTE = (
    "Your saved progress couldn't be read, so it has started again. What was saved is kept: "
    "you can download it from My progress."
)
PARTIAL_NOTE = (
    "Part of your saved progress couldn't be read, so it is left out. What was saved is kept: "
    "you can download it from My progress."
)
COPY_KEY = KEY + ":unreadable"
NEWER_NOTE = (
    "Your progress was saved by a newer version of this module and can't be changed here. "
    "New answers will be lost when you close or reload this page."
)
UNCHANGED = " Nothing was changed."
NO_PROGRESS = "This file holds no progress that this module can read." + UNCHANGED
NOT_PROGRESS = (
    "This file isn't a progress file from this module. Choose the file that Export saved."
    + UNCHANGED
)
ANSWER = {"elements": ["repeated"], "judgement": "likely-stalking", "score": 2, "max": 5,
          "at": 1_700_000_000_000}


# -- fixtures and helpers ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def progress_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("progress") / "site"
    result = run_mkdocs_build(PROJECTS / "progress" / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The progress module built for the address it is served at, so Material's instant
    navigation is on (it only navigates to pages its sitemap lists under that address)."""
    with served_at_its_own_address("progress", tmp_path_factory.mktemp("progress-instant")) as url:
        yield url


@pytest.fixture(scope="session")
def two_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two builds of the progress module with different module ids, side by side under one
    root, as two modules on one intranet host (same origin, so the same storage)."""
    work = tmp_path_factory.mktemp("two-modules")
    root = work / "root"
    for module_id in ("alpha", "beta"):
        project = copy_project("progress", work / module_id)
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("module_id: progress-sample",
                                                     f"module_id: {module_id}"))
        result = run_mkdocs_build(config, root / module_id)
        assert result.returncode == 0, result.stderr
        shutil.rmtree(project)
    return root


@pytest.fixture
def url(serve: Callable[..., str], progress_site: Path) -> str:
    return serve(progress_site)


@pytest.fixture
def errors(page: Page) -> Iterator[list[str]]:
    """Uncaught errors and dialogs on `page`; the test fails if there are any."""
    seen: list[str] = []
    watch(page, seen)
    yield seen
    assert seen == []


def watch(page: Page, seen: list[str]) -> None:
    page.on("pageerror", lambda error: seen.append(f"error: {error}"))

    def dialog(d: Any) -> None:
        seen.append(f"dialog: {d.type} {d.message}")
        d.dismiss()

    page.on("dialog", dialog)


def answer(page: Page, scenario: str, ticks: tuple[str, ...], judgement: str) -> Locator:
    found = page.locator(f'[data-four-scenario="{scenario}"]')
    for name in ticks:
        found.get_by_role("checkbox", name=name).check()
    found.get_by_role("radio", name=judgement, exact=True).check()
    found.get_by_role("button", name="Check").click()
    expect(found.get_by_role("status")).to_contain_text("out of 5.")
    return found


def answer_lesson_one(page: Page, url: str) -> None:
    page.goto(url + "lessons/one/")
    answer(page, "messages-after-match", ("Fixated", "Obsessive", "Unwanted", "Repeated"),
           "Likely stalking")


def answer_lesson_two(page: Page, url: str, quiz: bool = True) -> None:
    page.goto(url + "lessons/two/")
    answer(page, "asked-once", (), "Not stalking")
    if quiz:
        answer_quiz(page)


def answer_quiz(page: Page, choice: str = "Repeated") -> None:
    quiz = page.locator(".quiz")
    quiz.get_by_label(choice, exact=True).check()
    quiz.get_by_role("button", name="Submit").click()
    expect(quiz.locator(".quiz-feedback")).to_be_visible()


def read_to_the_end(page: Page, url: str) -> None:
    page.goto(url + "lessons/reading/")
    page.get_by_role("button", name="Mark this page as done").scroll_into_view_if_needed()
    expect(page.get_by_role("button", name="Mark this page as done")).to_have_attribute(
        "aria-pressed", "true")


def nav_link(page: Page, name: str) -> Locator:
    """A link in the site navigation, by its whole accessible name (visible links only: on a
    lesson, where the Lessons section is open)."""
    return page.locator(".md-nav--primary").get_by_role("link", name=name, exact=True)


def nav_tick(page: Page, title: str) -> Locator:
    """The completed mark of a lesson's link, wherever the navigation is (open or not)."""
    return page.locator(".md-nav--primary a.md-nav__link", has_text=title).locator(".four-nav-done")


def status_of(page: Page, title: str) -> Locator:
    """The status of a lesson, exercise or knowledge check on the progress page, by title."""
    lines = page.locator(".four-progress__page-title, [data-four-exercise], [data-four-quizzes]")
    line = lines.filter(has_text=re.compile(r"^\s*" + re.escape(title) + r"(\s|$)"))
    return line.locator("[data-four-status]")


def stored_raw(page: Page, key: str = KEY) -> str | None:
    value = page.evaluate("key => localStorage.getItem(key)", key)
    return None if value is None else str(value)


def stored(page: Page, key: str = KEY) -> Any:
    raw = page.evaluate("key => localStorage.getItem(key)", key)
    return json.loads(raw) if raw else None


def seed(value: str, key: str = KEY) -> str:
    """An init script that puts `value` in storage once, before the first page's scripts."""
    return (
        "if (!sessionStorage.getItem('seeded')) {"
        f" localStorage.setItem({json.dumps(key)}, {json.dumps(value)});"
        " sessionStorage.setItem('seeded', '1'); }"
    )


def progress_file(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "four-lessons-progress", "version": 2, "module": "progress-sample",
        "exported": "2026-11-01T10:00:00.000Z",
        "exercises": {"messages-after-match": dict(ANSWER)}, "pages": {},
    }
    data.update(changes)
    return data


def import_file(page: Page, content: str | bytes, mode: str = "merge") -> None:
    if mode == "replace":
        page.get_by_label("Replace it with the file's progress").check()
    buffer = content.encode() if isinstance(content, str) else content
    upload: FilePayload = {
        "name": "progress.json", "mimeType": "application/json", "buffer": buffer}
    page.get_by_label("Import").set_input_files(files=[upload])


# -- the progress page ------------------------------------------------------------------------

def test_progress_page_lists_every_lesson_and_exercise_with_its_status(
    page: Page, url: str, errors: list[str]
) -> None:
    page.goto(url + "my-progress/")
    expect(page.locator("[data-four-summary]")).to_have_text(
        "You have completed 0 of 3 lessons. You have answered 0 of 2 exercises in them.")
    for title in ("1. Messages", "2. At school", "3. Reading", "Messages after a match",
                  "Asked once", "Knowledge check", "Gifts at work"):
        expect(status_of(page, title)).to_have_text("Not started")
    expect(page.get_by_label("Lessons completed")).to_have_attribute("max", "3")
    expect(page.get_by_label("Lessons completed")).to_have_js_property("value", 0)
    start = page.get_by_role("link", name="Start with the first lesson: 1. Messages")
    expect(start).to_have_attribute("href", re.compile(r"lessons/one/$"))
    expect(page.get_by_role("button", name="Export")).to_be_visible()
    expect(page.get_by_label("Import")).to_have_attribute("type", "file")
    expect(page.get_by_role("button", name="Reset")).to_be_visible()
    expect(page.get_by_role("link", name="See your certificate")).to_have_count(0)


def test_with_scripts_off_the_progress_page_still_lists_everything(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(url + "my-progress/")
    lessons = page.locator(".four-progress__list").first
    expect(lessons.get_by_role("link")).to_have_text(["1. Messages", "2. At school", "3. Reading"])
    expect(lessons).to_contain_text("Messages after a match")
    expect(lessons).to_contain_text("Knowledge check")
    expect(page.locator("[data-four-summary]")).to_have_text(
        "Your progress is kept by your browser, on this device. Turn on JavaScript to see it here.")
    expect(page.get_by_role("button", name="Reset")).to_be_hidden()


def test_an_answer_marks_the_lesson_done_in_the_navigation_and_on_the_progress_page(
    page: Page, url: str, errors: list[str]
) -> None:
    page.goto(url + "lessons/one/")
    expect(nav_link(page, "1. Messages")).to_be_visible()
    answer(page, "messages-after-match", ("Fixated", "Repeated"), "Likely stalking")
    # The navigation says so in the link's accessible name, and shows a tick.
    done = nav_link(page, "1. Messages (completed)")
    expect(done).to_be_visible()
    expect(done.locator(".four-nav-done [aria-hidden=true]")).to_have_text("\u2713")
    expect(nav_link(page, "2. At school")).to_be_visible()

    page.reload()  # the answer and its feedback come back, with the done state
    found = page.locator('[data-four-scenario="messages-after-match"]')
    expect(found.get_by_role("status")).to_contain_text("You got 3 out of 5.")
    expect(found.get_by_role("button", name="Try again")).to_be_visible()
    expect(nav_link(page, "1. Messages (completed)")).to_be_visible()

    page.goto(url + "my-progress/")
    expect(status_of(page, "1. Messages")).to_have_text("Completed")
    expect(status_of(page, "Messages after a match")).to_have_text("Done: 3 out of 5")
    expect(page.locator("[data-four-summary]")).to_have_text(
        "You have completed 1 of 3 lessons. You have answered 1 of 2 exercises in them.")
    expect(page.get_by_label("Lessons completed")).to_have_js_property("value", 1)
    expect(page.get_by_label("Exercises answered")).to_have_js_property("value", 1)
    expect(page.locator("[data-four-score]")).to_have_text(
        "Your score in the FOUR exercises so far: 3 out of 5 (60%). "
        "Knowledge checks right: 0 of 1.")


def test_a_knowledge_check_counts_towards_its_lesson(
    page: Page, url: str, errors: list[str]
) -> None:
    answer_lesson_two(page, url, quiz=False)
    expect(nav_link(page, "2. At school")).to_be_visible()  # the check is still to do
    answer_quiz(page, "Unwanted")  # wrong, but answered
    expect(nav_link(page, "2. At school (completed)")).to_be_visible()
    page.goto(url + "my-progress/")
    expect(status_of(page, "Knowledge check")).to_have_text("1 of 1 answered, 0 right")
    expect(status_of(page, "2. At school")).to_have_text("Completed")
    # "Try again" on the quiz does not take back an answer once given.
    page.goto(url + "lessons/two/")
    page.locator(".quiz").get_by_role("button", name="Try Again").click()
    expect(page.locator(".quiz .quiz-feedback")).to_be_hidden()
    expect(nav_link(page, "2. At school (completed)")).to_be_visible()


def test_a_reading_lesson_is_done_at_its_end_or_with_its_button(
    page: Page, url: str, errors: list[str]
) -> None:
    page.goto(url + "lessons/reading/")
    button = page.get_by_role("button", name="Mark this page as done")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(nav_link(page, "3. Reading")).to_be_visible()
    button.scroll_into_view_if_needed()  # reaching the end counts
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-four-end-status]")).to_have_text("You have finished this page.")
    expect(nav_link(page, "3. Reading (completed)")).to_be_visible()
    button.click()  # undone...
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(page.locator("[data-four-end-status]")).to_have_text("")
    expect(nav_link(page, "3. Reading")).to_be_visible()
    button.press("Enter")  # ...and done again, by keyboard
    expect(button).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(nav_link(page, "3. Reading (completed)")).to_be_visible()


def test_continue_where_you_left_off(page: Page, url: str, errors: list[str]) -> None:
    answer_lesson_one(page, url)
    page.goto(url + "lessons/two/")
    page.goto(url + "my-progress/")
    link = page.get_by_role("link", name="Continue: 2. At school")
    expect(link).to_have_attribute("href", re.compile(r"lessons/two/$"))
    link.click()
    expect(page).to_have_url(url + "lessons/two/")
    kept = stored(page)
    assert kept["pages"]["lessons/two"]["seen"] > 0  # opened: the menu shows it...
    assert "last" not in kept  # ...but which lesson was opened last is not kept


def test_the_lesson_opened_last_kept_by_an_earlier_release_goes_at_the_next_save(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    """The privacy page lists what this browser keeps; the lesson opened last, which an
    earlier release kept and nothing used, is not on it."""
    context = new_context()
    context.add_init_script(seed(complete("lessons/one", last="lessons/one")))
    page = context.new_page()
    page.goto(url + "lessons/two/")
    expect(nav_link(page, "1. Messages (completed)")).to_be_visible()
    page.wait_for_function("k => !JSON.parse(localStorage.getItem(k)).last", arg=KEY)
    kept = stored(page)
    assert kept["pages"]["lessons/one"]["done"] is True  # the rest is kept
    assert kept["pages"]["lessons/two"]["seen"] > 0


def test_reset_is_confirmed_in_the_page_and_clears_everything(
    page: Page, url: str, errors: list[str]
) -> None:
    answer_lesson_one(page, url)
    answer_lesson_two(page, url)
    assert page.evaluate("Object.keys(localStorage).some(k => k.startsWith('quiz_progress_'))")
    page.goto(url + "my-progress/")
    reset = page.get_by_role("button", name="Reset")
    reset.click()
    question = page.get_by_role("group", name="Delete all your progress in this module?")
    expect(question).to_be_visible()
    expect(reset).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#four-reset-question")).to_be_focused()
    question.get_by_role("button", name="Cancel").click()
    expect(question).to_be_hidden()
    expect(reset).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="Nothing was deleted.")).to_have_count(1)
    expect(status_of(page, "1. Messages")).to_have_text("Completed")

    # Escape stays the quick exit's: the confirmation is in the page, not a dialog.
    reset.click()
    question.get_by_role("button", name="Yes, delete my progress").click()
    expect(page.locator("[data-four-message]")).to_have_text(
        "Your progress in this module was deleted from this device.")
    expect(status_of(page, "1. Messages")).to_have_text("Not started")
    expect(status_of(page, "Knowledge check")).to_have_text("Not started")
    expect(nav_tick(page, "1. Messages")).to_have_count(0)
    assert stored(page) is None
    assert not page.evaluate("Object.keys(localStorage).some(k => k.startsWith('quiz_progress_'))")
    page.goto(url + "lessons/one/")
    found = page.locator('[data-four-scenario="messages-after-match"]')
    expect(found.get_by_role("button", name="Check")).to_be_visible()
    expect(found.get_by_role("status")).to_be_empty()


# -- export and import ------------------------------------------------------------------------

def test_export_then_import_on_another_device(
    new_context: Callable[..., BrowserContext], url: str, tmp_path: Path
) -> None:
    first = new_context().new_page()
    answer_lesson_one(first, url)
    answer_lesson_two(first, url)
    first.goto(url + "my-progress/")
    with first.expect_download() as info:
        first.get_by_role("button", name="Export").click()
    download = info.value
    today = datetime.date.today().isoformat()
    assert download.suggested_filename == f"progress-progress-sample-{today}.json"
    expect(first.locator("[data-four-message]")).to_have_text(
        f"Your progress was saved as the file progress-progress-sample-{today}.json. "
        "Import it on the other device.")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["format"] == "four-lessons-progress"
    assert (data["version"], data["module"]) == (2, "progress-sample")
    assert set(data["exercises"]) == {"messages-after-match", "asked-once"}
    assert data["pages"]["lessons/two"]["quiz"] == {"answered": 1, "correct": 1, "total": 1}

    # The other device has its own answer to the practice exercise: merging keeps both.
    second = new_context().new_page()
    seen: list[str] = []
    watch(second, seen)
    second.goto(url + "practice/")
    answer(second, "gifts-at-work", ("Fixated",), "Likely stalking")
    second.goto(url + "my-progress/")
    second.get_by_label("Import").set_input_files(saved)
    expect(second.locator("[data-four-message]")).to_have_text(
        "The file's progress was added: 2 exercises answered in it.")
    expect(status_of(second, "2. At school")).to_have_text("Completed")
    expect(status_of(second, "Gifts at work")).to_have_text("Done: 2 out of 5")
    expect(nav_tick(second, "1. Messages")).to_be_attached()

    # Replacing drops what was only here.
    second.get_by_label("Replace it with the file's progress").check()
    second.get_by_label("Import").set_input_files(saved)
    expect(second.locator("[data-four-message]")).to_have_text(
        "Your progress was replaced by the file's: 2 exercises answered in it.")
    expect(status_of(second, "Gifts at work")).to_have_text("Not started")
    expect(status_of(second, "Messages after a match")).to_have_text("Done: 5 out of 5")
    assert seen == []


def test_merging_keeps_the_newer_answer_to_each_exercise(
    page: Page, url: str, errors: list[str]
) -> None:
    answer_lesson_one(page, url)  # 5 out of 5, answered now
    page.goto(url + "my-progress/")
    older = progress_file()  # 2 out of 5, answered in 2023
    import_file(page, json.dumps(older))
    expect(status_of(page, "Messages after a match")).to_have_text("Done: 5 out of 5")
    newer_answer = {**ANSWER, "at": 4_000_000_000_000}
    import_file(page, json.dumps(progress_file(exercises={"messages-after-match": newer_answer})))
    expect(status_of(page, "Messages after a match")).to_have_text("Done: 2 out of 5")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ this is not JSON", NOT_PROGRESS),
        (json.dumps({"exercises": {}}), NOT_PROGRESS),
        (json.dumps(progress_file(version="2")), NOT_PROGRESS),
        (json.dumps(progress_file(module="another-module")),
         "This file holds progress for another module (\u201canother-module\u201d), not this one."
         + UNCHANGED),
        (json.dumps(progress_file(version=3)),
         "This file was saved by a newer version of this module, which this site can't read yet."
         + UNCHANGED),
        ("[" + "0," * 300_000 + "0]", "This file is too big to be a progress file." + UNCHANGED),
        (json.dumps(progress_file(exercises=[ANSWER])), NOT_PROGRESS),
        (json.dumps(progress_file(pages=[{"done": True}])), NOT_PROGRESS),
        (json.dumps(progress_file(exercises={"messages-after-match": {"score": 9}},
                                  pages={"lessons/one": 5, "__proto__": {"done": True}})),
         NO_PROGRESS),
        (json.dumps(progress_file(exercises={}, pages={})), NO_PROGRESS),
        ('{"format": "four-lessons-progress", "version": 2, "module": "progress-sample", '
         '"exercises": ' + "[" * 100_000 + "]" * 100_000 + "}", NOT_PROGRESS),
    ],
    ids=["broken", "not-progress", "bad-version", "foreign", "newer", "too-big",
         "exercises-array", "pages-array", "all-invalid", "empty", "deep-array"],
)
def test_a_file_that_is_broken_foreign_or_newer_changes_nothing(
    page: Page, url: str, errors: list[str], content: str, message: str
) -> None:
    answer_lesson_one(page, url)
    before = stored(page)
    page.goto(url + "my-progress/")
    import_file(page, content, mode="replace")
    expect(page.get_by_role("alert")).to_have_text(message)
    expect(page.locator("[data-four-message]")).to_have_text("")
    expect(status_of(page, "Messages after a match")).to_have_text("Done: 5 out of 5")
    assert stored(page)["exercises"] == before["exercises"]


def test_import_with_full_storage_says_nothing_was_saved_and_changes_nothing(
    page: Page, url: str, errors: list[str]
) -> None:
    answer_lesson_one(page, url)
    before = stored_raw(page)
    page.goto(url + "my-progress/")
    page.evaluate("() => { Storage.prototype.setItem = function () {"
                  " throw new DOMException('full', 'QuotaExceededError'); }; }")
    many = {f"scenario-{n}": dict(ANSWER) for n in range(50)}
    import_file(page, json.dumps(progress_file(exercises=many)), mode="replace")
    expect(page.get_by_role("alert")).to_have_text(
        "This browser's storage is full or blocked, so the file's progress couldn't be saved."
        + UNCHANGED)
    expect(page.locator("[data-four-message]")).to_have_text("")
    expect(status_of(page, "Messages after a match")).to_have_text("Done: 5 out of 5")
    page.reload()
    expect(status_of(page, "Messages after a match")).to_have_text("Done: 5 out of 5")
    assert stored_raw(page) == before


def test_a_hostile_file_is_never_run_as_html_and_cannot_pollute(
    page: Page, url: str, errors: list[str]
) -> None:
    page.goto(url + "my-progress/")
    trap = '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>'
    foreign = progress_file(module=trap)
    import_file(page, json.dumps(foreign))
    expect(page.get_by_role("alert")).to_contain_text(
        "This file holds progress for another module (\u201c<img src=x onerror=")
    hostile = (
        '{"format": "four-lessons-progress", "version": 2, "module": "progress-sample",'
        ' "__proto__": {"polluted": true},'
        ' "exercises": {"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}},'
        f' "{"a<b"}": {json.dumps(ANSWER)}, "asked-once": {json.dumps(ANSWER)},'
        ' "messages-after-match": {"elements": "<b>", "judgement": "likely-stalking",'
        ' "score": 9, "max": 5}},'
        ' "pages": {"__proto__": {"done": true}, "lessons/reading": {"done": true, "at": "x"}},'
        f' "last": {json.dumps(trap)}, "name": {json.dumps(trap)}}}'
    )
    import_file(page, hostile)
    expect(page.locator("[data-four-message]")).to_have_text(
        "The file's progress was added: 1 exercise answered in it (5 entries in it couldn't "
        "be read and were left out).")
    expect(status_of(page, "Asked once")).to_have_text("Done: 2 out of 5")
    expect(status_of(page, "Messages after a match")).to_have_text("Not started")
    expect(status_of(page, "3. Reading")).to_have_text("Completed")
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("({}).polluted") is None
    assert page.locator("img[src=x]").count() == 0
    kept = stored(page)
    assert set(kept["exercises"]) == {"asked-once"}
    assert set(kept["pages"]) == {"lessons/reading"}
    assert "last" not in kept
    assert kept["name"] == trap  # a string like any other name...
    # ...which, once every lesson is complete, the certificate shows as text.
    rest = progress_file(
        exercises={"messages-after-match": ANSWER},
        pages={"lessons/two": {"quiz": {"answered": 1, "correct": 1, "total": 1}}})
    import_file(page, json.dumps(rest))
    expect(status_of(page, "2. At school")).to_have_text("Completed")
    page.goto(url + "certificate/")
    expect(page.locator(".four-certificate__name")).to_have_text(trap)
    expect(page.get_by_label("Your name")).to_have_value(trap)
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.__pwned") is None


# -- faults in storage ------------------------------------------------------------------------

BLOCKED = (
    "Object.defineProperty(window, 'localStorage', {configurable: true, get() {"
    " throw new DOMException('The operation is insecure.', 'SecurityError'); }});"
)
FULL = (
    "Storage.prototype.setItem = function () {"
    " throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };"
)


def notices(page: Page) -> Locator:
    return page.locator(".md-content__inner > .admonition[role=status]")


def test_blocked_storage_keeps_the_page_working_in_memory_and_says_so_once(
    new_context: Callable[..., BrowserContext], instant_url: str
) -> None:
    url = instant_url
    context = new_context()
    context.add_init_script(BLOCKED)
    page = context.new_page()
    seen: list[str] = []
    watch(page, seen)
    page.goto(url + "lessons/one/")
    expect(notices(page)).to_have_text(BLOCKED_NOTE)
    answer(page, "messages-after-match", ("Repeated",), "Likely stalking")
    expect(nav_link(page, "1. Messages (completed)")).to_be_visible()
    expect(notices(page)).to_have_count(1)
    found = page.locator('[data-four-scenario="messages-after-match"]')
    found.get_by_role("button", name="Try again").click()
    answer(page, "messages-after-match", ("Fixated", "Repeated"), "Likely stalking")
    expect(notices(page)).to_have_count(1)  # said once, not at every save
    # Instant navigation keeps this visit's work, and the note is not repeated.
    page.evaluate("window.__same = true")
    nav_link(page, "My progress").click()
    expect(status_of(page, "Messages after a match")).to_have_text("Done: 3 out of 5")
    assert page.evaluate("window.__same") is True
    expect(notices(page)).to_have_count(0)
    # A full reload loses it, as the note said.
    page.reload()
    expect(status_of(page, "Messages after a match")).to_have_text("Not started")
    expect(notices(page)).to_have_text(BLOCKED_NOTE)
    assert seen == []


def test_full_storage_keeps_the_page_working_in_memory_and_says_so_once(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    context = new_context()
    context.add_init_script(FULL)
    page = context.new_page()
    seen: list[str] = []
    watch(page, seen)
    page.goto(url + "lessons/one/")
    found = answer(page, "messages-after-match", ("Repeated",), "Likely stalking")
    expect(notices(page)).to_have_text(BLOCKED_NOTE)
    expect(nav_link(page, "1. Messages (completed)")).to_be_visible()
    found.get_by_role("button", name="Try again").click()
    answer(page, "messages-after-match", ("Fixated",), "Likely stalking")
    expect(notices(page)).to_have_count(1)
    assert seen == []


def test_a_corrupt_stored_value_starts_afresh_and_is_replaced_by_the_next_answer(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    context = new_context()
    context.add_init_script(seed("{ not JSON"))
    page = context.new_page()
    seen: list[str] = []
    watch(page, seen)
    page.goto(url + "lessons/one/")
    expect(notices(page)).to_have_text(CORRUPT_NOTE)
    answer(page, "messages-after-match", ("Repeated",), "Likely stalking")
    page.reload()
    expect(notices(page)).to_have_count(0)
    expect(page.locator('[data-four-scenario="messages-after-match"]').get_by_role(
        "status")).to_contain_text("You got 2 out of 5.")
    assert seen == []


def test_invalid_entries_in_stored_progress_are_dropped_one_by_one_and_kept_in_a_copy(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    value = json.dumps({"version": 2, "module": "progress-sample", "exercises": {
        "messages-after-match": {**ANSWER, "score": 7},
        "asked-once": {**ANSWER, "judgement": "<script>"},
        "notes-in-bag": ANSWER, "removed-exercise": ANSWER}, "pages": "nonsense"})
    context = new_context()
    context.add_init_script(seed(value))
    page = context.new_page()
    page.goto(url + "my-progress/")
    expect(status_of(page, "Messages after a match")).to_have_text("Not started")
    expect(status_of(page, "Asked once")).to_have_text("Not started")
    expect(page.locator("[data-four-summary]")).to_contain_text("answered 0 of 2 exercises")
    expect(notices(page)).to_have_text(PARTIAL_NOTE)
    page.goto(url + "lessons/one/")
    answer(page, "messages-after-match", ("Repeated",), "Likely stalking")
    assert page.evaluate("k => localStorage.getItem(k)", COPY_KEY) == value
    assert set(stored(page)["exercises"]) == {"messages-after-match", "notes-in-bag",
                                              "removed-exercise"}
    page.reload()
    expect(notices(page)).to_have_count(0)  # what is stored now reads in full


@pytest.mark.parametrize(
    "value",
    [
        '{"version": 2, "module": "progress-sample", "exercises": {',
        "null", "[]", "5", '"text"',
        json.dumps({"version": "2", "module": "progress-sample", "exercises": {}}),
        json.dumps({"version": 2, "module": "another-module", "exercises": {}}),
        json.dumps({"version": 2, "module": "progress-sample", "exercises": [ANSWER]}),
    ],
    ids=["truncated", "null", "array", "number", "string", "version-text", "other-module",
         "exercises-array"],
)
def test_stored_progress_that_cannot_be_read_is_copied_before_it_is_replaced(
    new_context: Callable[..., BrowserContext], url: str, tmp_path: Path, value: str
) -> None:
    context = new_context()
    context.add_init_script(seed(value))
    page = context.new_page()
    seen: list[str] = []
    watch(page, seen)
    page.goto(url + "lessons/one/")
    expect(notices(page)).to_have_text(re.compile(r"couldn't be read.*What was saved is kept"))
    answer(page, "messages-after-match", ("Repeated",), "Likely stalking")
    assert page.evaluate("k => localStorage.getItem(k)", COPY_KEY) == value
    assert set(stored(page)["exercises"]) == {"messages-after-match"}
    # My progress offers it, as it was, to download.
    page.goto(url + "my-progress/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download what couldn't be read").click()
    download = info.value
    assert download.suggested_filename == "unreadable-progress-progress-sample.txt"
    saved = tmp_path / "copy.txt"
    download.save_as(saved)
    assert saved.read_text() == value
    # Reset deletes it with the rest.
    page.get_by_role("button", name="Reset").click()
    page.get_by_role("button", name="Yes, delete my progress").click()
    expect(page.get_by_role("button", name="Download what couldn't be read")).to_be_hidden()
    assert page.evaluate("k => localStorage.getItem(k)", COPY_KEY) is None
    assert seen == []


def test_unreadable_progress_is_not_replaced_when_its_copy_cannot_be_saved(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    context = new_context()
    context.add_init_script(seed("{ not JSON"))
    # Storage with no room for the copy (a new key), as when it is nearly full.
    context.add_init_script(
        "const set = Storage.prototype.setItem; Storage.prototype.setItem = function (k, v) {"
        " if (k.endsWith(':unreadable')) throw new DOMException('full', 'QuotaExceededError');"
        " return set.call(this, k, v); };")
    page = context.new_page()
    page.goto(url + "lessons/one/")
    answer(page, "messages-after-match", ("Repeated",), "Likely stalking")
    expect(notices(page)).to_have_count(1)
    assert stored_raw(page) == "{ not JSON"


def test_progress_from_a_newer_version_is_never_overwritten(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    value = json.dumps({"version": 99, "module": "progress-sample", "whatever": [1, 2]})
    context = new_context()
    context.add_init_script(seed(value))
    page = context.new_page()
    page.goto(url + "lessons/one/")
    expect(notices(page)).to_have_text(NEWER_NOTE)
    answer(page, "messages-after-match", ("Repeated",), "Likely stalking")
    expect(nav_link(page, "1. Messages (completed)")).to_be_visible()
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == value


def test_progress_in_the_older_format_is_migrated(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    old = json.dumps({"version": 1, "exercises": {"messages-after-match": ANSWER},
                      "pages": {"lessons/reading": {"done": True, "at": 1}}})
    context = new_context()
    context.add_init_script(seed(old))
    page = context.new_page()
    page.goto(url + "lessons/one/")
    found = page.locator('[data-four-scenario="messages-after-match"]')
    expect(found.get_by_role("status")).to_contain_text("You got 2 out of 5.")
    expect(nav_link(page, "3. Reading (completed)")).to_be_visible()
    expect(notices(page)).to_have_count(0)
    now = stored(page)  # visiting the lesson saved it in the new format
    assert (now["version"], now["module"]) == (2, "progress-sample")
    assert now["exercises"]["messages-after-match"]["score"] == 2


# -- two tabs, two modules, shared computers ----------------------------------------------------

def test_two_tabs_stay_consistent(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    context = new_context()
    lesson, other, overview = context.new_page(), context.new_page(), context.new_page()
    seen: list[str] = []
    for tab in (lesson, other, overview):
        watch(tab, seen)
    lesson.goto(url + "lessons/one/")
    other.goto(url + "lessons/one/")
    overview.goto(url + "my-progress/")
    expect(status_of(overview, "Messages after a match")).to_have_text("Not started")

    answer(lesson, "messages-after-match", ("Repeated",), "Likely stalking")
    expect(status_of(overview, "Messages after a match")).to_have_text("Done: 2 out of 5")
    expect(nav_tick(overview, "1. Messages")).to_be_attached()
    mirrored = other.locator('[data-four-scenario="messages-after-match"]')
    expect(mirrored.get_by_role("status")).to_contain_text("You got 2 out of 5.")
    # Shown as an answer given elsewhere is: in brief, the answer and its verdicts.
    expect(mirrored.get_by_role("checkbox", name="Repeated")).to_be_checked()

    overview.get_by_role("button", name="Reset").click()
    overview.get_by_role("button", name="Yes, delete my progress").click()
    exercise = lesson.locator('[data-four-scenario="messages-after-match"]')
    expect(exercise.get_by_role("button", name="Check")).to_be_visible()
    expect(exercise.get_by_role("status")).to_be_empty()
    expect(exercise.get_by_role("checkbox", name="Repeated")).not_to_be_checked()
    expect(nav_link(lesson, "1. Messages")).to_be_visible()
    assert seen == []


def test_progress_code_is_fetched_only_where_progress_is_saved_or_shown(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    """A first visit to a page with nothing to track downloads no progress code; once this
    module has saved progress, every page fetches it to tick completed lessons, and a page
    already open picks it up when another tab saves for the first time."""
    context = new_context()
    home, lesson = context.new_page(), context.new_page()
    seen: list[str] = []
    fetched: list[str] = []
    for tab in (home, lesson):
        watch(tab, seen)
        # Files are published as name.<content hash>.ext: compare the names without it.
        tab.on("request", lambda request: fetched.append(
            re.sub(r"\.[0-9a-f]{8}(\.\w+)$", r"\1", request.url.rsplit("/", 1)[-1])))
    home.goto(url)
    home.wait_for_load_state("networkidle")
    assert "progress.js" not in fetched and "four.js" in fetched

    lesson.goto(url + "lessons/one/")  # a tracked lesson with an exercise: fetched here
    answer(lesson, "messages-after-match", ("Repeated",), "Likely stalking")
    assert "progress.js" in fetched and "exercise.js" in fetched
    expect(nav_tick(lesson, "1. Messages")).to_be_attached()
    # The page opened before anything was saved ticks the lesson too, without a reload.
    expect(nav_tick(home, "1. Messages")).to_be_attached()

    fetched.clear()
    home.reload()
    expect(nav_tick(home, "1. Messages")).to_be_attached()
    assert "progress.js" in fetched and "exercise.js" not in fetched
    assert seen == []


def test_modules_on_one_host_keep_their_progress_apart(
    page: Page, serve: Callable[..., str], two_modules: Path, errors: list[str]
) -> None:
    root = serve(two_modules)
    answer_lesson_one(page, root + "alpha/")
    page.goto(root + "beta/my-progress/")
    expect(status_of(page, "Messages after a match")).to_have_text("Not started")
    expect(nav_tick(page, "1. Messages")).to_have_count(0)
    page.goto(root + "alpha/my-progress/")
    expect(status_of(page, "Messages after a match")).to_have_text("Done: 5 out of 5")
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('four-lessons:'))")
    assert keys == ["four-lessons:alpha"]
    # A file exported from one is refused by the other.
    with page.expect_download() as info:
        page.get_by_role("button", name="Export").click()
    exported = Path(info.value.path()).read_text()
    page.goto(root + "beta/my-progress/")
    import_file(page, exported)
    expect(page.get_by_role("alert")).to_have_text(
        "This file holds progress for another module (\u201calpha\u201d), not this one."
        + UNCHANGED)


def test_on_a_shared_computer_progress_lasts_for_the_browser_session_only(
    new_context: Callable[..., BrowserContext], url: str
) -> None:
    context = new_context()
    page = context.new_page()
    seen: list[str] = []
    watch(page, seen)
    answer_lesson_one(page, url)
    page.goto(url + "my-progress/")
    page.get_by_label("Don't keep my progress on this device").check()
    expect(page.locator("[data-four-message]")).to_have_text(
        "Your progress is now kept only until you close the browser, and no longer stored on "
        "this device.")
    assert stored(page) is None
    assert page.evaluate("key => localStorage.getItem(key)", KEY + ":keep") == "session"
    expect(status_of(page, "Messages after a match")).to_have_text("Done: 5 out of 5")

    answer_lesson_two(page, url)  # the knowledge check's own copy must not stay either
    expect(nav_link(page, "2. At school (completed)")).to_be_visible()
    assert page.evaluate("Object.keys(localStorage)") == [KEY + ":keep"]
    session = json.loads(page.evaluate("key => sessionStorage.getItem(key)", KEY))
    assert set(session["exercises"]) == {"messages-after-match", "asked-once"}

    # Closing the browser: a new session on the same device starts with nothing kept, and
    # the choice itself is remembered.
    state = context.storage_state()
    later = new_context(storage_state=state).new_page()
    later.goto(url + "my-progress/")
    expect(status_of(later, "Messages after a match")).to_have_text("Not started")
    expect(later.get_by_label("Don't keep my progress on this device")).to_be_checked()

    # Unticking puts this session's progress back on the device.
    page.goto(url + "my-progress/")
    page.get_by_label("Don't keep my progress on this device").uncheck()
    expect(page.locator("[data-four-message]")).to_have_text(
        "Your progress is now kept on this device.")
    assert set(stored(page)["exercises"]) == {"messages-after-match", "asked-once"}
    assert page.evaluate("key => sessionStorage.getItem(key)", KEY) is None
    assert seen == []


# -- certificate ------------------------------------------------------------------------------

def complete_everything(page: Page, url: str) -> None:
    answer_lesson_one(page, url)
    answer_lesson_two(page, url)
    read_to_the_end(page, url)


def test_certificate_once_every_lesson_is_complete(
    page: Page, url: str, errors: list[str]
) -> None:
    page.goto(url + "certificate/")
    expect(page.locator("[data-four-certificate-wait]")).to_have_text(
        "Your certificate is made here when you have completed the course. You have "
        "completed 0 of 3 lessons. See your progress.")
    expect(page.get_by_label("Your name")).to_be_hidden()

    complete_everything(page, url)
    page.goto(url + "my-progress/")
    expect(page.get_by_role("link", name="Continue")).to_be_hidden()
    page.get_by_role("link", name="See your certificate").click()
    sheet = page.locator(".four-certificate__sheet")
    expect(sheet).to_be_visible()
    name = page.get_by_label("Your name, as it should appear on the certificate")
    typed = '<img src=x onerror="window.__pwned = 1">Sam Example'
    name.fill(typed)
    expect(sheet.locator(".four-certificate__name")).to_have_text(typed)
    assert page.locator("img[src=x]").count() == 0
    expect(sheet).to_contain_text("Certificate of completion")
    expect(sheet).to_contain_text("Progress module")
    expect(sheet).to_contain_text(
        "All 3 lessons completed, with a score of 10 out of 10 (100%) in the FOUR exercises "
        "and 1 of 1 knowledge check right.")
    today = datetime.date.today()
    expect(sheet.locator(".four-certificate__date")).to_have_text(
        f"Date: {today.day} {today.strftime('%B %Y')}")
    assert "name" not in stored(page)  # not kept unless asked

    page.emulate_media(media="print")
    expect(sheet).to_be_visible()
    expect(name).to_be_hidden()
    expect(page.get_by_role("heading", name="Your certificate")).to_be_hidden()
    expect(page.locator("[data-four-topbar]")).to_be_hidden()
    page.emulate_media(media="screen")

    page.reload()
    expect(name).to_have_value("")
    name.fill("Sam Example")
    page.get_by_label("Remember my name on this device").check()
    assert stored(page)["name"] == "Sam Example"
    page.reload()
    expect(name).to_have_value("Sam Example")
    expect(sheet.locator(".four-certificate__name")).to_have_text("Sam Example")
    page.get_by_label("Remember my name on this device").uncheck()
    assert "name" not in stored(page)
    assert page.evaluate("window.__pwned") is None


# -- the main button, the course as the menu shows it, the printed certificate ------------------

def complete(*lesson_ids: str, last: str | None = None) -> str:
    """Stored progress in which the sample's `lesson_ids` are complete."""
    exercises = {"lessons/one": ["messages-after-match"], "lessons/two": ["asked-once"]}
    data: dict[str, Any] = {"version": 2, "module": "progress-sample", "exercises": {},
                            "pages": {}}
    for lesson in lesson_ids:
        for exercise in exercises.get(lesson, []):
            data["exercises"][exercise] = dict(ANSWER)
        data["pages"][lesson] = {"at": 1, "seen": 1, "done": True}
        if lesson == "lessons/two":
            data["pages"][lesson]["quiz"] = {"answered": 1, "correct": 1, "total": 1}
    if last:
        data["last"] = last
    return json.dumps(data)


@pytest.mark.parametrize(
    ("stored_progress", "name", "target"),
    [
        (None, "Start with the first lesson: 1. Messages", "lessons/one/"),
        # The first thing not done, whatever was opened last (issue 24).
        (complete("lessons/one", last="lessons/one"), "Continue: 2. At school", "lessons/two/"),
        (complete("lessons/two", last="lessons/two"), "Continue: 1. Messages", "lessons/one/"),
        (complete("lessons/one", "lessons/two", "lessons/reading", last="lessons/reading"),
         "See your certificate", "certificate/"),
    ],
    ids=["new", "after-lesson-one", "after-lesson-two", "complete"],
)
def test_the_main_button_follows_the_learner(
    new_context: Callable[..., BrowserContext], url: str, stored_progress: str | None,
    name: str, target: str,
) -> None:
    context = new_context()
    if stored_progress:
        context.add_init_script(seed(stored_progress))
    page = context.new_page()
    page.goto(url + "my-progress/")
    button = page.locator(".four-progress__continue").get_by_role("link")
    expect(button).to_have_text(name)
    expect(button).to_have_class(re.compile("md-button--primary"))
    button.click()
    expect(page).to_have_url(url + target)


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default module (mkdocs.yml at the top of the repository): six lessons in the
    menu's Lessons section, and the final check on its own."""
    site = tmp_path_factory.mktemp("default-module") / "site"
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


COMPLETE_ALL = """() => {
  const module = JSON.parse(document.querySelector('meta[name="four-lessons"]').content).module;
  const data = {version: 2, module, exercises: {}, pages: {}};
  for (const [id, , exercises, checks] of window.Four.module.lessons) {
    for (const e of exercises) {
      data.exercises[e] = {elements: [], judgement: "not-stalking", score: 5, max: 5, at: 1};
    }
    data.pages[id] = {at: 1, seen: 1, done: true};
    if (checks) data.pages[id].quiz = {answered: checks, correct: checks, total: checks};
  }
  localStorage.setItem("four-lessons:" + module, JSON.stringify(data));
}"""


def test_my_progress_numbers_lessons_once_and_counts_them_as_the_menu_does(
    page: Page, serve: Callable[..., str], default_site: Path, errors: list[str]
) -> None:
    url = serve(default_site)
    page.goto(url + "my-progress.html")
    menu = page.locator(".md-nav--primary .md-nav__item--nested", has_text="Lessons").first
    menu_lessons = [" ".join(text.split())
                    for text in menu.locator("a.md-nav__link").all_text_contents()]
    assert len(menu_lessons) == 6, menu_lessons
    course = page.locator(".four-progress__list").first.locator(".four-progress__page-title a")
    # Each lesson once, by its menu title ("1. What is stalking?"), in a list with no
    # numbers of its own; then the final check, which the menu shows on its own.
    expect(course).to_have_text([*menu_lessons, "Final check"])
    assert page.locator(".four-progress ol").count() == 0
    assert page.locator(".four-progress__list").first.evaluate(
        "list => getComputedStyle(list).listStyleType") == "none"
    expect(page.locator("[data-four-course]")).to_have_text(
        f"This course has {len(menu_lessons)} lessons and then the final check.")
    expect(page.locator("[data-four-summary]")).to_contain_text(
        f"You have completed 0 of {len(menu_lessons)} lessons. "
        "You have not done the final check yet.")
    expect(page.get_by_label("Lessons completed")).to_have_attribute("max", str(len(menu_lessons)))
    # Each lesson's exercises are folded under it, and open on request.
    first = page.locator(".four-progress__page").first
    exercises = first.locator("[data-four-exercise]")
    expect(exercises.first).to_be_hidden()
    first.locator("summary").click()
    expect(exercises.first).to_be_visible()
    expect(exercises.first.locator("[data-four-status]")).to_have_text("Not started")

    page.evaluate(COMPLETE_ALL)
    page.reload()
    expect(page.locator("[data-four-summary]")).to_contain_text(
        "You have completed 6 of 6 lessons. You have done the final check.")
    expect(page.get_by_role("link", name="See your certificate")).to_be_visible()


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """Each page's size in points, from a PDF Chromium wrote (its page objects are plain)."""
    boxes = re.findall(rb"/Type /Page\b(?!s).*?/MediaBox \[([^\]]*)\]", data, re.S)
    if not boxes:  # MediaBox written before Type
        boxes = re.findall(rb"/MediaBox \[([^\]]*)\][^>]*?/Type /Page\b(?!s)", data, re.S)
    return [tuple(float(n) for n in box.split()[2:4]) for box in boxes]  # type: ignore[misc]


def pdf_text(data: bytes) -> str:
    """The text of a PDF Chromium wrote, without spaces: its fonts map glyphs to text in
    ToUnicode tables, and its pages draw them as hex strings."""
    glyphs: dict[int, str] = {}
    pages: list[bytes] = []
    for found in re.finditer(rb"<<(.*?)>>\s*stream\r?\n", data, re.S):
        body = data[found.end():data.index(b"endstream", found.end())]
        if b"FlateDecode" in found.group(1):
            body = zlib.decompressobj().decompress(body)
        if b"begincmap" in body:
            for block in re.findall(rb"beginbfchar(.*?)endbfchar", body, re.S):
                for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    glyphs[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
            for block in re.findall(rb"beginbfrange(.*?)endbfrange", body, re.S):
                for low, high, dst in re.findall(
                        rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    for offset in range(int(high, 16) - int(low, 16) + 1):
                        glyphs[int(low, 16) + offset] = chr(int(dst, 16) + offset)
        elif re.search(rb"\bBT\b", body):
            pages.append(body)
    runs = [run for body in pages for run in re.findall(rb"<([0-9A-Fa-f]+)>", body)]
    text = "".join(glyphs.get(int(run[i:i + 4], 16), "") for run in runs
                   for i in range(0, len(run), 4))
    return re.sub(r"\s+", "", text.replace("\ufb01", "fi").replace("\ufb02", "fl"))


def test_the_certificate_prints_on_one_a4_page_with_the_institution_and_module(
    page: Page, serve: Callable[..., str], default_site: Path, errors: list[str]
) -> None:
    url = serve(default_site)
    page.goto(url + "certificate.html")
    intro = page.locator("article")
    expect(intro).to_contain_text(
        "Your certificate is made here when you have completed the course.")
    page.evaluate(COMPLETE_ALL)
    page.reload()
    expect(intro).not_to_contain_text("appears below")
    expect(page.locator("[data-four-certificate-wait]")).to_be_hidden()
    sheet = page.locator("[data-four-certificate-sheet]")
    page.get_by_label("Your name, as it should appear on the certificate").fill("Sam Example")
    expect(sheet).to_contain_text("your school or college")  # the institution in mkdocs.yml
    expect(sheet).to_contain_text("FOUR Lessons: recognising stalking")
    expect(sheet).to_contain_text("All 6 lessons and the final check completed")
    # Looks like a certificate: a border in the theme's colour, and the FOUR mark.
    border = sheet.evaluate("""sheet => {
      const probe = document.body.appendChild(document.createElement("i"));
      probe.style.color = "var(--md-primary-fg-color)";
      const primary = getComputedStyle(probe).color;
      probe.remove();
      const style = getComputedStyle(sheet);
      return [style.borderTopStyle, style.borderTopColor === primary];
    }""")
    assert border == ["double", True]
    expect(sheet.locator(".four-certificate__mark")).to_have_text("FOUR")

    for landscape in (False, True):
        data = page.pdf(format="A4", landscape=landscape, print_background=False)
        sizes = pdf_pages(data)
        assert len(sizes) == 1, f"{len(sizes)} pages (landscape={landscape})"
        width, height = sizes[0]
        assert (round(width), round(height)) in ((596, 843), (595, 842), (843, 596), (842, 595))
        assert (width > height) is landscape
    text = pdf_text(page.pdf(format="A4"))
    for words in ("yourschoolorcollege", "CERTIFICATEOFCOMPLETION", "SamExample",
                  "FOURLessons:recognisingstalking", "All6lessonsandthefinalcheckcompleted"):
        assert words in text, f"{words!r} not in the printed certificate: {text[:300]}"
    assert page.pdf(format="Letter") and len(pdf_pages(page.pdf(format="Letter"))) == 1


# -- instant navigation, CSP, accessibility ----------------------------------------------------

def test_instant_navigation_mounts_the_progress_page_once(
    page: Page, instant_url: str, errors: list[str]
) -> None:
    url = instant_url
    answer_lesson_one(page, url)
    page.evaluate("window.__same = true")
    for _ in range(2):
        page.get_by_role("link", name="My progress").first.click()
        expect(status_of(page, "Messages after a match")).to_have_text("Done: 5 out of 5")
        page.locator("article").get_by_role("link", name="2. At school", exact=True).click()
        expect(page.locator('[data-four-scenario="asked-once"]')).to_be_visible()
    nav_link(page, "My progress").click()
    # Count the files Export makes in the page itself: a component mounted twice would
    # make two in the same click, before the click returns.
    page.evaluate("""() => { window.__files = 0; const make = URL.createObjectURL;
        URL.createObjectURL = (...args) => {
            window.__files += 1; return make.apply(URL, args); }; }""")
    with page.expect_download():
        page.get_by_role("button", name="Export").click()
    assert page.evaluate("window.__files") == 1
    assert page.evaluate("window.__same") is True, "the page fully reloaded"


def test_progress_works_under_a_strict_content_security_policy(
    page: Page, serve: Callable[..., str], progress_site: Path, errors: list[str]
) -> None:
    url = serve(progress_site, csp=True)
    # mkdocs-quiz's inline code is moved into files by the plugin, so its knowledge check
    # works under the policy too and counts towards the lesson.
    answer_lesson_two(page, url)
    expect(nav_link(page, "2. At school (completed)")).to_be_visible()
    page.goto(url + "my-progress/")
    expect(status_of(page, "Knowledge check")).not_to_contain_text("couldn't run")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export").click()
    assert json.loads(Path(info.value.path()).read_text())["exercises"]["asked-once"]["score"] == 5


def test_every_page_links_to_my_progress(page: Page, url: str) -> None:
    page.goto(url + "lessons/reading/")
    page.get_by_role("link", name=re.compile("progress", re.I)).first.click()
    expect(page.get_by_role("heading", name="My progress", level=1)).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_progress_and_certificate_pages(
    new_context: Callable[..., BrowserContext], url: str, scheme: str
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    complete_everything(page, url)
    page.goto(url + "lessons/reading/")
    violations = run_axe(page)
    assert violations == [], f"reading lesson: {describe(violations)}"
    page.goto(url + "my-progress/")
    page.locator(".four-progress__details summary").first.click()  # a lesson's exercises
    import_file(page, "nonsense")
    expect(page.get_by_role("alert")).not_to_be_empty()
    page.get_by_role("button", name="Reset").click()
    expect(page.get_by_role("button", name="Yes, delete my progress")).to_be_visible()
    violations = run_axe(page)
    assert violations == [], f"progress page: {describe(violations)}"
    page.goto(url + "certificate/")
    page.get_by_label("Your name").fill("Sam Example")
    violations = run_axe(page)
    assert violations == [], f"certificate: {describe(violations)}"


# -- odd page names and ids (robustness review F12, F18) ----------------------------------------

CONSTRUCTOR_SCENARIO = """scenarios:
  - id: constructor
    title: Builder next door
    audience: [school, university]
    tags: [online]
    story: A neighbour keeps turning up at the door every evening after being asked to stop.
    elements:
      fixated: {present: true, explanation: Every evening and at one person.}
      obsessive: {present: true, explanation: It goes on and on.}
      unwanted: {present: true, explanation: They were asked to stop.}
      repeated: {present: true, explanation: Every evening.}
    judgement: {answer: likely-stalking, explanation: All four are there.}
    advice: Tell someone you trust.
"""
ODD_LESSONS = {"my lesson": "My lesson", "(paren)": "Paren", "café": "Café"}


@pytest.fixture(scope="session")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The progress module with lessons named with a space, parentheses and an accent, and
    a scenario whose id is `constructor` (a name every plain JavaScript object has)."""
    work = tmp_path_factory.mktemp("odd-names")
    project = copy_project("progress", work)
    (project / "quizzes" / "zz-constructor.yml").write_text(CONSTRUCTOR_SCENARIO)
    lessons = project / "docs" / "lessons"
    with (lessons / "one.md").open("a", encoding="utf-8") as one:
        one.write("\n[[four constructor]]\n")
    entries = ""
    for name, title in ODD_LESSONS.items():
        (lessons / f"{name}.md").write_text(f"# {title}\n\nA short page to read.\n",
                                            encoding="utf-8")
        entries += f'      - "{title}": "lessons/{name}.md"\n'
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = '      - "3. Reading": lessons/reading.md\n'
    config.write_text(text.replace(anchor, anchor + entries), encoding="utf-8")
    site = work / "site"
    result = run_mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    return site


def test_lessons_with_spaces_parentheses_or_accents_in_their_names_can_be_completed(
    page: Page, serve: Callable[..., str], odd_site: Path, errors: list[str]
) -> None:
    url = serve(odd_site)
    for name in ODD_LESSONS:
        page.goto(url + "lessons/" + quote(name) + "/")
        done = page.get_by_role("button", name="Mark this page as done")
        done.scroll_into_view_if_needed()
        expect(done).to_have_attribute("aria-pressed", "true")
        assert stored(page)["pages"][f"lessons/{name}"]["done"] is True
    page.goto(url + "my-progress/")
    for title in ODD_LESSONS.values():
        expect(status_of(page, title)).to_have_text("Completed")


def test_a_scenario_with_the_id_constructor_counts_in_the_totals(
    page: Page, serve: Callable[..., str], odd_site: Path, errors: list[str]
) -> None:
    url = serve(odd_site)
    page.goto(url + "lessons/one/")
    answer(page, "constructor", ("Repeated",), "Likely stalking")
    page.goto(url + "my-progress/")
    expect(page.locator("[data-four-summary]")).to_have_text(
        "You have completed 0 of 6 lessons. You have answered 1 of 3 exercises in them.")
    expect(page.locator("[data-four-score]")).to_have_text(
        "Your score in the FOUR exercises so far: 2 out of 5 (40%). "
        "Knowledge checks right: 0 of 1.")
