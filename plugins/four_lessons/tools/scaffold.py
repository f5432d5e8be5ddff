"""Write a new, ready-to-edit module from the built-in default one (``four-lessons new``).

The default module (its ``mkdocs.yml``, ``docs/`` and ``quizzes/``) ships inside the package
as ``four_lessons/default_module`` (hatch ``force-include``, see ``pyproject.toml``). In an
editable install that folder does not exist, and the repository's own files are used.

Only the ``four-lessons`` block of the copied ``mkdocs.yml`` changes, by editing its lines
in place, so the comments that explain each option to a welfare team survive.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core.i18n import catalogue_file, package_languages, starter_catalogue
from ..core.module import id_slug

EDITIONS = ("school", "university")
#: What a module is made of, copied from the default module.
PARTS = ("mkdocs.yml", "docs", "quizzes")
#: Placeholder institution names, one per edition, for the welfare team to replace.
INSTITUTIONS = {"school": "your school or college", "university": "your university"}
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store", "Thumbs.db")
PLUGIN_BLOCK = re.compile(r"^(?P<indent>[ \t]*)- four-lessons:[ \t]*(#.*)?$")


class ScaffoldError(Exception):
    """The module could not be written; the message says why and what to do."""


@dataclass(frozen=True)
class NewModule:
    """What ``write_module`` wrote."""

    folder: Path
    edition: str
    pages: int
    scenario_files: int
    language: str = "en"
    #: A catalogue of interface words written for a translator (None: the module has one).
    words_to_translate: Path | None = None


def default_module_dir() -> Path:
    """The folder holding the built-in default module.

    Raises:
        ScaffoldError: neither the packaged copy nor the repository's files are there.
    """
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "default_module", package.parent.parent):
        if all((candidate / part).exists() for part in PARTS):
            return candidate
    raise ScaffoldError(
        "the built-in default module is missing from this installation; reinstall four-lessons"
    )


def write_module(
    folder: Path,
    edition: str = "school",
    source: Path | None = None,
    command: str = "four-lessons",
    language: str = "en",
) -> NewModule:
    """Copy the default module into ``folder`` and set its edition.

    Everything is written into a new folder beside ``folder`` and moved into place at the
    end, so an interrupted run (Ctrl-C, a full disk) leaves nothing half-written.

    Args:
        folder: Where to write; it must not exist yet, or be empty.
        edition: ``school`` or ``university``.
        source: The module to copy; the built-in default module if not given.
        command: How the copy's README names the command (its full path when it is not
            on the PATH).
        language: The module's language (``theme.language``), one Material knows. Where
            the module has no catalogue of interface words for it, the copy gets one to
            fill, ``overrides/four-lessons/locales/<language>.po``, with the English.

    Returns:
        What was written, for the command to report.

    Raises:
        ScaffoldError: ``folder`` is a file or holds anything (nothing is overwritten), or
            ``edition`` is unknown.
    """
    if edition not in EDITIONS:
        raise ScaffoldError(f"unknown edition '{edition}'; choose one of: {', '.join(EDITIONS)}")
    known = theme_languages()
    if known and language not in known:
        raise ScaffoldError(
            f"the theme has no language '{language[:20]}'; use a code it knows, such as "
            "cy (Welsh), en, pl, ur or ar (Material for MkDocs' list: "
            "https://squidfunk.github.io/mkdocs-material/setup/changing-the-language/)"
        )
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} is a file; choose a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(
            f"{folder} is not empty; choose a new or empty folder (nothing was written)"
        )
    source = source or default_module_dir()
    config_text = _set_options(
        (source / "mkdocs.yml").read_text(encoding="utf-8"),
        {
            "edition": edition,
            "institution": INSTITUTIONS[edition],
            "module_id": _module_id(folder),
            # The copy's contacts are the institution's to check: until someone has, the
            # build warns and a strict build stops.
            "contacts_checked": '""',
        },
    )
    config_text = _clear_contact_checks(config_text)
    needs_words = language != "en" and catalogue_file(language) is None
    config_text = _set_language(config_text, language, "overrides" if needs_words else None)
    staged = _staging(folder)
    try:
        shutil.copytree(source / "docs", staged / "docs", ignore=_IGNORED)
        shutil.copytree(source / "quizzes", staged / "quizzes", ignore=_IGNORED)
        (staged / "mkdocs.yml").write_text(config_text, encoding="utf-8")
        (staged / "README.md").write_text(_readme(folder, edition, command), encoding="utf-8")
        (staged / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        if needs_words:
            words = staged / WORDS_FOLDER / f"{language}.po"
            words.parent.mkdir(parents=True)
            words.write_text(starter_catalogue(language), encoding="utf-8")
        if folder.is_dir():
            folder.rmdir()  # empty, checked above; the rename below needs its place
        staged.rename(folder)
    except (OSError, shutil.Error) as error:
        shutil.rmtree(staged, ignore_errors=True)
        reason = _reason(error)
        raise ScaffoldError(
            f"could not write to {folder} ({reason}); choose a folder you can write to, "
            "with room to spare (nothing was left behind)"
        ) from None
    except BaseException:  # Ctrl-C: leave nothing behind, then let the command say so
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return NewModule(
        folder=folder,
        edition=edition,
        pages=len(list((folder / "docs").rglob("*.md"))),
        scenario_files=len(list((folder / "quizzes").rglob("*.y*ml"))),
        language=language,
        words_to_translate=folder / WORDS_FOLDER / f"{language}.po" if needs_words else None,
    )


#: Where a copy keeps its own catalogue of interface words (read by the plugin from the
#: theme's custom_dir: site/plugin.py, site_catalogue).
WORDS_FOLDER = Path("overrides") / "four-lessons" / "locales"
_THEME_LANGUAGE = re.compile(
    r"^(?P<indent>[ \t]+)language:[ \t]*[^#\n]*?(?P<rest>[ \t]*(#.*)?)$", re.MULTILINE
)


def theme_languages() -> frozenset[str]:
    """The languages Material for MkDocs has interface words for (its language partials)."""
    return package_languages("material", "templates/partials/languages", ".html") - {"custom"}


def _set_language(config_text: str, language: str, custom_dir: str | None) -> str:
    """``config_text`` with ``theme.language`` set, and ``custom_dir`` for the copy's words.

    The default module's first ``language:`` line is the theme's; ``custom_dir`` follows it
    when the copy brings its own catalogue of interface words.
    """
    match = _THEME_LANGUAGE.search(config_text)
    if match is None:
        raise ScaffoldError("the default mkdocs.yml has no theme 'language:' line")
    line = f"{match.group('indent')}language: {language}{match.group('rest')}"
    if custom_dir:
        line += (
            f"\n{match.group('indent')}# The module's own words in this language: "
            f"{custom_dir}/four-lessons/locales/\n{match.group('indent')}custom_dir: {custom_dir}"
        )
    return config_text[: match.start()] + line + config_text[match.end() :]


def _staging(folder: Path) -> Path:
    """A new folder beside `folder` (same file system, so the final rename is one step)."""
    parent = folder.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        for n in range(1000):
            staged = parent / f".{folder.name or 'module'}.writing-{os.getpid()}-{n}"
            try:
                staged.mkdir()
            except FileExistsError:
                continue
            return staged
    except OSError as error:
        raise ScaffoldError(
            f"could not write to {folder} ({_reason(error)}); choose a folder you can write "
            "to (nothing was left behind)"
        ) from None
    raise ScaffoldError(f"could not make a folder beside {folder}")  # pragma: no cover


#: What a copy's builds and caches write, kept out of version control.
GITIGNORE = "site/\nsite-staff/\n.cache/\n*.zip\n"


def _readme(folder: Path, edition: str, command: str) -> str:
    """The copy's README.md: what the folder is and the next steps, as ``new`` prints them."""
    template = (Path(__file__).parent / "new_module_readme.md").read_text(encoding="utf-8")
    return template.format(name=folder.resolve().name, edition=edition, command=command)


