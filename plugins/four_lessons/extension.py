"""A Python-Markdown extension that makes a build without the four-lessons plugin fail.

The quick exit on every page, the exercises and progress come from the MkDocs plugin.
Generators that read ``mkdocs.yml`` but run no MkDocs plugins (Zensical) still run the
Python-Markdown extensions listed in ``markdown_extensions``; without this guard they build
the module "with no issues" and publish lessons with literal ``[[four ...]]`` text and no
quick exit, the worst failure a safeguarding module can have. Listed in the module's
``markdown_extensions``, this extension stops such a build before it converts a page, with
a message that says what to do. Under MkDocs or ProperDocs the plugin says it is running
(``plugin_is_running``), and the extension does nothing.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_RUNNING = {"plugin": False}

MESSAGE = (
    "FOUR Lessons: this site generator did not run the four-lessons plugin, so pages would "
    "have no quick exit, no exercises and no progress. Build the module with MkDocs or "
    "ProperDocs (four-lessons build, mkdocs build or properdocs build), not with a "
    "generator that ignores MkDocs plugins."
)


class PluginMissingError(RuntimeError):
    """Raised when a page is converted without the four-lessons plugin."""


def plugin_is_running(running: bool = True) -> None:
    """Called by the plugin when a build starts (and ends), in the same process."""
    _RUNNING["plugin"] = running


class _Guard(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not _RUNNING["plugin"]:
            raise PluginMissingError(MESSAGE)
        return lines


class FourLessonsExtension(Extension):
    """``four_lessons.extension`` in ``markdown_extensions``."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the guard before every other preprocessor."""
        md.preprocessors.register(_Guard(md), "four_lessons_guard", 1000)


def makeExtension(**kwargs: Any) -> FourLessonsExtension:
    """What Python-Markdown calls to load the extension by its module name."""
    return FourLessonsExtension(**kwargs)
