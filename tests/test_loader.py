"""The scenario loader: every kind of mistake gets one whole, actionable line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from four_lessons import Judgement, ScenarioFileError, load_scenarios

VALID = """\
scenarios:
  - id: gaming-chat
    title: Chat after a game
    audience: [school, university]
    tags: [online, gaming]
    story: |
      Sam and Alex played one game together.
    elements:
      fixated:
        present: true
        explanation: A lot of effort aimed at one person.
      obsessive:
        present: true
        explanation: Keeps finding new ways.
      unwanted:
        present: true
        explanation: Alex said stop.
      repeated:
        present: true
        explanation: Many times.
    judgement:
      answer: likely-stalking
      explanation: All four are there.
    advice: Tell someone.
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / "quizzes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, *files: Path) -> list[str]:
    with pytest.raises(ScenarioFileError) as caught:
        load_scenarios(files, display_root=tmp_path)
    return [str(p) for p in caught.value.problems]


def test_valid_file_loads_every_field(tmp_path: Path) -> None:
    scenarios = load_scenarios([write(tmp_path, "a.yml", VALID)], tmp_path)
    (scenario,) = scenarios.scenarios
    assert scenario.id == "gaming-chat"
    assert scenario.title == "Chat after a game"
    assert scenario.audience == ("school", "university")
    assert scenario.tags == ("online", "gaming")
    assert scenario.story == "Sam and Alex played one game together.\n"
    assert [a.present for a in scenario.answers] == [True, True, True, True]
    assert scenario.answer_for("unwanted").explanation == "Alex said stop."
    assert scenario.judgement is Judgement.LIKELY_STALKING
    assert scenario.advice == "Tell someone."
    assert str(scenario.location) == "quizzes/a.yml:2"
    assert scenarios.get("gaming-chat") is scenario
    assert scenarios.with_tag("gaming") == (scenario,)


def test_invalid_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yml", "scenarios:\n  - id: x\n    title: [unclosed\n")
    assert problems(tmp_path, path) == [
        "quizzes/a.yml:4: invalid YAML: did not find expected ',' or ']'; "
        "check the indentation and quotes on this line and the one before"
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yml", b"scenarios:\n  - id: caf\xe9\n")
    assert problems(tmp_path, path) == [
        "quizzes/a.yml:2: not UTF-8 text (byte 0xe9); save the file with UTF-8 encoding"
    ]


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yml", "# only a comment\n\n")
    assert problems(tmp_path, path) == [
        "quizzes/a.yml:1: the file is empty; add 'scenarios:' with at least one scenario, "
        "or delete the file"
    ]


def test_missing_scenarios_key(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yml", "- id: x\n")
    assert problems(tmp_path, path) == [
        "quizzes/a.yml:1: expected 'scenarios:' followed by a list of scenarios at the top"
    ]


def test_missing_field(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yml", VALID.replace("    title: Chat after a game\n", ""))
    assert problems(tmp_path, path) == [
        "quizzes/a.yml:2: scenario 'gaming-chat': missing required field 'title'; add it"
    ]


def test_missing_element(tmp_path: Path) -> None:
    text = VALID.replace(
        "      repeated:\n        present: true\n        explanation: Many times.\n", ""
    )
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:8: scenario 'gaming-chat': elements: missing 'repeated'; "
        "add it with 'present' and 'explanation'"
    ]


def test_wrong_type(tmp_path: Path) -> None:
    text = VALID.replace("present: true\n        explanation: Alex", "present: maybe\n"
                         "        explanation: Alex")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:16: scenario 'gaming-chat': unwanted: 'present' must be true, false or "
        "either, not 'maybe'"
    ]


def test_text_field_given_a_list(tmp_path: Path) -> None:
    text = VALID.replace("    title: Chat after a game", "    title: [a, b]")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:3: scenario 'gaming-chat': 'title' must be text, not a list"
    ]


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    text = VALID.replace("      fixated:", "      fixatd:")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:9: scenario 'gaming-chat': elements: 'fixatd' is not a known field; "
        "did you mean 'fixated'?",
        "quizzes/a.yml:8: scenario 'gaming-chat': elements: missing 'fixated'; "
        "add it with 'present' and 'explanation'",
    ]


def test_unknown_field_without_a_close_match_lists_the_known_ones(tmp_path: Path) -> None:
    text = VALID.replace("    advice: Tell someone.", "    colour: blue")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:24: scenario 'gaming-chat': 'colour' is not a known field; known "
        "fields are id, title, audience, tags, story, elements, judgement, advice, exception"
    ]


def test_unknown_judgement(tmp_path: Path) -> None:
    text = VALID.replace("answer: likely-stalking", "answer: likely-stalkin")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:22: scenario 'gaming-chat': 'likely-stalkin' is not a known judgement; "
        "did you mean 'likely-stalking'?"
    ]


