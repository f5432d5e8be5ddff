"""Progress, server side: progress.py on its own, then real builds of the progress module.

The browser behaviour is in browser/test_progress.py; here is what the build must hand the
scripts, and what the progress page says with scripts off.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECTS, copy_project, run_mkdocs_build
from four_lessons.core.progress import (
    ExerciseItem,
    PageItem,
    count_quizzes,
    matches_any,
    module_map,
    page_id,
    practice_pages,
    render_certificate,
    render_left,
    render_page_end,
    render_progress,
    unique_exercises,
)
from test_render import assert_golden

A, B, C = ExerciseItem("a", "Story A"), ExerciseItem("b", "Story B"), ExerciseItem("c", "Story C")
PAGES = [
    PageItem("lessons/one", "1. One", "lessons/one/", True, (A,)),
    PageItem("lessons/two", "2. Two", "lessons/two/", True, (B,), quizzes=2),
    PageItem("lessons/read", "3. Read", "lessons/read/", True),
    PageItem("practice", "Practice", "practice/", False, (A, C)),
    PageItem("staff/worksheets", "Worksheets", "staff/worksheets/", False, (A, B)),
]
HREFS = {p.id: "../" + p.url for p in PAGES}


# -- progress.py on its own -------------------------------------------------------------------

def test_page_ids_are_paths_without_md_so_urls_may_change() -> None:
    assert page_id("lessons/online-and-gaming.md") == "lessons/online-and-gaming"
    assert page_id("index.md") == "index"
    assert page_id("notes.markdown") == "notes.markdown"


def test_any_file_name_makes_a_page_id_in_composed_form() -> None:
    assert page_id("lessons/my lesson.md") == "lessons/my lesson"
    assert page_id("lessons/(paren).md") == "lessons/(paren)"
    # "café" as a Mac writes it (e + combining accent) and as Linux does: one id.
    composed = "lessons/caf\u00e9"
    assert page_id("lessons/cafe\u0301.md") == page_id(composed + ".md") == composed


@pytest.mark.parametrize(
    ("src", "expected"),
    [("lessons/one.md", True), ("lessons/deep/two.md", True), ("final-check.md", True),
     ("practice.md", False), ("staff/lessons/one.md", False)],
)
def test_lessons_are_chosen_by_path_patterns(src: str, expected: bool) -> None:
    assert matches_any(src, ["lessons/*", "final-check.md"]) is expected


def test_knowledge_checks_are_counted_before_and_after_mkdocs_quiz_renders_them() -> None:
    placeholders = (
        "<p>x</p>\n<!-- MKDOCS_QUIZ_PLACEHOLDER_0 -->\n<!-- MKDOCS_QUIZ_PLACEHOLDER_1 -->")
    rendered = (
        '<div class="quiz" id="quiz-0"></div><div class="quiz quiz-fill-blank" id="quiz-1">'
        '</div><div class="quiz-intro"></div><div class="quiz-results" id="quiz-results"></div>'
    )
    assert count_quizzes(placeholders) == 2
    assert count_quizzes(rendered) == 2
    assert count_quizzes("<p>A quiz about quizzes.</p>") == 0


def test_an_exercise_placed_twice_on_a_page_counts_once() -> None:
    assert unique_exercises([A, B, A, C, B]) == (A, B, C)


def test_practice_lists_each_exercise_once_and_leaves_out_pages_that_only_repeat() -> None:
    practice = practice_pages(PAGES)
    assert [(p.id, [e.id for e in p.exercises]) for p in practice] == [("practice", ["c"])]
    quiz_only = PageItem("extra", "Extra", "extra/", False, (A,), quizzes=1)
    assert practice_pages([PAGES[0], quiz_only]) == [
        PageItem("extra", "Extra", "extra/", False, (), quizzes=1)]


def test_the_module_map_lists_lessons_in_order_compactly() -> None:
    assert module_map(PAGES) == [
        ["lessons/one", "lessons/one/", ["a"], 0],
        ["lessons/two", "lessons/two/", ["b"], 2],
        ["lessons/read", "lessons/read/", [], 0],
    ]


def test_progress_page_fragment() -> None:
    assert_golden("progress-page.html", render_progress(PAGES, HREFS, "../certificate/") + "\n")


def test_certificate_fragment() -> None:
    fragment = render_certificate("Module & <Co>", 3, "../my-progress/", "St Mary's & <College>")
    assert_golden("certificate.html", fragment + "\n")


def test_titles_are_escaped() -> None:
    hostile = PageItem("lessons/x", "<script>alert(1)</script>", "x/", True,
                       (ExerciseItem("x", '<img src=x onerror="1">'),))
    out = render_progress([hostile], {"lessons/x": "x/"}, None)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "data-four-certificate-href" not in out
    assert "<script" not in render_certificate("<script>x</script>", 1, None)


def test_only_a_lesson_with_nothing_to_answer_gets_the_done_button() -> None:
    reading = render_page_end(PAGES[2])
    assert reading == (
        '<div class="four-page-end" data-four-track="lessons/read">\n'
        '<p class="four-page-end__status" role="status" data-four-end-status></p>\n'
        '<p><button type="button" class="md-button four-page-end__done" aria-pressed="false" '
        'data-four-done hidden>Mark this page as done</button></p>\n</div>'
    )
    assert render_page_end(PAGES[1]) == (
        '<div class="four-page-end" data-four-track="lessons/two">\n</div>')
    assert "data-four-done" not in render_page_end(PageItem("about", "About", "about/", False))


def test_what_is_left_on_a_lesson_lists_each_exercise_and_check_as_a_link() -> None:
    assert_golden("left.html", render_left(PAGES[1]) + "\n\n" + render_left(PAGES[1], end=True)
                  + "\n")
    assert render_left(PAGES[2]) == ""  # nothing to answer: the end-of-page marker does it
    hostile = PageItem("lessons/x", "X", "x/", True, (ExerciseItem("x", "<b>Bold</b> & co"),))
    out = render_left(hostile)
    assert "<b>" not in out and "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in out
    assert 'href="#four-x-title"' in out


def test_a_lesson_says_what_is_left_under_its_heading_and_before_its_way_on() -> None:
    from four_lessons.core.course import LessonStop, footer_html, header_html, places

    stops = [LessonStop("one.md", "1. One", "Lessons"), LessonStop("two.md", "2. Two", "Lessons")]
    place = places(stops)["one.md"]
    left = render_left(PAGES[1])
    assert header_html(place, 5, left) == (
        '<p class="four-lesson-meta">Lesson 1 of 2 <span aria-hidden="true">&middot;</span> '
        "about 5 minutes</p>\n" + left)
    end = render_left(PAGES[1], end=True)
    footer = footer_html(place, "../two/", "../my-progress/", end)
    assert footer.index(end) < footer.index('href="../two/"')
    assert header_html(place, 1) == (
        '<p class="four-lesson-meta">Lesson 1 of 2 <span aria-hidden="true">&middot;</span> '
        "about 1 minute</p>")


# -- real builds ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("progress-build") / "site"
    result = run_mkdocs_build(PROJECTS / "progress" / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out


def settings(page_html: str) -> dict[str, object]:
    found = re.search(r'<meta name="four-lessons" content="([^"]*)">', page_html)
    assert found, "no four-lessons meta"
    value: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return value


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_every_page_names_the_module_and_its_map_of_lessons(site: Path) -> None:
    expected: dict[str, Any] = {
        "module": "progress-sample",
        "exit": "https://www.bbc.co.uk/weather",
        "map": settings(read(site, "index.html"))["map"],
        "assets": settings(read(site, "index.html"))["assets"],
        # The scripts' words (issue 22), and the quick exit's own, in the page's language.
        "messages": settings(read(site, "index.html"))["messages"],
        "text": settings(read(site, "index.html"))["text"],
        "lang": "en",
        "dir": "ltr",
    }
    assert re.fullmatch(r"messages-[0-9a-f]{10}\.js", str(expected["messages"]))
    assert (site / "assets" / "four" / str(expected["messages"])).is_file()
    assert expected["text"]["exit.link"] == "Exit this page"
    assert all(key.startswith("exit.") for key in expected["text"])
    for page in ("index.html", "lessons/two/index.html", "my-progress/index.html"):
        assert settings(read(site, page)) == expected
    # The loader's scripts by their content hash: each published under name.<hash>.ext.
    for name, digest in expected["assets"].items():
        stem, _, suffix = name.rpartition(".")
        assert (site / "assets" / "four" / f"{stem}.{digest}.{suffix}").is_file(), name
    name = str(expected["map"])
    assert re.fullmatch(r"module-[0-9a-f]{10}\.js", name)
    assert read(site, f"assets/four/{name}") == (
        "(window.Four=window.Four||{}).module={"
        '"lessons":[["lessons/one","lessons/one/",["messages-after-match"],0],'
        '["lessons/two","lessons/two/",["asked-once"],1],'
        '["lessons/reading","lessons/reading/",[],0]]};\n'
    )


def test_tracked_pages_end_with_their_marker(site: Path) -> None:
    assert 'data-four-track="lessons/two"' in read(site, "lessons/two/index.html")
    assert 'data-four-track="practice"' in read(site, "practice/index.html")
    reading = read(site, "lessons/reading/index.html")
    assert re.search(
        r'data-four-track="lessons/reading">\s*<p class="four-page-end__status"', reading)
    for page in ("index.html", "my-progress/index.html", "privacy/index.html"):
        assert "data-four-track" not in read(site, page)


def test_the_progress_page_lists_lessons_in_navigation_order_and_links_the_certificate(
    site: Path,
) -> None:
    page = read(site, "my-progress/index.html")
    assert re.findall(r'<li class="four-progress__page" data-four-page="([^"]+)"', page) == [
        "lessons/one", "lessons/two", "lessons/reading", "practice"]
    assert re.findall(r'data-four-exercise="([^"]+)"', page) == [
        "messages-after-match", "asked-once", "gifts-at-work"]
    assert 'data-four-certificate-href="../certificate/"' in page
    assert '<a href="../lessons/two/">2. At school</a>' in page
    assert "FOURWIDGET" not in page
    assert "FOURWIDGET" not in read(site, "search/search_index.json")
    certificate = read(site, "certificate/index.html")
    assert '<p class="four-certificate__module">Progress module</p>' in certificate
    assert "All 3 lessons completed." in certificate
    assert '<a href="../my-progress/">See your progress</a>' in certificate


def test_progress_styles_load_only_where_they_are_used(site: Path) -> None:
    for page in ("my-progress/index.html", "certificate/index.html"):
        assert re.search(r'href="\.\./assets/four/progress\.[0-9a-f]{8}\.css"', read(site, page))
    lesson = read(site, "lessons/one/index.html")
    assert not re.search(r"<link[^>]*progress\.[0-9a-f]{8}\.css", lesson)
    # Progress scripts are fetched by four.js only where needed (tests/browser checks when).
    for page in ("index.html", "lessons/one/index.html", "my-progress/index.html"):
        assert re.search(r"assets/four/four\.[0-9a-f]{8}\.js", read(site, page))
        assert not re.search(r'<script src="[^"]*progress', read(site, page))
    for script in ("progress-page", "progress", "quiz"):
        assert len(list((site / "assets" / "four").glob(f"{script}.*.js"))) == 1


def test_module_id_defaults_to_a_slug_of_the_site_name_and_lessons_are_configurable(
    tmp_path: Path,
) -> None:
    project = copy_project("progress", tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text()
    text = text.replace("      module_id: progress-sample\n", "")
    text = text.replace('lessons: ["lessons/*"]', 'lessons: ["lessons/one.md", "practice.md"]')
    config.write_text(text.replace("site_name: Progress module", 'site_name: "Stalking: FOUR!"'))
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    meta = settings(read(tmp_path / "site", "index.html"))
    assert meta["module"] == "stalking-four"
    module = read(tmp_path / "site", f"assets/four/{meta['map']}")
    body = module.removeprefix("(window.Four=window.Four||{}).module=").rstrip(";\n")
    lessons = json.loads(body)["lessons"]
    assert [lesson[0] for lesson in lessons] == ["lessons/one", "practice"]


def test_mistyped_progress_directives_stop_the_build_naming_page_and_line(tmp_path: Path) -> None:
    project = copy_project("progress", tmp_path)
    (project / "docs" / "privacy.md").write_text(
        "# Privacy\n\n[[progress all]]\n\n[[progres]]\n\n[[/certificate]]\n")
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "3 problems in the lesson pages:\n"
        "  docs/privacy.md:3: '[[progress]]' takes nothing after it\n"
        "  docs/privacy.md:5: '[[progres]]' is not a known directive; did you mean 'progress'?\n"
        "  docs/privacy.md:7: '[[certificate]]' takes nothing after it\n"
    ) in re.sub(r"^ERROR +- +", "", result.stderr, flags=re.M)
