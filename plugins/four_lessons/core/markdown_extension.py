"""The Python-Markdown extension (``four_lessons.extension``): directives and checks.

FOUR Lessons' directives are expanded and every page's HTML checked inside the conversion.

Three processors, registered where pymdown-extensions register theirs:

- a preprocessor at 28 (after ``normalize_whitespace`` at 30, before fenced code at 25 and
  raw HTML at 20) expands the directives (directives.py) and stores each exercise's HTML
  with Python-Markdown's own ``htmlStash``, so nothing of ours travels through the page
  text and Markdown's rules decide where a directive is code;
- a treeprocessor, last, checks every element Markdown wrote (attr_list attributes
  included) and finds directives Markdown left as text (safety.py);
- a postprocessor at 35, before the stash is emptied into the page, reads the page's raw
  HTML as browsers read it, and checks that each exercise landed in the page's flow (not
  inside a comment or an attribute of the author's HTML).

It runs three ways:

- **In a site build.** The MkDocs plugin appends one configured instance to
  ``markdown_extensions`` in ``on_config`` (as mkdocs-autorefs does) and tells it which
  page is being converted; the plugin reports the problems, for every page at once.
- **On its own**, with ``FourLessonsExtension.standalone(module, ...)``: plain
  ``markdown.Markdown(extensions=[...])`` then places exercises, contacts, the institution
  and edition blocks, and raises ``ContentProblemsError`` listing every problem. Widgets and
  minutes need every page of a site, so they are problems there.
- **Named in mkdocs.yml and nothing else**, as a generator that runs Python-Markdown
  extensions but no MkDocs plugin (Zensical) loads it: it stops the build before it
  converts a page. Such a build would publish lessons with no quick exit, the worst failure
  a safeguarding module can have (the exit, progress and the module map need the plugin).
"""

from __future__ import annotations

import html
import itertools
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

from .contacts import ContactBook
from .diagnostics import Problem, ProblemsError, SourceLocation
from .directives import DirectiveExpander, ExpandedPage, Output, Placement
from .link_brackets import faster_links
from .module import Module
from .render import ExerciseRenderer
from .safety import (
    REFUSED_ELEMENTS,
    Finding,
    element_findings,
    exit_lookalike,
    raw_html_findings,
)
from .templating import DEFAULT, Templates

MESSAGE = (
    "FOUR Lessons: this site generator did not run the four-lessons plugin, so pages would "
    "have no quick exit, no exercises and no progress. Build the module with MkDocs or "
    "ProperDocs (four-lessons build, mkdocs build or properdocs build), not with a "
    "generator that ignores MkDocs plugins."
)
#: Where the module's own HTML stands while the author's raw HTML is read (see _RawCheck).
_SENTINEL = "four-slot"
# A directive Markdown left as text: in a list, a quote, a table, after a fence Markdown
# did not take for one.
_LEFT_AS_TEXT = re.compile(
    r"\[\[[\s/]*(four|contacts|progress|certificate|classroom|school|university|staff|"
    r"contact|institution|minutes|stories|final-check|accessibility-contact)\b",
    re.IGNORECASE,
)
_CODE_ELEMENTS = frozenset({"code", "pre", "kbd", "samp"})
#: "exit" in every mix of cases: a page holding none of them cannot name a link like the
#: quick exit, and looking for them is far cheaper than lower-casing the page (only "E",
#: "X", "I" and "T" lower-case to those letters).
_EXIT_CASES = tuple("".join(letters) for letters in itertools.product("eE", "xX", "iI", "tT"))


class PluginMissingError(RuntimeError):
    """Raised when a page is converted without the four-lessons plugin."""


