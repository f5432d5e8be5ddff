"""The ``four-lessons`` command: check, build, start or package a module."""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core.contacts import ContactBook
from ..core.directives import DirectiveExpander
from ..core.loader import (
    PageError,
    Problem,
    display_path,
    read_page,
)
from ..core.module import ModuleError, load_module
from ..core.scenarios import AUDIENCES
from .scaffold import EDITIONS, ScaffoldError, write_module

PLUGIN_NAME = "four-lessons"


def _plugin_options(config_file: Path) -> dict[str, object]:
    """The validated options of our plugin block in `config_file`."""
    from mkdocs.config import load_config  # imported late: `check` of a bare folder needs none
    from mkdocs.exceptions import ConfigurationError

    # The configuration's own warnings (an unknown option, say) are problems here, as they
    # are for a strict build: collect them instead of letting MkDocs print them.
    mkdocs_log = logging.getLogger("mkdocs")
    collected = _Collector()
    mkdocs_log.addHandler(collected)
    mkdocs_log.setLevel(logging.WARNING)
    mkdocs_log.propagate = False
    try:
        config = load_config(config_file=str(config_file))
    except ConfigurationError as error:
        raise SystemExit(f"{config_file}: {error}") from None
    except ValueError as error:  # YAML's dates: an unquoted 2025-09-31 fails as it is read
        raise SystemExit(
            f"{config_file}: {error}; write dates in quotes, such as \"2026-11-30\""
        ) from None
    finally:
        mkdocs_log.removeHandler(collected)
        mkdocs_log.setLevel(logging.ERROR)
        mkdocs_log.propagate = True
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise SystemExit(f"{config_file}: the '{PLUGIN_NAME}' plugin is not listed under plugins")
    options: dict[str, object] = dict(plugin.config)
    options["docs_dir"] = config.docs_dir
    options["config_warnings"] = [f"{config_file.name}: {w}" for w in collected.messages]
    return options


class _Collector(logging.Handler):
    """Keeps the messages of warnings logged while the configuration is read."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def check(config_file: Path) -> int:
    """Validate scenario files and the directives in every page; print every problem."""
    root = config_file.resolve().parent
    options = _plugin_options(config_file)
    try:
        module = load_module(root, options, config_name=config_file.name)
    except ModuleError as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        if error.what == "scenario files":
            print(f"{len(error.lines)} problem(s) found.", file=sys.stderr)
        return 1
    scenarios, contacts, stale = module.scenarios, module.contacts, module.stale_contacts
    problems: list[Problem] = list(module.key_problems)
    docs_dir = Path(str(options["docs_dir"]))
    pages = sorted(page for page in docs_dir.rglob("*.md") if page.is_file())
    texts: dict[Path, str] = {}
    for page in pages:
        try:
            texts[page] = read_page(page, display_path(page, root))
        except PageError as error:
            problems.append(error.problem)
    placed: set[str] = set()
    for edition in AUDIENCES:
        expander = DirectiveExpander(
            scenarios, ContactBook(contacts, edition, None), edition, str(options["institution"])
        )
        for page, text in texts.items():
            expanded = expander.expand(text, display_path(page, root))
            problems += [p for p in expanded.problems if p not in problems]
            placed.update(p.scenario.id for p in expanded.placements)
    for problem in problems:
        print(problem, file=sys.stderr)
    notes = [*options["config_warnings"], *([f"{config_file.name}: {stale}"] if stale else [])]  # type: ignore[misc]
    for note in notes:
        print(note, file=sys.stderr)
    if problems or notes:
        print(f"{len(problems) + len(notes)} problem(s) found.", file=sys.stderr)
        return 1
    unplaced = [s.id for s in scenarios.scenarios if s.id not in placed]
    print(
        f"OK: {len(scenarios)} scenarios in {module.scenario_files} files, "
        f"{len(pages)} pages checked."
    )
    if unplaced:
        print(f"Note: not placed on any page: {', '.join(unplaced)}")
    return 0


def build_site(config_file: Path, site_dir: Path | None, staff: bool) -> int:
    """Build the learner or the staff site with ``mkdocs build --strict``.

    MkDocs' own command runs the build, so its messages and exit status are the ones
    authors know; the staff site is chosen through the environment (FOUR_LESSONS_SITE),
    which the plugin reads, so the same works for ``mkdocs serve``.
    """
    if not config_file.is_file():
        print(f"{config_file}: no such file; pass -f path/to/mkdocs.yml", file=sys.stderr)
        return 2
    target = site_dir or config_file.parent / ("site-staff" if staff else "site")
    env = {**os.environ, "FOUR_LESSONS_SITE": "staff" if staff else "learner"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file),
               "-d", str(target)]
    return subprocess.run(command, env=env, check=False).returncode


def new(folder: Path, edition: str) -> int:
    """Write a ready-to-edit module into `folder`; say what to do next."""
    try:
        module = write_module(folder, edition)
    except ScaffoldError as error:
        print(f"four-lessons new: {error}", file=sys.stderr)
        return 1
    print(
        f"Wrote a new module ({module.edition} edition) in {folder}: mkdocs.yml, "
        f"docs/ ({module.pages} pages), quizzes/ ({module.scenario_files} files).\n"
        f"Next: set your institution, contacts and exit_url in the 'four-lessons' block of "
        f"{folder / 'mkdocs.yml'}; check every help contact and set contacts_checked to the "
        f"day you did; then run: cd {shlex.quote(str(folder))} && four-lessons check"
    )
    return 0


class _Problems(logging.Handler):
    """Collects the build's warnings and errors, to print as the build's own lines."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message and message not in self.lines:
            self.lines.append(message)


