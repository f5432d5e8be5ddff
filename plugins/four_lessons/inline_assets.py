"""Inline scripts and styles from other plugins, moved into files.

mkdocs-quiz writes about 54 KB of JavaScript and CSS inline into every page, and a form
whose ``onsubmit`` handler and ``javascript:`` action a strict Content-Security-Policy
blocks. This module rewrites a built page so that:

- each inline ``<script>`` (not JSON data) and ``<style>`` becomes a file named by the hash
  of its content, loaded with ``src``/``href`` at the same place, so order and timing hold
  and browsers cache it across pages;
- pages with no knowledge check lose mkdocs-quiz's scripts and styles altogether;
- mkdocs-quiz's inline form handlers go: its script already cancels the submission.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_STYLE = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style>", re.S)
_QUIZ_FORM = re.compile(r'<form action="javascript:void\(0\);" onsubmit="return false;">')
_QUIZ_MARKERS = ("mkdocsQuiz", "quiz-progress", ".quiz")


@dataclass
class InlineAssets:
    """Collects the files made from inline code, to be written once after the build."""

    folder: str = "assets/four/inline"
    files: dict[str, str] = field(default_factory=dict)

    def _file(self, body: str, suffix: str) -> str:
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
        path = f"{self.folder}/{digest}{suffix}"
        self.files[path] = body
        return path

    def rewrite(self, html: str, to_root: str) -> str:
        """The page with its inline code moved into files.

        Args:
            html: the built page.
            to_root: the relative URL from the page to the site root ('' or '../').
        """
        has_quiz = 'class="quiz"' in html

        def script(match: re.Match[str]) -> str:
            attrs, body = match.group("attrs"), match.group("body")
            if "src=" in attrs or "application/json" in attrs or not body.strip():
                return match.group(0)
            if not has_quiz and any(marker in body for marker in _QUIZ_MARKERS):
                return ""
            # Inline scripts ignore "defer" and run in place; loaded from a file without it
            # they still run in place, in the same order.
            return f'<script src="{to_root}{self._file(body, ".js")}"></script>'

        def style(match: re.Match[str]) -> str:
            body = match.group("body")
            if not has_quiz and any(marker in body for marker in _QUIZ_MARKERS):
                return ""
            return f'<link rel="stylesheet" href="{to_root}{self._file(body, ".css")}">'

        # Every page passes here: skip the scans that a plain substring test rules out.
        if _has_inline_script(html):
            html = _SCRIPT.sub(script, html)
        if "<style" in html:
            html = _STYLE.sub(style, html)
        if "javascript:void" in html:
            html = _QUIZ_FORM.sub('<form class="quiz-form">', html)
        return html


def _has_inline_script(html: str) -> bool:
    """Whether any <script> tag has a body to move (a quick scan of the tags alone)."""
    start = html.find("<script")
    while start >= 0:
        end = html.find(">", start)
        if end < 0:
            return False
        attrs = html[start + 7 : end]
        if "src=" not in attrs and "application/json" not in attrs:
            return True
        start = html.find("<script", end)
    return False
