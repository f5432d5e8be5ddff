"""Inline scripts and styles from other plugins, moved into files.

mkdocs-quiz writes about 54 KB of JavaScript and CSS inline into every page, and a form
whose ``onsubmit`` handler and ``javascript:`` action a strict Content-Security-Policy
blocks. This module rewrites a built page so that:

- each inline ``<script>`` that mkdocs-quiz wrote (recognised by its exact content, or
  for its two generated settings scripts by their exact shape) and each ``<style>`` becomes
  a file named by the hash of its content, loaded with ``src``/``href`` at the same place,
  so order and timing hold and browsers cache it across pages;
- any other inline ``<script>`` is dropped and reported: it came from page or scenario
  content, and moving it into a same-origin file would let it run under the strict CSP
  the hosting guide recommends;
- pages with no knowledge check lose mkdocs-quiz's scripts and styles altogether;
- mkdocs-quiz's inline form handlers go: its script already cancels the submission.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..core.progress import count_quizzes

_QUIZ_FORM = re.compile(r'<form action="javascript:void\(0\);" onsubmit="return false;">')
_QUIZ_MARKERS = ("mkdocsQuiz", "quiz-progress", ".quiz")
_QUIZ_TRANSLATIONS = re.compile(r"\s*window\.mkdocsQuizTranslations = (\{.*\});\s*", re.S)
_QUIZ_SETTINGS = re.compile(
    r"\s*window\.mkdocsQuizConfig = \{\s*(?:[A-Za-z]+: (?:true|false|\"[a-z-]+\"),?\s*)*\};\s*"
)


@cache
def _known_script_digests() -> frozenset[str]:
    """Digests of the scripts mkdocs-quiz ships as files and writes inline, if installed."""
    digests = set()
    try:
        from mkdocs_quiz import plugin as quiz  # type: ignore[import-untyped]  # a peer plugin
    except ImportError:  # pragma: no cover - mkdocs-quiz is a dependency of the module
        return frozenset()
    for tag in (quiz.js_script, quiz.confetti_lib_script):
        body = re.sub(r"^<script[^>]*>|</script>$", "", tag)
        digests.add(_digest(body))
    return frozenset(digests)


def _digest(body: str) -> str:
    return hashlib.sha256(body.strip().encode("utf-8")).hexdigest()


class _ByBody:
    """Answers kept per script or style body, found without hashing the whole body.

    Every page with a knowledge check holds the same few bodies of some 50,000 characters:
    a digest of each, or even Python's own hash of it, was most of the cost of moving them.
    An entry is found by the body's length and ends, and used only if the whole body is
    equal (a comparison of memory, far cheaper than a hash).
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[int, str, str], list[tuple[str, Any]]] = {}

    @staticmethod
    def _key(body: str) -> tuple[int, str, str]:
        return len(body), body[:64], body[-64:]

    def get(self, body: str) -> Any:
        """The answer kept for `body`, or None."""
        for kept, answer in self._entries.get(self._key(body), ()):
            if kept == body:
                return answer
        return None

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, body: str, answer: Any) -> None:
        """Keep `answer` for `body` (a build meets a handful of bodies)."""
        self._entries.setdefault(self._key(body), []).append((body, answer))


_KNOWN = _ByBody()


def is_known_script(body: str) -> bool:
    """Whether an inline script is mkdocs-quiz's own (the theme's are files already)."""
    known = _KNOWN.get(body)
    if known is None:
        known = _is_known_script(body)
        if len(_KNOWN) < 256:  # page content's own scripts are not worth keeping
            _KNOWN.put(body, known)
    return bool(known)


def _is_known_script(body: str) -> bool:
    if _digest(body) in _known_script_digests():
        return True
    if _QUIZ_SETTINGS.fullmatch(body):
        return True
    translations = _QUIZ_TRANSLATIONS.fullmatch(body)
    if translations:
        try:
            data = json.loads(translations.group(1))
        except ValueError:
            return False
        return isinstance(data, dict) and all(isinstance(v, str) for v in data.values())
    return " ".join(body.split()) == _AUTO_NUMBER


