"""Small corrections to the theme's HTML that no template override can reach.

mkdocs-material writes its drawer and search toggles straight into ``base.html`` (outside
any block) as ``<input type="checkbox" autocomplete="off">``. HTML allows
``autocomplete`` only on text-like inputs, so the Nu Html Checker reports an error on every
page. The attribute only stops Firefox restoring the toggles' state after a reload (the
menu could reopen by itself); the theme's scripts close both toggles on load anyway, so
dropping it costs nothing a learner would notice.

The theme writes the page's direction (``rtl`` for Arabic, Hebrew, Persian, Urdu...) on
``<body>`` only, also outside any block. The W3C's advice is to set it on ``<html>``: the
page's ``<title>`` (the tab, the history, what a screen reader announces first) then runs the
same way as the page, and so does anything outside ``<body>``. The same value is copied there.
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?)\s+autocomplete="off"')
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_BODY_DIR = re.compile(r'<body\b[^>]*?\sdir="(ltr|rtl)"', re.IGNORECASE)
_HAS_DIR = re.compile(r"\sdir\s*=", re.IGNORECASE)


def fix_theme_html(html: str) -> str:
    """The page with the theme's invalid markup corrected."""
    # The toggles come straight after <body>, before the header: only that part is scanned.
    end = html.find("<header")
    if end < 0:
        return _with_direction(_TOGGLE.sub(r"\1", html))
    return _with_direction(_TOGGLE.sub(r"\1", html[:end])) + html[end:]


def _with_direction(head: str) -> str:
    """`head` (the page up to its header) with ``<body dir>`` copied onto ``<html>``."""
    body = _BODY_DIR.search(head)
    html = _HTML_TAG.search(head)
    if body is None or html is None or html.start() > body.start() or _HAS_DIR.search(html[0]):
        return head
    tag = html[0]
    return f'{head[:html.start()]}{tag[:-1]} dir="{body[1].lower()}">{head[html.end():]}'