class ContentProblemsError(ProblemsError):
    """Raised by a standalone conversion that found problems; lists every one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("lesson pages", problems)


@dataclass
class PageSession:
    """One page's conversion: what the extension needs, and what it found.

    Attributes:
        expander: the build's directives (edition, site, scenarios, contacts).
        renderer: turns a placed scenario into HTML.
        path: the page as messages name it (``docs/lessons/x.md``).
        source: the page as written, to find the line of a problem in.
        first_line: the file's line number of the source's first line (after front matter).
        directive_problems: whether the directive problems found while converting count;
            a site build reads the page as written first, where line numbers are right
            even after other plugins rewrite it, and reports those instead.
        site: whether site-wide directives (widgets, minutes) can be filled.
    """

    expander: DirectiveExpander
    renderer: ExerciseRenderer
    path: str = "page"
    source: str | None = None
    first_line: int = 1
    directive_problems: bool = True
    site: bool = True
    placements: list[Placement] = field(default_factory=list)
    widgets: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Directives found as text in the converted page: reported only on lines with no
    #: other problem (the page's own reading usually says why, and says it better).
    left_as_text: list[Problem] = field(default_factory=list)
    _lines: list[str] | None = None

    def record(self, page: ExpandedPage) -> None:
        """What the preprocessor placed and found."""
        self.placements += page.placements
        self.widgets += [name for name, _ in page.widgets]
        if self.directive_problems:
            self.problems += page.problems
        if not self.site:
            for name, where in page.widgets:
                self.problems.append(Problem(where, (
                    f"'[[{name}]]' needs every page of the site, which only a site build with "
                    "the four-lessons plugin has"
                )))
            for target, where in page.minutes:
                self.problems.append(Problem(where, (
                    f"'[[minutes{' ' + target if target else ''}]]' needs every page of the "
                    "site, which only a site build with the four-lessons plugin has"
                )))

    def found(self, finding: Finding) -> None:
        """A problem the checks found, located in the source by its needles."""
        problem = Problem(self.locate(finding.needles), finding.message)
        (self.left_as_text if finding.secondary else self.problems).append(problem)

    def all_problems(self, others: Sequence[Problem] = ()) -> list[Problem]:
        """Every problem once, in page order.

        A directive left as text counts only where nothing else (here or in `others`,
        the page's own reading) is reported on its line.
        """
        taken = {p.location for p in [*self.problems, *others]}
        extra = [p for p in self.left_as_text if p.location not in taken]
        return sorted(dict.fromkeys([*self.problems, *extra]), key=lambda p: p.sort_key)

    def locate(self, needles: Sequence[str]) -> SourceLocation:
        """The first line of the source holding one of `needles` (tried in order)."""
        if self._lines is None:
            self._lines = (self.source or "").lower().split("\n")
        for needle in needles:
            wanted = needle.lower().split("\n")[0].strip()
            if not wanted:
                continue
            for index, line in enumerate(self._lines):
                if wanted in line:
                    return SourceLocation(self.path, self.first_line + index)
        return SourceLocation(self.path, None)


class Pages(Protocol):
    """Where the extension gets each conversion's session (the plugin's build state)."""

    def begin(self, lines: list[str]) -> PageSession | None:
        """The session of the conversion starting with these lines (None: not ours)."""


class _Standalone:
    """Sessions for plain Python-Markdown: a new one for each conversion."""

    def __init__(self, make: Callable[[], PageSession]) -> None:
        self._make = make

    def begin(self, lines: list[str]) -> PageSession:
        session = self._make()
        if session.source is None:
            session.source = "\n".join(lines)
        return session


@dataclass
class _Conversion:
    """One Markdown instance's current conversion, shared by its processors."""

    session: PageSession | None = None
    ours: dict[int, str] = field(default_factory=dict)  # our stash entries, by index
    #: Whether the element tree is finished: the toc extension runs every postprocessor on
    #: its own HTML mid-conversion, and ours act on the document's pass only.
    tree_done: bool = False


class _StashOutput(Output):
    """Writes expansions into the Markdown as Python-Markdown stash placeholders."""

    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        self.md = md
        self.conversion = conversion
        self.exercises: list[tuple[int, Placement]] = []

    def _store(self, html_text: str, kind: str) -> str:
        placeholder = self.md.htmlStash.store(html_text)
        self.conversion.ours[self.md.htmlStash.html_counter - 1] = kind
        return placeholder

    def exercise(self, placement: Placement) -> str:
        """A slot for the exercise, filled once the page's exercises are rendered."""
        placeholder = self._store("", "exercise")
        self.exercises.append((self.md.htmlStash.html_counter - 1, placement))
        return placeholder

    def widget(self, name: str) -> str:
        """The widget's injection point, which the site build fills (see core/build.py)."""
        return self._store(widget_anchor(name), "widget")

    def minutes(self, target: str) -> str:
        """The minutes' injection point, which the site build fills."""
        return self._store(minutes_anchor(target), "minutes")

    def render(self, renderer: ExerciseRenderer) -> None:
        """Each exercise's HTML into its slot (the page's scenarios converted in one batch)."""
        if not self.exercises:
            return
        renderer.prepare([placement.scenario for _, placement in self.exercises])
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, placement in self.exercises:
            blocks[index] = renderer.render(placement.scenario, placement.dom_id, placement.level)
        renderer.clear()


def widget_anchor(name: str) -> str:
    """Where a widget goes in a converted page, until the site build fills it."""
    return f'<div data-four-widget="{html.escape(name)}"></div>'


def minutes_anchor(target: str) -> str:
    """Where a ``[[minutes ...]]`` number goes in a converted page, until it is filled."""
    return f'<span data-four-minutes="{html.escape(target)}"></span>'