def scorm(
    config_file: Path,
    output: Path,
    mastery_score: int | None,
    running_score: bool = False,
    force: bool = False,
    version: str = "1.2",
    interactions: bool = True,
) -> int:
    """Build the module strictly and write a SCORM package; print every build problem.

    `version` is "1.2" (the default, what Moodle supports best) or "2004" (4th edition).

    The build is ``mkdocs build --strict`` for files: any warning stops it, and each
    problem is printed on its own line (``file:line: ...`` where the plugin knows them).
    Nothing is written unless the package is whole; see `scorm.check_output` for the paths
    it refuses.
    """
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    from .scorm import PackageError, build_package

    if not config_file.is_file():
        print(f"{config_file}: no such file; pass -f path/to/mkdocs.yml", file=sys.stderr)
        return 2
    if running_score and mastery_score is not None:
        print(
            "four-lessons scorm: --running-score and --mastery-score don't go together: an "
            "LMS would fail a learner who has only paused (Moodle does at every exit)",
            file=sys.stderr,
        )
        return 2
    logger = logging.getLogger("mkdocs")
    problems = _Problems()
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    logger.addHandler(problems)
    logger.propagate = False  # printed below, once, without MkDocs' own decoration
    failure: str | None = None
    try:
        count = build_package(
            config_file, output, mastery_score, running_score=running_score, force=force,
            version=version, interactions=interactions,
        )
    except PackageError as error:
        failure = f"four-lessons scorm: {error}"
    except (Abort, BuildError, ConfigurationError) as error:
        failure = f"The module did not build: {error}"
    except OSError as error:
        failure = f"four-lessons scorm: {_os_problem(error, output)}"
    except Exception as error:  # a page that can't be read, say; its name was logged
        failure = f"The module did not build: {type(error).__name__}: {error}"
    finally:
        logger.removeHandler(problems)
        logger.setLevel(level)
        logger.propagate = propagate
    for line in problems.lines:
        print(line, file=sys.stderr)
    if failure is not None:
        print(failure, file=sys.stderr)
        return 1
    edition = "SCORM 2004 4th edition" if version == "2004" else "SCORM 1.2"
    print(f"Wrote {output} ({count} files): a {edition} package with one SCO.")
    return 0


def _os_problem(error: OSError, output: Path) -> str:
    """One line for a file system error while writing `output`; nothing was written."""
    import errno

    where = error.filename or output
    if str(where).endswith(".part"):  # the temporary file beside the output
        where = output.parent
    if error.errno == errno.ENOSPC:
        return f"{where}: the disk is full; nothing was written (an earlier {output} is unchanged)"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{where}: can't write there (permission denied or read-only); nothing was written"
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"{where}: part of this path is a file, not a folder; nothing was written"
    if error.errno == errno.EISDIR:
        return f"{output} is a folder; give a file name, such as {output / 'module.zip'}"
    if error.errno == errno.ENOENT:
        return f"{where}: can't create a file there; nothing was written"
    return f"{where}: {error.strerror or error}; nothing was written"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``four-lessons`` command."""
    parser = argparse.ArgumentParser(
        prog="four-lessons",
        description="Check a FOUR Lessons module, build its learner or staff site, start a new "
        "module, or package it for an LMS (SCORM).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate scenario files and lesson pages")
    check_parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    build_parser = commands.add_parser(
        "build", help="build the learner site, or with --staff the staff site (strictly)"
    )
    build_parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    build_parser.add_argument(
        "--staff", action="store_true",
        help="the staff site: learner pages plus answer keys, guides and the classroom view",
    )
    build_parser.add_argument(
        "-d", "--site-dir", type=Path, metavar="DIR",
        help="where to write it (default: site/, or site-staff/ with --staff)",
    )
    new_parser = commands.add_parser("new", help="write a ready-to-edit module into FOLDER")
    new_parser.add_argument("folder", metavar="FOLDER", type=Path)
    new_parser.add_argument(
        "--edition", choices=EDITIONS, default="school",
        help="school (ages 13 to 18) or university; the default is school",
    )
    scorm_parser = commands.add_parser(
        "scorm", help="build a SCORM package for an LMS (SCORM 1.2, or 2004 with --scorm 2004)"
    )
    scorm_parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.zip")
    scorm_parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    scorm_parser.add_argument(
        "--mastery-score",
        type=int,
        choices=range(0, 101),
        metavar="0-100",
        help="report passed or failed against this score instead of completed",
    )
    scorm_parser.add_argument(
        "--running-score",
        action="store_true",
        help="send the score as the learner goes, not only once the module is complete",
    )
    scorm_parser.add_argument(
        "--scorm",
        choices=("1.2", "2004"),
        default="1.2",
        dest="scorm_version",
        help="the SCORM version: 1.2 (the default) or 2004 (4th edition)",
    )
    scorm_parser.add_argument(
        "--no-interactions",
        action="store_false",
        dest="interactions",
        help="report only completion, score and progress, not each answer",
    )
    scorm_parser.add_argument(
        "--force",
        action="store_true",
        help="replace FILE.zip even if it is not a package written by four-lessons",
    )
    args = parser.parse_args(argv)
    if args.command == "build":
        return build_site(args.config_file, args.site_dir, staff=args.staff)
    if args.command == "scorm":
        return scorm(
            args.config_file, args.output, args.mastery_score, args.running_score, args.force,
            version=args.scorm_version, interactions=args.interactions,
        )
    if args.command == "new":
        return new(args.folder, args.edition)
    if args.command == "check":
        if not args.config_file.is_file():
            print(
                f"{args.config_file}: no such file; run this in the module's folder "
                "or pass -f path/to/mkdocs.yml",
                file=sys.stderr,
            )
            return 2
        return check(args.config_file)
    return 2  # pragma: no cover - argparse rejects unknown commands first


if __name__ == "__main__":
    sys.exit(main())
