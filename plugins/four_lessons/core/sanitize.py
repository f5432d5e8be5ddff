"""Scenario text to safe HTML: what a story or explanation may contain once converted.

Scenario files are edited by many hands and reach learners on sites that often have no
Content-Security-Policy (pages opened from disk, SCORM packages in an LMS). So the HTML
converted from a scenario's Markdown keeps only what a lesson needs (paragraphs,
emphasis, lists, quotes, simple tables, links with safe schemes, images from the site
itself) and loses everything that could run script, load from another host, or change
the page's structure (an unclosed ``</div>`` cannot escape its field: the sanitiser parses
the fragment as a browser would and writes it out balanced).

nh3 binds Ammonia, the Rust sanitiser built on html5ever (a browser-grade HTML parser):
well kept, allow-list based, and fast enough to run on every field of every build.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3

_TAGS = {
    "p", "br", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub",
    "sup", "code", "kbd", "abbr", "span", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "table", "thead", "tbody", "tr", "th", "td", "hr",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
_SCHEMES = {"http", "https", "mailto", "tel", "sms"}


def _only_local_images(tag: str, attribute: str, value: str) -> str | None:
    """Images come from the site itself: nothing in a page may contact another host."""
    if tag == "img" and attribute == "src":
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            return None
    return value


# One cleaner for the whole build: making one per call cost more than the cleaning.
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    url_schemes=_SCHEMES,
    attribute_filter=_only_local_images,
    link_rel="noopener noreferrer",
)


def sanitize_html(html: str) -> str:
    """`html` (converted scenario Markdown) with only the allowed tags and attributes."""
    if "<" not in html:
        return html
    return _CLEANER.clean(html)
