"""Common HTML post-processors (issue 14): a site that minifies its pages still works.

mkdocs-minify-plugin, set to drop comments and whitespace and to minify inline scripts,
used to strip the slots the answers and My progress travelled in: every exercise lost its
answers and form, and My progress was empty.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import copy_project, run_mkdocs_build

MINIFY = """  - minify:
      minify_html: true
      minify_js: true
      minify_css: true
      htmlmin_opts:
        remove_comments: true
        remove_empty_space: true
"""


@pytest.fixture(scope="module")
def minified_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("minified")
    project = copy_project("progress", folder)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # The minify plugin goes last in the plugin list, as sites add it.
    config.write_text(text.replace("markdown_extensions:", MINIFY + "markdown_extensions:", 1),
                      encoding="utf-8")
    site = folder / "site"
    result = run_mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    assert "<!--" not in (site / "lessons" / "one" / "index.html").read_text(encoding="utf-8")
    return site


def test_exercises_and_progress_survive_minified_pages(
    page: Page, serve: Callable[..., str], minified_site: Path
) -> None:
    url = serve(minified_site, csp=True)
    page.goto(url + "lessons/one/")
    exercise = page.locator('[data-four-scenario="messages-after-match"]')
    exercise.get_by_role("checkbox", name="Fixated").check()
    exercise.get_by_role("radio", name="Likely stalking").check()
    exercise.get_by_role("button", name="Check").click()
    status = exercise.get_by_role("status")
    expect(status).to_contain_text("You got 2 out of 5.")
    expect(status).to_contain_text("Forty messages in a week")  # the author's explanation
    page.goto(url + "my-progress/")
    expect(page.get_by_text("Messages after a match")).to_be_attached()
    expect(page.locator("[data-four-summary]")).to_contain_text("1 of 3 lessons")
    # The knowledge check's own script still runs.
    page.goto(url + "lessons/two/")
    quiz = page.locator(".quiz").first
    expect(quiz).to_be_visible()