_AUTO_NUMBER = (
    'document.addEventListener("DOMContentLoaded", function() { var article = '
    'document.querySelector("article") || document.querySelector("main") || document.body; '
    'article.classList.add("quiz-auto-number"); });'
)


@dataclass
class InlineAssets:
    """Collects the files made from inline code, to be written once after the build."""

    folder: str = "assets/four/inline"
    files: dict[str, str] = field(default_factory=dict)
    #: Each body's file (by suffix), so the same code on every page is hashed once a build.
    _paths: dict[str, _ByBody] = field(default_factory=dict, repr=False)

    def _file(self, body: str, suffix: str) -> str:
        paths = self._paths.setdefault(suffix, _ByBody())
        path = paths.get(body)
        if path is None:
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
            path = f"{self.folder}/{digest}{suffix}"
            paths.put(body, path)
            self.files[path] = body
        return str(path)

    def rewrite(
        self, html: str, to_root: str, on_unknown: Callable[[str], None] = lambda body: None
    ) -> str:
        """The page with its inline code moved into files.

        Args:
            html: the built page.
            to_root: the relative URL from the page to the site root ('' or '../').
            on_unknown: told of each inline script dropped (its body), to report it.
        """
        page = html  # as given, whatever is replaced below
        quiz: list[bool] = []

        def has_quiz() -> bool:
            """Whether the page holds a knowledge check (asked only where it matters)."""
            if not quiz:
                quiz.append(count_quizzes(page) > 0)  # the one knowledge-check detector
            return quiz[0]

        def script(match: _Element) -> str:
            attrs, body = match.group("attrs"), match.group("body")
            if "src=" in attrs or "application/json" in attrs or not body.strip():
                return match.group(0)
            if not is_known_script(body):
                on_unknown(body)
                return ""
            if any(marker in body for marker in _QUIZ_MARKERS) and not has_quiz():
                return ""
            # Inline scripts ignore "defer" and run in place; loaded from a file without it
            # they still run in place, in the same order.
            return f'<script src="{to_root}{self._file(body, ".js")}"></script>'

        def style(match: _Element) -> str:
            body = match.group("body")
            if any(marker in body for marker in _QUIZ_MARKERS) and not has_quiz():
                return ""
            return f'<link rel="stylesheet" href="{to_root}{self._file(body, ".css")}">'

        # Every page passes here: plain string search, not a pattern stepping through every
        # character of a long page (mkdocs-quiz's code alone is some 55,000 characters).
        if _has_inline_script(html):
            html = _replace_elements(html, "script", script)
        if "<style" in html:
            html = _replace_elements(html, "style", style)
        if "javascript:void" in html:
            html = _QUIZ_FORM.sub('<form class="quiz-form">', html)
        return html


class _Element:
    """What a replacement sees of one element, shaped like the pattern match it replaced."""

    def __init__(self, whole: str, attrs: str, body: str) -> None:
        self._groups = {"attrs": attrs, "body": body}
        self._whole = whole

    def group(self, name: str | int) -> str:
        return self._whole if name == 0 else self._groups[str(name)]


def _replace_elements(html: str, tag: str, replace: Callable[[_Element], str]) -> str:
    """`html` with each ``<tag ...>body</tag>`` replaced by ``replace(element)``."""
    opening, closing = f"<{tag}", f"</{tag}>"
    out, position = [], 0
    start = html.find(opening)
    while start >= 0:
        after = html[start + len(opening) : start + len(opening) + 1]
        tag_end = html.find(">", start)
        end = html.find(closing, tag_end) if tag_end >= 0 else -1
        if end < 0:
            break
        if after not in (" ", ">", "\t", "\n"):  # <scripts> or <styled>: not ours to touch
            start = html.find(opening, start + 1)
            continue
        whole = html[start : end + len(closing)]
        element = _Element(whole, html[start + len(opening) : tag_end], html[tag_end + 1 : end])
        out += [html[position:start], replace(element)]
        position = end + len(closing)
        start = html.find(opening, position)
    out.append(html[position:])
    return "".join(out)


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
