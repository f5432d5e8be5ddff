"""``four-lessons check``: the module built every way it can be built, into a folder thrown away.

"OK" must mean that a strict build will pass, so ``check`` runs the build's own code: one
strict MkDocs build of the learner site and one of the staff site, for every edition, each
into a temporary folder. Every problem those builds report is printed once, in their own
words (problems of the configured edition's learner site first, then what only the staff
site or the other edition shows, each under a heading), followed by a count.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.scenarios import AUDIENCES
from .config_file import PLUGIN_NAME, mkdocs_log_to

_REPORT = re.compile(r"\d+ problems? in the [^:\n]+:\n")
_PLUGIN_PREFIX = "four_lessons: "
_NAMES_A_PAGE_ONLY = re.compile(r"Error (?:reading|building) page '[^']*':")


@dataclass
class BuildResult:
    """What one strict build said, and what it placed."""

    edition: str
    staff: bool
    problems: list[str] = field(default_factory=list)
    placed: set[str] = field(default_factory=set)
    pages: int = 0
    scenarios: tuple[str, ...] = ()  # every scenario id, in file order
    scenario_files: int = 0
    language: str = "en"  # theme.language
    has_words: bool = True  # whether the interface has a catalogue for it
    missing_words: tuple[str, ...] = ()  # interface keys shown in English instead

    @property
    def name(self) -> str:
        """How the report names this build."""
        return f"the {'staff' if self.staff else 'learner'} site, {self.edition} edition"


class _Collector(logging.Handler):
    """The build's warnings and errors, each problem line once (reports split up)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        # MkDocs prefixes a plugin's messages with the plugin's name, as it decorates every
        # line with its level; the problem's own words follow.
        message = message.removeprefix(_PLUGIN_PREFIX)
        if _NAMES_A_PAGE_ONLY.fullmatch(message):
            return  # MkDocs naming the page whose problem the plugin reports in full
        heading = _REPORT.match(message + "\n")
        if heading:
            lines = [line.strip() for line in message[heading.end() - 1 :].split("\n")]
        else:
            lines = [" ".join(message.split())]
        for line in lines:
            if line and line not in self.lines:
                self.lines.append(line)


@contextlib.contextmanager
def _collecting() -> Iterator[_Collector]:
    """MkDocs' log, collected instead of printed, for the length of one build."""
    collector = _Collector()
    with mkdocs_log_to(collector):
        yield collector


@contextlib.contextmanager
def _environment(staff: bool) -> Iterator[None]:
    """The environment a build of one site reads (the plugin reads FOUR_LESSONS_SITE)."""
    saved = {key: os.environ.get(key) for key in ("FOUR_LESSONS_SITE", "NO_MKDOCS_2_WARNING")}
    os.environ["FOUR_LESSONS_SITE"] = "staff" if staff else "learner"
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_once(config_file: Path, edition: str, staff: bool, site_dir: Path) -> BuildResult:
    """One strict build of `config_file` into `site_dir`, as ``mkdocs build --strict``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    result = BuildResult(edition, staff)
    with _environment(staff), _collecting() as collected:
        try:
            config = load_config(
                config_file=str(config_file), strict=True, site_dir=str(site_dir)
            )
            plugin: Any = config.plugins.get(PLUGIN_NAME)
            if plugin is not None:
                plugin.config.edition = edition
            build(config)
        except (Abort, BuildError, ConfigurationError):
            pass  # its problems were logged
        except Exception as error:  # a failure MkDocs logged and re-raised (with its page)
            collected.lines.append(f"The module did not build: {type(error).__name__}: {error}")
        else:
            state = getattr(plugin, "state", None)
            if state is not None:
                result.placed = {
                    exercise.id
                    for record in state.records.values()
                    for exercise in record.item.exercises
                }
                result.pages = len(state.records)
                result.scenarios = tuple(s.id for s in state.module.scenarios.scenarios)
                result.scenario_files = state.module.scenario_files
                words = state.templates.catalogue
                result.language = words.language
                result.has_words = words.has_catalogue
                result.missing_words = words.missing
    result.problems = collected.lines
    return result


def check_module(config_file: Path, edition: str, located: Sequence[str] = ()) -> int:
    """Build the module every way it can be built; print every problem once, or OK.

    Args:
        config_file: the module's ``mkdocs.yml``.
        edition: the edition its configuration builds (reported first).
        located: MkDocs' warnings about the configuration with their line
            (``mkdocs.yml:22: Config value ...``), printed in place of the build's own.
    """
    import sys

    ways = [(edition, False), (edition, True)] + [
        (other, staff) for other in AUDIENCES if other != edition for staff in (False, True)
    ]
    results = []
    with tempfile.TemporaryDirectory(prefix="four-check-") as temp:
        for number, (which, staff) in enumerate(ways):
            results.append(build_once(config_file, which, staff, Path(temp) / str(number)))
    lines = {line.split(": ", 1)[1]: line for line in located if ": " in line}
    printed: set[str] = set()
    count = 0
    for result in results:
        new = [lines.get(line, line) for line in result.problems]
        new = [line for line in dict.fromkeys(new) if line not in printed]
        if new and result is not results[0]:
            print(f"In {result.name}:", file=sys.stderr)
        for line in new:
            print(line, file=sys.stderr)
        printed.update(new)
        count += len(new)
    if count:
        print(f"{count} problem(s) found.", file=sys.stderr)
        return 1
    main = results[1]  # the staff site holds every page
    placed = set().union(*(r.placed for r in results))
    print(
        f"OK: {len(main.scenarios)} scenarios in {main.scenario_files} files, {main.pages} "
        f"pages checked (learner and staff sites, {' and '.join(AUDIENCES)} editions)."
    )
    unplaced = [scenario for scenario in main.scenarios if scenario not in placed]
    if unplaced:
        print(f"Note: not placed on any page: {', '.join(unplaced)}")
    _words_note(main)
    return 0


def _words_note(result: BuildResult) -> None:
    """Say which interface words show in English (a note: the build itself passes)."""
    if not result.has_words:
        print(
            f"Note: theme.language is '{result.language}', and the module's own interface "
            "words have no translation into it, so they show in English; "
            f"add four-lessons/locales/{result.language}.po to the theme's custom_dir "
            "(docs/staff/hosting.md, 'The learner's language')."
        )
    elif result.missing_words:
        print(
            f"Note: {len(result.missing_words)} interface words have no '{result.language}' "
            f"translation yet and show in English: {', '.join(result.missing_words)}."
        )
