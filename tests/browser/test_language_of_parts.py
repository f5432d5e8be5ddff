"""Language of parts (WCAG 3.1.2): a site whose language has no catalogue, as a learner meets it.

A school sets `theme.language: pl` and writes its lessons in Polish, but the module has no
Polish catalogue yet, so its own interface stays in English. The page is `lang="pl"`, so
without marking a screen reader would read "Check" and "Next: ..." with a Polish voice.
Every word of the module's own parts must sit in an element marked `lang="en"` (inline
marks also say `dir="ltr"`; blocks keep the page's direction, so a right-to-left page keeps
its mirrored layout: tests/browser/test_rtl.py), and the page's own text inside those parts
(a story, an explanation copied into the feedback, a lesson's title in "Next: ...") keeps
the page's language.

The default module's lessons are in English here, which is what lets the test tell the two
apart: each piece of text left in the page's language must be text from the module's own
files (lessons, scenario files, mkdocs.yml), and nothing the interface wrote.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from four_lessons.core.i18n import load_catalogue

from .conftest import SiteServer, default_module_in, describe, run_axe
from .safe_sites import EXIT_STUB, build

PAGE_LANGUAGE = "pl"
ENGLISH = load_catalogue("en")
LESSON = "lessons/what-is-stalking.html"
#: The module's own parts, where it writes interface words (the templates and the scripts).
PARTS = (
    ".four-topbar, .four-exercise, .four-left, .four-lesson-meta, .four-lesson-next, "
    ".four-page-end, .four-progress, .four-certificate, .four-home__status, "
    "[data-four-home-start], .four-practice__bar, .four-practice__nav, .four-quiz__hint, "
    ".four-quiz__reveal, .four-nav-done"
)
#: Every text node in those parts, with the language it is read in (the nearest lang).
TEXTS_AND_LANGUAGES = """(selector) => {
  const found = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.replace(/\\s+/g, " ").trim();
      const parent = node.parentElement;
      if (!/[A-Za-z]/.test(text) || parent.closest("script, style, template, svg")) continue;
      const owner = parent.closest("[lang]");
      found.push([text, owner ? owner.getAttribute("lang") : "", parent.outerHTML.slice(0, 120)]);
    }
  }
  return found;
}"""


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.fixture(scope="module")
def polish_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The learner site with no catalogue for its language, served; its address, and the
    text of the module's own files (what may stay in the page's language)."""
    folder = tmp_path_factory.mktemp("polish")
    site = folder / "site"
    site.mkdir()
    server = SiteServer(site)
    project = default_module_in(folder, server.url + EXIT_STUB, PAGE_LANGUAGE)
    build(project, site)
    sources = [project / "mkdocs.yml", *sorted(project.glob("docs/**/*.md")),
               *sorted(project.glob("quizzes/*.yml"))]
    yield server.url, flat("\n".join(p.read_text(encoding="utf-8") for p in sources))
    server.close()


def unmarked_interface_words(page: Page, sources: str) -> list[tuple[str, str, str]]:
    """Text in the module's parts read in the page's language that is not the page's own."""
    found: list[list[str]] = page.evaluate(TEXTS_AND_LANGUAGES, PARTS)
    assert found, "no text found in the module's parts"
    languages = {language for _, language, _ in found}
    assert languages <= {"en", PAGE_LANGUAGE}, languages
    return [
        (text, language, where) for text, language, where in found
        if language != "en" and text not in sources
    ]


def answer_first_exercise(page: Page) -> None:
    exercise = page.locator("[data-four-scenario]").first
    exercise.get_by_role("checkbox", name=re.compile("^Fixated")).check()
    exercise.get_by_role("radio", name="Likely stalking").check()
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.locator("[data-four-feedback] li")).to_have_count(5)


def test_a_lesson_marks_its_english_interface_and_keeps_the_page_language_for_its_text(
    phone: Page, polish_site: tuple[str, str]
) -> None:
    base, sources = polish_site
    phone.goto(base + LESSON)
    assert phone.locator("html").get_attribute("lang") == PAGE_LANGUAGE
    answer_first_exercise(phone)
    assert unmarked_interface_words(phone, sources) == []
    exercise = phone.locator("[data-four-scenario]").first
    # The interface's words, in English, marked as such: the form and its feedback...
    form = exercise.locator("form")
    assert (form.get_attribute("lang"), form.get_attribute("dir")) == ("en", None)
    # ...and the page's own text among them keeps the page's language: the story, the
    # author's explanation copied into the feedback, the next lesson's title.
    story = exercise.locator(".four-exercise__story p").first
    assert story.evaluate("p => p.closest('[lang]').lang") == PAGE_LANGUAGE
    explanation = exercise.locator("[data-four-feedback] .four-answers__explanation").first
    assert explanation.get_attribute("lang") == PAGE_LANGUAGE
    title = phone.locator(".four-lesson-next a span span")
    expect(title).to_have_attribute("lang", PAGE_LANGUAGE)
    expect(title).to_have_text(re.compile(r"Stalking or something else"))
    expect(title.locator("xpath=..")).to_have_attribute("lang", "en")
    found = run_axe(phone)
    assert found == [], describe(found)


def test_home_practice_progress_and_certificate_mark_their_english_words(
    phone: Page, polish_site: tuple[str, str]
) -> None:
    base, sources = polish_site
    phone.goto(base + LESSON)
    answer_first_exercise(phone)
    # The home page's lesson statuses and its start button, written by home.js once the
    # learner has progress; the navigation's "completed" marks.
    phone.goto(base + "index.html")
    expect(phone.locator(".four-home__status").first).to_be_visible()
    assert unmarked_interface_words(phone, sources) == []
    for address, ready in [("practice.html", ".four-practice__bar"),
                           ("my-progress.html", "[data-four-summary]"),
                           ("certificate.html", "[data-four-certificate-wait]")]:
        phone.goto(base + address)
        expect(phone.locator(ready)).to_be_visible()
        assert unmarked_interface_words(phone, sources) == [], address


def test_the_help_contacts_mark_their_english_words(
    phone: Page, polish_site: tuple[str, str]
) -> None:
    """The contacts are written as Markdown (core/contacts.py): their group headings, "Phone
    ...", "Website" and who a service is for are the interface's; names are the site's."""
    base, _ = polish_site
    phone.goto(base + "get-help.html")
    heading = phone.get_by_text(ENGLISH.t("contacts.group.national"), exact=True)
    expect(heading).to_have_attribute("lang", "en")
    website = phone.locator("article a", has_text=ENGLISH.t("contacts.website")).first
    expect(website.locator("span")).to_have_attribute("lang", "en")
    phone_word = ENGLISH.t("contacts.phone", number="").strip()
    marked = phone.locator("article span[lang=en]", has_text=phone_word).first
    expect(marked).to_be_visible()
    assert marked.evaluate("s => s.parentElement.closest('[lang]').lang") == PAGE_LANGUAGE