def _reason(error: BaseException) -> str:
    """A short reason for a failed write: "No space left on device", "Permission denied"."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list):
        first = error.args[0][0] if error.args[0] else None
        if first:
            return str(first[-1]).split("] ")[-1]
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _module_id(folder: Path) -> str:
    """A module id from the folder's name, so two modules on one host keep apart."""
    slug = id_slug(folder.resolve().name)
    return f"four-lessons-{slug}" if slug else "four-lessons"


_CHECKED = re.compile(r"^(?P<key>[ \t]+(?:- )?checked:)[ \t]*[^#\n]*?(?P<rest>[ \t]*(#.*)?)$")


def _clear_contact_checks(config_text: str) -> str:
    """``config_text`` with every contact's ``checked:`` date emptied, comments kept.

    The default module's dates say when its authors checked each service; a copy's
    contacts have been checked by nobody at the institution yet, so none may carry a date.
    """
    lines = config_text.splitlines(keepends=True)
    start, end, _ = _plugin_block(lines)
    for i in range(start + 1, end):
        match = _CHECKED.match(lines[i].rstrip("\n"))
        if match:
            lines[i] = f'{match.group("key")} ""{match.group("rest")}\n'
    return "".join(lines)


def _plugin_block(lines: list[str]) -> tuple[int, int, int]:
    """The ``- four-lessons:`` block's first line, the line after it ends, and its indent.

    Raises:
        ScaffoldError: the text has no ``- four-lessons:`` block.
    """
    found = next(
        ((i, match) for i, line in enumerate(lines) if (match := PLUGIN_BLOCK.match(line))), None
    )
    if found is None:
        raise ScaffoldError("the default mkdocs.yml has no '- four-lessons:' plugin block")
    start, block = found
    block_indent = len(block.group("indent"))
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > block_indent
    ):
        end += 1
    return start, end, block_indent


def _set_options(config_text: str, values: dict[str, str]) -> str:
    """``config_text`` with options of the ``four-lessons`` block set, comments kept.

    An option already in the block keeps its line and trailing comment with the new value;
    a missing one is added as the block's first option.

    Raises:
        ScaffoldError: the text has no ``- four-lessons:`` block.
    """
    lines = config_text.splitlines(keepends=True)
    start, end, block_indent = _plugin_block(lines)
    options = [i for i in range(start + 1, end) if lines[i].strip() and lines[i].strip()[0] != "#"]
    indent = " " * (len(lines[options[0]]) - len(lines[options[0]].lstrip())) if options else (
        " " * (block_indent + 4)
    )
    for name, value in values.items():
        pattern = re.compile(rf"^{indent}{name}:[ \t]*(?P<value>[^#\n]*?)(?P<rest>[ \t]*(#.*)?)$")
        for i in options:
            match = pattern.match(lines[i].rstrip("\n"))
            if match:
                lines[i] = f"{indent}{name}: {value}{match.group('rest')}\n"
                break
        else:
            lines.insert(start + 1, f"{indent}{name}: {value}\n")
            options = [i + 1 for i in options]
    return "".join(lines)
