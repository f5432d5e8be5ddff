"""Which folders a build may replace, and replacing one only once the build succeeded.

MkDocs empties its site folder before it writes a page, whatever the folder holds: ``-d
quizzes`` loses every scenario file, ``-d ~`` a home directory. Here a build may write only
into a folder that is new, empty or an earlier build of ours, never into the module's own
folders; and ``four-lessons build`` builds beside the target and swaps the result in, so a
failed build leaves the last good site exactly as it was.

Nothing here imports a site generator: the MkDocs plugin and the command both call it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

#: Every site our plugin builds has this folder (the module's scripts and styles), so a
#: folder holding it is an earlier build of ours, safe to replace.
BUILD_MARKER = Path("assets") / "four"


@dataclass(frozen=True)
class ModuleFolders:
    """The folders that make up a module: a build must never write into or over them."""

    module: Path
    docs: Path
    scenarios: Path

    def resolved(self) -> tuple[Path, ...]:
        """The three folders with every link resolved."""
        return tuple(_real(p) for p in (self.module, self.docs, self.scenarios))


class UnsafeOutput(Exception):
    """The folder must not be written; the message names it and what to do instead."""


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path.expanduser()))


def is_earlier_build(folder: Path) -> bool:
    """Whether `folder` holds a site built by FOUR Lessons."""
    return (folder / BUILD_MARKER).is_dir()


def check_output(target: Path, module: ModuleFolders, *, force: bool = False) -> None:
    """Refuse a site folder whose replacement would lose something the build did not write.

    Args:
        target: The site folder, as given (links are resolved here).
        module: The module's own folders.
        force: Allow a non-empty folder that holds no earlier build of ours. The module's
            folders, the home directory and ``/`` are refused even then: no option should
            make a typing slip delete them.

    Raises:
        UnsafeOutput: with a one-line message.
    """
    shown = str(target)
    real = _real(target)
    if real.exists() and not real.is_dir():
        raise UnsafeOutput(f"{shown} is a file, not a folder; choose a folder for the site")
    home = _real(Path.home())
    if real == Path(real.anchor) or home.is_relative_to(real):
        what = "your home directory" if real == home else (
            "the root folder" if real == Path(real.anchor) else "a folder holding your home"
        )
        raise UnsafeOutput(
            f"{shown} is {what}; a build empties its folder first. Choose a new folder, "
            "such as site/"
        )
    module_folder, docs, scenarios = module.resolved()
    for own, what in ((docs, "the pages folder"), (scenarios, "the scenarios folder"),
                      (module_folder, "the module's folder")):
        if real == own or own.is_relative_to(real):
            raise UnsafeOutput(
                f"{shown} is or holds {what} ({own}); a build empties its folder first. "
                "Choose a new folder, such as site/"
            )
    for own, what in ((docs, "the pages folder"), (scenarios, "the scenarios folder")):
        if real.is_relative_to(own):
            raise UnsafeOutput(
                f"{shown} is inside {what} ({own}); the site would be built into its own "
                "source. Choose a folder outside it, such as site/"
            )
    if force or not real.is_dir() or is_earlier_build(real) or not any(real.iterdir()):
        return
    raise UnsafeOutput(
        f"{shown} is not empty and holds no earlier FOUR Lessons site; a build would delete "
        "what is in it. Choose a new or empty folder, or add --force to replace its contents"
    )


def staging_folder(target: Path) -> Path:
    """A new, empty folder beside `target` to build into, on the same file system."""
    real = _real(target)
    real.parent.mkdir(parents=True, exist_ok=True)
    for n in range(1000):
        candidate = real.parent / f".{real.name}.building-{os.getpid()}-{n}"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate
    raise UnsafeOutput(f"can't make a folder beside {target} to build into")  # pragma: no cover


def swap_in(staged: Path, target: Path) -> None:
    """Put the finished build `staged` where `target` is, then remove the old site.

    Two renames on one file system: at no moment is there no site, and a failure before
    the second rename puts the old one back.
    """
    real = _real(target)
    old = real.parent / f".{real.name}.old-{os.getpid()}"
    had_old = real.exists()
    if had_old:
        real.rename(old)
    try:
        staged.rename(real)
    except OSError:
        if had_old:
            old.rename(real)
        raise
    if had_old:
        shutil.rmtree(old, ignore_errors=True)


def discard(staged: Path) -> None:
    """Remove a staging folder (a failed or interrupted build)."""
    shutil.rmtree(staged, ignore_errors=True)
