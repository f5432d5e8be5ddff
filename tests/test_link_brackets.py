"""The scenario converter's link brackets: the same answers as Python-Markdown's, cheaper."""

from __future__ import annotations

import itertools
from typing import Any

import markdown
import pytest
from markdown.inlinepatterns import LinkInlineProcessor

from four_lessons.core.link_brackets import bracket_ends, faster_links

#: Python-Markdown's own bracket table: private, so absent from its type stubs (and from
#: releases that scan from each bracket instead).
find_bracket_ends: Any = getattr(LinkInlineProcessor, "_findBracketEnds", None)
needs_table = pytest.mark.skipif(
    find_bracket_ends is None,
    reason="this Python-Markdown scans from each bracket; faster_links leaves it alone",
)


@needs_table
def test_every_short_text_gets_python_markdowns_own_table() -> None:
    """Every text of up to 8 characters from brackets, a letter and a space, compared."""
    for length in range(9):
        for letters in itertools.product("[] a", repeat=length):
            text = "".join(letters)
            assert bracket_ends(text) == find_bracket_ends(text), text


@needs_table
@pytest.mark.parametrize(
    "text",
    [
        "",
        "Call [0808 802 0300](tel:08088020300), for ages 16 and over.",
        "[[nested] brackets] and [a [deeper [one]]] and a lone ] then [",
        "]]]] closing first [[[[ then opening",
        "[" * 5000 + "]" * 10,
        "no brackets at all, a long line " * 200,
    ],
)
def test_texts_of_every_shape_get_the_same_table(text: str) -> None:
    assert bracket_ends(text) == find_bracket_ends(text)


def test_a_converter_with_faster_links_writes_the_same_html() -> None:
    source = (
        "Tell a trusted adult. Call the Helpline ([0808 802 0300](tel:08088020300)) or "
        "[the police](https://www.police.uk/ \"Police\") ([999](tel:999)).\n\n"
        "![a map](map.png) [ref][1] [not a link] [unclosed [x](y)\n\n"
        "[1]: https://example.org/\n"
    )
    extensions = ["toc", "tables", "attr_list", "abbr", "def_list", "md_in_html"]
    plain = markdown.Markdown(extensions=extensions)
    faster = faster_links(markdown.Markdown(extensions=extensions))
    assert faster.convert(source) == plain.convert(source)
    assert faster.reset().convert(source) == plain.reset().convert(source)
