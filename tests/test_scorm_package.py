"""`four-lessons scorm`: what it refuses to write over, what it says when it can't, and the
options that shape the package (SCORM version, interactions, the launch page's language
and template).

Robustness review F3, F6, F7 and F20: the package never replaces a file the tool did not
write, never lands in the module's sources, is written whole or not at all, and the
build's own problems are printed one per line, with no traceback.
"""

from __future__ import annotations

import errno
import html
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import copy_project, run_cli
from four_lessons.tools import scorm as scorm_module
from four_lessons.tools.cli import main
from four_lessons.tools.scorm import is_our_package, language_tag, odd_names


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the SCORM sample (and the sample's scenarios, which it uses)."""
    copy_project("sample", tmp_path)
    return copy_project("scorm", tmp_path)


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("scorm", *args, cwd=project)


def test_a_package_is_written_and_can_be_written_over(project: Path) -> None:
    first = run(project, "-o", "module.zip")
    assert first.returncode == 0, first.stderr
    assert is_our_package(project / "module.zip")
    again = run(project, "-o", "module.zip")  # an earlier package of ours: replaced
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Wrote module.zip (")
    assert [p.name for p in project.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("mkdocs.yml", "mkdocs.yml is the module's own mkdocs.yml; write the package elsewhere"),
        ("docs/index.md", "docs/index.md is inside the module's sources ({docs}); write the "
         "package elsewhere, such as next to mkdocs.yml"),
        ("docs/new.zip", "docs/new.zip is inside the module's sources ({docs}); write the "
         "package elsewhere, such as next to mkdocs.yml"),
        ("../sample/quizzes/sample.yml", "../sample/quizzes/sample.yml is inside the module's "
         "sources ({quizzes}); write the package elsewhere, such as next to mkdocs.yml"),
        ("precious.txt", "precious.txt exists and is not a package written by four-lessons; "
         "choose another name, or add --force to replace it"),
        ("docs", "docs is a folder; give a file name, such as docs/module.zip"),
        ("precious.txt/sub.zip", "precious.txt/sub.zip: {precious} is a file, not a folder"),
    ],
    ids=["mkdocs-yml", "docs-page", "inside-docs", "scenario-file", "other-file", "folder",
         "under-a-file"],
)
def test_paths_that_must_not_be_written_are_refused_and_left_alone(
    project: Path, output: str, message: str
) -> None:
    (project / "precious.txt").write_text("precious")
    before = {p: p.read_bytes() for p in project.parent.rglob("*") if p.is_file()}
    result = run(project, "-o", output)
    assert result.returncode == 1
    expected = message.format(docs=project.resolve() / "docs", precious=project / "precious.txt",
                              quizzes=project.parent.resolve() / "sample" / "quizzes")
    assert result.stderr == f"four-lessons scorm: {expected}\n"
    assert result.stdout == ""
    after = {p: p.read_bytes() for p in project.parent.rglob("*") if p.is_file()}
    assert after == before


def test_force_replaces_a_file_that_is_not_a_package(project: Path) -> None:
    (project / "old.zip").write_text("precious")
    result = run(project, "-o", "old.zip", "--force")
    assert result.returncode == 0, result.stderr
    assert is_our_package(project / "old.zip")


def test_a_full_disk_leaves_the_earlier_package_whole_and_no_temporary_file(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    output = project / "module.zip"
    assert main(["scorm", "-f", str(project / "mkdocs.yml"), "-o", str(output)]) == 0
    earlier = output.read_bytes()
    capsys.readouterr()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full)  # the one scorm.py uses
    assert main(["scorm", "-f", str(project / "mkdocs.yml"), "-o", str(output)]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"four-lessons scorm: {output}: the disk is full; nothing was written "
        f"(an earlier {output} is unchanged)\n"
    )
    assert output.read_bytes() == earlier
    assert [p.name for p in project.iterdir() if p.name.endswith(".part")] == []


def test_an_unwritable_folder_gets_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(project / "out"))

    monkeypatch.setattr(f"{scorm_module.__name__}.tempfile.mkstemp", refused)
    assert main(["scorm", "-f", str(project / "mkdocs.yml"), "-o", str(project / "m.zip")]) == 1
    assert capsys.readouterr().err == (
        f"four-lessons scorm: {project / 'out'}: can't write there (permission denied or "
        "read-only); nothing was written\n"
    )


def test_build_problems_are_printed_line_by_line_and_nothing_is_written(project: Path) -> None:
    (project / "docs" / "two.md").write_text("# Lesson two\n\n[[four no-such-scenario]]\n")
    result = run(project, "-o", "module.zip")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.strip().startswith("docs/two.md:3: ") and "no-such-scenario" in line
               for line in lines), result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "module.zip").exists()


def test_a_build_that_strict_mode_rejects_is_not_packaged(project: Path) -> None:
    (project / "docs" / "two.md").write_text("# Lesson two\n\nSee [nowhere](nowhere.md).\n")
    result = run(project, "-o", "module.zip")
    assert result.returncode == 1
    assert "nowhere.md" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "The module did not build: Aborted with 1 warnings in strict mode!")
    assert not (project / "module.zip").exists()


def test_a_page_that_is_not_utf8_is_named(project: Path) -> None:
    (project / "docs" / "two.md").write_bytes(b"# Lesson two\n\n\xff\xfe caf\xe9\n")
    result = run(project, "-o", "module.zip")
    assert result.returncode == 1
    assert "two.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "module.zip").exists()


