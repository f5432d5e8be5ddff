"""The scripts' words in Chromium: Four.i18n reads messages as Python does, the messages
file arrives once and first, the quick exit speaks without it, and no key shows.

The default module is built in English (course_site); the Welsh formatting is checked
against core/i18n.py's format_message with a test catalogue, so it holds whatever the
Welsh catalogue says.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from playwright.sync_api import BrowserContext, Page, Request, expect

from conftest import ROOT
from four_lessons.core.i18n import Catalogue, format_message

ASSETS = ROOT / "plugins" / "four_lessons" / "assets" / "four"
KEYS: list[str] = json.loads((ASSETS / "messages-keys.json").read_text("utf-8"))
WELSH = Catalogue(language="cy", code="cy", messages={}, _locale=Locale("cy"))
#: A test catalogue: every Welsh plural form, an exact number, a placeholder inside a
#: choice, two choices in one message, "#" as the language writes a large number.
TEST_MESSAGES = {
    "test.left": ("{count, plural, zero {# ar ol: zero} one {# ar ol: one} two {# ar ol: two} "
                  "few {# ar ol: few} many {# ar ol: many} other {# ar ol: other}}"),
    "test.exact": ("{count, plural, =0 {dim un stori} one {# stori i {name}} "
                   "two {# stori i {name}} other {# o straeon i {name}}}"),
    "test.two": ("{name}: {a, plural, one {# ymarfer} other {# ymarfer (#)}}, "
                 "{b, plural, zero {dim} few {tri} other {# gwiriad}}."),
    # For a browser without Welsh dates and lists (Chromium has none): the catalogue's words.
    "i18n.date": "{day} {month} {year}",
    "i18n.month_12": "Rhagfyr",
    "i18n.list": "{items} a {last}",
}
COUNTS = (0, 1, 2, 3, 6, 7, 1000)


@pytest.fixture
def base(serve: Callable[..., str], course_site: Path) -> str:
    return serve(course_site, csp=True)


def with_messages(page: Page, lang: str = "cy", direction: str = "ltr") -> None:
    page.evaluate("messages => { window.Four.messages = messages; }",
                  {"lang": lang, "dir": direction, "messages": TEST_MESSAGES})


def test_the_scripts_read_a_message_as_python_does(page: Page, base: str) -> None:
    page.goto(base + "get-help.html")
    with_messages(page)
    cases: list[tuple[str, dict[str, Any]]] = []
    for n in COUNTS:
        cases += [("test.left", {"count": n}), ("test.exact", {"count": n, "name": "Sam"}),
                  ("test.two", {"name": "Cam", "a": n, "b": n})]
    shown = page.evaluate("cases => cases.map(([key, params]) => Four.i18n.t(key, params))", cases)
    python = [format_message(TEST_MESSAGES[key], params, WELSH.plural_category, WELSH.number)
              for key, params in cases]
    assert shown == python
    # Each of Welsh's six forms, chosen where Welsh chooses it.
    assert shown[0:18:3] == ["0 ar ol: zero", "1 ar ol: one", "2 ar ol: two", "3 ar ol: few",
                             "6 ar ol: many", "7 ar ol: other"]
    assert shown[19] == "1,000 o straeon i Sam"
    assert shown[1] == "dim un stori"


def test_dates_lists_language_and_direction_follow_the_messages(page: Page, base: str) -> None:
    page.goto(base + "get-help.html")
    english = page.evaluate("""() => [Four.i18n.lang(), Four.i18n.dir(),
        Four.i18n.date(new Date(2026, 11, 6)), Four.i18n.list(["a", "b", "c"]),
        Four.i18n.t("exit.presses_left", {count: 1}), Four.i18n.t("no.such.key")]""")
    assert english == ["en", "ltr", "6 December 2026", "a, b and c",
                       "Shift, press 1 more time to exit.", "no.such.key"]
    with_messages(page)
    welsh = page.evaluate("""() => [Four.i18n.lang(), Four.i18n.plural(6),
        Four.i18n.date(new Date(2026, 11, 6)), Four.i18n.list(["a", "b", "c"]),
        Four.i18n.t("exit.link")]""")
    # A key the messages file lacks is still found in the page's settings (exit.*).
    day = datetime.date(2026, 12, 6)
    assert welsh == ["cy", "many", WELSH.date(day), "a, b a c", "Exit this page"]
    assert welsh[2] == "6 Rhagfyr 2026"
    with_messages(page, "ur", "rtl")
    urdu = page.evaluate("() => [Four.i18n.dir(), Four.i18n.date(new Date(2026, 11, 6))]")
    in_urdu = Catalogue(language="ur", code="ur", messages={}, _locale=Locale("ur"))
    assert urdu == ["rtl", in_urdu.date(day)]


def scripts_asked(page: Page) -> list[str]:
    asked: list[str] = []

    def note(request: Request) -> None:
        if request.resource_type == "script":
            asked.append(request.url.rsplit("/", 1)[-1])
    page.on("request", note)
    return asked


def test_a_page_without_components_never_fetches_the_messages_and_the_exit_still_speaks(
    page: Page, base: str
) -> None:
    asked = scripts_asked(page)
    page.goto(base + "get-help.html")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page.locator("[data-four-exit-status]")).to_have_text(
        "Shift, press 1 more time to exit.")
    assert not [name for name in asked if name.startswith("messages-")], asked
    assert page.evaluate("window.Four.messages === undefined")


def test_the_messages_arrive_once_before_anything_that_shows_words(
    page: Page, base: str
) -> None:
    asked = scripts_asked(page)
    page.goto(base + "lessons/what-is-stalking.html")
    found = page.locator('[data-four-scenario="ex-keeps-messaging"]')
    expect(found.get_by_role("button", name="Check my answer")).to_be_visible()
    ours = [name for name in asked if re.match(r"(messages|module|progress|exercise)[-.]", name)]
    assert [re.split(r"[-.]", name)[0] for name in ours] == [
        "messages", "module", "progress", "exercise"]


def test_instant_navigation_keeps_the_messages_it_has(page: Page, instant_site_url: str) -> None:
    asked = scripts_asked(page)
    page.goto(instant_site_url)
    expect(page.get_by_role("button", name="Check")).to_be_visible()
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="second lesson").click()
    second = page.locator('[data-four-scenario="asked-once"]')
    second.get_by_role("radio", name="Not stalking", exact=True).check()
    second.get_by_role("button", name="Check").click()
    expect(second.get_by_role("status")).to_contain_text("You got 5 out of 5.")
    assert page.evaluate("window.__sameDocument === true"), "the page fully reloaded"
    assert len([name for name in asked if name.startswith("messages-")]) == 1, asked


def leaked_keys(page: Page) -> list[str]:
    """Keys shown instead of words (t() gives the key when no catalogue has it)."""
    text = page.evaluate("""() => [document.title, document.body.textContent].concat(
        Array.from(document.querySelectorAll("[aria-label], [title]"), n =>
                   (n.getAttribute("aria-label") || "") + " " + (n.getAttribute("title") || ""))
        ).join("\\n")""")
    return [key for key in KEYS if key in text]


def test_no_key_shows_in_place_of_words_along_a_learners_way(
    new_context: Callable[..., BrowserContext], base: str
) -> None:
    page = new_context(accept_downloads=True).new_page()
    page.goto(base + "lessons/what-is-stalking.html")
    found = page.locator('[data-four-scenario="ex-keeps-messaging"]')
    found.get_by_role("button", name="Check my answer").click()
    expect(found.get_by_role("status")).to_have_text(
        "Choose an overall judgement first, then press \u201cCheck my answer\u201d.")
    found.get_by_role("checkbox", name="Repeated").check()
    found.get_by_role("radio", name="Not stalking", exact=True).check()
    found.get_by_role("button", name="Check my answer").click()
    expect(found.get_by_role("status")).to_contain_text("Repeated: right.")
    expect(found.get_by_role("status")).to_contain_text("Overall: not quite.")
    found.get_by_role("button", name="Next").click()
    expect(found.get_by_role("button", name="Show the story and your answer")).to_be_visible()
    expect(page.locator("[data-four-left-summary]").first).to_have_text(
        re.compile(r"Left on this page: \d+ exercises and \d+ knowledge checks"))
    assert leaked_keys(page) == []

    page.goto(base + "my-progress.html")
    expect(page.locator("[data-four-course]")).to_contain_text("This course has ")
    with page.expect_download():
        page.get_by_role("button", name="Export").click()
    expect(page.locator("[data-four-message]")).to_contain_text(
        "Your progress was saved as the file progress-")
    assert leaked_keys(page) == []

    pages: list[tuple[str, str | re.Pattern[str]]] = [("index.html", "Continue: "),
                           ("practice.html", re.compile(r"Scenario \d+ of ")),
                           ("certificate.html", "You have completed 0 of ")]
    for address, ready in pages:
        page.goto(base + address)
        expect(page.locator("article")).to_contain_text(ready)
        assert leaked_keys(page) == [], address
