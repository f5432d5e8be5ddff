"""The ``four-lessons`` command: check, build, start or package a module."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..core.output_folder import (
    ModuleFolders,
    UnsafeOutput,
    check_output,
    discard,
    staging_folder,
    swap_in,
)
from .config_file import ConfigProblems, PluginOptions, read_plugin_options
from .scaffold import EDITIONS, ScaffoldError, write_module


def check(config_file: Path) -> int:
    """Build the module every way it can be built and print every problem, or OK.

    The builds are strict, into a temporary folder, and their problems are printed in
    their own words (tools/checking.py). The configuration is read first, so its mistakes
    are one line each with their line.
    """
    from .checking import check_module

    try:
        read = read_plugin_options(config_file)
    except ConfigProblems as error:
        return _report([*error.lines, f"{len(error.lines)} problem(s) found."])
    return check_module(config_file, str(read.options["edition"]), read.warnings)


def _report(lines: Sequence[str]) -> int:
    """Print each problem on its own line (stderr) and give the exit status for them."""
    for line in lines:
        print(line, file=sys.stderr)
    return 1


def _module_folders(config_file: Path, read: PluginOptions) -> ModuleFolders:
    """The module's own folders, which no build may write into or over."""
    root = config_file.resolve().parent
    return ModuleFolders(
        module=root, docs=read.docs_dir, scenarios=root / str(read.options["scenarios_dir"])
    )


def _mkdocs_env(staff: bool) -> dict[str, str]:
    """The environment our MkDocs runs get: which site, and no banner for MkDocs 2.

    Material prints an end-of-life banner on every run that recommends Zensical, which runs
    no MkDocs plugin and so can't build this module (docs/staff/hosting.md says what to do
    when Material's support ends); it would send a newcomer the wrong way.
    """
    return {
        **os.environ,
        "FOUR_LESSONS_SITE": "staff" if staff else "learner",
        "NO_MKDOCS_2_WARNING": "1",
    }


def build_site(
    config_file: Path, site_dir: Path | None, staff: bool, force: bool = False
) -> int:
    """Build the learner or the staff site strictly; replace the last good site only then.

    MkDocs' own command runs the build, so its messages and exit status are the ones
    authors know; the staff site is chosen through the environment (FOUR_LESSONS_SITE),
    which the plugin reads, so the same works for ``mkdocs serve``. It builds into a new
    folder beside the target: MkDocs empties its folder first, so a failed or interrupted
    build into the target itself would leave a broken or half-written site ready to be
    published by mistake.
    """
    if not config_file.is_file():
        print(f"{config_file}: no such file; pass -f path/to/mkdocs.yml", file=sys.stderr)
        return 2
    try:
        read = read_plugin_options(config_file)
    except ConfigProblems as error:
        return _report(error.lines)
    target = site_dir or config_file.parent / ("site-staff" if staff else "site")
    try:
        check_output(target, _module_folders(config_file, read), force=force)
        staged = staging_folder(target)
    except UnsafeOutput as error:
        return _report([f"four-lessons build: {error} (nothing was written)"])
    except OSError as error:
        return _report([f"four-lessons build: {target}: {error.strerror or error}; "
                        "nothing was written"])
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file),
               "-d", str(staged)]
    kept = f"{target} was left as it was" if target.exists() else "no site was written"
    try:
        status = subprocess.run(command, env=_mkdocs_env(staff), check=False).returncode
    except KeyboardInterrupt:
        discard(staged)
        _report([f"four-lessons build: interrupted; {kept}"])
        return 130
    if status != 0:
        discard(staged)
        return _report([f"The build failed; {kept}."])
    try:
        swap_in(staged, target)
    except OSError as error:
        discard(staged)
        return _report([f"four-lessons build: can't replace {target} "
                        f"({error.strerror or error}); {kept}"])
    print(f"Built the {'staff' if staff else 'learner'} site in {target}")
    return 0


def serve(config_file: Path, staff: bool, dev_addr: str) -> int:
    """Serve the learner (or staff) site with live reload, as ``make serve`` does.

    Works in any module folder, the default module or a copy made by ``new``; the
    configuration is read first, so a mistake in it is one line, not a traceback.
    """
    if not config_file.is_file():
        print(
            f"{config_file}: no such file; run this in the module's folder or pass "
            "-f path/to/mkdocs.yml",
            file=sys.stderr,
        )
        return 2
    try:
        read_plugin_options(config_file)
    except ConfigProblems as error:
        return _report(error.lines)
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", dev_addr,
               "-f", str(config_file)]
    print(f"Serving the {'staff' if staff else 'learner'} site at http://{dev_addr}/ "
          "(Ctrl-C stops it)")
    try:
        return subprocess.run(command, env=_mkdocs_env(staff), check=False).returncode
    except KeyboardInterrupt:
        return 0