def test_file_names_an_unzipper_could_misread_are_refused(project: Path) -> None:
    (project / "docs" / "x\\..\\..\\evil.md").write_text("# Evil\n")
    result = run(project, "-o", "module.zip")
    assert result.returncode == 1
    assert result.stderr.endswith(
        "four-lessons scorm: these built files have names an unzipper may read as other paths "
        "(backslashes, '..', control characters): 'x\\\\..\\\\..\\\\evil.html'; rename their "
        "pages in docs/\n"), result.stderr
    assert not (project / "module.zip").exists()


def test_odd_names() -> None:
    fine = ["index.html", "assets/four/x.js", "lessons/café.html", "my lesson.html"]
    assert odd_names(fine) == []
    odd = ["a\\b.html", "../x.html", "/abs.html", "a//b.html", "a/./b", "bel\x07"]
    assert odd_names(odd) == odd


def test_an_earlier_package_is_recognised_by_its_manifest(tmp_path: Path) -> None:
    ours = tmp_path / "ours.zip"
    with zipfile.ZipFile(ours, "w") as archive:
        archive.writestr("imsmanifest.xml",
                         '<manifest><resource href="index_lms.html"/></manifest>')
        archive.writestr("assets/four/scorm.js", "")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("imsmanifest.xml", '<manifest><resource href="start.html"/></manifest>')
    (tmp_path / "text.zip").write_text("not a zip")
    assert is_our_package(ours)
    assert not is_our_package(other)
    assert not is_our_package(tmp_path / "text.zip")
    assert not is_our_package(tmp_path / "missing.zip")


def test_running_score_and_mastery_score_do_not_go_together(project: Path) -> None:
    result = run(project, "-o", "m.zip", "--running-score", "--mastery-score", "80")
    assert result.returncode == 2
    assert result.stderr.startswith("four-lessons scorm: --running-score and --mastery-score")


def launch_page_of(package: Path) -> str:
    with zipfile.ZipFile(package) as archive:
        return archive.read("index_lms.html").decode("utf-8")


def scorm_settings(page: str) -> dict[str, object]:
    match = re.search(r'<meta name="four-scorm" content="([^"]*)">', page)
    assert match, page
    return dict(json.loads(html.unescape(match.group(1))))


def test_scorm_2004_and_no_interactions_are_written_as_asked(project: Path) -> None:
    result = run(project, "-o", "module.zip", "--scorm", "2004", "--no-interactions")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote module.zip (")
    assert result.stdout.endswith(": a SCORM 2004 4th edition package with one SCO.\n")
    assert is_our_package(project / "module.zip")
    with zipfile.ZipFile(project / "module.zip") as archive:
        manifest = archive.read("imsmanifest.xml").decode()
    assert "<schemaversion>2004 4th Edition</schemaversion>" in manifest
    assert scorm_settings(launch_page_of(project / "module.zip")) == {
        "mastery": "", "running": False, "version": "2004", "interactions": False}
    # The default stays SCORM 1.2, with each answer reported.
    result = run(project, "-o", "module.zip")
    assert result.stdout.endswith(": a SCORM 1.2 package with one SCO.\n")
    assert scorm_settings(launch_page_of(project / "module.zip")) == {
        "mastery": "", "running": False, "version": "1.2", "interactions": True}


def test_an_unknown_scorm_version_is_refused(project: Path) -> None:
    result = run(project, "-o", "module.zip", "--scorm", "1.3")
    assert result.returncode == 2
    assert "argument --scorm: invalid choice: '1.3' (choose from" in result.stderr
    assert not (project / "module.zip").exists()


@pytest.mark.parametrize(
    ("language", "lang", "direction"),
    [("de", "de", "ltr"), ("pt-BR", "pt-BR", "ltr"), (None, "en", "ltr"), ("ur", "ur", "rtl")],
    ids=["de", "pt-BR", "unset", "ur"],
)
def test_the_launch_page_follows_the_modules_language(
    project: Path, language: str | None, lang: str, direction: str
) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text()
    if language is not None:
        text = text.replace("  name: material\n", f"  name: material\n  language: {language}\n")
        assert f"language: {language}" in text
    config.write_text(text)
    result = run(project, "-o", "module.zip")
    assert result.returncode == 0, result.stderr
    page = launch_page_of(project / "module.zip")
    assert page.startswith(f'<!doctype html>\n<html lang="{lang}" dir="{direction}">\n')
    # The bar's words are English where the module has no catalogue for the language
    # (all but English here): marked as such (WCAG 3.1.2), in the page's direction.
    english_bar = '<div class="four-lms__bar" lang="en">'
    assert (english_bar in page) is (lang != "en"), page


def test_language_tag_lets_only_a_language_tag_through() -> None:
    assert language_tag("cy") == "cy"
    assert language_tag("zh-Hant-TW") == "zh-Hant-TW"
    for hostile in ('en" onload="x', "en gb", "", None, "e", "<b>", "x" * 9):
        assert language_tag(hostile) == "en"


def test_a_sites_own_launch_page_template_replaces_ours(project: Path) -> None:
    overrides = project / "overrides" / "four-lessons"
    overrides.mkdir(parents=True)
    (overrides / "scorm-launch.html").write_text(
        '<!doctype html>\n<html lang="{{ lang }}"><title>{{ title }}</title>\n'
        "<p>Cysylltu â'ch platfform dysgu…</p>\n"
        '<script src="{{ asset(\'scorm.js\') }}"></script>\n</html>\n', encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    result = run(project, "-o", "module.zip")
    assert result.returncode == 0, result.stderr
    page = launch_page_of(project / "module.zip")
    assert "<p>Cysylltu â'ch platfform dysgu…</p>" in page
    assert re.search(r'<script src="assets/four/scorm\.[0-9a-f]+\.js"></script>', page)
    assert "<title>SCORM sample</title>" in page
