"""The module's decision rule: keys that contradict it are caught, with file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_project, run_cli, run_mkdocs_build
from four_lessons import load_scenarios
from four_lessons.core.rules import DEFAULT_RULE, RuleError, check_keys, parse_rule
from four_lessons.core.scenarios import Judgement

SAMPLE = Path(__file__).parent / "projects" / "sample"


def rule_of(entries: object = None) -> object:
    return parse_rule(entries, "judgement_rule")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("FOUR", Judgement.LIKELY_STALKING),
        ("FOU-", Judgement.WARNING_SIGNS),
        ("-O--", Judgement.WARNING_SIGNS),
        ("F--R", Judgement.WARNING_SIGNS),
        ("--UR", Judgement.NOT_STALKING),
        ("--U-", Judgement.NOT_STALKING),
        ("----", Judgement.NOT_STALKING),
    ],
)
def test_the_default_rule(pattern: str, expected: Judgement) -> None:
    present = dict(zip(("fixated", "obsessive", "unwanted", "repeated"),
                       (c != "-" for c in pattern), strict=True))
    assert parse_rule(None, "x").judge(present) is expected


def test_the_rule_reads_as_the_exercise_instructions_say_it() -> None:
    assert parse_rule(DEFAULT_RULE, "x").describe() == (
        "Likely stalking: the story shows all four elements.",
        "Warning signs: the story shows Fixated or Obsessive.",
        "Not stalking: in every other case. It may still be bullying, or something else to "
        "tell someone about.",
    )


def test_a_custom_rule_with_and_and_not() -> None:
    rule = parse_rule(
        [
            {"judgement": "likely-stalking", "when": "Fixated and Obsessive and not Unwanted"},
            {"judgement": "not-stalking", "when": "otherwise"},
        ],
        "x",
    )
    assert rule.judge({"fixated": True, "obsessive": True, "unwanted": False,
                       "repeated": False}) is Judgement.LIKELY_STALKING
    assert rule.judge({"fixated": True, "obsessive": True, "unwanted": True,
                       "repeated": True}) is Judgement.NOT_STALKING


def test_a_broken_rule_names_each_entry_and_the_fix() -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule(
            [
                {"judgement": "likely-stalkin", "when": "all four"},
                {"judgement": "warning-signs", "when": "fixated or obsesive"},
                {"judgement": "not-stalking"},
            ],
            "judgement_rule",
        )
    # One Problem each, located at mkdocs.yml, and one report (diagnostics.report).
    assert [str(p) for p in caught.value.problems] == [
        "mkdocs.yml: judgement_rule[0]: 'likely-stalkin' is not a known judgement; "
        "did you mean 'likely-stalking'?",
        "mkdocs.yml: judgement_rule[1]: when: 'obsesive' is not an element; "
        "did you mean 'obsessive'?",
        "mkdocs.yml: judgement_rule[2]: write each entry as 'judgement: ...' and 'when: ...'",
    ]
    assert str(caught.value).startswith("3 problems in the judgement rule:\n  mkdocs.yml: ")


def sample_with(tmp_path: Path, old: str, new: str) -> Path:
    project = copy_project("sample", tmp_path)
    scenarios = project / "quizzes" / "sample.yml"
    text = scenarios.read_text(encoding="utf-8")
    assert old in text
    scenarios.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


# The first sample scenario keyed as "warning signs" although all four elements are there.
CONTRADICTION = ("answer: likely-stalking", "answer: warning-signs")
MESSAGE = (
    "quizzes/sample.yml:23: scenario 'messages-after-match': the answer is 'warning-signs', "
    "but its elements (Fixated, Obsessive, Unwanted, Repeated) give 'likely-stalking' under "
    "the module's rule; change the key, or add 'exception:' saying why this story departs"
)


def test_check_keys_reports_a_contradicting_key_with_file_and_line(tmp_path: Path) -> None:
    project = sample_with(tmp_path, *CONTRADICTION)
    scenarios = load_scenarios([project / "quizzes" / "sample.yml"], project)
    assert [str(p) for p in check_keys(scenarios.scenarios, parse_rule(None, "x"))] == [MESSAGE]


def test_an_exception_with_a_reason_is_accepted(tmp_path: Path) -> None:
    project = sample_with(
        tmp_path,
        "    advice: Keep the messages,",
        "    exception: Staff want this one discussed as a borderline case.\n"
        "    advice: Keep the messages,",
    )
    text = (project / "quizzes" / "sample.yml").read_text()
    (project / "quizzes" / "sample.yml").write_text(text.replace(*CONTRADICTION, 1))
    scenarios = load_scenarios([project / "quizzes" / "sample.yml"], project)
    assert check_keys(scenarios.scenarios, parse_rule(None, "x")) == []


def test_either_that_changes_the_judgement_is_reported(tmp_path: Path) -> None:
    project = sample_with(
        tmp_path,
        "      fixated:\n        present: true",
        "      fixated:\n        present: either",
    )
    text = (project / "quizzes" / "sample.yml").read_text()
    (project / "quizzes" / "sample.yml").write_text(
        text.replace("      obsessive:\n        present: true",
                     "      obsessive:\n        present: false", 1)
    )
    scenarios = load_scenarios([project / "quizzes" / "sample.yml"], project)
    assert [str(p) for p in check_keys(scenarios.scenarios, parse_rule(None, "x"))] == [
        "quizzes/sample.yml:23: scenario 'messages-after-match': reading 'fixated' both ways "
        "changes the judgement under the module's rule (Fixated (either), Unwanted, Repeated); "
        "make the story clearer so one reading fits, or add 'exception:' saying why"
    ]


def test_check_command_and_strict_build_refuse_a_contradicting_key(tmp_path: Path) -> None:
    project = sample_with(tmp_path, *CONTRADICTION)
    check = run_cli("check", cwd=project)
    assert check.returncode == 1
    assert check.stderr == f"{MESSAGE}\n1 problem(s) found.\n"

    build = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 1
    assert f"  {MESSAGE}" in build.stderr
    assert "1 problem in the answer keys:" in build.stderr


def test_a_module_can_turn_the_check_off(tmp_path: Path) -> None:
    project = sample_with(tmp_path, *CONTRADICTION)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      institution: Sample Academy\n",
        "      institution: Sample Academy\n      judgement_rule: []\n",
    ))
    build = run_mkdocs_build(config, tmp_path / "site")
    assert build.returncode == 0, build.stderr


def test_either_is_shown_in_the_answers(tmp_path: Path) -> None:
    project = sample_with(
        tmp_path,
        "unwanted: {present: false, explanation: Asking once is ordinary.}",
        "unwanted: {present: either, explanation: Tom may or may not mind being asked.}",
    )
    site = tmp_path / "site"
    build = run_mkdocs_build(project / "mkdocs.yml", site)
    assert build.returncode == 0, build.stderr
    page = (site / "second" / "index.html").read_text()
    assert re.search(
        r'data-four-element="unwanted" data-four-present="either">\s*'
        r'<p class="four-answers__verdict"><strong>Unwanted: either answer can be right.',
        page,
    )


def test_contacts_and_the_rule_report_problems_not_joined_strings() -> None:
    """Finding 8: contacts and the rule raised joined strings that load_module split back
    into lines; they raise Problems now, located at the configuration file, as every other
    part does, and one formatter writes the report."""
    from four_lessons.core.contacts import ContactError, parse_contacts
    from four_lessons.core.diagnostics import Problem, SourceLocation

    with pytest.raises(ContactError) as caught:
        parse_contacts([{"id": "x", "name": 5}, {"id": "y", "name": "Y", "phone": "ring"}],
                       "module.yml: four-lessons: contacts")
    assert caught.value.problems == (
        Problem(SourceLocation("module.yml", None),
                "four-lessons: contacts[0] ('x'): 'name' must be text"),
        Problem(SourceLocation("module.yml", None),
                "four-lessons: contacts[1] ('y'): 'phone' must be a number to dial, like "
                "0808 802 0300, not 'ring'; put other words in 'about'"),
    )
    assert str(caught.value).splitlines()[0] == "2 problems in the help contacts:"
