"""Problems a person can act on: where, what, and how to fix it.

Every part of the module (scenario files, pages, contacts, the rule, the configuration)
reports through one type, ``Problem``, and one formatter, ``report``; the build and
``four-lessons check`` print the same lines. Knows nothing of any site generator.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceLocation:
    """Where something was written, for messages a person can act on.

    ``line`` is None where no line can be known (an option of ``mkdocs.yml`` as MkDocs
    hands it over, say): the message then names the file and the option.
    """

    path: str
    line: int | None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with where it is: printed as ``path:line: what; how to fix``."""

    location: SourceLocation
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    @property
    def sort_key(self) -> tuple[str, int]:
        """Problems are listed by file, then line."""
        return self.location.path, self.location.line or 0


class ProblemsError(Exception):
    """Something cannot be built; carries every problem found, to report them at once.

    Args:
        what: what the problems are in ("scenario files", "lesson pages"), for the heading.
        problems: every problem, in the order found.
    """

    def __init__(self, what: str, problems: Sequence[Problem]) -> None:
        self.what = what
        self.problems = tuple(problems)
        super().__init__(report(what, self.problems))


def report(what: str, problems: Sequence[Problem]) -> str:
    """Problems as one message: a heading line, then one line per problem.

    The one formatter for every report, so the build and ``four-lessons check`` word it
    the same way.
    """
    count = len(problems)
    lines = [f"{count} problem{'s' if count != 1 else ''} in the {what}:"]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """`problems` in order, each once (several passes may find the same one)."""
    return list(dict.fromkeys(problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix when a close choice exists, else ''."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def display_path(path: Path, root: Path | None) -> str:
    """`path` as the author sees it: relative to `root` when it lies inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def shorten(value: object, limit: int = 40) -> str:
    """`value` as text, cut to `limit` characters for a message (a long value stays readable)."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
