"""Real builds of sample projects, checked the way an author and a host would notice."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import MKDOCS, PROJECTS, copy_project, run_mkdocs_build, run_mkdocs_build_from_text


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_a_config_from_standard_input_finds_the_module_where_mkdocs_finds_docs(
    tmp_path: Path,
) -> None:
    """`mkdocs build -f -` reads docs_dir from the working folder; the plugin looked for the
    scenarios one folder up (the parent of "."), and stopped the build."""
    project = copy_project("sample", tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    result = run_mkdocs_build_from_text(config, project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "data-four-scenario=" in page


def test_placed_exercises_appear_where_the_directive_was(sample_site: Path) -> None:
    home = read(sample_site, "index.html")
    assert home.count("data-four-scenario=") == 1
    assert 'data-four-scenario="messages-after-match"' in home
    # The exercise sits under "Try it" (an h2), so its title is an h3.
    assert re.search(r'id="try-it".*?<h3 class="four-exercise__title"', home, re.S)
    second = read(sample_site, "second/index.html")
    assert re.findall(r'data-four-scenario="([^"]+)"', second) == ["asked-once", "notes-in-bag"]


def test_inline_directives_expand_outside_code_only(sample_site: Path) -> None:
    home = read(sample_site, "index.html")
    assert "A lesson with an exercise, at Sample Academy." in home
    assert 'call Sample Helpline (<a href="tel:0800000000">0800 000 000</a>)' in home
    plain = read(sample_site, "plain/index.html")
    assert "<code>[[four messages-after-match]]</code>" in plain
    assert "[[four does-not-exist]]" in plain
    assert "data-four-scenario" not in plain


def test_exercise_assets_load_only_on_exercise_pages(sample_site: Path) -> None:
    home, plain = read(sample_site, "index.html"), read(sample_site, "plain/index.html")
    assert re.search(r'href="assets/four/exercise\.[0-9a-f]{8}\.css"', home)
    assert not re.search(r"exercise\.[0-9a-f]{8}\.css", plain)
    for page in (home, plain):  # the one every-page script, which fetches exercise.js
        assert re.search(r'assets/four/four\.[0-9a-f]{8}\.js"', page)
        assert not re.search(r'<script src="[^"]*exercise', page)
    # Published under content-hashed names: a browser never runs an old script on new pages.
    assert len(list((sample_site / "assets/four").glob("exercise.*.js"))) == 1
    assert not (sample_site / "assets/four/exercise.js").exists()


def test_no_inline_script_or_event_attribute_anywhere(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, f"{page}: {tag}"
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html), f"{page} has an on* attribute"


def test_no_reference_to_another_host_in_built_pages(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # Links a reader may follow are fine; anything the page itself loads is not.
        loads = re.findall(r'\bsrc="(?:https?:)?//([^"/]+)', html)
        loads += [
            host
            for tag, host in re.findall(r'(<link\b[^>]*\bhref="(?:https?:)?//([^"/]+)[^>]*>)', html)
            if not re.search(r'rel="(canonical|alternate)"', tag)  # names, not requests
        ]
        assert not loads, f"{page.name} loads from {loads}"
    assert not list(sample_site.rglob("*.woff*")), "web fonts were shipped"


def test_edition_switch_leaves_out_scenarios_for_the_other_audience(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("four-lessons:\n", "four-lessons:\n      edition: university\n")
    )
    (project / "docs" / "index.md").write_text(
        "# Home\n\n[[school]]\nSchool only.\n[[/school]]\n\n[[university]]\nUniversity only.\n"
        "[[/university]]\n\n[[four asked-once]]\n\n[[four messages-after-match]]\n"
    )
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = read(tmp_path / "site", "index.html")
    assert "University only." in home and "School only." not in home
    assert re.findall(r'data-four-scenario="([^"]+)"', home) == ["messages-after-match"]


@pytest.mark.parametrize("strict", [True, False])
def test_unknown_scenario_id_stops_the_build_naming_page_and_line(
    tmp_path: Path, strict: bool
) -> None:
    project = copy_project("sample", tmp_path)
    (project / "docs" / "second.md").write_text("# Second\n\n[[four messages-after-mach]]\n")
    (project / "docs" / "plain.md").write_text("# Plain\n\n[[four tag:nothing]]\n[[schol]]\n")
    args = [*MKDOCS, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "s")]
    if strict:
        args.insert(args.index("build") + 1, "--strict")
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "3 problems in the lesson pages:\n"
        "  docs/plain.md:3: no scenario has the tag 'nothing'; check the tags in quizzes/\n"
        "  docs/plain.md:4: '[[schol]]' is not a known directive; did you mean 'school'?\n"
        "  docs/second.md:3: no scenario has the id 'messages-after-mach'; "
        "did you mean 'messages-after-match'?\n"
    ) in without_log_prefix(result.stderr)


def without_log_prefix(output: str) -> str:
    return re.sub(r"^ERROR +- +", "", output, flags=re.M)


def test_broken_scenario_file_stops_the_build_with_one_line_per_problem(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    quiz = project / "quizzes" / "sample.yml"
    quiz.write_text(quiz.read_text().replace("      fixated: {present: false, explanation: One",
                                             "      fixatd: {present: false, explanation: One"))
    (project / "quizzes" / "empty.yml").write_text("")
    result = run_mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "3 problems in the scenario files:\n"
        "  quizzes/empty.yml:1: the file is empty; add 'scenarios:' with at least one scenario, "
        "or delete the file\n"
        "  quizzes/sample.yml:32: scenario 'asked-once': elements: 'fixatd' is not a known "
        "field; did you mean 'fixated'?\n"
        "  quizzes/sample.yml:31: scenario 'asked-once': elements: missing 'fixated'; add it "
        "with 'present' and 'explanation'\n"
    ) in without_log_prefix(result.stderr)


def test_check_command_validates_without_building(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    command = [sys.executable, "-m", "four_lessons.tools.cli", "check",
               "-f", str(project / "mkdocs.yml")]
    ok = subprocess.run(command, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == (
        "OK: 3 scenarios in 1 files, 5 pages checked (learner and staff sites, school and "
        "university editions).\n"
    )
    assert not (project / "site").exists()

    (project / "docs" / "second.md").write_text("# Second\n\n[[four nope]]\n")
    bad = subprocess.run(command, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert bad.stderr == (
        "docs/second.md:3: no scenario has the id 'nope'; check the ids in quizzes/\n"
        "1 problem(s) found.\n"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_rebuilds_when_a_scenario_file_changes(tmp_path: Path) -> None:
    project = copy_project("sample", tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [*MKDOCS, "serve", "-a", f"127.0.0.1:{port}", "-f",
         str(project / "mkdocs.yml")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        def fetch_home() -> str:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                        return str(answer.read().decode("utf-8"))
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)

        assert "Messages after a match" in fetch_home()
        quiz = project / "quizzes" / "sample.yml"
        quiz.write_text(quiz.read_text().replace("title: Messages after a match",
                                                 "title: Messages after the final"))
        deadline = time.monotonic() + 60
        while "Messages after the final" not in fetch_home():
            assert time.monotonic() < deadline, "the site was not rebuilt"
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_sample_project_is_untouched_by_the_suite() -> None:
    assert "messages-after-match" in (PROJECTS / "sample" / "quizzes" / "sample.yml").read_text()