def _command_name() -> str:
    """How to run this command again: ``four-lessons``, or its full path if not on PATH."""
    import shutil

    here = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    found = shutil.which("four-lessons")
    if here is not None and here.name == "four-lessons" and (
        found is None or Path(found).resolve() != here
    ):
        return shlex.quote(str(here))
    return "four-lessons"


def new(folder: Path, edition: str, language: str = "en") -> int:
    """Write a ready-to-edit module into `folder`; say what to do next."""
    command = _command_name()
    try:
        module = write_module(folder, edition, command=command, language=language)
    except ScaffoldError as error:
        print(f"four-lessons new: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"four-lessons new: interrupted; nothing was written to {folder}", file=sys.stderr)
        return 130
    where = shlex.quote(str(folder))
    print(
        f"Wrote a new module ({module.edition} edition) in {folder}: mkdocs.yml, README.md, "
        f"docs/ ({module.pages} pages), quizzes/ ({module.scenario_files} files).\n"
        f"Next steps (its README.md says the same):\n"
        f"  1. In {folder / 'mkdocs.yml'}, the 'four-lessons' block: set your institution and "
        "exit_url, and your help contacts. Check every contact's number, address and hours, "
        "then record the date you checked them (the comments there say how): until then a "
        "strict build stops.\n"
        f"  2. Preview:  cd {where} && {command} serve   (http://127.0.0.1:8000/; "
        "--staff for the staff site)\n"
        f"  3. Check:    {command} check\n"
        f"  4. Build:    {command} build   (the learner site in site/; --staff for the staff "
        "site)\n"
        f"  5. Package:  {command} scorm -o module.zip   (for Moodle or another LMS)"
    )
    if module.language != "en":
        words = (
            f"translate the interface words in {module.words_to_translate} (each left empty "
            "shows in English)"
            if module.words_to_translate
            else "the module's own interface words are already in this language; have a "
            "speaker at your institution read them"
        )
        print(
            f"Language: {module.language}. Still to translate: the lessons in docs/, the "
            f"stories in quizzes/ and the contacts (with services in that language); {words}. "
            "docs/staff/hosting.md, 'The learner's language', says how."
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
    try:
        read_plugin_options(config_file)
    except ConfigProblems as error:
        return _report(error.lines)
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
    except KeyboardInterrupt:
        print(f"four-lessons scorm: interrupted; nothing was written to {output}",
              file=sys.stderr)
        return 130
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


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM (``kill``, a CI timeout) as Ctrl-C while a command runs.

    Python's default for SIGTERM ends the process at once, skipping every ``finally``: a
    package's ``.part`` file and the temporary build folder were left behind. As an
    interrupt, each command cleans up and says so in one line.
    """
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
    build_parser.add_argument(
        "--force", action="store_true",
        help="replace DIR even if it holds something other than an earlier FOUR Lessons site",
    )
    serve_parser = commands.add_parser(
        "serve", help="serve the learner site, or with --staff the staff site, with live reload"
    )
    serve_parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    serve_parser.add_argument(
        "--staff", action="store_true",
        help="the staff site: learner pages plus answer keys, guides and the classroom view",
    )
    serve_parser.add_argument(
        "-a", "--dev-addr", default="127.0.0.1:8000", metavar="ADDR",
        help="IP address and port to serve on (default: 127.0.0.1:8000)",
    )
    new_parser = commands.add_parser("new", help="write a ready-to-edit module into FOLDER")
    new_parser.add_argument("folder", metavar="FOLDER", type=Path)
    new_parser.add_argument(
        "--edition", choices=EDITIONS, default="school",
        help="school (ages 13 to 18) or university; the default is school",
    )
    new_parser.add_argument(
        "--language", default="en", metavar="CODE",
        help="the module's language (theme.language), such as cy for Welsh; the default is en",
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
    with _sigterm_as_interrupt():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run the command `args` names."""
    if args.command == "build":
        return build_site(args.config_file, args.site_dir, staff=args.staff, force=args.force)
    if args.command == "serve":
        return serve(args.config_file, staff=args.staff, dev_addr=args.dev_addr)
    if args.command == "scorm":
        return scorm(
            args.config_file, args.output, args.mastery_score, args.running_score, args.force,
            version=args.scorm_version, interactions=args.interactions,
        )
    if args.command == "new":
        return new(args.folder, args.edition, args.language)
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