class _Directives(Preprocessor):
    def __init__(self, md: Markdown, pages: Pages | None, conversion: _Conversion) -> None:
        super().__init__(md)
        self.pages = pages
        self.conversion = conversion

    def run(self, lines: list[str]) -> list[str]:
        if self.pages is None:
            raise PluginMissingError(MESSAGE)
        self.conversion.ours.clear()
        self.conversion.tree_done = False
        session = self.conversion.session = self.pages.begin(lines)
        if session is None or (not session.directive_problems and not any(
            "[[" in line for line in lines
        )):
            return lines
        output = _StashOutput(self.md, self.conversion)
        page = session.expander.expand(
            "\n".join(lines), session.path, output, first_line=session.first_line
        )
        session.record(page)
        if page.too_big:  # a line Markdown would take minutes over, or a RecursionError
            return [""]
        output.render(session.renderer)
        return page.markdown.split("\n")


class _TreeCheck(Treeprocessor):
    """Every element Markdown wrote, checked; directives left as text, found."""

    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, root: etree.Element) -> None:
        session = self.conversion.session
        self.conversion.tree_done = True
        if session is not None:
            for finding in tree_findings(root):
                session.found(finding)


def tree_findings(root: etree.Element) -> list[Finding]:
    """What is wrong in an element tree: elements, attributes, directives left as text."""
    found: list[Finding] = []
    stack: list[tuple[etree.Element, bool]] = [(root, False)]
    while stack:  # no recursion: a deep tree must not reach Python's limit here
        element, in_code = stack.pop()
        tag = element.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction
        if element.attrib or tag in REFUSED_ELEMENTS:
            found += element_findings(tag, [
                (name, html.unescape(written), written)
                for name, value in element.attrib.items()
                for written in (str(value).replace(AMP_SUBSTITUTE, "&"),)
            ])
        if tag in ("a", "button"):
            lookalike = exit_lookalike(tag, "".join(element.itertext()))
            if lookalike is not None:
                found.append(lookalike)
        inside = in_code or tag in _CODE_ELEMENTS
        if not inside and element.text and "[[" in element.text:
            found += _left_as_text(element.text)
        for child in element:
            if not inside and child.tail and "[[" in child.tail:
                found += _left_as_text(child.tail)
            stack.append((child, inside))
    return found


def _left_as_text(text: str) -> list[Finding]:
    """Directives in text that Markdown did not treat as directives: learners see them."""
    return [
        Finding(
            f"'[[{match.group(1).lower()} ...]]' is shown as text, not used: a whole-line "
            "directive must stand on a line of its own (not in a list, quote or table), and "
            "nothing may hide it (an unclosed code block or comment above it)",
            (match.group(0), f"[[{match.group(1)}"),
            secondary=True,
        )
        for match in _LEFT_AS_TEXT.finditer(text)
    ]


class _RawCheck(Postprocessor):
    """The author's raw HTML, read as browsers read it, before the stash goes back in."""

    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, text: str) -> str:
        session = self.conversion.session
        if session is None or not self.conversion.tree_done:
            return text
        ours = self.conversion.ours
        stash = self.md.htmlStash
        for index in range(stash.html_counter):
            if index in ours:
                continue
            entry: Any = stash.rawHtmlBlocks[index]
            if isinstance(entry, etree.Element):  # md_in_html's, serialized as written
                for finding in tree_findings(entry):
                    session.found(finding)
                continue
            if not isinstance(entry, str) or "<" not in entry or _plain_comment(entry):
                continue
            self._check(str(entry), session)
        return text

    def _check(self, entry: str, session: PageSession) -> None:
        ours = self.conversion.ours
        placed: list[str] = []

        def view(match: re.Match[str]) -> str:
            number = int(match.group(1))
            if number in ours:
                placed.append(match.group(1))
                return f'<{_SENTINEL} data-n="{number}"></{_SENTINEL}>'
            return ""  # another raw block: read on its own

        findings, seen, unfinished = raw_html_findings(
            HTML_PLACEHOLDER_RE.sub(view, entry), _SENTINEL
        )
        for finding in findings:
            session.found(finding)
        first_tag = entry.lstrip().split("\n")[0][:60]
        for number in placed:
            if number not in seen:
                session.found(Finding(
                    f"the {ours[int(number)]} placed here lands inside an HTML comment or an "
                    "attribute of the HTML around it, where no learner sees it; close the "
                    "comment or tag first",
                    (first_tag,),
                ))
        if unfinished:
            session.found(Finding(
                "this HTML is never finished (an open tag, attribute or comment), so it "
                "swallows what follows it; close it",
                (first_tag,),
            ))


