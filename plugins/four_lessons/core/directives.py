"""The lesson-author's directives in Markdown: read, checked and expanded, line by line.

Whole-line directives (each alone on its line, indented by at most three spaces):
    ``[[four ID]]``, ``[[four tag:TAG]]``  place FOUR exercises
    ``[[school]]`` ... ``[[/school]]``      keep lines in one edition only (also university)
    ``[[staff]]`` ... ``[[/staff]]``        keep lines in the staff site only
    ``[[contacts]]``, ``[[contacts GROUP...]]`` the help contacts (all, or some groups)
    ``[[progress]]``, ``[[certificate]]``   the learner's progress page and certificate
    ``[[classroom]]``                       every scenario as projector slides
    ``[[final-check]]``                     marks the module's final check (see checks.py)
Inline directives (anywhere in a line):
    ``[[contact ID]]``                      a contact's name and phone number
    ``[[institution]]``                     the institution's configured name
    ``[[accessibility-contact]]``           who to tell about an accessibility problem
    ``[[minutes PAGE.md]]``, ``[[minutes]]`` a lesson's time, the whole course's
    ``[[stories]]``                         how many stories the page shows ("four stories";
                                            ``[[Stories]]`` starts a sentence)

Markdown's own rules decide where a directive is text: in a fenced or indented code block,
in an inline code span or in an HTML comment it is left as written (a page can show the
syntax). Anywhere else a whole-line directive is placed, raw HTML blocks included.

One ``DirectiveExpander`` serves two passes: the plugin's check of the page as written
(right line numbers, before other plugins rewrite it) and the Markdown extension's
preprocessor, which writes the expansion through an ``Output`` (Python-Markdown's
``htmlStash`` there; nothing in the validating pass). Every step is linear in the length of
a line: a page of one very long line costs what its length costs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import checks
from .checks import NamedContact
from .contacts import GROUPS, ContactBook, ReportContact, escape_text, single_line
from .diagnostics import Problem, SourceLocation, did_you_mean
from .rules import JudgementRule
from .scenarios import AUDIENCES, Scenario, ScenarioSet

#: Blocks that keep their lines in some builds only: an edition's, or the staff site's.
BLOCKS = (*AUDIENCES, "staff")
#: Whole-line directives filled in once every page has been read.
WIDGETS = ("progress", "certificate", "classroom")
#: Marks the page holding the module's final check, whose stories must cover the rule.
FINAL_CHECK = "final-check"
#: Every whole-line directive's name, for "did you mean".
WHOLE_LINE = ("four", "contacts", FINAL_CHECK, *WIDGETS, *BLOCKS)
INLINE = ("contact", "institution", "minutes", "stories", "accessibility-contact")
#: Where the page's count of stories goes until the page is read (normalize_whitespace
#: takes these characters out of every page, so no page can hold them).
_STORIES = ("\x02four:stories\x03", "\x02four:Stories\x03")
#: How deep lists and quotes may nest: Python-Markdown recurses once per level and stops
#: with a RecursionError (a traceback) somewhere past 200; no lesson needs more than a few.
MAX_NESTING = 50
#: The longest line a page may hold. Python-Markdown's inline patterns rebuild a line at
#: each match, so a line of a megabyte with many matches takes minutes; a long paragraph
#: is a few thousand characters.
MAX_LINE = 20_000

_FENCE = re.compile(r"\s*(`{3,}|~{3,})")
_NAME = re.compile(r"[a-z][a-z0-9-]*")
# What opens a container whose indented lines are its content, not code: a list item, an
# admonition or details block (!!!, ???), a content tab (===), a definition, a footnote.
_CONTAINER = re.compile(
    r" {0,3}(?:(?:[*+-]|\d{1,9}[.)])(?:\s|$)|(?:!!!|\?\?\?\+?|===)(?:\s|$)|:\s|\[\^[^\]]+\]:)"
)
# Inline directives; no argument holds "[", which keeps the search linear.
_INLINE = re.compile(
    r"\[\[\s*(accessibility-contact|contact|institution|minutes|[Ss]tories)\b([^\[\]]*)\]\]"
)
# A whole-line directive written where it cannot work: with text around it, in a list,
# quote or table, or in capitals. Learners would see the brackets.
_STRAY = re.compile(
    r"\[\[[\s/]*(four|contacts|progress|certificate|classroom|school|university|staff|"
    r"final-check)\b",
    re.IGNORECASE,
)


@dataclass
class Placement:
    """One exercise placed on a page."""

    scenario: Scenario
    dom_id: str
    level: int
    where: SourceLocation


@dataclass
class ExpandedPage:
    """A page's Markdown after directives, with what it places and any problems."""

    markdown: str
    placements: list[Placement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The widgets the page holds ("progress", "certificate", "classroom"), and where.
    widgets: list[tuple[str, SourceLocation]] = field(default_factory=list)
    #: Each ``[[minutes ...]]``: the lesson it names ('' for the whole course), and where.
    minutes: list[tuple[str, SourceLocation]] = field(default_factory=list)
    #: A line too long or nested too deep for Markdown to convert in reasonable time.
    too_big: bool = False
    #: What the page says that disagrees with what it shows (see checks.py): warnings, so
    #: a strict build stops on them.
    warnings: list[Problem] = field(default_factory=list)
    #: Every contact the page names, in reading order, and the lines of its headings.
    named: list[NamedContact] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    #: Where the page says ``[[final-check]]``, if it does.
    final_check: SourceLocation | None = None
    #: Where the page says ``[[stories]]``.
    story_counts: list[SourceLocation] = field(default_factory=list)


class Output:
    """How expansions are written into the Markdown; this one writes nothing.

    The validating pass only wants problems and placements; the Markdown extension
    subclasses it to stash HTML (extension.py).
    """

    def exercise(self, placement: Placement) -> str:
        """The Markdown line that stands for an exercise."""
        return ""

    def widget(self, name: str) -> str:
        """The Markdown line that stands for a widget (filled once every page is read)."""
        return ""

    def minutes(self, target: str) -> str:
        """The Markdown text that stands for ``[[minutes target]]``."""
        return ""


@dataclass
class _State:
    """Where the reading of a page is, between lines."""

    fence: str | None = None
    fence_line: int = 0
    comment_line: int = 0  # the line of an HTML comment still open, or 0
    block: tuple[str, int] | None = None  # an open edition or staff block, and its line
    heading_level: int = 1
    previous_blank: bool = True
    in_container: bool = False
    indented_code: bool = False
    too_deep: bool = False
    used_dom_ids: set[str] = field(default_factory=set)
    placed_ids: set[str] = field(default_factory=set)


class DirectiveExpander:
    """Reads and expands directives for one build of one edition (and site)."""

    def __init__(
        self,
        scenarios: ScenarioSet,
        contacts: ContactBook,
        edition: str,
        institution: str,
        staff_site: bool = False,
        rule: JudgementRule | None = None,
        accessibility_contact: ReportContact | None = None,
    ) -> None:
        self.scenarios = scenarios
        self.accessibility_contact = accessibility_contact
        self.contacts = contacts
        self.edition = edition
        self.staff_site = staff_site
        self.institution = single_line(institution)
        #: The module's rule, for checking the final check covers it (None: not checked).
        self.rule = rule
        self._known_tags = sorted({tag for s in scenarios.scenarios for tag in s.tags})

    # -- inline directives -------------------------------------------------------------------

    def expand_inline(
        self,
        text: str,
        where: SourceLocation | None = None,
        problems: list[Problem] | None = None,
        output: Output | None = None,
        page: ExpandedPage | None = None,
    ) -> str:
        """`text` with ``[[contact ID]]``, ``[[institution]]`` and ``[[minutes ...]]`` expanded.

        Code spans and HTML comments are left as written. Contacts and the institution
        become escaped Markdown text; minutes become what `output` writes for them. On a
        page (`page` given), contacts named are noted for the page's checks, and
        ``[[stories]]`` becomes the page's count of stories; elsewhere (a scenario's text)
        it is left as written.
        """
        if "[[" not in text:
            return text
        out = []
        for kind, segment in _segments(text):
            if kind != "text" or "[[" not in segment:
                out.append(segment)
                continue
            out.append(
                _INLINE.sub(
                    lambda match: self._inline(match, where, problems, output, page), segment
                )
            )
        return "".join(out)

    def _inline(
        self,
        match: re.Match[str],
        where: SourceLocation | None,
        problems: list[Problem] | None,
        output: Output | None,
        page: ExpandedPage | None,
    ) -> str:
        kind, argument = match.group(1), match.group(2).strip()
        if kind == "institution":
            return escape_text(self.institution)
        if kind == "accessibility-contact":
            return self._accessibility_contact(argument, where, problems)
        if kind == "minutes":
            if page is not None and where is not None:
                page.minutes.append((argument, where))
            return output.minutes(argument) if output is not None else ""
        if kind.lower() == "stories":
            if page is None or where is None or argument:
                return match.group(0)
            page.story_counts.append(where)
            return _STORIES[kind[0] == "S"]
        contact = self.contacts.get(argument)
        if contact is None:
            if problems is not None and where is not None:
                problems.append(Problem(where, self._unknown_contact(argument)))
            return escape_text(argument)
        if page is not None and where is not None and where.line is not None:
            page.named.append(NamedContact(contact, where.line))
        return self.contacts.inline(contact)

    def _accessibility_contact(
        self, argument: str, where: SourceLocation | None, problems: list[Problem] | None
    ) -> str:
        """The configured accessibility contact as a phrase, or a problem saying what to set."""
        message = None
        if argument:
            message = "'[[accessibility-contact]]' takes nothing after it"
        elif self.accessibility_contact is None:
            message = (
                "'[[accessibility-contact]]' names no one: set 'accessibility_contact' in the "
                "four-lessons block of mkdocs.yml (a name, and an email, phone or url)"
            )
        if message is None and self.accessibility_contact is not None:
            return self.accessibility_contact.phrase(self.contacts.words)
        if problems is not None and where is not None and message is not None:
            problems.append(Problem(where, message))
        return ""

    def _unknown_contact(self, contact_id: str) -> str:
        if contact_id in self.contacts.known_ids():
            return (
                f"contact '{contact_id}' is not configured for the {self.edition} edition; "
                f"put this line in an edition block or add the contact for {self.edition}"
            )
        hint = did_you_mean(contact_id, self.contacts.known_ids())
        return (
            f"'{contact_id[:60]}' is not a configured contact"
            f"{hint or '; add it under contacts in mkdocs.yml'}"
        )

    # -- pages ----------------------------------------------------------------------------

    def expand(
        self, markdown: str, page_path: str, output: Output | None = None, first_line: int = 1
    ) -> ExpandedPage:
        """Read every directive in a page's Markdown; expand them through `output`.

        Args:
            markdown: the page's Markdown (without front matter).
            page_path: the page as messages name it (``docs/lessons/x.md``).
            output: where expansions are written (None: only check).
            first_line: the file's line number of the Markdown's first line (after front
                matter), so messages name the line the author sees.
        """
        output = output if output is not None else Output()
        page = ExpandedPage(markdown="")
        out: list[str] = []
        state = _State()
        for number, line in enumerate(markdown.split("\n"), start=first_line):
            where = SourceLocation(page_path, number)
            kept = self._line(line, where, state, page, output)
            if kept is not None:
                out.append(kept)
        self._unclosed(state, page_path, page.problems)
        page.markdown = "\n".join(out)
        self._check(page, page_path)
        return page

    def _check(self, page: ExpandedPage, page_path: str) -> None:
        """Fill in the page's story count and note what it says against what it shows."""
        shown = list({p.scenario.id: p.scenario for p in page.placements}.values())
        if page.story_counts:
            catalogue = self.contacts.words
            words = escape_text(catalogue.t("lesson.stories", count=len(shown)))
            page.markdown = page.markdown.replace(
                _STORIES[1], catalogue.in_words(words[0].upper() + words[1:])
            ).replace(_STORIES[0], catalogue.in_words(words))
            page.warnings += checks.empty_count_problems(
                page.story_counts, len(shown), self.edition
            )
        page.warnings += checks.first_door_problems(
            page_path, page.named, page.headings, self.edition, self.contacts
        )
        if page.final_check is not None:
            page.warnings += checks.final_check_problems(
                page.final_check, shown, self.edition, self.rule
            )

    def _line(
        self, line: str, where: SourceLocation, state: _State, page: ExpandedPage, output: Output
    ) -> str | None:
        """One line's expansion ("" when dropped), updating `state` and `page`."""
        if len(line) > MAX_LINE:
            page.too_big = True
            page.problems.append(Problem(where, (
                f"this line is {len(line):,} characters long, more than the {MAX_LINE:,} a "
                "page's line may be; break it into paragraphs"
            )))
            return ""
        kept = self._in_build(state)
        if state.fence is not None:
            fence = _FENCE.match(line)
            if fence and fence.group(1)[0] == state.fence[0] and (
                len(fence.group(1)) >= len(state.fence)
            ):
                state.fence = None
            return line if kept else ""
        if state.comment_line:
            end = line.find("-->")
            if end < 0:
                return line if kept else ""
            state.comment_line = 0
            # What follows the comment on its closing line is read as usual.
            rest = self._text(line[end + 3 :], where, state, page, output)
            return line[: end + 3] + rest if kept else ""
        if "[[" not in line and "`" not in line and "~~~" not in line and "<!--" not in line:
            # Most lines: no directive, fence or comment (a quick test: every line of every
            # page passes here).
            self._track(line, state, page, where)
            return line if kept else ""
        if self._track(line, state, page, where):  # indented code: shown as written
            return line if kept else ""
        fence = _FENCE.match(line)
        if fence:
            state.fence, state.fence_line = fence.group(1), where.line or 0
            return line if kept else ""
        directive = _whole_line(line)
        if directive is not None and directive[1] in BLOCKS:
            self._block(directive, where, state, page)
            state.previous_blank = True
            return ""
        if not kept:
            return ""
        if directive is not None:
            state.previous_blank = True
            return self._whole(directive, line, where, state, page, output)
        return self._text(line, where, state, page, output)

    def _text(
        self, text: str, where: SourceLocation, state: _State, page: ExpandedPage, output: Output
    ) -> str:
        """A line (or what follows a comment on it) holding no whole-line directive."""
        if "[[" not in text and "<!--" not in text:
            return text
        segments = list(_segments(text))
        if segments and segments[-1][0] == "open-comment":
            state.comment_line = where.line or 0
        if "[[" in text and self._stray(text, where, page, segments):
            return text
        return self.expand_inline(text, where, page.problems, output, page)

    def _track(self, line: str, state: _State, page: ExpandedPage, where: SourceLocation) -> bool:
        """Follow headings, containers, indented code and nesting; whether `line` is code.

        Markdown reads a line indented by four spaces as code when it follows a blank line
        outside a container (or more code), and as the text of a list item, an admonition,
        a paragraph... otherwise; inside a container, code is indented by eight.
        """
        if not line.strip():
            state.previous_blank = True
            return state.indented_code
        indent = len(line) - len(line.lstrip(" "))
        after_blank = state.previous_blank
        code = indent >= 4 and (
            state.indented_code or (after_blank and (not state.in_container or indent >= 8))
        )
        state.indented_code = code
        state.previous_blank = False
        if code:
            return True
        if line.startswith("#"):
            hashes = len(line) - len(line.lstrip("#"))
            if hashes <= 6 and line[hashes : hashes + 1] in (" ", "\t", ""):
                state.heading_level = hashes
                if where.line is not None:
                    page.headings.append(where.line)
        if _CONTAINER.match(line):
            state.in_container = True
        elif indent < 4 and after_blank:
            state.in_container = False
        if not state.too_deep and (
            indent >= 4 * MAX_NESTING or _quote_depth(line) > MAX_NESTING
        ):
            state.too_deep = page.too_big = True
            page.problems.append(Problem(where, (
                f"this line is nested more than {MAX_NESTING} levels deep (lists or quotes); "
                "no reader can follow that, and Markdown cannot convert it: flatten it"
            )))
        return False

    def _in_build(self, state: _State) -> bool:
        return state.block is None or self._keeps(state.block[0])

    def _keeps(self, block: str) -> bool:
        """Whether this build keeps the lines of a ``[[block]]`` (an edition, or staff)."""
        return self.staff_site if block == "staff" else block == self.edition

    def _block(
        self,
        directive: tuple[bool, str, str],
        where: SourceLocation,
        state: _State,
        page: ExpandedPage,
    ) -> None:
        """An edition or staff block opening or closing."""
        closing, name, argument = directive
        if argument:
            page.problems.append(Problem(where, f"'[[{name}]]' takes nothing after it"))
        elif not closing and state.block is not None:
            page.problems.append(Problem(where, (
                f"'[[{name}]]' opens inside the '[[{state.block[0]}]]' block from line "
                f"{state.block[1]}; close that one first with '[[/{state.block[0]}]]'"
            )))
        elif not closing:
            state.block = (name, where.line or 0)
        elif state.block is None or state.block[0] != name:
            page.problems.append(Problem(where, (
                f"'[[/{name}]]' closes a block that was never opened; add '[[{name}]]' "
                "before it or remove this line"
            )))
        else:
            state.block = None

    def _whole(
        self,
        directive: tuple[bool, str, str],
        line: str,
        where: SourceLocation,
        state: _State,
        page: ExpandedPage,
        output: Output,
    ) -> str:
        """A whole-line directive other than a block: its expansion."""
        closing, name, argument = directive
        # Inside a container the exercise keeps its indentation (it belongs to the list item
        # or admonition); elsewhere an indented line after a blank one would become code.
        indent = line[: len(line) - len(line.lstrip())] if state.in_container else ""
        if name == "four" and not closing:
            lines = []
            for scenario in self._resolve(argument, where, page.problems):
                if argument.startswith("tag:") and scenario.id in state.placed_ids:
                    continue  # a tag list skips what this page already shows
                state.placed_ids.add(scenario.id)
                dom_id = _unique(f"four-{scenario.id}", state.used_dom_ids)
                placement = Placement(scenario, dom_id, state.heading_level + 1, where)
                page.placements.append(placement)
                lines += ["", f"{indent}{output.exercise(placement)}", ""]
            return "\n".join(lines)
        if name == "contacts" and not closing:
            groups = tuple(argument.split()) or GROUPS
            unknown = [g for g in groups if g not in GROUPS]
            if unknown:
                hint = did_you_mean(unknown[0], GROUPS) or f"; use {', '.join(GROUPS)}"
                page.problems.append(
                    Problem(where, f"'{unknown[0][:40]}' is not a contact group{hint}")
                )
                return ""
            if where.line is not None:
                page.named += [
                    NamedContact(contact, where.line)
                    for contact in self.contacts.in_groups(groups)
                ]
            return "\n" + self.contacts.block(self.institution, groups) + "\n"
        if name == FINAL_CHECK:
            if closing or argument:
                page.problems.append(Problem(where, f"'[[{name}]]' takes nothing after it"))
            else:
                page.final_check = where
            return ""
        if name in WIDGETS:
            if closing or argument:
                page.problems.append(Problem(where, f"'[[{name}]]' takes nothing after it"))
                return ""
            page.widgets.append((name, where))
            return f"\n{output.widget(name)}\n"
        if name in INLINE and not closing:
            return self.expand_inline(line, where, page.problems, output, page)
        if closing and name in WHOLE_LINE:
            page.problems.append(Problem(where, (
                f"'[[/{name}]]' closes nothing: only [[school]], [[university]] and [[staff]] "
                "blocks are closed; remove this line"
            )))
            return ""
        hint = did_you_mean(name, WHOLE_LINE)
        page.problems.append(Problem(where, (
            f"'[[{'/' if closing else ''}{name}]]' is not a known directive"
            f"{hint or '; see the authoring guide'}"
        )))
        return ""

    @staticmethod
    def _stray(
        line: str,
        where: SourceLocation,
        page: ExpandedPage,
        segments: list[tuple[str, str]] | None = None,
    ) -> bool:
        """Report a whole-line directive written where it cannot work; whether it was one."""
        parts = segments if segments is not None else list(_segments(line))
        text = "".join(segment for kind, segment in parts if kind == "text")
        stray = _STRAY.search(text)
        if stray is None:
            return False
        word = stray.group(1).lower()
        page.problems.append(Problem(where, (
            f"'[[{word} ...]]' must stand on a line of its own, in lower case, with nothing "
            "before or after it (not in a list, quote or table)"
        )))
        return True

    @staticmethod
    def _unclosed(state: _State, page_path: str, problems: list[Problem]) -> None:
        """Problems for a fence, comment or block still open at the end of the page."""
        if state.fence is not None and state.fence_line:
            problems.append(Problem(SourceLocation(page_path, state.fence_line), (
                f"this code block ('{state.fence}') is never closed, so the rest of the page "
                f"is not read for directives; add a '{state.fence}' line where it ends"
            )))
        if state.comment_line:
            problems.append(Problem(SourceLocation(page_path, state.comment_line), (
                "this HTML comment ('<!--') is never closed, so it hides the rest of the "
                "page; add '-->' where it ends"
            )))
        if state.block is not None:
            name, line = state.block
            problems.append(Problem(SourceLocation(page_path, line), (
                f"'[[{name}]]' is never closed; add '[[/{name}]]' after the last line of "
                "the block"
            )))

    def _resolve(
        self, argument: str, where: SourceLocation, problems: list[Problem]
    ) -> tuple[Scenario, ...]:
        """The scenarios a ``[[four ...]]`` line asks for, in this edition."""
        if not argument:
            problems.append(Problem(
                where, "'[[four]]' needs a scenario id, like '[[four gaming-chat]]', or 'tag:NAME'"
            ))
            return ()
        if argument.startswith("tag:"):
            tag = argument[4:].strip()
            tagged = self.scenarios.with_tag(tag)
            if not tagged:
                hint = did_you_mean(tag, self._known_tags)
                problems.append(Problem(where, (
                    f"no scenario has the tag '{tag[:60]}'"
                    f"{hint or '; check the tags in quizzes/'}"
                )))
            return tuple(s for s in tagged if s.shown_in(self.edition))
        scenario = self.scenarios.get(argument)
        if scenario is None:
            hint = did_you_mean(argument, [s.id for s in self.scenarios.scenarios])
            problems.append(Problem(where, (
                f"no scenario has the id '{argument[:60]}'"
                f"{hint or '; check the ids in quizzes/'}"
            )))
            return ()
        return (scenario,) if scenario.shown_in(self.edition) else ()


def _whole_line(line: str) -> tuple[bool, str, str] | None:
    """A whole-line directive's (closing, name, argument), or None if the line is not one.

    Plain string work, not a pattern: a directive line is short, and a long line that only
    looks like one must cost no more than its length.
    """
    text = line.strip()
    if not (text.startswith("[[") and text.endswith("]]")):
        return None
    inner = text[2:-2]
    if "[" in inner or "]" in inner:
        return None
    inner = inner.strip()
    closing = inner.startswith("/")
    if closing:
        inner = inner[1:].lstrip()
    name, _, argument = inner.partition(" ")
    if not _NAME.fullmatch(name):
        return None
    return closing, name, argument.strip()


def _quote_depth(line: str) -> int:
    """How many ``>`` start `line` (a quote inside a quote ...)."""
    depth = 0
    for character in line:
        if character == ">":
            depth += 1
        elif character not in " \t":
            break
    return depth


def _segments(line: str) -> Iterator[tuple[str, str]]:
    """`line` cut into ("text" | "code" | "comment" | "open-comment", part), in order.

    Code spans follow Markdown's rule (a run of backticks closes at the next run of the
    same length; a run with no partner is text); an HTML comment runs from ``<!--`` to
    ``-->``, and one still open at the end of the line is "open-comment". Linear: each run
    of backticks is matched once, through a table of where the next run of each length is.
    """
    runs: list[tuple[int, int]] = []  # (start, length) of each run of backticks
    position = line.find("`")
    while position >= 0:
        end = position
        while end < len(line) and line[end] == "`":
            end += 1
        runs.append((position, end - position))
        position = line.find("`", end)
    following: list[int] = [-1] * len(runs)
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        following[index] = latest.get(runs[index][1], -1)
        latest[runs[index][1]] = index
    cursor, run = 0, 0
    while cursor < len(line):
        while run < len(runs) and runs[run][0] < cursor:
            run += 1
        next_code = runs[run][0] if run < len(runs) else len(line)
        next_comment = line.find("<!--", cursor, next_code)
        if next_comment >= 0:
            yield "text", line[cursor:next_comment]
            close = line.find("-->", next_comment + 4)
            if close < 0:
                yield "open-comment", line[next_comment:]
                return
            yield "comment", line[next_comment : close + 3]
            cursor = close + 3
            continue
        if run >= len(runs):
            yield "text", line[cursor:]
            return
        yield "text", line[cursor:next_code]
        partner = following[run]
        if partner < 0:
            yield "text", line[next_code : next_code + runs[run][1]]
            cursor = next_code + runs[run][1]
            run += 1
            continue
        end = runs[partner][0] + runs[partner][1]
        yield "code", line[next_code:end]
        cursor, run = end, partner + 1


def _unique(candidate: str, used: set[str]) -> str:
    """`candidate`, or `candidate-2`, `-3`... if the page already has it."""
    result, count = candidate, 1
    while result in used:
        count += 1
        result = f"{candidate}-{count}"
    used.add(result)
    return result
