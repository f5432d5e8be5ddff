"""The renderer: whole HTML fragments compared with golden files.

Set FOUR_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then read
the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import markdown

from four_lessons import ExerciseRenderer, load_scenarios
from four_lessons.core.scenarios import Scenario, ScenarioSet

GOLDEN = Path(__file__).parent / "golden"
SAMPLE = Path(__file__).parent / "projects" / "sample"


def one(scenarios: ScenarioSet, scenario_id: str) -> Scenario:
    found = scenarios.get(scenario_id)
    assert found is not None, scenario_id
    return found


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("FOUR_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm=""))
        raise AssertionError(f"{name} differs from the golden file:\n{diff}")


def sample_renderer() -> tuple[ExerciseRenderer, list[int]]:
    calls: list[int] = []
    converter = markdown.Markdown()

    def to_html(text: str) -> str:
        calls.append(1)
        return converter.reset().convert(text)

    return ExerciseRenderer(to_html), calls


def test_exercise_html_matches_golden_file() -> None:
    scenarios = load_scenarios(sorted((SAMPLE / "quizzes").glob("*.yml")), SAMPLE)
    renderer, _ = sample_renderer()
    html = renderer.render(one(scenarios, "messages-after-match"), "four-messages-after-match", 3)
    assert_golden("messages-after-match.html", html + "\n")


def test_text_from_scenario_files_is_escaped(tmp_path: Path) -> None:
    quiz = (SAMPLE / "quizzes" / "sample.yml").read_text(encoding="utf-8").replace(
        "title: Messages after a match", 'title: "<script>alert(1)</script> & co"')
    path = tmp_path / "quizzes" / "x.yml"
    path.parent.mkdir()
    path.write_text(quiz, encoding="utf-8")
    scenario = one(load_scenarios([path], tmp_path), "messages-after-match")
    renderer, _ = sample_renderer()
    html = renderer.render(scenario, "four-x")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h2>" in html
    assert "<script>" not in html


def test_markdown_of_many_scenarios_is_converted_in_one_batch() -> None:
    scenarios = load_scenarios(sorted((SAMPLE / "quizzes").glob("*.yml")), SAMPLE)
    renderer, calls = sample_renderer()
    renderer.prepare(scenarios.scenarios)
    html = [renderer.render(s, f"four-{s.id}") for s in scenarios.scenarios]
    assert len(calls) == 1
    assert "<strong>forty messages</strong>" in html[0]
    assert "Priya asks Tom to the cinema." in html[1]


def test_a_field_that_swallows_the_separator_falls_back_to_one_conversion_each(
    tmp_path: Path,
) -> None:
    quiz = (SAMPLE / "quizzes" / "sample.yml").read_text(encoding="utf-8").replace(
        'story: Priya asks Tom to the cinema. He says no thanks. She says "fair enough".',
        'story: "<div>\\nan unclosed HTML block swallows what follows"')
    path = tmp_path / "quizzes" / "x.yml"
    path.parent.mkdir()
    path.write_text(quiz, encoding="utf-8")
    scenarios = load_scenarios([path], tmp_path)
    renderer, calls = sample_renderer()
    renderer.prepare(scenarios.scenarios)
    assert len(calls) > 1
    html = renderer.render(one(scenarios, "asked-once"), "four-a")
    assert "One question is not a fixation." in html


def test_answer_form_template_matches_golden_file() -> None:
    renderer, _ = sample_renderer()
    assert_golden("form-template.html", renderer.form_template() + "\n")