def test_unknown_judgement_far_from_any_lists_them(tmp_path: Path) -> None:
    text = VALID.replace("answer: likely-stalking", "answer: bad")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:22: scenario 'gaming-chat': 'bad' is not a known judgement; use one of "
        "likely-stalking, warning-signs, not-stalking, needs-help-now"
    ]


def test_unknown_audience(tmp_path: Path) -> None:
    text = VALID.replace("audience: [school, university]", "audience: [school, univrsity]")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:4: scenario 'gaming-chat': 'univrsity' is not a known audience; "
        "did you mean 'university'?"
    ]


def test_bad_id(tmp_path: Path) -> None:
    text = VALID.replace("id: gaming-chat", "id: Gaming Chat")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:2: scenario 'Gaming Chat': id must be lowercase letters, digits and "
        "hyphens, like 'gaming-chat'"
    ]


def test_duplicate_key(tmp_path: Path) -> None:
    text = VALID.replace("    advice: Tell someone.",
                         "    advice: Tell someone.\n    advice: Again.")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:25: scenario 'gaming-chat': 'advice' is given twice; keep one"
    ]


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yml", VALID)
    second = write(tmp_path, "b.yml", VALID)
    assert problems(tmp_path, first, second) == [
        "quizzes/b.yml:2: scenario id 'gaming-chat' is already used at quizzes/a.yml:2; "
        "give each scenario its own id"
    ]


def test_every_problem_in_every_file_at_once(tmp_path: Path) -> None:
    broken = write(tmp_path, "a.yml", VALID.replace("answer: likely-stalking", "answer: bad")
                   .replace("    title: Chat after a game\n", ""))
    empty = write(tmp_path, "b.yml", "")
    found = problems(tmp_path, broken, empty)
    assert [line.split(":")[0:2] for line in found] == [
        ["quizzes/a.yml", "2"],
        ["quizzes/a.yml", "21"],
        ["quizzes/b.yml", "1"],
    ]


def test_the_documented_example_is_a_valid_scenario_file(tmp_path: Path) -> None:
    page = (Path(__file__).parents[1] / "docs" / "staff" / "scenario-format.md").read_text()
    example = page.split("```yaml\n", 1)[1].split("```", 1)[0]
    scenarios = load_scenarios([write(tmp_path, "example.yml", example)], tmp_path)
    assert [s.id for s in scenarios.scenarios] == ["choir-messages"]
    assert scenarios.scenarios[0].judgement is Judgement.NOT_STALKING


def test_present_either_and_exception_are_read(tmp_path: Path) -> None:
    text = VALID.replace(
        "present: true\n        explanation: Alex", "present: either\n        explanation: Alex"
    ).replace(
        "    advice: Tell someone.\n", "    advice: Tell someone.\n    exception: |\n      Why.\n"
    )
    (scenario,) = load_scenarios([write(tmp_path, "a.yml", text)], tmp_path).scenarios
    unwanted = scenario.answer_for("unwanted")
    assert unwanted.either and unwanted.accepts(True) and unwanted.accepts(False)
    assert not scenario.answer_for("fixated").accepts(False)
    assert scenario.exception == "Why."
    assert str(scenario.judgement_location) == "quizzes/a.yml:22"


def test_a_tagged_bool_that_is_not_true_or_false_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("present: true\n        explanation: Alex", "present: !!bool maybe\n"
                         "        explanation: Alex")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:16: scenario 'gaming-chat': unwanted: 'present' must be true, false or "
        "either, not 'maybe'"
    ]


def test_empty_audience_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("audience: [school, university]", "audience: []")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:4: scenario 'gaming-chat': 'audience' is empty; "
        "use [school], [university] or both"
    ]


def test_control_character_is_reported_on_its_own_line(tmp_path: Path) -> None:
    text = VALID.replace("Sam and Alex played", "Sam and \x07Alex played")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        "quizzes/a.yml:7: a control character (U+0007) is in the text; delete it "
        "(it is invisible in most editors: retype the line)"
    ]


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x80", "\x84", "\x86", "\x9f"])
@pytest.mark.parametrize("beside", ["", "£5 and a no-break\u00a0space, ", "\u0085"])
def test_every_control_character_is_found_whatever_stands_beside_it(
    tmp_path: Path, character: str, beside: str
) -> None:
    # The loader looks at the bytes first and searches the text only when they hold one of
    # a control character's bytes; 0xC2 begins both the C1 block and characters like "£".
    text = VALID.replace("Sam and Alex played", f"Sam and {beside}{character}Alex played")
    assert problems(tmp_path, write(tmp_path, "a.yml", text)) == [
        f"quizzes/a.yml:7: a control character (U+{ord(character):04X}) is in the text; "
        "delete it (it is invisible in most editors: retype the line)"
    ]


