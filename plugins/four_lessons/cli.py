"""The ``four-lessons`` command: check a module without building it, or start a new one."""

from __future__ import annotations

import argparse
import datetime
import logging
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from .contacts import ContactBook, ContactError, freshness_problem, parse_contacts
from .directives import DirectiveExpander
from .loader import Problem, ScenarioFileError, find_scenario_files, load_scenarios
from .rules import RuleError, check_keys, parse_rule
from .scaffold import EDITIONS, ScaffoldError, write_module

PLUGIN_NAME = "four-lessons"


def _plugin_options(config_file: Path) -> dict[str, object]:
    """The validated options of our plugin block in `config_file`."""
    from mkdocs.config import load_config  # imported late: `check` of a bare folder needs none
    from mkdocs.exceptions import ConfigurationError

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        config = load_config(config_file=str(config_file))
    except ConfigurationError as error:
        raise SystemExit(f"{config_file}: {error}") from None
    except ValueError as error:  # YAML's dates: an unquoted 2025-09-31 fails as it is read
        raise SystemExit(
            f"{config_file}: {error}; write dates in quotes, such as \"2026-11-30\""
        ) from None
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise SystemExit(f"{config_file}: the '{PLUGIN_NAME}' plugin is not listed under plugins")
    options: dict[str, object] = dict(plugin.config)
    options["docs_dir"] = config.docs_dir
    return options


def check(config_file: Path) -> int:
    """Validate scenario files and the directives in every page; print every problem."""
    root = config_file.resolve().parent
    options = _plugin_options(config_file)
    scenario_files = find_scenario_files(root / str(options["scenarios_dir"]))
    try:
        scenarios = load_scenarios(scenario_files, root)
    except ScenarioFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found.", file=sys.stderr)
        return 1
    try:
        contacts = parse_contacts(options["contacts"], f"{config_file.name}: contacts")  # type: ignore[arg-type]
        rule = parse_rule(options["judgement_rule"], f"{config_file.name}: judgement_rule")  # type: ignore[arg-type]
    except (ContactError, RuleError) as error:
        print(error, file=sys.stderr)
        return 1
    stale = freshness_problem(
        options["contacts_checked"], int(options["contacts_max_age_months"]), datetime.date.today()  # type: ignore[call-overload]
    )

    problems: list[Problem] = check_keys(scenarios.scenarios, rule)
    docs_dir = Path(str(options["docs_dir"]))
    pages = sorted(docs_dir.rglob("*.md"))
    placed: set[str] = set()
    for edition in ("school", "university"):
        expander = DirectiveExpander(
            scenarios, ContactBook(contacts, edition, None), edition, str(options["institution"])
        )
        for page in pages:
            shown = page.resolve().relative_to(root).as_posix()
            expanded = expander.expand(page.read_text(encoding="utf-8"), shown)
            problems += [p for p in expanded.problems if p not in problems]
            placed.update(p.scenario.id for p in expanded.placements)
    for problem in problems:
        print(problem, file=sys.stderr)
    if stale:
        print(f"{config_file.name}: {stale}", file=sys.stderr)
    if problems or stale:
        print(f"{len(problems) + bool(stale)} problem(s) found.", file=sys.stderr)
        return 1
    unplaced = [s.id for s in scenarios.scenarios if s.id not in placed]
    print(
        f"OK: {len(scenarios)} scenarios in {len(scenario_files)} files, "
        f"{len(pages)} pages checked."
    )
    if unplaced:
        print(f"Note: not placed on any page: {', '.join(unplaced)}")
    return 0


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


def scorm(config_file: Path, output: Path, mastery_score: int | None) -> int:
    """Build the module and write a SCORM 1.2 package; build problems are printed."""
    from mkdocs.exceptions import Abort, BuildError

    from .scorm import build_package

    if not config_file.is_file():
        print(f"{config_file}: no such file; pass -f path/to/mkdocs.yml", file=sys.stderr)
        return 2
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        count = build_package(config_file, output, mastery_score)
    except (Abort, BuildError) as error:
        print(f"The module did not build: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # built, but not as a FOUR Lessons module
        print(f"{config_file}: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {output} ({count} files): a SCORM 1.2 package with one SCO.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``four-lessons`` command."""
    parser = argparse.ArgumentParser(prog="four-lessons", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate scenario files and lesson pages")
    check_parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    new_parser = commands.add_parser("new", help="write a ready-to-edit module into FOLDER")
    new_parser.add_argument("folder", metavar="FOLDER", type=Path)
    new_parser.add_argument("--edition", choices=EDITIONS, default="school")
    scorm_parser = commands.add_parser("scorm", help="build a SCORM 1.2 package for an LMS")
    scorm_parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.zip")
    scorm_parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    scorm_parser.add_argument(
        "--mastery-score",
        type=int,
        choices=range(0, 101),
        metavar="0-100",
        help="report passed or failed against this score instead of completed",
    )
    args = parser.parse_args(argv)
    if args.command == "scorm":
        return scorm(args.config_file, args.output, args.mastery_score)
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
