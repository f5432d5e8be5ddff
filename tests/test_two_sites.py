"""One source, two sites: learners never see staff material (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_cli, run_mkdocs_build

STAFF_TITLES = ("Answer key", "Teachers' guide", "Classroom view", "Worksheets")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The default module built as `make build` and `make build-staff` build it."""
    folder = tmp_path_factory.mktemp("two-sites")
    built = {}
    for name, extra in (("learner", ()), ("staff", ("--staff",))):
        result = run_cli("build", *extra, "-d", str(folder / name), cwd=ROOT)
        assert result.returncode == 0, result.stderr
        built[name] = folder / name
    return built


def test_the_learner_site_has_no_staff_page_link_or_text(sites: dict[str, Path]) -> None:
    site = sites["learner"]
    assert not (site / "staff").exists()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*staff/', html), page
        assert "For staff" not in html, page
    index = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "staff/" not in index
    for title in STAFF_TITLES:
        assert title not in index, title
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "staff/" not in sitemap


def test_the_staff_site_has_everything(sites: dict[str, Path]) -> None:
    site = sites["staff"]
    for page in ("answer-key", "teachers-guide", "classroom", "worksheets", "sources"):
        assert (site / "staff" / f"{page}.html").is_file(), page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="staff/teachers-guide.html"' in home  # in the menu
    learner_pages = {p.relative_to(sites["learner"]) for p in sites["learner"].rglob("*.html")}
    staff_pages = {p.relative_to(site) for p in site.rglob("*.html")}
    assert learner_pages < staff_pages


def test_a_staff_block_shows_in_the_staff_site_only(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    (project / "docs" / "staff").mkdir()
    (project / "docs" / "staff" / "notes.md").write_text("# Notes for staff\n\nKey.\n")
    page = project / "docs" / "plain.md"
    page.write_text(page.read_text() + "\n[[staff]]\n\nTeachers: see the [notes](staff/notes.md)."
                    "\n\n[[/staff]]\n")
    learner = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "learner")
    assert learner.returncode == 0, learner.stderr
    assert "Teachers: see" not in (tmp_path / "learner/plain/index.html").read_text()
    assert not (tmp_path / "learner/staff").exists()
    staff = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "staff",
                             env={"FOUR_LESSONS_SITE": "staff"})
    assert staff.returncode == 0, staff.stderr
    assert "Teachers: see" in (tmp_path / "staff/plain/index.html").read_text()
    assert (tmp_path / "staff/staff/notes/index.html").is_file()


def test_a_learner_page_linking_to_a_staff_page_fails_the_strict_build(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    (project / "docs" / "staff").mkdir()
    (project / "docs" / "staff" / "key.md").write_text("# Key\n")
    page = project / "docs" / "plain.md"
    page.write_text(page.read_text() + "\nSee the [answers](staff/key.md).\n")
    learner = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "learner")
    assert learner.returncode == 1
    assert (
        "Doc file 'plain.md' contains a link 'staff/key.md', but the target is not found "
        "among documentation files."
    ) in learner.stderr


def test_each_lesson_says_where_it_sits_and_leads_on(sites: dict[str, Path]) -> None:
    """Issue 13: "Lesson 2 of 6, about N minutes", and a clear way on at the end."""
    site = sites["learner"]
    first = (site / "lessons" / "what-is-stalking.html").read_text(encoding="utf-8")
    assert re.search(
        r'<h1[^>]*>What is stalking\?.*?</h1>\s*<p class="four-lesson-meta">Lesson 1 of 6 '
        r'<span aria-hidden="true">&middot;</span> about \d+ minutes</p>', first, re.S)
    assert ('href="stalking-or-something-else.html">Next: 2. Stalking or something else?</a>'
            in first)
    last = (site / "final-check.html").read_text(encoding="utf-8")
    assert '<p class="four-lesson-meta">The last part of the course' in last
    assert 'href="my-progress.html">See your progress and certificate</a>' in last


def test_course_places_number_lessons_within_their_section() -> None:
    from four_lessons.core.course import LessonStop, places

    stops = [LessonStop("a", "A", "Lessons"), LessonStop("b", "B", "Lessons"),
             LessonStop("f", "Final check", None)]
    found = places(stops)
    assert [found[k].label for k in "abf"] == [
        "Lesson 1 of 2", "Lesson 2 of 2", "The last part of the course"]
    assert found["a"].next == stops[1] and found["f"].next is None


def test_the_scorm_package_holds_no_staff_page(tmp_path: Path) -> None:
    """Even when the environment asks for the staff site."""
    import zipfile

    package = tmp_path / "module.zip"
    result = run_cli("scorm", "-o", str(package), cwd=ROOT, env={"FOUR_LESSONS_SITE": "staff"})
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(package).namelist()
    assert "index.html" in names and "lessons/what-is-stalking.html" in names
    assert not [name for name in names if name.startswith("staff/")]
    manifest = zipfile.ZipFile(package).read("imsmanifest.xml").decode()
    assert "staff/" not in manifest and "four-lessons-stalking" in manifest
