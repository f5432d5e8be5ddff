"""The build pipeline's faults from the code review (issue 14), each on a real build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import copy_project, run_mkdocs_build


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
    check = subprocess.run(
        [sys.executable, "-m", "four_lessons.cli", "check"], cwd=project,
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert expected in check.stderr