class _NamedLikeTheExit(Postprocessor):
    """A link or button named like the quick exit, found in the finished page.

    Raw HTML writes a link's tags as separate pieces, so only the whole page shows its name.
    """

    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, text: str) -> str:
        session = self.conversion.session
        if (
            session is not None
            and self.conversion.tree_done
            and any(written in text for written in _EXIT_CASES)
            and "exit this page" in " ".join(text.lower().split())
        ):
            findings, _, _ = raw_html_findings(text)
            for finding in findings:
                if finding.needles == ("exit this page",):
                    session.found(finding)
        return text


def _plain_comment(entry: str) -> bool:
    """Whether a raw entry is one ordinary comment (browsers and we read it alike)."""
    return (
        entry.startswith("<!--")
        and not entry.startswith(("<!-->", "<!--->"))
        and entry.find("-->", 4) == len(entry) - 3
        and "--!>" not in entry
    )


class _Report(Postprocessor):
    """A standalone conversion's problems, raised once it is done."""

    def __init__(self, md: Markdown, conversion: _Conversion) -> None:
        super().__init__(md)
        self.conversion = conversion

    def run(self, text: str) -> str:
        session = self.conversion.session
        if session is not None and self.conversion.tree_done:
            problems = session.all_problems()
            session.problems.clear()
            session.left_as_text.clear()
            if problems:
                raise ContentProblemsError(problems)
        return text


def scenario_text_converter(
    extensions: Sequence[str | Extension],
    extension_configs: dict[str, dict[str, Any]] | None = None,
) -> Callable[[str], str]:
    """Scenario fields to HTML, with the site's own Markdown extensions.

    Like lesson text, but not through our extension (they are not pages), and finding link
    brackets faster. One factory for the build and for plain Python-Markdown, so the two
    cannot drift apart.
    """
    converter = faster_links(
        Markdown(extensions=list(extensions), extension_configs=extension_configs or {})
    )

    def to_html(text: str) -> str:
        return str(converter.reset().convert(text))

    return to_html


class FourLessonsExtension(Extension):
    """``four_lessons.extension``: FOUR Lessons' directives and content checks.

    Args:
        pages: where each conversion's session comes from (the plugin's build state);
            None, as when loaded by name alone, stops any conversion (see the module's
            notes).
        raise_problems: raise ContentProblemsError after a conversion that found problems
            (standalone use) instead of leaving them in the session for the caller.
    """

    def __init__(self, pages: Pages | None = None, *, raise_problems: bool = False) -> None:
        self.pages = pages
        self.raise_problems = raise_problems
        super().__init__()

    @classmethod
    def standalone(
        cls,
        module: Module,
        edition: str = "school",
        *,
        institution: str = "your school, college or university",
        staff_site: bool = False,
        extensions: Sequence[str | Extension] = (),
        templates: Templates = DEFAULT,
        path: str = "page",
    ) -> FourLessonsExtension:
        """The extension for plain Python-Markdown, with a module loaded by load_module.

        Scenario text is converted with `extensions` (the site's other Markdown
        extensions), like lesson text.
        """
        to_html = scenario_text_converter(extensions)
        expander = DirectiveExpander(
            module.scenarios,
            ContactBook(
                module.contacts, edition, module.contacts_checked, templates.catalogue
            ),
            edition,
            institution,
            staff_site=staff_site,
        )
        renderer = ExerciseRenderer(
            to_html, prepare_markdown=expander.expand_inline, rule=module.rule,
            templates=templates,
        )

        def session() -> PageSession:
            return PageSession(expander, renderer, path=path, site=False)

        return cls(_Standalone(session), raise_problems=True)

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the processors (see the module's notes for where and why)."""
        md.registerExtension(self)
        conversion = _Conversion()
        md.preprocessors.register(_Directives(md, self.pages, conversion), "four_lessons", 28)
        if self.pages is None:
            return
        md.treeprocessors.register(_TreeCheck(md, conversion), "four_lessons_check", -100)
        md.postprocessors.register(_RawCheck(md, conversion), "four_lessons_raw_check", 35)
        md.postprocessors.register(
            _NamedLikeTheExit(md, conversion), "four_lessons_exit_names", 1
        )
        if self.raise_problems:
            md.postprocessors.register(_Report(md, conversion), "four_lessons_report", -1000)


def makeExtension(**kwargs: Any) -> FourLessonsExtension:
    """What Python-Markdown calls to load the extension by its module name.

    Loaded by name alone, with no site build around it, it stops the build (see above).
    """
    return FourLessonsExtension(**kwargs)
