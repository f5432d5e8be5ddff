"""The Welsh catalogue (cy.po): complete, well formed, and counting as Welsh counts.

Welsh has six plural forms (zero, one, two, few, many, other: 0, 1, 2, 3, 6, the rest) and
the number changes the noun after it (dau gwis, tri chwis, dwy wers): each count below is
checked word for word, as a Welsh reader should see it, in Python (Babel) and in the
scripts (frontend/i18n.js under Node, with Intl.PluralRules), which must agree.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from four_lessons.core.i18n import (
    LOCALES,
    PLURAL_CATEGORIES,
    english_keys,
    format_message,
    load_catalogue,
    message_problems,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plugins" / "four_lessons"
WELSH_PO = LOCALES / "cy.po"
QUIZ_PO = LOCALES / "mkdocs-quiz" / "cy.po"
COUNTS = (0, 1, 2, 3, 6, 7)  # one number for each Welsh plural category, in CLDR's order

#: Plural choices that give fewer than Welsh's six forms, with the forms they give: a count
#: that can't be 0 (or is shown only when it isn't), a label rather than a counted noun, or
#: exact numbers written out as the English does. Any other plural gives all six.
SUBSETS = {
    ("lesson.minutes", "minutes"): {"one", "two", "few", "many", "other"},  # never 0
    ("progress.course_parts", "count"): {"one", "two", "few", "many", "other"},
    ("progress.import_count_skipped", "skipped"): {"one", "two", "few", "many", "other"},
    ("certificate.lessons", "lessons"): {"=1", "two", "few", "many", "other"},
    ("certificate.lessons_and", "lessons"): {"=1", "two", "few", "many", "other"},
    ("progress.checks_item", "checks"): {"one", "other"},  # "Cwis" / "Cwisiau", a label
    ("practice.position", "left"): {"=0", "other"},  # "# ar ôl": no noun after the number
    ("lesson.stories", "count"): {f"={n}" for n in range(11)} | {"other"},  # number words
}


def plural_choices(text: str) -> list[tuple[str, set[str]]]:
    """Each plural in `text` (nested ones too): its placeholder and the forms it gives."""
    found = []
    for match in re.finditer(r"\{\s*(\w+)\s*,\s*plural\s*,", text):
        depth, i = 0, match.start()
        while True:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        body = text[match.end():i]
        forms = set(re.findall(r"(=?\w+)\s*\{", _top_level(body)))
        found.append((match.group(1), forms))
    return found


def _top_level(body: str) -> str:
    """`body` with every choice's text emptied: "one {a {b}} other {c}" -> "one {} other {}"."""
    out, depth = [], 0
    for char in body:
        if char == "}":
            depth -= 1
        if depth == 0:
            out.append(char)
        if char == "{":
            depth += 1
    return "".join(out)


def welsh(key: str, **params: object) -> str:
    return load_catalogue("cy").t(key, **params)


# -- the catalogue as a whole --------------------------------------------------------------


def test_the_welsh_catalogue_has_every_key_and_nothing_else() -> None:
    with WELSH_PO.open("rb") as stream:
        catalog = read_po(stream)
    assert catalog.locale is not None and str(catalog.locale) == "cy"
    translated = {m.id: m.string for m in catalog if m.id and not m.fuzzy}
    assert sorted(english_keys() - set(translated)) == []
    assert sorted(set(translated) - english_keys()) == []
    assert [key for key, text in translated.items() if not str(text).strip()] == []


def test_the_welsh_catalogue_loads_with_no_problem_and_no_key_missing() -> None:
    catalogue = load_catalogue("cy")  # raises CatalogueError naming file and line if broken
    assert (catalogue.code, catalogue.has_catalogue, catalogue.direction) == ("cy", True, "ltr")
    assert catalogue.missing == ()
    assert len(catalogue.messages) == len(english_keys()) > 250


def test_every_welsh_message_keeps_its_placeholders() -> None:
    english = load_catalogue("en").messages
    problems = [
        problem
        for key, text in load_catalogue("cy").messages.items()
        for problem in message_problems(key, text, english[key])
    ]
    assert problems == []


def test_no_message_with_words_is_left_in_english() -> None:
    english, cy = load_catalogue("en").messages, load_catalogue("cy").messages
    same = [key for key, text in english.items() if cy[key] == text]
    # What stays the same holds placeholders and punctuation only ("{name} ({ways})").
    worded = [
        key for key in same if re.search(r"[A-Za-z]", re.sub(r"\{[^{}]*\}", "", english[key]))
    ]
    assert worded == []


def test_every_count_gives_the_welsh_forms() -> None:
    seen = set()
    for key, text in load_catalogue("cy").messages.items():
        for name, forms in plural_choices(text):
            assert "other" in forms, (key, name)
            assert forms <= set(PLURAL_CATEGORIES) | {f"={n}" for n in range(100)}, (key, forms)
            if (key, name) in SUBSETS:
                seen.add((key, name))
                assert forms == SUBSETS[(key, name)], (key, name, forms)
            else:
                assert forms == set(PLURAL_CATEGORIES), (key, name, forms)
    assert seen == set(SUBSETS)  # every exception listed is still a real one


