"""Shared fixtures: real builds of sample projects with `mkdocs build --strict`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
PROJECTS = TESTS / "projects"
MKDOCS = [sys.executable, "-m", "mkdocs"]


#: Files whose tests are each long and independent, needing only the session's sites: their
#: tests are shared out one by one when the suite runs in parallel (see below).
SPREAD_OVER_WORKERS = {"tests/browser/test_audits.py"}


@pytest.hookimpl(optionalhook=True)  # without pytest-xdist, the suite runs in one process
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """How `make test` shares the suite between its workers (pytest-xdist): each test file
    stays on one worker, so its module-scoped sites are built once and the files that write
    beside the default module's mkdocs.yml never race each other; the files named in
    SPREAD_OVER_WORKERS are shared out test by test."""
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):  # type: ignore[misc]  # xdist is untyped
        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            return nodeid if file in SPREAD_OVER_WORKERS else file

    return ByFile(config, log)


def run_mkdocs_build(
    config_file: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as a user runs it; returns the finished process."""
    return _strict_build(str(config_file), site_dir, *extra, env=env)


def run_mkdocs_build_from_text(
    config: str, folder: Path, site_dir: Path, *, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict -f -` in `folder`, the config given on standard input: a
    changed copy of a module's mkdocs.yml builds that module without a file beside it."""
    return _strict_build("-", site_dir, env=env, cwd=folder, config_text=config)


def _strict_build(
    config_arg: str, site_dir: Path, *extra: str, env: dict[str, str] | None,
    cwd: Path | None = None, config_text: str | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        # No -q: MkDocs then drops warnings before --strict can count them.
        [*MKDOCS, "build", "--strict", "-f", config_arg, "-d", str(site_dir), *extra],
        input=config_text, cwd=cwd, capture_output=True, text=True, env=env, timeout=600,
        check=False,
    )


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`four-lessons ARGS` as a user runs it, in `cwd`; returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "four_lessons.tools.cli", *args], cwd=cwd,
        capture_output=True, text=True, check=False, timeout=600,
        env={**os.environ, **env} if env else None,
    )


def copy_project(name: str, destination: Path) -> Path:
    """A fresh copy of a sample project, to change or build without touching the original."""
    target = destination / name
    shutil.copytree(PROJECTS / name, target)
    return target


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, built once per test session."""
    site = tmp_path_factory.mktemp("sample") / "site"
    result = run_mkdocs_build(PROJECTS / "sample" / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site
