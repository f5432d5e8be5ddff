"""`four-lessons new`: a welfare team starts its own module without touching code."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_mkdocs_build
from four_lessons.tools.scaffold import (
    ScaffoldError,
    _set_options,
    default_module_dir,
    write_module,
)

FOUR_LESSONS = [sys.executable, "-m", "four_lessons.tools.cli"]


def four_lessons(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FOUR_LESSONS, *args], capture_output=True, text=True, cwd=cwd,
                          check=False, timeout=300)


def mark_contacts_checked(folder: Path) -> None:
    """What the welfare team does once it has checked every contact."""
    config = folder / "mkdocs.yml"
    today = datetime.date.today().isoformat()
    config.write_text(_set_options(config.read_text(), {"contacts_checked": f'"{today}"'}))


@pytest.mark.parametrize("edition", ["school", "university"])
def test_new_writes_a_module_that_check_accepts(tmp_path: Path, edition: str) -> None:
    folder = tmp_path / "northbridge"
    made = four_lessons("new", str(folder), "--edition", edition)
    assert made.returncode == 0, made.stderr
    pages = len(list((ROOT / "docs").rglob("*.md")))
    quizzes = len(list((ROOT / "quizzes").glob("*.yml")))
    assert made.stdout == (
        f"Wrote a new module ({edition} edition) in {folder}: mkdocs.yml, README.md, "
        f"docs/ ({pages} pages), quizzes/ ({quizzes} files).\n"
        "Next steps (its README.md says the same):\n"
        f"  1. In {folder / 'mkdocs.yml'}, the 'four-lessons' block: set your institution and "
        "exit_url, and your help contacts. Check every contact's number, address and hours, "
        "then record the date you checked them (the comments there say how): until then a "
        "strict build stops.\n"
        f"  2. Preview:  cd {folder} && four-lessons serve   (http://127.0.0.1:8000/; "
        "--staff for the staff site)\n"
        "  3. Check:    four-lessons check\n"
        "  4. Build:    four-lessons build   (the learner site in site/; --staff for the staff "
        "site)\n"
        "  5. Package:  four-lessons scorm -o module.zip   (for Moodle or another LMS)\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        ".gitignore", "README.md", "docs", "mkdocs.yml", "quizzes"]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# northbridge: a FOUR Lessons module ({edition} edition)\n")
    for step in ("four-lessons serve", "four-lessons check", "four-lessons build",
                 "four-lessons scorm -o module.zip", "http://127.0.0.1:8000/"):
        assert step in readme, step
    assert (folder / ".gitignore").read_text() == "site/\nsite-staff/\n.cache/\n*.zip\n"
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"      edition: {edition}  " in config  # the line's comment stays
    assert "      module_id: four-lessons-northbridge\n" in config
    institution = "your university" if edition == "university" else "your school or college"
    assert f"      institution: {institution}\n" in config
    # Everything but the four-lessons block is the default module's, comments included.
    default = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert len(config.splitlines()) == len(default.splitlines())
    assert (folder / "docs" / "get-help.md").read_text() == (ROOT / "docs/get-help.md").read_text()

    # The copy's contacts are the institution's to check: the default module's dates are
    # its authors' checks, not the institution's, so none is copied; check says so.
    assert '      contacts_checked: ""\n' in config
    dated = re.findall(r"(?m)^ +checked: (.*)$", default)
    assert len(dated) > 20 and '""' not in dated
    assert re.findall(r"(?m)^ +checked: (.*)$", config) == ['""'] * len(dated)
    unchecked = four_lessons("check", cwd=folder)
    assert unchecked.returncode == 1
    contacts_line = config.splitlines().index("      contacts:") + 1
    assert unchecked.stderr == (
        f"mkdocs.yml:{contacts_line}: the help contacts have never been checked; check each "
        "one's number, address, opening hours and ages with the service itself, then give it "
        "the day you did as 'checked: \"2026-11-30\"' (or set 'contacts_checked' once you have "
        "checked them all)\n1 problem(s) found.\n"
    )
    mark_contacts_checked(folder)
    checked = four_lessons("check", cwd=folder)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("OK: ")


@pytest.mark.parametrize("edition", ["school", "university"])
def test_a_new_module_builds_strictly(tmp_path: Path, edition: str) -> None:
    folder = tmp_path / "module"
    write_module(folder, edition)
    unchecked = run_mkdocs_build(folder / "mkdocs.yml", tmp_path / "unchecked")
    assert unchecked.returncode == 1
    assert "the help contacts have never been checked" in unchecked.stderr
    mark_contacts_checked(folder)
    result = run_mkdocs_build(folder / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "index.html").is_file() and (site / "get-help.html").is_file()
    assert (site / "search" / "search_index.js").is_file()  # search works from disk too
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "data-four-exit" in html and "four-topbar__link" in html, page


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("ours")
    refused = four_lessons("new", str(folder))
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr == (
        f"four-lessons new: {folder} is not empty; choose a new or empty folder "
        "(nothing was written)\n"
    )
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_new_fills_an_empty_folder_and_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write_module(tmp_path / "empty")
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()
    (tmp_path / "file").write_text("")
    with pytest.raises(ScaffoldError, match="is a file; choose a new or empty folder"):
        write_module(tmp_path / "file")


def test_new_rejects_an_unknown_edition(tmp_path: Path) -> None:
    refused = four_lessons("new", str(tmp_path / "x"), "--edition", "college")
    assert refused.returncode == 2
    assert "argument --edition: invalid choice: 'college'" in refused.stderr
    assert not (tmp_path / "x").exists()


def test_an_editable_install_copies_the_repository_module() -> None:
    # A wheel carries the module as four_lessons/default_module (pyproject force-include).
    assert default_module_dir() in (ROOT, ROOT / "plugins" / "four_lessons" / "default_module")


def test_setting_options_keeps_comments_and_adds_what_is_missing() -> None:
    text = (
        "plugins:\n"
        "  - search\n"
        "  - four-lessons:   # ours\n"
        "      edition: school   # or university\n"
        "      contacts:\n"
        "        - id: x\n"
        "          edition: nested\n"
        "markdown_extensions: []\n"
    )
    assert _set_options(text, {"edition": "university", "module_id": "m"}) == (
        "plugins:\n"
        "  - search\n"
        "  - four-lessons:   # ours\n"
        "      module_id: m\n"
        "      edition: university   # or university\n"
        "      contacts:\n"
        "        - id: x\n"
        "          edition: nested\n"
        "markdown_extensions: []\n"
    )
    with pytest.raises(ScaffoldError, match="no '- four-lessons:' plugin block"):
        _set_options("plugins:\n  - search\n", {"edition": "school"})


def test_scorm_of_a_site_without_the_plugin_says_so_without_a_traceback(tmp_path: Path) -> None:
    project = tmp_path / "plain"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Plain\nuse_directory_urls: false\n")
    config = str(project / "mkdocs.yml")
    result = four_lessons("scorm", "-o", str(tmp_path / "out.zip"), "-f", config)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == "mkdocs.yml: the 'four-lessons' plugin is not listed under plugins\n"
    assert not (tmp_path / "out.zip").exists()
