"""The module's own words in pages come from the catalogue, in the site's language (issue 22).

Two kinds of check: the sources (every key the templates and Python use is in the English
catalogue, found by Babel's own extractors; no template writes English outside ``t``), and
real strict builds of the sample module in another language.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from conftest import ROOT, copy_project, run_cli, run_mkdocs_build
from four_lessons.core.contacts import GROUPS
from four_lessons.core.i18n import english_keys, load_catalogue
from four_lessons.core.scenarios import ELEMENTS, Judgement

PACKAGE = ROOT / "plugins" / "four_lessons"
#: How the code asks for a message: t("key"), four_t('key') in the theme's templates, and
#: t_escaped / say (the escaping form) with the key second.
KEYWORDS = {"t": None, "four_t": None, "t_escaped": (2,), "say": (2,)}
#: Keys the code builds from a value (contract.json's elements and judgements, contact
#: groups, the classroom's settings): each one listed here is checked like the others.
BUILT_KEYS = {
    *(f"contract.element.{e.key}.{part}" for e in ELEMENTS for part in ("name", "hint")),
    *(f"contract.judgement.{j.value}" for j in Judgement),
    *(f"contract.judgement_short.{j.value}" for j in Judgement),
    *(f"contacts.group.{group}" for group in GROUPS),
}


def used_keys() -> set[str]:
    """Every key the templates and Python name literally, as Babel's extractors find them."""
    found: set[str] = set()
    methods = [
        ("**/templates/**.html", "jinja2.ext:babel_extract"),
        ("**/overrides/**.html", "jinja2.ext:babel_extract"),
        ("**.py", "python"),
    ]
    for _, _, message, _, _ in extract_from_dir(
        str(PACKAGE), method_map=methods, keywords=KEYWORDS,
        options_map={"**.html": {"extensions": "jinja2.ext.do"}},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_babel_finds_the_keys_and_each_is_in_the_english_catalogue() -> None:
    used = used_keys()
    # The extractor really reads both kinds of source (a broken method map finds nothing).
    assert {"exercise.check", "topbar.help", "contacts.phone", "rule.shows"} <= used
    missing = sorted((used | BUILT_KEYS) - english_keys())
    assert missing == [], f"keys used but not in locales/en.po: {missing}"


class _VisibleText(HTMLParser):
    """Text a reader sees or hears in a template once its Jinja is taken out."""

    SPOKEN = ("aria-label", "title", "placeholder", "alt", "aria-description")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.words += [value or "" for name, value in attrs if name in self.SPOKEN]


def english_outside_t(template: str) -> list[str]:
    """Runs of two or more letters a template shows that do not come through t()."""
    text = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "", text, flags=re.S)
    parser = _VisibleText()
    parser.feed(text)
    return [w.strip() for w in parser.words if re.search(r"[A-Za-z]{2,}", w)]


TEMPLATES: list[Path] = sorted(
    [*PACKAGE.glob("templates/*.html"), PACKAGE / "overrides" / "main.html"],
    key=lambda p: p.name,
)


