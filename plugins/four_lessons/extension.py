"""``four_lessons.extension``: the name under which mkdocs.yml lists the Markdown extension.

The extension itself is ``core/markdown_extension.py`` (it imports no site generator); this
module gives it the short name Python-Markdown loads, ``makeExtension`` included.
"""

from __future__ import annotations

from .core.markdown_extension import (
    MESSAGE,
    ContentProblemsError,
    FourLessonsExtension,
    PageSession,
    PluginMissingError,
    makeExtension,
)

__all__ = [
    "MESSAGE",
    "ContentProblemsError",
    "FourLessonsExtension",
    "PageSession",
    "PluginMissingError",
    "makeExtension",
]
