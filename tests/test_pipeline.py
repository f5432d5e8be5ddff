"""The build pipeline's faults from the code review (issue 14), each on a real build."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from conftest import ROOT, copy_project, run_cli, run_mkdocs_build

if TYPE_CHECKING:
    from four_lessons.core.scenarios import Scenario


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


def scenario_with(
    story: str, explanations: tuple[str, str, str, str], advice: str
) -> Scenario:
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
    renderer.prepare([scenario])
    html = renderer.render(scenario, "four-s")
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
    second = type(second)(**{**second.__dict__, "id": "t"})
    renderer.prepare([first, second])
    html = renderer.render(second, "four-t")
    assert "example.org/first" not in html
    assert "Also [help]." in html


def test_a_dirty_rebuild_keeps_every_lesson_in_the_module_map(tmp_path: Path) -> None:
    """--dirty and serve rebuilds read only the pages that changed; the module map and My
    progress listed only those."""
    import time

    project = copy_project("progress", tmp_path)
    site = tmp_path / "site"
    assert run_mkdocs_build(project / "mkdocs.yml", site).returncode == 0

    def lessons_in_map() -> list[str]:
        (newest,) = sorted((site / "assets" / "four").glob("module-*.js"),
                           key=lambda path: path.stat().st_mtime)[-1:]
        text = newest.read_text().removeprefix("(window.Four=window.Four||{}).module=")
        data = json.loads(text.rstrip(";\n"))
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
    override.write_text(original.replace('{{ t("exercise.check") }}', "Check my answer now"))
    site = tmp_path / "site"
    result = run_mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    assert "Check my answer now" in (site / "index.html").read_text(encoding="utf-8")


# -- issue 21: one pipeline, through Python-Markdown's stash and on_env -------------------

#: What a placeholder between hooks looked like (findings 1, 2), and what ours could be now:
#: Python-Markdown's stash markers, our injection points before on_env fills them.
LEFTOVERS = re.compile(
    r"FOUR(?:PLACE|SLOT|WIDGET|MINUTES)|\x02|\x03|wzxhzdk|data-four-(?:widget|minutes)=|"
    r"four-lessons:search-skips"
)


def test_no_placeholder_reaches_any_output_and_two_builds_are_identical(tmp_path: Path) -> None:
    """Finding 1: the search index held 'about FOURMINUTES...XX minutes in total'; finding
    2: two builds of unchanged sources differed (a nonce reached the index)."""
    for name in ("a", "b"):
        result = run_cli("build", "--staff", "-d", str(tmp_path / name), cwd=ROOT,
                         env={"SOURCE_DATE_EPOCH": "1764547200"})
        assert result.returncode == 0, result.stderr
    first, second = tmp_path / "a", tmp_path / "b"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        data = (first / relative).read_bytes()
        assert data == (second / relative).read_bytes(), relative
        if relative.suffix in (".html", ".json", ".js", ".xml"):
            text = data.decode("utf-8")
            assert not LEFTOVERS.search(text), (relative, LEFTOVERS.search(text))
    index = json.loads((first / "search" / "search_index.json").read_text(encoding="utf-8"))
    home = next(d for d in index["docs"] if d["location"] in ("", "index.html"))
    assert re.search(r"about \d+ minutes in total", home["text"]), home["text"][:300]


def test_site_wide_parts_are_in_the_page_before_search_reads_it(tmp_path: Path) -> None:
    """My progress and minutes are written into page.content in on_env: the search index
    finds the progress page's lesson list, and each lesson's minutes."""
    project = copy_project("progress", tmp_path)
    site = tmp_path / "site"
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\n\nThe course takes about [[minutes]] minutes; the "
                    "first lesson about [[minutes lessons/one.md]].\n")
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert re.search(r"The course takes about \d+ minutes; the first lesson about \d+\.", index)
    progress = json.loads(index)["docs"]
    listed = [d for d in progress if d["location"].startswith("my-progress/")]
    assert any("1. Messages" in d["text"] for d in listed)


def test_check_and_the_build_agree_on_a_staff_block_and_raw_html(tmp_path: Path) -> None:
    """Finding 4: check said OK where the staff build failed (a directive in a staff block)
    and where raw HTML hid a directive in a comment; both now run the same code."""
    project = copy_project("sample", tmp_path)
    page = project / "docs" / "plain.md"
    text = (page.read_text() + "\n[[staff]]\n\n[[four no-such-scenario]]\n\n[[/staff]]\n"
            "\n<div>\n<!-- [[four asked-once]]\n</div>\n")
    page.write_text(text)
    lines = text.splitlines()
    check = run_cli("check", cwd=project)
    staff = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "staff",
                             env={"FOUR_LESSONS_SITE": "staff"})
    learner = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "learner")
    assert staff.returncode == learner.returncode == check.returncode == 1
    unknown = (
        f"docs/plain.md:{lines.index('[[four no-such-scenario]]') + 1}: no scenario has the id "
        "'no-such-scenario'; check the ids in quizzes/"
    )
    comment = (
        f"docs/plain.md:{lines.index('<!-- [[four asked-once]]') + 1}: this HTML comment "
        "('<!--') is never closed, so it hides the rest of the page; add '-->' where it ends"
    )
    unfinished = (
        f"docs/plain.md:{lines.index('<div>') + 1}: this HTML is never finished (an open tag, "
        "attribute or comment), so it swallows what follows it; close it"
    )
    assert f"  {unknown}\n" in staff.stderr and unknown not in learner.stderr
    assert f"  {unfinished}\n  {comment}\n" in learner.stderr
    assert check.stderr == (
        f"{unfinished}\n{comment}\nIn the staff site, school edition:\n{unknown}\n"
        "3 problem(s) found.\n"
    )


def test_page_problems_the_build_found_alone_are_in_check_too(tmp_path: Path) -> None:
    """Finding 4: [[minutes]] naming no lesson, a reserved page name, two page names one
    progress record apart (robustness N14): each was the build's alone."""
    project = copy_project("progress", tmp_path)
    lessons = project / "docs" / "lessons"
    (lessons / "caf\u00e9.md").write_text("# Caf\u00e9 (composed)\n\nText.\n")
    (lessons / "cafe\u0301.md").write_text("# Cafe\u0301 (decomposed)\n\nText.\n")
    (project / "docs" / "__proto__.md").write_text("# Reserved\n\n[[four asked-once]]\n")
    home = project / "docs" / "index.md"
    home.write_text(home.read_text() + "\nAbout [[minutes lessons/none.md]] minutes.\n")
    line = home.read_text().splitlines().index("About [[minutes lessons/none.md]] minutes.") + 1
    build = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    check = run_cli("check", cwd=project)
    expected = [
        f"docs/index.md:{line}: '[[minutes lessons/none.md]]' names no lesson page; give a "
        "lesson's path in docs/, like lessons/what-is-stalking.md",
        "docs/__proto__.md: the page name '__proto__' is reserved; rename the page",
    ]
    assert build.returncode == check.returncode == 1
    for problem in expected:
        assert f"  {problem}\n" in build.stderr and f"{problem}\n" in check.stderr
    shared = re.search(r"docs/lessons/caf.+?\.md: 'docs/lessons/caf.+?\.md' and "
                       r"'docs/lessons/caf.+?\.md' differ only in how their letters are encoded "
                       r"\(Unicode\), so they would share one progress record; rename one of "
                       r"them", build.stderr)
    assert shared and shared.group(0) in check.stderr


