"""Every rule Python and the front end share is written once, in contract.json (issue 21,
finding 5): a copy of one in the code (the storage prefix, a judgement's label, the score,
the exercise id rule with its length, the page id's limits) is what let them disagree."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_mkdocs_build
from four_lessons.core.scenarios import (
    CONTRACT,
    EXERCISE_ID_MAX_LENGTH,
    Judgement,
    exercise_id_problem,
)

PACKAGE = ROOT / "plugins" / "four_lessons"
SOURCES = sorted(
    [*PACKAGE.rglob("*.py"), *(PACKAGE / "frontend").glob("*.js"),
     *(PACKAGE / "frontend").glob("*.mjs"), *(PACKAGE / "templates").glob("*.html"),
     *(PACKAGE / "overrides").rglob("*.html"), *(ROOT / "benchmarks").glob("*.py")]
)
COMMENT = re.compile(r"^\s*(#|//|/?\*|\{#)")


def code_lines(path: Path) -> list[tuple[int, str]]:
    """A source's lines that are code (comment lines left out: prose may name a rule)."""
    return [
        (number, line)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if not COMMENT.match(line)
    ]


def copies(pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in SOURCES for number, line in code_lines(path) if pattern.search(line)
    ]


TEXTS = [
    ("storage prefix", CONTRACT["storagePrefix"]),
    ("exercise id pattern", CONTRACT["exerciseIdPattern"]),
    *[(f"judgement label {j['value']}", j["label"]) for j in CONTRACT["judgements"]],
    *[(f"element hint {e['key']}", e["hint"]) for e in CONTRACT["elements"]],
    *[("forbidden page id", name) for name in CONTRACT["pageIdForbidden"]],
]
_NUMBER = r"(?<![\w.]){}(?![\w.])"
#: A shared number written into a comparison or an assignment where its rule is used.
NUMBERS = [
    ("maximum score", re.compile(
        r"(?i)(score|\bmax)\w*\s*(?:[<>]=?|===?|!==?|:|=)\s*" + _NUMBER.format(CONTRACT["maxScore"])
    )),
    ("exercise id length", re.compile(
        rf"\{{0,{CONTRACT['exerciseIdMaxLength'] - 1}\}}|\{{1,{CONTRACT['exerciseIdMaxLength']}\}}"
        r"|(?i:\bids?\b|_id\b|slug).{0,40}" + _NUMBER.format(CONTRACT["exerciseIdMaxLength"])
    )),
    ("page id length", re.compile(
        r"(?i)page.{0,30}" + _NUMBER.format(CONTRACT["pageIdMaxLength"])
    )),
    # (store.js's MIGRATE steps name the version each step makes, a fact of the past.)
    ("storage version", re.compile(
        r"(?i)^(?!.*MIGRATE).*version\w*\s*(?:[<>]=?|===?|:|=)\s*"
        + _NUMBER.format(CONTRACT["storageVersion"])
    )),
]


def quoted(text: str) -> re.Pattern[str]:
    """`text` as a string literal (in either quote), the way a copy of it would be written."""
    return re.compile("|".join(f"{q}{re.escape(text)}{q}" for q in ("'", '"', "`")))


@pytest.mark.parametrize(("rule", "text"), TEXTS, ids=[rule for rule, _ in TEXTS])
def test_no_shared_text_is_written_out_twice(rule: str, text: str) -> None:
    assert copies(quoted(text)) == [], f"{rule} copied from contract.json"


@pytest.mark.parametrize(("rule", "pattern"), NUMBERS, ids=[rule for rule, _ in NUMBERS])
def test_no_shared_number_is_written_out_twice(rule: str, pattern: re.Pattern[str]) -> None:
    assert copies(pattern) == [], f"{rule} copied from contract.json"


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ('var key = "four-lessons:" + module;', "storage prefix"),
        ("if (!judgement || score > 5) return false;", "maximum score"),
        ('var EXERCISE = /^[a-z0-9][a-z0-9-]{0,99}$/;', "exercise id length"),
        ("if len(page_id) > 200:", "page id length"),
        ('LABELS = {"likely-stalking": "Likely stalking"}', "judgement label likely-stalking"),
    ],
)
def test_the_scan_sees_the_copies_the_review_found(line: str, rule: str) -> None:
    patterns = {**{r: quoted(t) for r, t in TEXTS}, **dict(NUMBERS)}
    assert patterns[rule].search(line)


def test_the_judgement_enum_is_the_contract() -> None:
    assert [j.value for j in Judgement] == [j["value"] for j in CONTRACT["judgements"]]
    assert [j.label for j in Judgement] == [j["label"] for j in CONTRACT["judgements"]]


@pytest.mark.parametrize(
    ("identifier", "refused"),
    [
        ("gaming-chat", None),
        ("a" * EXERCISE_ID_MAX_LENGTH, None),
        ("a" * (EXERCISE_ID_MAX_LENGTH + 1), "id is 101 characters long; the progress store keeps "
         "ids of at most 100, so shorten it"),
        ("zz-nl\n", "id must be lowercase letters, digits and hyphens, like 'gaming-chat'"),
        ("double--hyphen", "id must be lowercase letters, digits and hyphens, like 'gaming-chat'"),
    ],
)
def test_the_loader_applies_the_stores_id_rule(identifier: str, refused: str | None) -> None:
    """Robustness N9: ids over 100 characters or ending in a line break were placed but
    never saved: the lesson could never be completed."""
    assert exercise_id_problem(identifier) == refused


def test_the_scripts_get_the_same_id_rule() -> None:
    """build.mjs gives the scripts the pattern and its length as one rule."""
    build = (PACKAGE / "frontend" / "build.mjs").read_text(encoding="utf-8")
    assert "CONTRACT.exerciseIdMaxLength" in build and "CONTRACT.exerciseIdPattern" in build
    store = next((PACKAGE / "assets" / "four").glob("progress.js")).read_text(encoding="utf-8")
    assert json.dumps(CONTRACT["exerciseIdPattern"])[2:-1] in store.replace("\\\\", "\\")


def test_an_id_the_store_would_refuse_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    quiz = project / "quizzes" / "sample.yml"
    long_id = "a" * 101
    quiz.write_text(
        quiz.read_text()
        .replace("id: asked-once", f"id: {long_id}")
        .replace("id: notes-in-bag", 'id: "zz-nl\\n"')
    )
    for page in ("second.md",):
        path = project / "docs" / page
        path.write_text(path.read_text().replace("asked-once", long_id))
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    lines = quiz.read_text().splitlines()
    long_line = lines.index(f"  - id: {long_id}") + 1
    nl_line = lines.index('  - id: "zz-nl\\n"') + 1
    assert (
        f"quizzes/sample.yml:{long_line}: scenario '{'a' * 57}...': id is 101 characters long; "
        "the progress store keeps ids of at most 100, so shorten it"
    ) in result.stderr
    assert (
        f"quizzes/sample.yml:{nl_line}: scenario 'zz-nl\n': id must be lowercase letters, "
        "digits and hyphens, like 'gaming-chat'"
    ) in result.stderr
