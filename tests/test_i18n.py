"""The interface catalogues: plurals by CLDR rule, per-key fallback, translators' mistakes."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from four_lessons.core.i18n import (
    CatalogueError,
    english_keys,
    format_message,
    load_catalogue,
)
from four_lessons.core.templating import language_attributes, words_around

LEFT = (
    "{count, plural, zero {# left: none} one {# left: one} two {# left: two} few {# left: few} "
    "many {# left: many} other {# left: other}}"
)


def po(folder: Path, language: str, messages: dict[str, str]) -> Path:
    body = "".join(
        f'\nmsgid "{key}"\nmsgstr "{text}"\n' for key, text in messages.items()
    )
    path = folder / f"{language}.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {language}\\n"\n{body}', encoding="utf-8")
    return path


def test_welsh_chooses_each_of_its_six_plural_forms(tmp_path: Path) -> None:
    welsh = load_catalogue("cy", [po(tmp_path, "cy", {"exit.link": "Gadael"}).parent])
    shown = [format_message(LEFT, {"count": n}, welsh.plural_category) for n in (0, 1, 2, 3, 6, 7)]
    assert shown == ["0 left: none", "1 left: one", "2 left: two", "3 left: few", "6 left: many",
                     "7 left: other"]


def test_english_has_two_forms_and_exact_numbers_win() -> None:
    english = load_catalogue("en")
    message = "{n, plural, =0 {nothing left} one {# story left} other {# stories left}}"
    assert [format_message(message, {"n": n}, english.plural_category) for n in (0, 1, 2)] == [
        "nothing left", "1 story left", "2 stories left"]


def test_a_missing_key_falls_back_to_english_on_its_own(tmp_path: Path) -> None:
    po(tmp_path, "xx", {"exit.link": "Ewch oddi yma"})
    catalogue = load_catalogue("xx", [tmp_path])
    assert catalogue.t("exit.link") == "Ewch oddi yma"
    assert catalogue.t("exit.presses_left", count=2) == "Shift, press 2 more times to exit."
    assert "exit.presses_left" in catalogue.missing and "exit.link" not in catalogue.missing


def test_a_language_without_a_catalogue_speaks_english_and_says_so() -> None:
    catalogue = load_catalogue("ja")
    assert catalogue.has_catalogue is False and catalogue.code == "en"
    assert catalogue.t("exit.link") == "Exit this page"
    # English words write dates and choose plural forms as English does: an English
    # sentence with a Japanese date would read as a mistake.
    assert catalogue.date(datetime.date(2026, 12, 6)) == "6 December 2026"
    assert catalogue.plural_category(1) == "one"


def test_a_region_falls_back_to_its_language(tmp_path: Path) -> None:
    po(tmp_path, "pt", {"exit.link": "Sair desta página"})
    assert load_catalogue("pt-BR", [tmp_path]).t("exit.link") == "Sair desta página"


def test_right_to_left_languages_are_known() -> None:
    assert {lang: load_catalogue(lang).direction for lang in ("ar", "he", "fa", "ur", "cy")} == {
        "ar": "rtl", "he": "rtl", "fa": "rtl", "ur": "rtl", "cy": "ltr"}


def test_dates_are_written_for_the_language(tmp_path: Path) -> None:
    day = datetime.date(2026, 12, 6)
    assert load_catalogue("en").date(day) == "6 December 2026"
    welsh = load_catalogue("cy", [po(tmp_path, "cy", {"exit.link": "Gadael"}).parent])
    assert welsh.date(day) == "6 Rhagfyr 2026"


@pytest.mark.parametrize(("text", "problem"), [
    ("Shift, pwyswch {cyfrif} eto", "exit.presses_left: the placeholder {count} is missing; "
     "keep it as it is\n{path}:{line}: exit.presses_left: {cyfrif} is not a placeholder of "
     "this message; use only {count}"),
    ("{count, plural, one {# waith}}", "exit.presses_left: a plural choice needs an 'other' form"),
    ("{count, plural, one {#} lots {#} other {#}}", "exit.presses_left: lots is not a plural "
     "category; use zero, one, two, few, many, other"),
    ("{count, plural, one {#} other {#}", "exit.presses_left: a '{' is not closed; each '{' "
     "needs its '}'"),
])
def test_a_broken_translation_is_named_with_file_line_and_fix(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = po(tmp_path, "xx", {"exit.link": "Allan", "exit.presses_left": text})
    with pytest.raises(CatalogueError) as caught:
        load_catalogue("xx", [tmp_path])
    line = path.read_text().splitlines().index('msgid "exit.presses_left"') + 1
    assert str(caught.value) == f"{path}:{line}: " + problem.replace(
        "{path}", str(path)).replace("{line}", str(line))


def test_english_holds_every_key_once() -> None:
    assert {"exit.link", "exit.presses_left"} <= english_keys()


@pytest.mark.parametrize(("language", "words", "page"), [
    # No catalogue: English words on the page, marked; the page's text keeps its language.
    ("pl", ' lang="en"', ' lang="pl"'),
    ("ur", ' lang="en"', ' lang="ur"'),
    # The words in the page's language: nothing to mark, so nothing written.
    ("en", "", ""),
    ("en-GB", "", ""),
    ("cy", "", ""),
])
def test_foreign_interface_words_are_marked_with_their_language(
    language: str, words: str, page: str
) -> None:
    catalogue = load_catalogue(language)
    # On blocks: the language alone (a dir would turn a right-to-left page's layout).
    assert language_attributes(catalogue) == (words, page)
    assert catalogue.foreign_words is bool(words)
    shown = words_around(catalogue, "lesson.next", title="<Lekcja & 2>")
    if words:  # inline: the language, and the direction the text runs in
        inline_page = f'{page} dir="{"rtl" if language == "ur" else "ltr"}"'
        assert shown == (
            f'<span{words} dir="ltr">Next: <span{inline_page}>&lt;Lekcja &amp; 2&gt;</span></span>'
        )
        assert catalogue.in_words("Phone") == f'<span{words} dir="ltr">Phone</span>'
        assert catalogue.in_page("Uni") == f"<span{inline_page}>Uni</span>"
    else:  # the plain message, which the template escapes like any text
        assert shown == catalogue.t("lesson.next", title="<Lekcja & 2>")
        assert catalogue.in_words("Phone") == "Phone"


def test_a_page_language_is_written_escaped_into_its_attribute() -> None:
    catalogue = load_catalogue('pl" onmouseover="x')
    assert catalogue.foreign_words
    assert language_attributes(catalogue)[1] == ' lang="pl&#34; onmouseover=&#34;x"'
    assert catalogue.in_page("a") == '<span lang="pl&quot; onmouseover=&quot;x" dir="ltr">a</span>'