def test_scenario_files_are_found_whatever_the_case_of_their_extension(tmp_path: Path) -> None:
    """Robustness N14: QUIZ.YML was skipped without a word, its ids unchecked."""
    project = copy_project("sample", tmp_path)
    quiz = project / "quizzes" / "sample.yml"
    quiz.rename(project / "quizzes" / "SAMPLE.YML")
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    assert 'data-four-scenario="messages-after-match"' in (site / "index.html").read_text()


def test_limits_give_a_message_not_a_traceback(tmp_path: Path) -> None:
    """Robustness N11, N12: a 1 MB line stalled check and build for minutes; a list 300
    deep ended the build in a traceback. (No time is asserted: see the benchmarks.)"""
    project = copy_project("sample", tmp_path)
    (project / "docs" / "long.md").write_text("# Long\n\n" + "<a b " * 200_000 + "\n")
    (project / "docs" / "deep.md").write_text(
        "# Deep\n\n" + "\n".join("    " * i + f"- level {i}" for i in range(300)) + "\n"
    )
    build = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    check = run_cli("check", cwd=project)
    expected = [
        "docs/deep.md:53: this line is nested more than 50 levels deep (lists or quotes); no "
        "reader can follow that, and Markdown cannot convert it: flatten it",
        "docs/long.md:3: this line is 1,000,000 characters long, more than the 20,000 a page's "
        "line may be; break it into paragraphs",
    ]
    assert build.returncode == check.returncode == 1
    assert "Traceback" not in build.stderr + check.stderr
    assert "2 problems in the lesson pages:\n" + "".join(f"  {p}\n" for p in expected) in (
        build.stderr
    )
    assert check.stderr == "".join(f"{p}\n" for p in expected) + "2 problem(s) found.\n"


