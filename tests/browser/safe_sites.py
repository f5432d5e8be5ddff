"""Sites for the quick-exit, offline, presenter and worksheet tests.

Each is a copy of a real project (the sample, or the default module's staff site), changed
the way a host would change it, and built for real with a strict build.
"""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, run_cli, run_mkdocs_build

#: The neutral page the test sites' quick exit goes to, served beside the site.
EXIT_STUB = "weather.html"
STUB_HTML = "<!doctype html><html lang=en><title>Weather</title><h1>Weather forecast</h1>\n"
#: Enough text on the plain page to scroll it on any screen.
LONG_TEXT = "".join(
    f"\n## Part {n}\n\nA paragraph of ordinary lesson text, number {n}, about seasons.\n"
    for n in range(1, 41)
)


def sample_copy(tmp: Path, *, exit_url: str | None = None, offline: bool = False) -> Path:
    """A copy of the sample project with a long page, a local exit URL, optionally offline."""
    project = copy_project("sample", tmp)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if exit_url:
        block = "  - four-lessons:\n"
        text = text.replace(block, f"{block}      exit_url: {exit_url}\n", 1)
    if offline:  # as the default module is: links to files, offline search, no instant
        text = text.replace("  - search\n", "  - search\n  - offline\n", 1)
        text = text.replace("features: [navigation.instant]", "features: []", 1)
    config.write_text(text, encoding="utf-8")
    with (project / "docs" / "plain.md").open("a", encoding="utf-8") as plain:
        plain.write(LONG_TEXT)
    return project


def build(project: Path, site: Path, env: dict[str, str] | None = None) -> Path:
    """Build `project` into `site` strictly, put the exit stub beside it, return `site`."""
    result = run_mkdocs_build(project / "mkdocs.yml", site, env=env)
    assert result.returncode == 0, result.stderr
    (site / EXIT_STUB).write_text(STUB_HTML, encoding="utf-8")
    return site


def build_staff_site(folder: Path, exit_url: str) -> Path:
    """The default module as `four-lessons build --staff` builds it, into folder/site."""
    from .conftest import default_module_in

    project = default_module_in(folder, exit_url, "en")
    site = folder / "site"
    result = run_cli("build", "--staff", "-f", str(project / "mkdocs.yml"), "-d", str(site))
    assert result.returncode == 0, result.stderr
    (site / EXIT_STUB).write_text(STUB_HTML, encoding="utf-8")
    return site
