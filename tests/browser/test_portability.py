"""The module under the generators sites move to (issue 14), in real builds.

MkDocs 1.x has no release since 2024 and MkDocs 2 drops plugins. ProperDocs, the drop-in
fork, must build the module with everything working. Zensical reads mkdocs.yml but runs no
MkDocs plugin: it must fail loudly rather than publish lessons without the quick exit.
`make test` installs both, pinned, in their own environments (.venv-properdocs and
.venv-zensical).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT

PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


def module_copy(folder: Path) -> Path:
    """The default module's sources, as a welfare team's copy holds them."""
    project = folder / "module"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "quizzes", project / "quizzes")
    return project


def require(tool: Path) -> Path:
    if not tool.is_file():  # make test installs it; never a skip (style.md)
        pytest.fail(f"{tool} is missing: run make test, which sets it up")
    return tool


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("properdocs")
    project = module_copy(folder)
    site = folder / "site"
    result = subprocess.run(
        [str(require(PROPERDOCS)), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=project,
        capture_output=True, text=True, check=False, timeout=600,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return site


def test_properdocs_builds_every_page_with_the_quick_exit(properdocs_site: Path) -> None:
    pages = list(properdocs_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "data-four-exit" in html, page
        assert "[[four" not in html and "[[contact" not in html, page


def test_properdocs_site_works_for_a_learner(
    page: Page, serve: Callable[..., str], properdocs_site: Path
) -> None:
    url = serve(properdocs_site, csp=True)
    page.goto(url + "lessons/what-is-stalking.html")
    expect(page.get_by_role("link", name="Exit this page")).to_be_visible()
    exercise = page.locator("[data-four-scenario]").first
    exercise.get_by_role("checkbox", name="Fixated").check()
    exercise.get_by_role("radio", name="Likely stalking").check()
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_role("status")).to_contain_text("out of 5")
    title = exercise.locator(".four-exercise__title").inner_text()
    page.goto(url + "my-progress.html")
    expect(page.get_by_text(title).first).to_be_attached()
    expect(page.locator("[data-four-summary]")).to_contain_text("answered 1 of")


def test_zensical_fails_loudly_instead_of_publishing_pages_without_the_exit(
    tmp_path: Path,
) -> None:
    project = module_copy(tmp_path)
    result = subprocess.run(
        [str(require(ZENSICAL)), "build"], cwd=project, capture_output=True, text=True,
        check=False, timeout=600, env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "did not run the four-lessons plugin, so pages would have no quick exit" in output
    written = [p for p in (project / "site").rglob("*.html") if p.name != "404.html"]
    assert written == []