def test_five_thousand_scenarios_build(tmp_path: Path) -> None:
    """Robustness limits: 5,000 scenarios in one file, all placed by one tag on one page."""
    import yaml

    project = copy_project("sample", tmp_path)
    base = yaml.safe_load((project / "quizzes" / "sample.yml").read_text())["scenarios"][0]
    many = [{**json.loads(json.dumps(base)), "id": f"bulk-{n:04d}", "title": f"Bulk {n}",
             "tags": ["bulk"]} for n in range(5000)]  # copies: YAML would write aliases
    # libyaml's emitter: PyYAML's own took 7 s of this test; the text is the same.
    text = yaml.dump({"scenarios": many}, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper))
    (project / "quizzes" / "bulk.yml").write_text(text)
    (project / "docs" / "bulk.md").write_text("# Bulk\n\n[[four tag:bulk]]\n")
    site = tmp_path / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    bulk = (site / "bulk" / "index.html").read_text(encoding="utf-8")
    assert bulk.count("data-four-scenario=") == 5000


def test_search_reads_a_page_without_answers_and_form_and_gets_it_back_whole() -> None:
    """search_view cuts every exercise's answers and the one answer form, wherever the form
    stands among them (it was looked for again after every cut, which read the rest of a
    page of 5,000 exercises 5,000 times); restore_view puts back the same page."""
    from four_lessons.core.build import ANSWERS_START, CUT, FORM_START, restore_view, search_view

    answers = [f"{ANSWERS_START}<p>key {n}</p></details>" for n in range(400)]
    form = f"{FORM_START}<form>ticks</form></template>"
    for where in (0, 1, 200, 400):
        parts = [f"<h2>Story {n}</h2><p>text {n}</p>{a}" for n, a in enumerate(answers)]
        parts.insert(where, form)
        page = "<h1>Lesson</h1>" + "".join(parts) + "<p>end</p>"
        view = search_view(page)
        assert view is not None
        text, cut = view
        assert cut == [*answers[:where], form, *answers[where:]]
        assert text.count(CUT) == 401 and "key " not in text and "ticks" not in text
        assert "<p>text 399</p>" in text and text.endswith("<p>end</p>")
        assert restore_view(text, cut) == page
    # An answers part left open is not cut: search reads it as the page has it.
    open_end = "<p>a</p>" + answers[0] + ANSWERS_START + "<p>never closed</p>"
    assert search_view(open_end) == ("<p>a</p>" + CUT + ANSWERS_START + "<p>never closed</p>",
                                     [answers[0]])
    assert search_view("<p>no exercise</p>") is None


def test_every_piece_of_our_html_can_be_overridden_the_way_materials_can(tmp_path: Path) -> None:
    """Finding 10: the exercise, its answers and the lesson header and footer were built in
    Python; a site overrides them now as Material's partials, in its custom_dir."""
    from four_lessons.core.templating import DEFAULT

    project = copy_project("progress", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1))
    folder = project / "overrides" / "fragments" / "four-lessons"
    folder.mkdir(parents=True)
    for name, old, new in (
        ("exercise.html", '{{ t("exercise.kind") }}', "FOUR exercise (ours)"),
        ("answers.html", '{{ t("answers.advice") }}', "What might help"),
        ("lesson-header.html", '{{ t("lesson.minutes", minutes=minutes) }}',
         "roughly {{ minutes }} minutes"),
        ("lesson-footer.html", '{{ t_around("lesson.next", title=place.next.title) }}',
         "Onwards: {{ place.next.title }}"),
    ):
        source = DEFAULT.source(name)
        assert old in source, name
        (folder / name).write_text(source.replace(old, new))
    site = tmp_path / "site"
    result = run_mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    one = (site / "lessons" / "one" / "index.html").read_text(encoding="utf-8")
    assert "FOUR exercise (ours)" in one and "What might help" in one
    assert re.search(r'four-lesson-meta">Lesson 1 of 3 .*? roughly \d+ minute', one)
    assert ">Onwards: " in one
