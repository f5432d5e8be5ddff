"""Placeholders in text, found and filled with plain string search.

A build fills placeholders in every page, and built pages are long. Splitting on a fixed
string runs at memory speed; a regular expression steps through every character, and on a
module of a few hundred pages that shows in the build time.
"""

from __future__ import annotations

from collections.abc import Callable


def fill(text: str, marker: tuple[str, str], value: Callable[[str], str]) -> str:
    """`text` with each ``opening KEY closing`` replaced by ``value(KEY)``.

    Args:
        text: where to look.
        marker: the opening and closing strings around each key.
        value: the replacement for a key.
    """
    opening, closing = marker
    parts = text.split(opening)
    if len(parts) == 1:
        return text
    out = [parts[0]]
    for part in parts[1:]:
        key, found, rest = part.partition(closing)
        if found:
            out += [value(key), rest]
        else:  # an opening never closed: not one of ours, leave it as written
            out += [opening, part]
    return "".join(out)