@pytest.mark.parametrize("template", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_no_template_writes_english_outside_the_catalogue(template: Path) -> None:
    assert english_outside_t(template.read_text(encoding="utf-8")) == []


def test_the_template_lint_finds_english_text_and_labels() -> None:
    assert english_outside_t('<p>{{ t("x") }}</p><button aria-label="Close">x</button>') == [
        "Close"]
    assert english_outside_t("<p>Next: {{ title }}</p>") == ["Next:"]
    assert english_outside_t('<span aria-hidden="true">F</span>{# Any words #}') == []


def site_words(folder: Path, messages: dict[str, str], language: str = "pl") -> None:
    """A site's own catalogue for a few keys, in custom_dir/four-lessons/locales/."""
    locales = folder / "overrides" / "four-lessons" / "locales"
    locales.mkdir(parents=True)
    body = "".join(f'\nmsgid "{key}"\nmsgstr "{text}"\n' for key, text in messages.items())
    (locales / f"{language}.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {language}\\n"\n{body}', encoding="utf-8")


def set_theme(config: Path, extra: str) -> None:
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  font: false\n", f"  font: false\n{extra}"), "utf-8")


def test_a_site_s_own_language_shows_its_words_and_english_for_the_rest(
    tmp_path: Path,
) -> None:
    project = copy_project("sample", tmp_path)
    set_theme(project / "mkdocs.yml", "  language: pl\n  custom_dir: overrides\n")
    site_words(project, {
        "topbar.help": "Pomoc",
        "exit.link": "Opuść tę stronę",
        "exercise.check": "Sprawdź odpowiedź",
        "lesson.stories": "{count, plural, one {# historia} few {# historie} many {# historii} "
                          "other {# historii}}",
    })
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="pl"' in page
    assert ">Pomoc</a>" in page and "Opuść tę stronę" in page
    assert "Sprawdź odpowiedź" in page and "Check my answer" not in page
    assert ">My progress</a>" in page  # a key the site left out: English, on its own
    meta = re.search(r'<meta name="four-lessons" content="([^"]+)"', page)
    assert meta is not None
    settings = json.loads(meta.group(1).replace("&#34;", '"').replace("&quot;", '"'))
    assert settings["text"]["exit.link"] == "Opuść tę stronę"
    script = (site / "assets" / "four" / settings["messages"]).read_text(encoding="utf-8")
    assert script.startswith("(window.Four=window.Four||{}).messages=")
    words = json.loads(script.removeprefix("(window.Four=window.Four||{}).messages=").rstrip(";\n"))
    assert words["lang"] == "pl" and words["dir"] == "ltr"


def test_a_site_s_welsh_words_go_over_the_module_s_welsh(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    set_theme(project / "mkdocs.yml", "  language: cy\n  custom_dir: overrides\n")
    site_words(project, {"topbar.help": "Help yma"}, "cy")
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    page = (site / "index.html").read_text(encoding="utf-8")
    assert ">Help yma</a>" in page  # the site's word
    welsh = load_catalogue("cy")
    assert f">{welsh.t('topbar.progress')}</a>" in page  # the module's Welsh for the rest
    assert welsh.t("topbar.progress") != "My progress"


def test_a_language_with_no_catalogue_builds_strictly_in_english_with_an_info_line(
    tmp_path: Path,
) -> None:
    project = copy_project("sample", tmp_path)
    set_theme(project / "mkdocs.yml", "  language: pl\n")
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert re.search(r"INFO .*theme.language is 'pl'.*stay in English", result.stderr)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="pl"' in page and ">Get help</a>" in page


def test_a_broken_translation_stops_the_build_naming_file_and_line(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    set_theme(project / "mkdocs.yml", "  language: cy\n  custom_dir: overrides\n")
    site_words(project, {"exit.presses_left": "Pwyswch {cyfrif} eto"}, "cy")
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert re.search(r"cy\.po:\d+: exit\.presses_left: the placeholder \{count\} is missing",
                     result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_check_lists_the_interface_words_a_language_lacks(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    set_theme(project / "mkdocs.yml", "  language: pl\n  custom_dir: overrides\n")
    site_words(project, {"topbar.help": "Pomoc"})
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    missing = len(english_keys()) - 1
    assert f"Note: {missing} interface words have no 'pl' translation yet" in result.stdout
    assert "exit.link" in result.stdout


def test_new_sets_the_language_and_brings_words_to_translate(tmp_path: Path) -> None:
    result = run_cli("new", str(tmp_path / "pl"), "--language", "pl")
    assert result.returncode == 0, result.stderr
    config = (tmp_path / "pl" / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^  language: pl$", config, re.M)
    assert re.search(r"^  custom_dir: overrides$", config, re.M)
    words = tmp_path / "pl" / "overrides" / "four-lessons" / "locales" / "pl.po"
    assert 'msgid "exit.link"' in words.read_text(encoding="utf-8")
    assert "Still to translate: the lessons in docs/" in result.stdout
    refused = run_cli("new", str(tmp_path / "xx"), "--language", "xx")
    assert refused.returncode == 1 and "the theme has no language 'xx'" in refused.stderr
    assert not (tmp_path / "xx").exists()