# -- counts, word for word ---------------------------------------------------------------------


def test_exercises_left_take_each_form() -> None:
    assert [welsh("nav.left_exercises", exercises=n) for n in COUNTS] == [
        "dim ymarferion", "un ymarfer", "dau ymarfer", "tri ymarfer", "chwe ymarfer", "7 ymarfer"]


def test_knowledge_checks_left_mutate_after_the_number() -> None:
    # cwis: soft mutation after "dau" (gwis), aspirate after "tri" and "chwe" (chwis).
    assert [welsh("nav.left_checks", checks=n) for n in COUNTS] == [
        "dim cwisiau", "un cwis", "dau gwis", "tri chwis", "chwe chwis", "7 cwis"]


def test_and_before_a_count_is_ac_before_a_vowel_and_mutates_after() -> None:
    assert [welsh("nav.left_both", exercises=2, checks=n) for n in COUNTS] == [
        "dau ymarfer",
        "dau ymarfer ac un cwis",
        "dau ymarfer a dau gwis",
        "dau ymarfer a thri chwis",
        "dau ymarfer a chwe chwis",
        "dau ymarfer a 7 cwis",
    ]
    assert welsh("left.on_page_both", exercises=1, checks=3) == (
        "Ar y dudalen hon: un ymarfer a thri chwis")


def test_lessons_are_feminine_and_soften_after_o() -> None:
    assert [welsh("progress.completed", done=1, lessons=n) for n in COUNTS[1:]] == [
        "Rwyt ti wedi gorffen 1 allan o un wers.",
        "Rwyt ti wedi gorffen 1 allan o ddwy wers.",
        "Rwyt ti wedi gorffen 1 allan o dair gwers.",
        "Rwyt ti wedi gorffen 1 allan o chwe gwers.",
        "Rwyt ti wedi gorffen 1 allan o 7 gwers.",
    ]
    assert [welsh("progress.course", lessons=n) for n in COUNTS] == [
        "Does dim gwersi yn y cwrs hwn.",
        "Mae un wers yn y cwrs hwn.",
        "Mae dwy wers yn y cwrs hwn.",
        "Mae tair gwers yn y cwrs hwn.",
        "Mae chwe gwers yn y cwrs hwn.",
        "Mae 7 gwers yn y cwrs hwn.",
    ]


def test_the_certificate_agrees_with_one_lesson_or_many() -> None:
    assert [welsh("certificate.lessons", lessons=n) for n in COUNTS[1:]] == [
        "Y wers wedi'i chwblhau",
        "Y ddwy wers wedi'u cwblhau",
        "Y tair gwers i gyd wedi'u cwblhau",
        "Y chwe gwers i gyd wedi'u cwblhau",
        "Y 7 gwers i gyd wedi'u cwblhau",
    ]
    what = welsh("certificate.lessons", lessons=6)
    assert welsh("certificate.done_score_checks", what=what, points=28, max=30,
                 percent="93%", right=5, checks=6) == (
        "Y chwe gwers i gyd wedi'u cwblhau, gyda sgôr o 28 allan o 30 (93%) yn yr "
        "ymarferion FOUR, a 5 allan o chwe chwis yn gywir.")


def test_the_quick_exit_counts_the_presses_left() -> None:
    assert [welsh("exit.presses_left", count=n) for n in (2, 1)] == [
        "Pwysa Shift ddwywaith eto i adael.", "Pwysa Shift unwaith eto i adael."]
    assert welsh("exit.link") == "Gadael y dudalen hon"


def test_minutes_and_scenarios() -> None:
    assert [welsh("lesson.minutes", minutes=n) for n in COUNTS[1:]] == [
        "tua munud", "tua dwy funud", "tua thair munud", "tua chwe munud", "tua 7 munud"]
    assert [welsh("practice.all_settings", count=n) for n in COUNTS] == [
        "Pob lleoliad (dim senarios)", "Pob lleoliad (un senario)",
        "Pob lleoliad (dau senario)", "Pob lleoliad (tri senario)",
        "Pob lleoliad (chwe senario)", "Pob lleoliad (7 senario)"]


def test_the_date_is_welsh_from_babel_and_from_the_catalogue_alike() -> None:
    day = datetime.date(2026, 12, 6)
    cy = load_catalogue("cy")
    assert cy.date(day) == "6 Rhagfyr 2026"
    # The scripts' fallback where the browser has no Welsh dates (Chromium): the same words.
    assert cy.t("i18n.date", day=6, month=cy.t("i18n.month_12"), year=2026) == cy.date(day)
    months = [cy.t(f"i18n.month_{n}") for n in range(1, 13)]
    assert months == [
        cy.date(datetime.date(2026, n, 6)).split(" ")[1] for n in range(1, 13)]