def test_text_with_characters_near_the_control_ones_loads(tmp_path: Path) -> None:
    text = VALID.replace("Sam and Alex played", "Sam paid £5\u00a0for Alex, who played")
    (scenario,) = load_scenarios([write(tmp_path, "a.yml", text)], tmp_path).scenarios
    assert "£5\u00a0for" in scenario.story


@pytest.mark.parametrize(
    ("text", "empty"),
    [
        ("", True),
        ("\n\n   \n", True),
        ("# a comment\n   # an indented one\n\t\n", True),
        ("# a comment\n\n  scenarios: nothing\n", False),
        ("scenarios:\n", False),
    ],
)
def test_a_file_of_comments_and_blank_lines_is_empty(
    tmp_path: Path, text: str, empty: bool
) -> None:
    found = problems(tmp_path, write(tmp_path, "a.yml", text))
    assert ("the file is empty" in found[0]) is empty, found


def test_the_loader_gives_every_node_the_tags_and_marks_pyyaml_gives() -> None:
    # The loader resolves tags with less work than PyYAML's own resolver (loader._Loader);
    # every kind of scalar, collection, explicit tag and alias must come out the same.
    import yaml

    from four_lessons.core import loader

    document = textwrap.dedent("""\
        plain: [text, yes, No, ON, off, y, n, true, FALSE, ~, null, Null, '', "", 0, -12,
                +5, 0x1F, 0o17, 017, 0b101, 1_000, 1:30, 1.5, .5, -1e3, 6.8523015e+5, .inf,
                -.Inf, .NaN, 2026-12-07, 2026-12-07T10:30:00Z, 2026-12-07 10:30:00.5 +01:00,
                =, <<, "true", 'null', '5', !!str 5, !!int "7", !!float '1', !custom x, ! y]
        block: |
          kept
        folded: >-
          folded
          text
        anchored: &anchor {key: value, "quoted key": [1, 2]}
        again: *anchor
        <<: {merged: 1}
        ? [complex, key]
        : value
        empty:
        """)

    def shape(node: yaml.Node | None, exact: bool = True) -> object:
        assert node is not None
        # The C and Python parsers differ in styles and end marks, not in tags or lines.
        marks: tuple[object, ...] = (node.start_mark.line, node.start_mark.column)
        if exact:
            marks += (node.end_mark.line, node.end_mark.column, getattr(node, "style", None))
        if isinstance(node, yaml.ScalarNode):
            return (node.tag, node.value, marks)
        if isinstance(node, yaml.SequenceNode):
            return (node.tag, [shape(child, exact) for child in node.value], marks)
        return (node.tag, [(shape(k, exact), shape(v, exact)) for k, v in node.value], marks)

    ours = yaml.compose(document, Loader=loader._Loader)
    assert shape(ours) == shape(yaml.compose(document, Loader=yaml.CSafeLoader))
    assert shape(ours, exact=False) == shape(
        yaml.compose(document, Loader=yaml.SafeLoader), exact=False
    )
    again = yaml.compose(document, Loader=loader._Loader)  # with the tags it remembers
    assert shape(again) == shape(ours)
    assert "tag:yaml.org,2002:bool" in str(shape(ours))  # the corpus is read, not skipped


def test_alias_bomb_is_refused_with_the_alias_line(tmp_path: Path) -> None:
    big = "word " * 20_000
    lines = ["scenarios:"]
    for number in range(30):
        story = f"&big |\n      {big}" if number == 0 else "*big"
        lines.append(VALID.split("\n", 1)[1].replace("gaming-chat", f"chat-{number}").replace(
            "story: |\n      Sam and Alex played one game together.", f"story: {story}"))
    path = write(tmp_path, "a.yml", "\n".join(lines))
    (message,) = problems(tmp_path, path)
    assert message.startswith("quizzes/a.yml:30: YAML aliases ('*name') make this file stand for ")
    assert message.endswith("write each text out instead of repeating it with an alias")


def test_huge_field_is_refused_and_the_message_stays_short(tmp_path: Path) -> None:
    text = VALID.replace("answer: likely-stalking", "answer: " + "x" * 200_000)
    text = text.replace("Sam and Alex played one game together.", "y" * 30_000)
    found = problems(tmp_path, write(tmp_path, "a.yml", text))
    assert found == [
        "quizzes/a.yml:6: scenario 'gaming-chat': 'story' is 30,001 characters long, more than "
        "the 20,000 a scenario field may hold; shorten it",
        "quizzes/a.yml:22: scenario 'gaming-chat': 'xxxxxxxxxxxxxxxxxxxxxxxxxxx...' is not a "
        "known judgement; use one of likely-stalking, warning-signs, not-stalking, needs-help-now",
    ]
