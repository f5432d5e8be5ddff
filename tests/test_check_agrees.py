"""`four-lessons check` and the strict builds agree on every failing module (issue 21,
finding 4; robustness N10): check fails exactly when a build of the learner or the staff
site fails, and prints every problem those builds print, in the same words."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import copy_project, run_cli, run_mkdocs_build

_LOGGED = re.compile(r"^(?:ERROR|WARNING) +- +(.*)$")
_HEADING = re.compile(r"^\d+ problems? in the [^:]+:$")
_NOT_A_PROBLEM = re.compile(
    r"^(?:Aborted with|Error (?:reading|building) page '[^']*':$|A 'dirty' build)"
)


def problems_of(stderr: str) -> list[str]:
    """The problem lines of a build's log: each logged message, reports split up."""
    found: list[str] = []
    in_report = False
    for line in stderr.splitlines():
        logged = _LOGGED.match(line)
        if logged:
            message = logged.group(1).strip().removeprefix("four_lessons: ")
            in_report = bool(_HEADING.match(message))
            if not in_report and not _NOT_A_PROBLEM.match(message):
                found.append(" ".join(message.split()))
        elif in_report and line.startswith("  "):
            found.append(line.strip())
        else:
            in_report = False
    return found


def edit(relative: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        path = project / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return apply


def write(relative: str, text: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    return apply


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(text: str) -> str:
        assert old in text, (relative, old)
        return text.replace(old, new, 1)
    return edit(relative, change)


def append(relative: str, text: str) -> Callable[[Path], None]:
    return edit(relative, lambda old: f"{old.rstrip()}\n\n{text}\n")


def broken_link(project: Path) -> None:
    (project / "docs" / "broken.md").symlink_to(project / "missing.md")


def not_utf8(project: Path) -> None:
    (project / "docs" / "plain.md").write_bytes(b"# Plain\n\nCaf\xe9\n")


def unicode_pair(project: Path) -> None:
    (project / "docs" / "caf\u00e9.md").write_text("# A\n\n[[four asked-once]]\n")
    (project / "docs" / "cafe\u0301.md").write_text("# B\n\n[[four asked-once]]\n")


def link_to_staff(project: Path) -> None:
    write("docs/staff/key.md", "# Key\n")(project)
    append("docs/plain.md", "See the [key](staff/key.md).")(project)


def no_help_page(project: Path) -> None:
    (project / "docs" / "get-help.md").unlink()


#: Modules with one mistake each, as the test suite makes them.
CASES: dict[str, Callable[[Path], None]] = {
    "scenario-field-typo": replace("quizzes/sample.yml", "      fixated: {present: false",
                                   "      fixatd: {present: false"),
    "unknown-scenario": write("docs/second.md", "# Second\n\n[[four messages-after-mach]]\n"),
    "directive-in-staff-block": append(
        "docs/plain.md", "[[staff]]\n[[four no-such-scenario]]\n[[/staff]]"),
    "directive-in-a-list": append("docs/plain.md", "- [[four asked-once]]"),
    "unclosed-comment-over-a-directive": append(
        "docs/plain.md", "<div>\n<!-- [[four asked-once]]\n</div>"),
    "script-split-over-lines": append("docs/plain.md", '<img src="x"\n  onerror="alert(1)">'),
    "attr-list-handler": append("docs/plain.md", 'Text.\n{ onclick="alert(1)" }'),
    "entity-written-javascript": append("docs/plain.md", "[x](java&#115;cript:alert(1))"),
    "meta-refresh": append(
        "docs/plain.md", '<meta http-equiv="refresh"\n content="0;url=https://x.example/">'),
    "style-covering-the-exit": append("docs/plain.md", "<style>.four-exit{display:none}</style>"),
    "front-matter": edit("docs/plain.md",
                         lambda t: "---\ntitle: '<svg onload=alert(1)>'\n---\n" + t),
    "minutes-of-no-lesson": append("docs/plain.md", "About [[minutes lessons/none.md]] minutes."),
    "contact-mistake": replace("mkdocs.yml", "          hours: every day\n",
                               "          hours: every day\n          phone: call us\n"),
    "rule-mistake": replace("mkdocs.yml", "      institution: Sample Academy\n",
                            "      institution: Sample Academy\n      judgement_rule:\n"
                            "        - judgement: likely-stalkin\n          when: all four\n"),
    "site-name-markup": replace("mkdocs.yml", "site_name: Sample module",
                                "site_name: Sample <b>module</b>"),
    "site-description-script": replace(
        "mkdocs.yml", "site_name: Sample module",
        "site_name: Sample module\nsite_description: '<img src=x onerror=alert(1)>'"),
    "unicode-names": unicode_pair,
    "broken-link": broken_link,
    "not-utf8": not_utf8,
    "deep-list": write("docs/deep.md", "# Deep\n\n" + "\n".join(
        "    " * i + f"- level {i}" for i in range(300)) + "\n"),
    "long-line": write("docs/long.md", "# Long\n\n" + "<a b " * 10_000 + "\n"),
    "learner-page-links-to-staff": link_to_staff,
    "answer-key-against-the-rule": replace(
        "quizzes/sample.yml", "answer: likely-stalking", "answer: not-stalking"),
    "missing-help-page": no_help_page,
    "contacts-never-checked": replace("mkdocs.yml", "      contacts_checked: 2026-11-01\n", ""),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_fails_exactly_when_a_build_does_and_says_the_same(
    tmp_path: Path, case: str
) -> None:
    project = copy_project("sample", tmp_path)
    CASES[case](project)
    learner = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "learner")
    staff = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "staff",
                             env={"FOUR_LESSONS_SITE": "staff"})
    check = run_cli("check", cwd=project)
    assert "Traceback" not in learner.stderr + staff.stderr + check.stderr
    assert 1 in (learner.returncode, staff.returncode), "the case does not fail a build"
    assert check.returncode == 1
    printed = check.stderr.splitlines()
    for build in (learner, staff):
        for problem in problems_of(build.stderr):
            assert any(problem in line for line in printed), (problem, check.stderr)
