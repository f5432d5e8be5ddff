"""Small corrections to the theme's HTML that no template override can reach.

mkdocs-material writes its drawer and search toggles straight into ``base.html`` (outside
any block) as ``<input type="checkbox" autocomplete="off">``. HTML allows
``autocomplete`` only on text-like inputs, so the Nu Html Checker reports an error on every
page. The attribute only stops Firefox restoring the toggles' state after a reload (the
menu could reopen by itself); the theme's scripts close both toggles on load anyway, so
dropping it costs nothing a learner would notice.
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?)\s+autocomplete="off"')


def fix_theme_html(html: str) -> str:
    """The page with the theme's invalid markup corrected."""
    # The toggles come straight after <body>, before the header: only that part is scanned.
    end = html.find("<header")
    if end < 0:
        return _TOGGLE.sub(r"\1", html)
    return _TOGGLE.sub(r"\1", html[:end]) + html[end:]
