"""Where each link's text ends, found bracket by bracket: Python-Markdown's answer, cheaper.

Python-Markdown's link processors (links, images, references) ask, for a ``[`` in a piece
of text, where its ``]`` is. Since 3.8 they answer from a table of every position's closing
bracket, built in one Python loop over every character of the text (so that text full of
unclosed brackets costs linear time, not quadratic), and they build it again for each
processor and each time the text changes. A scenario's advice naming three contacts, each
with a phone link (``[0808 802 0300](tel:...)``), is walked a dozen times, character by
character: in a build of a thousand exercises that was a twentieth of the whole build.

``bracket_ends`` builds the same table from the brackets alone: between two brackets every
position has the same depth, so the same answer, and a whole run is written at once. The
table is identical (a test compares them on every kind of text); only the scenario
converter the build owns uses it (``faster_links``), never the site's own page conversion.
Knows nothing of MkDocs.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.inlinepatterns import LinkInlineProcessor

_BRACKET = re.compile(r"[\[\]]")


def bracket_ends(data: str) -> list[int | None]:
    """Python-Markdown's ``LinkInlineProcessor._findBracketEnds(data)``, run by run.

    For each position of `data` (and its end), the position just past the ``]`` that
    closes a bracket opened before it, or None if none does. Positions between two
    brackets share a depth, so they share an answer: that of the first later run whose
    depth is lower, at its first position.
    """
    # Runs of equal depth: each starts at 0 or just past a bracket, and ends at the next
    # bracket (included: its own character is read after it is reached).
    starts = [0]
    depths = [0]
    depth = 0
    for match in _BRACKET.finditer(data):
        depth += 1 if match.group() == "[" else -1
        starts.append(match.start() + 1)
        depths.append(depth)
    answers: list[int | None] = [None] * len(starts)
    waiting: list[int] = []  # runs not yet answered, their depths never falling upwards
    for run, run_depth in enumerate(depths):
        while waiting and run_depth < depths[waiting[-1]]:
            answers[waiting.pop()] = starts[run]
        waiting.append(run)
    ends: list[int | None] = []
    for run, start in enumerate(starts):
        stop = starts[run + 1] if run + 1 < len(starts) else len(data) + 1
        ends += [answers[run]] * (stop - start)
    return ends


def faster_links(md: Markdown) -> Markdown:
    """`md` with its link processors finding brackets through ``bracket_ends``.

    Only where this Python-Markdown has the method it replaces (3.8 and later); earlier
    versions scan from each bracket instead, and are left as they are.
    """
    if not hasattr(LinkInlineProcessor, "_findBracketEnds"):
        return md
    for processor in md.inlinePatterns:
        if isinstance(processor, LinkInlineProcessor):
            setattr(processor, "_findBracketEnds", bracket_ends)  # noqa: B010 (not in the stubs)
    return md
