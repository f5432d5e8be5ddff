"""The build pipeline's faults from the code review (issue 14), each on a real build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_project, run_cli, run_mkdocs_build


def test_line_numbers_are_right_after_a_knowledge_check(tmp_path: Path) -> None:
    """mkdocs-quiz rewrote its blocks before we read the page: lines after one were off."""
    project = copy_project("progress", tmp_path)
    lesson = project / "docs" / "lessons" / "two.md"
    text = lesson.read_text().rstrip("\n") + "\n\nCall [[contact helplin]].\n"
    lesson.write_text(text)
    line = text.splitlines().index("Call [[contact helplin]].") + 1
    assert line > 12  # below the knowledge check
    expected = (
        f"docs/lessons/two.md:{line}: 'helplin' is not a configured contact; "
        "did you mean 'helpline'?"
    )
    build = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 1
    assert expected in build.stderr
    check = run_cli("check", cwd=project)
    assert expected in check.stderr


def module_markdown() -> object:
    """Markdown set up as the default module's mkdocs.yml sets it up."""
    import markdown

    converter = markdown.Markdown(extensions=[
        "abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
        "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist",
    ])
    return lambda text: converter.reset().convert(text)


def scenario_with(story: str, explanations: tuple[str, str, str, str], advice: str) -> object:
    from four_lessons.core.scenarios import ElementAnswer, Judgement, Scenario, SourceLocation

    return Scenario(
        id="s", title="S", audience=("school",), tags=(), story=story,
        answers=tuple(ElementAnswer(True, e) for e in explanations),
        judgement=Judgement.LIKELY_STALKING, judgement_explanation="Judged.", advice=advice,
        location=SourceLocation("quizzes/s.yml", 1),
    )


def test_each_field_keeps_its_own_explanation() -> None:
    """A story with its own *** and a field with an unclosed <div> shifted every later
    explanation by one: learners read the wrong explanation."""
    from four_lessons.core.render import ExerciseRenderer

    renderer = ExerciseRenderer(module_markdown())  # type: ignore[arg-type]
    from four_lessons.core.scenarios import Scenario

    scenario = scenario_with(
        "Part one.\n\n***\n\nPart two.",
        ("Fixated reason.", "Obsessive reason.", "Unwanted reason.", "Repeated reason."),
        "Advice.",
    )
    scenario = Scenario(**{**scenario.__dict__, "judgement_explanation": "<div>Judged."})
    renderer.prepare([scenario])  # type: ignore[list-item]
    html = renderer.render(scenario, "four-s")  # type: ignore[arg-type]
    for name, reason in (("fixated", "Fixated"), ("obsessive", "Obsessive"),
                         ("unwanted", "Unwanted"), ("repeated", "Repeated")):
        item = html[html.index(f'data-four-element="{name}"'):]
        item = item[:item.index("</li>")]
        assert f"{reason} reason." in item, name
    assert "Judged." in html[html.index("data-four-judgement"):]


def test_a_link_definition_stays_in_its_own_scenario() -> None:
    from four_lessons.core.render import ExerciseRenderer

    renderer = ExerciseRenderer(module_markdown())  # type: ignore[arg-type]
    first = scenario_with("See [help].\n\n[help]: https://example.org/first",
                          ("a", "b", "c", "d"), "Advice.")
    second = scenario_with("Also [help].", ("a", "b", "c", "d"), "Advice.")
    second = type(second)(**{**second.__dict__, "id": "t"})  # type: ignore[call-arg]
    renderer.prepare([first, second])  # type: ignore[list-item]
    html = renderer.render(second, "four-t")  # type: ignore[arg-type]
    assert "example.org/first" not in html
    assert "Also [help]." in html


def test_a_dirty_rebuild_keeps_every_lesson_in_the_module_map(tmp_path: Path) -> None:
    """--dirty and serve rebuilds read only the pages that changed; the module map and My
    progress listed only those."""
    import json
    import re
    import time

    project = copy_project("progress", tmp_path)
    site = tmp_path / "site"
    assert run_mkdocs_build(project / "mkdocs.yml", site).returncode == 0

    def lessons_in_map() -> list[str]:
        (newest,) = sorted((site / "assets" / "four").glob("module-*.js"),
                           key=lambda path: path.stat().st_mtime)[-1:]
        data = json.loads(re.sub(r"^window\.FourModule=|;\s*$", "", newest.read_text()))
        return [lesson[0] for lesson in data["lessons"]]

    full = lessons_in_map()
    assert len(full) >= 3
    lesson = project / "docs" / "lessons" / "one.md"
    lesson.write_text(lesson.read_text() + "\nOne more line.\n")
    # --dirty rebuilds pages newer than their output: say so in the file's time, rather
    # than wait for the clock to pass the file system's time resolution.
    later = time.time() + 10
    os.utime(lesson, (later, later))
    # MkDocs itself warns about every dirty build, so this one cannot be strict.
    dirty = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(project / "mkdocs.yml"),
         "-d", str(site)], capture_output=True, text=True, check=False, timeout=300,
    )
    assert dirty.returncode == 0, dirty.stderr
    assert lessons_in_map() == full
    progress = (site / "my-progress" / "index.html").read_text(encoding="utf-8")
    for title in ("1. Messages", "2. At school", "3. Reading"):
        assert title in progress, title


def test_a_site_can_override_our_templates(tmp_path: Path) -> None:
    """The way Material's templates are overridden: <custom_dir>/four-lessons/<name>."""
    from four_lessons.core.templating import environment

    project = copy_project("sample", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1))
    original = environment.loader.get_source(environment, "form.html")[0]  # type: ignore[union-attr]
    override = project / "overrides" / "four-lessons" / "form.html"
    override.parent.mkdir(parents=True)
    override.write_text(original.replace("Check my answer", "Check my answer now"))
    site = tmp_path / "site"
    result = run_mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    assert "Check my answer now" in (site / "index.html").read_text(encoding="utf-8")