# -- the scripts count as Python does -----------------------------------------------------------

# i18n.js is an ES module (it imports lib/): esbuild bundles it as build.mjs does.
NODE_SCRIPT = r"""
const fs = require("fs");
const [source, messagesFile, esbuild] = process.argv.slice(2);
const messages = JSON.parse(fs.readFileSync(messagesFile, "utf8"));
global.window = {Four: {messages: {lang: "cy", dir: "ltr", messages}}};
global.document = {
  querySelector: () => null,
  documentElement: {getAttribute: (name) => (name === "lang" ? "cy" : null)},
};
eval(require(esbuild).buildSync({entryPoints: [source], bundle: true, format: "iife", write: false})
  .outputFiles[0].text);
const out = {};
for (const key of Object.keys(messages)) {
  const found = messages[key].matchAll(/\{\s*(\w+)\s*,\s*plural/g);
  const names = [...new Set([...found].map((m) => m[1]))];
  if (!names.length) continue;
  out[key] = [0, 1, 2, 3, 6, 7].map((n) => {
    const params = {};
    for (const match of messages[key].matchAll(/\{\s*(\w+)/g)) params[match[1]] = "X";
    for (const name of names) params[name] = n;
    return window.Four.i18n.t(key, params);
  });
}
process.stdout.write(JSON.stringify(out));
"""


def test_the_scripts_count_in_welsh_as_python_does(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run the front end's i18n.js; install it (see README)")
    keys = json.loads((PACKAGE / "assets" / "four" / "messages-keys.json").read_text("utf-8"))
    cy = load_catalogue("cy")
    messages = {key: cy.messages[key] for key in keys}
    (tmp_path / "messages.json").write_text(json.dumps(messages), encoding="utf-8")
    (tmp_path / "run.js").write_text(NODE_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [node, str(tmp_path / "run.js"), str(PACKAGE / "frontend" / "i18n.js"),
         str(tmp_path / "messages.json"), str(ROOT / "node_modules" / "esbuild")],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert len(shown) > 10  # the scripts' count messages, not an empty list passing
    for key, texts in shown.items():
        names = set(re.findall(r"\{\s*(\w+)\s*,\s*plural", messages[key]))
        others = set(re.findall(r"\{\s*(\w+)", messages[key])) - names
        expected = [
            format_message(messages[key], {**dict.fromkeys(others, "X"),
                                           **dict.fromkeys(names, n)},
                           cy.plural_category, cy.number)
            for n in COUNTS
        ]
        assert texts == expected, key
    assert shown["nav.left_checks"] == [
        "dim cwisiau", "un cwis", "dau gwis", "tri chwis", "chwe chwis", "7 cwis"]


# -- mkdocs-quiz's own words -----------------------------------------------------------------


def test_mkdocs_quiz_has_welsh_for_each_of_its_words() -> None:
    import mkdocs_quiz  # type: ignore[import-untyped]  # a peer plugin, untyped

    template = Path(mkdocs_quiz.__file__).parent / "locales" / "mkdocs_quiz.pot"
    with template.open("rb") as stream:
        wanted = {m.id for m in read_po(stream) if m.id}
    with QUIZ_PO.open("rb") as stream:
        ours = {m.id: m.string for m in read_po(stream) if m.id}
    assert sorted(wanted - set(ours)) == []
    assert [m for m, text in ours.items() if not text] == []
    for msgid, text in ours.items():
        assert re.findall(r"\{\w+\}", str(text)) == re.findall(r"\{\w+\}", str(msgid)), msgid
    assert ours["Submit"] == "Cyflwyno" and ours["Question {n}"] == "Cwestiwn {n}"


# -- the catalogue check reads placeholders from a message's structure ----------------------------

ENGLISH_SHOWING = (
    "{count, plural, one {Showing # scenario in {setting}.} "
    "other {Showing all # scenarios in {setting}.}}"
)
WELSH_SHOWING = (
    "{count, plural, one {Yn dangos un senario yn yr adran “{setting}”.} "
    "two {Yn dangos y ddau senario yn yr adran “{setting}”.} "
    "other {Yn dangos y # senario i gyd yn yr adran “{setting}”.}}"
)


def test_a_plural_choice_that_starts_with_a_word_is_not_a_placeholder() -> None:
    assert message_problems("practice.showing_setting", WELSH_SHOWING, ENGLISH_SHOWING) == []


def test_a_placeholder_lost_inside_a_plural_choice_is_still_found() -> None:
    lost = WELSH_SHOWING.replace("“{setting}”", "Ar-lein")
    assert message_problems("practice.showing_setting", lost, ENGLISH_SHOWING) == [
        "practice.showing_setting: the placeholder {setting} is missing; keep it as it is"
    ]
