"""What page content may not do: run code, leave the page, or get in the quick exit's way.

Lesson pages, their front matter and the configuration are written by many hands, and
learners open the module where no Content-Security-Policy protects them (from disk, inside
an LMS frame). So the HTML a page's Markdown turns into is checked element by element and
attribute by attribute, after entity decoding and with white space and control characters
taken out of addresses (as a browser reads them), never line by line in the source. A page
may not hold:

- anything that runs code: ``<script>``, ``on*`` attributes, ``javascript:``,
  ``vbscript:`` and ``data:`` documents in addresses (SVG and MathML too);
- anything that loads or becomes another document: ``<iframe>`` (``srcdoc``), ``<object>``,
  ``<embed>``, ``<base>``, ``<meta>`` (a refresh sends learners elsewhere, CSP or not);
- anything that can hide, cover or switch off the quick exit: ``<style>``, ``<link>``,
  ``style`` attributes (Markdown's own table alignment aside), ``<dialog>``, ``aria-modal``,
  ``popover``, ``autofocus``, the theme's and the module's own ids, classes and ``data-``
  attributes (pages may use the content hooks ``data-four-home*``, ``data-four-practice``,
  ``data-four-lms-only``, ``data-four-not-lms`` and the classes in CONTENT_CLASSES and
  CONTENT_CLASS_PREFIXES, none of which positions anything), and links named like the exit;
- elements that browsers read differently from any checker (``<noscript>``, ``<xmp>``,
  ``<plaintext>``, ``<template>``, ``<textarea>``, ``<title>``, CDATA sections).

The raw HTML a page holds is read with a tokenizer that ends comments where browsers end
them; the elements Markdown writes are read from its element tree. Knows nothing of MkDocs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import Markup

from .diagnostics import Problem, SourceLocation

_RUNS_CODE = "would run code in learners' browsers; pages hold text, links and images only"
_COVERS_EXIT = "could hide or cover the quick exit"
REFUSED_ELEMENTS: dict[str, str] = {
    "script": f"{_RUNS_CODE} (scripts belong in the theme)",
    "style": f"{_COVERS_EXIT}; use the classes the theme provides",
    "link": f"{_COVERS_EXIT} (a stylesheet) or load from elsewhere; remove it",
    "meta": "could send learners to another page (a refresh) without a click; remove it",
    "base": "would change where every link and script of the page leads; remove it",
    "iframe": "would load another document into the page; link to it instead",
    "frame": "would load another document into the page; link to it instead",
    "frameset": "would load other documents into the page; link to them instead",
    "object": "would load another document into the page; link to it instead",
    "embed": "would load another document into the page; link to it instead",
    "applet": "would load code into the page; remove it",
    "portal": "would load another document into the page; link to it instead",
    "fencedframe": "would load another document into the page; link to it instead",
    "dialog": f"{_COVERS_EXIT} and make the page ignore its keys; remove it",
    "template": "hides markup that browsers may still run (declarative shadow DOM); remove it",
    "noscript": "is read differently by browsers and by the build's check; remove it",
    "noembed": "is read differently by browsers and by the build's check; remove it",
    "noframes": "is read differently by browsers and by the build's check; remove it",
    "xmp": "is read differently by browsers and by the build's check; remove it",
    "plaintext": "turns the rest of the page, the theme's included, into text; remove it",
    "textarea": "is read differently by browsers and by the build's check; remove it",
    "title": "is read differently by browsers and by the build's check; remove it",
}
#: Attributes that hold an address a browser may load or follow.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "cite", "ping", "srcset", "codebase", "longdesc", "usemap", "manifest", "icon",
    "lowsrc", "dynsrc", "archive", "classid", "profile", "itemtype",
})
#: SVG animation values, which can set an address (``<set attributeName="href" to=...>``).
ANIMATION_ATTRIBUTES = frozenset({"values", "to", "from", "by"})
_DANGEROUS_SCHEMES = (
    "javascript:", "vbscript:", "data:text/html", "data:application/xhtml", "data:image/svg",
    "data:text/xml", "data:application/xml",
)
_EXIT_KEYS = "takes the keyboard from the quick exit's keys (Escape, Shift three times)"
REFUSED_ATTRIBUTES: dict[str, str] = {
    "srcdoc": "would load another document into the page; remove it",
    "aria-modal": f"would make the page ignore the quick exit's keys and {_COVERS_EXIT[6:]}",
    "popover": f"{_COVERS_EXIT}; remove it",
    "popovertarget": f"{_COVERS_EXIT}; remove it",
    "popovertargetaction": f"{_COVERS_EXIT}; remove it",
    "autofocus": f"{_EXIT_KEYS}; remove it",
    "http-equiv": "could send learners to another page without a click; remove it",
}
#: The module's hooks that a page may use (the home page's course card, the practice bank).
#: Content hooks a page may use: the home page's course card, the practice bank, and the
#: text shown only inside an LMS or only outside one (issue 23; site.css shows one of the
#: two, and neither can reach the quick exit).
CONTENT_DATA_PREFIXES = (
    "data-four-home", "data-four-practice", "data-four-lms-only", "data-four-not-lms",
)
#: Classes of the module (four-*) and the theme (md-*) that page content may use; every
#: other class in those families belongs to the module's or the theme's own parts, some of
#: which sit over the page (the exit's overlay, presenter mode, the theme's header).
CONTENT_CLASSES = frozenset({
    "md-button", "md-button--primary", "four-no-print", "four-print", "four-staff-note",
})
CONTENT_CLASS_PREFIXES = ("four-home", "four-practice", "four-worksheet")
#: Ids that the module's own parts use: a page using one would break them.
RESERVED_IDS = frozenset({"four-form-template"})
#: Markdown's tables align columns with a style attribute; nothing else may.
_TABLE_ALIGN = re.compile(r"text-align:\s*(?:left|right|center);?")
_SPACE_AND_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")


@dataclass(frozen=True)
class Finding:
    """One thing a page may not hold: what is wrong, and text to find it by in the source."""

    message: str
    needles: tuple[str, ...]
    #: Reported only where nothing else is reported on the same line.
    secondary: bool = False


def _address(value: str) -> str:
    """An attribute value as a browser reads an address.

    No white space or control characters anywhere, lower case; entities are decoded
    already.
    """
    return _SPACE_AND_CONTROL.sub("", value).lower()


def element_findings(
    tag: str,
    attributes: Iterable[tuple[str, str | None, str]],
    written: str = "",
) -> list[Finding]:
    """What is wrong with one element.

    Args:
        tag: the element's name.
        attributes: each attribute's name, decoded value (as a browser reads it) and value
            as written (to find it by in the source).
        written: the element's start tag as written, if known (raw HTML), to find it by.
    """
    tag = tag.lower()
    found: list[Finding] = []
    first = (written,) if written else ()
    if tag in REFUSED_ELEMENTS:
        found.append(Finding(f"'<{tag}>' {REFUSED_ELEMENTS[tag]}", (*first, f"<{tag}")))
    for raw_name, raw_value, as_written in attributes:
        name, value = raw_name.lower(), raw_value or ""
        problem = _attribute_problem(tag, name, value)
        if problem is not None:
            specific = (
                (f'{name}="{as_written}"', f"{name}='{as_written}'", f"{name}={as_written}")
                if as_written else ()
            )
            value_alone = (as_written,) if len(as_written) > 3 else ()
            found.append(Finding(
                problem, (*first, *specific, f"{name}=", *value_alone, name, f"<{tag}")
            ))
    return found


def _attribute_problem(tag: str, name: str, value: str) -> str | None:
    """Why this attribute may not be in a page, or None."""
    if name.startswith("on"):
        return f"'{name}' {_RUNS_CODE} (scripts belong in the theme)"
    if name in REFUSED_ATTRIBUTES:
        return f"'{name}' {REFUSED_ATTRIBUTES[name]}"
    if name == "style":
        if tag in ("td", "th") and _TABLE_ALIGN.fullmatch(value.strip()):
            return None  # Markdown's own column alignment
        return f"a 'style' attribute {_COVERS_EXIT}; use the classes the theme provides"
    if name in URL_ATTRIBUTES or name in ANIMATION_ATTRIBUTES:
        address = _address(value)
        scheme = next(
            (s for s in _DANGEROUS_SCHEMES if (
                address.startswith(s) if name in URL_ATTRIBUTES else s in address
            )),
            None,
        )
        if scheme is not None:
            return f"'{name}' leads to a '{scheme.rstrip(':')}' address, which {_RUNS_CODE}"
    if name.startswith("data-four-") and not name.startswith(CONTENT_DATA_PREFIXES):
        return (
            f"'{name}' belongs to the module's own parts; pages may use only "
            "data-four-home..., data-four-practice, data-four-lms-only and data-four-not-lms"
        )
    if name.startswith("data-md-"):
        return f"'{name}' belongs to the theme's own parts; remove it"
    if name == "id" and (value.startswith("__") or value in RESERVED_IDS):
        return (
            f"the id '{value[:40]}' belongs to the theme's or the module's own parts; "
            "choose another"
        )
    if name == "class":
        for token in value.split():
            if (token.startswith(("four-", "md-")) and token not in CONTENT_CLASSES
                    and not token.startswith(CONTENT_CLASS_PREFIXES)):
                return (
                    f"the class '{token[:40]}' belongs to the theme's or the module's own "
                    f"parts, some of which {_COVERS_EXIT}; use another"
                )
    return None


def exit_lookalike(tag: str, text: str) -> Finding | None:
    """A link or button named like the quick exit: it could lead anywhere."""
    if tag in ("a", "button") and "exit this page" in " ".join(text.split()).lower():
        return Finding(
            "a link or button named like the quick exit could lead anywhere; every page "
            "has the real one at the top, so name this one differently",
            ("exit this page",),
        )
    return None


class RawHtmlReader(HTMLParser):
    """Raw HTML from a page, read as browsers read it, collecting findings.

    Python's parser ends a comment at the first ``-->`` only; browsers also end it at
    ``<!-->``, ``<!--->`` and ``--!>``, so markup after those is read here too. CDATA
    sections, which browsers read one way outside SVG and another inside, are refused.
    ``sentinel`` names a start tag that stands for the module's own HTML: seen as a tag,
    it is in the page's flow; not seen, it landed inside a comment or an attribute.
    """

    def __init__(self, sentinel: str = "") -> None:
        super().__init__(convert_charrefs=False)
        self.findings: list[Finding] = []
        self.sentinels: list[str] = []
        self._sentinel = sentinel
        self._label: list[tuple[str, list[str]]] = []  # open <a>/<button> and their text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Check an element; note sentinels and links whose text to read."""
        if self._sentinel and tag == self._sentinel:
            self.sentinels.append(dict(attrs).get("data-n") or "")
            return
        written = self.get_starttag_text() or ""
        self.findings += element_findings(
            tag, [(name, value, "") for name, value in attrs], written.split("\n")[0]
        )
        if tag in ("a", "button"):
            self._label.append((tag, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closing tag (SVG, MathML): checked like any other."""
        self.handle_starttag(tag, attrs)
        if tag in ("a", "button") and self._label:
            self._label.pop()

    def handle_endtag(self, tag: str) -> None:
        """The end of a link or button: is it named like the exit?"""
        if tag in ("a", "button") and self._label:
            opened, text = self._label.pop()
            finding = exit_lookalike(opened, "".join(text))
            if finding is not None:
                self.findings.append(finding)

    def handle_data(self, data: str) -> None:
        """Text: part of a link's name, if inside one."""
        if self._label:
            self._label[-1][1].append(data)

    def handle_entityref(self, name: str) -> None:
        """A named character reference in text."""
        self.handle_data(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        """A numeric character reference in text."""
        self.handle_data(html.unescape(f"&#{name};"))

    def parse_comment(self, i: int, report: bool = True) -> int:
        """A comment, ended where a browser ends it.

        That is at the first ``-->`` or ``--!>``, or at once for ``<!-->`` and ``<!--->``.
        """
        rawdata = self.rawdata
        for abrupt in ("<!-->", "<!--->"):
            if rawdata.startswith(abrupt, i):
                return i + len(abrupt)
        ends = [(j, len(mark)) for mark in ("-->", "--!>") if (j := rawdata.find(mark, i + 4)) >= 0]
        if not ends:
            return -1
        position, length = min(ends)
        if report:
            self.handle_comment(rawdata[i + 4 : position])
        return position + length

    def parse_html_declaration(self, i: int) -> int:
        """``<!...>``: a CDATA section is refused; the rest is read as usual.

        A refused CDATA section is then read as browsers read it outside SVG: up to the
        first ``>``.
        """
        if self.rawdata.startswith("<![", i):
            self.findings.append(Finding(
                "a CDATA section ('<![') is read differently by browsers and by the build's "
                "check; remove it",
                ("<![",),
            ))
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1
        return super().parse_html_declaration(i)

    def unfinished(self) -> bool:
        """Whether the HTML fed so far ends inside a tag, a comment or a declaration.

        The parser keeps what it could not finish in ``rawdata``; a partial character
        reference at the very end ("AT&T") is text, not an open tag.
        """
        return self.rawdata.lstrip().startswith("<") or self.cdata_elem is not None


def raw_html_findings(text: str, sentinel: str = "") -> tuple[list[Finding], list[str], bool]:
    """Findings in a piece of raw HTML, the sentinels seen, and whether it ends unfinished."""
    reader = RawHtmlReader(sentinel)
    reader.feed(text)
    unfinished = reader.unfinished()
    return reader.findings, reader.sentinels, unfinished


def text_findings(value: str) -> list[Finding]:
    """Findings in configured or front matter text, read as the HTML it lands in."""
    if "<" not in value and "&" not in value:
        return []
    findings, _, _ = raw_html_findings(value)
    return findings


def text_problems(texts: dict[str, str], source: str) -> list[Problem]:
    """Problems in configured text (by the option's name), located at its `source` file.

    ``site_name`` is the module's name: markup there is refused outright (the theme writes
    it into the logo's label, the title and the certificate).
    """
    where = SourceLocation(source, None)
    found: list[Problem] = []
    name = texts.get("site_name", "")
    if "<" in name or ">" in name:
        found.append(Problem(where, (
            f"site_name '{name[:40]}' holds '<' or '>'; write the module's name as plain text"
        )))
    for key, value in texts.items():
        if key != "site_name":
            found += [Problem(where, f"{key}: {f.message}") for f in text_findings(value)]
    return found


def as_html_text(value: object) -> object:
    """`value` escaped for HTML (as Markup) if it is text that needs it, else as it is.

    The theme writes configured text and front matter into pages unescaped, in text and in
    attributes (a quote in ``site_name`` would add attributes to every page). Quotes are
    escaped, apostrophes left (the theme's attributes use double quotes).
    """
    if isinstance(value, str) and not isinstance(value, Markup) and re.search(r'[&<>"]', value):
        return Markup(
            value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;")
        )
    return value
