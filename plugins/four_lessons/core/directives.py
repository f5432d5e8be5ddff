"""The lesson-author's directives in Markdown, expanded before the page is converted.

Whole-line directives (each alone on its line):
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
    ``[[stories]]``                         how many stories the page shows ("four stories";
                                            ``[[Stories]]`` starts a sentence)

Fenced code blocks and inline code are left alone, so pages can show the syntax.
Exercises are replaced by placeholder paragraphs; the caller swaps in the rendered HTML
after conversion, which keeps exercise markup out of Markdown's way.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from . import checks
from .checks import NamedContact
from .contacts import GROUPS, ContactBook, ReportContact, escape_text
from .loader import Problem, did_you_mean
from .rules import JudgementRule
from .scenarios import AUDIENCES, Scenario, ScenarioSet, SourceLocation

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s")
_BLOCK = re.compile(r"^\s*\[\[\s*(/?)([a-z][a-z0-9-]*)\s*([^\]]*?)\s*\]\]\s*$")
#: Blocks that keep their lines in some builds only: an edition's, or the staff site's.
BLOCKS = (*AUDIENCES, "staff")
#: Whole-line directives filled in after every page has been read.
WIDGETS = ("progress", "certificate", "classroom")
#: Marks the page holding the module's final check, whose stories must cover the rule.
FINAL_CHECK = "final-check"
# Inline code spans are matched first so that directives inside them are skipped.
_INLINE = re.compile(
    r"(`+)(?:.+?)\1"
    r"|\[\[\s*(accessibility-contact|contact|institution|minutes|[Ss]tories)\b\s*([^\]]*?)\s*\]\]"
)
_CODE_SPAN = re.compile(r"(`+).+?\1")
# HTML in a page that would run script without a CSP (pages opened from disk, an LMS):
# script elements, event-handler attributes, javascript: addresses, meta refreshes.
_UNSAFE_HTML = re.compile(
    r"<script\b|<[a-z][^>]*\son[a-z]+\s*=|javascript\s*:|<meta\b[^>]*http-equiv", re.IGNORECASE
)
# A whole-line directive written where it cannot work: with text around it, in a list,
# quote or table, or in capitals. Learners would see the brackets.
_STRAY = re.compile(
    r"\[\[\s*/?\s*(four|contacts|progress|certificate|classroom|school|university|final-check)\b",
    re.IGNORECASE,
)


@dataclass
class Placement:
    """One exercise placed on a page, waiting for its HTML."""

    token: str
    scenario: Scenario
    dom_id: str
    level: int
    where: SourceLocation | None = None


@dataclass
class ExpandedPage:
    """A page's Markdown after directives, with its placements and any problems."""

    markdown: str
    placements: list[Placement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    widgets: list[str] = field(default_factory=list)
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


class DirectiveExpander:
    """Expands directives for one build of one edition."""

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
        self.institution = institution
        #: The module's rule, for checking the final check covers it (None: not checked).
        self.rule = rule
        self._nonce = secrets.token_hex(6)
        self._known_tags = sorted({tag for s in scenarios.scenarios for tag in s.tags})

    def token_marker(self) -> tuple[str, str]:
        """Around a placeholder paragraph's number in converted HTML (see markers.fill)."""
        return f"<p>FOURPLACE{self._nonce}N", "</p>"

    def minutes_marker(self) -> tuple[str, str]:
        """Around a ``[[minutes ...]]`` placeholder.

        The key is the page's path, hex-encoded so no Markdown can touch it, or nothing for
        the whole course.
        """
        return f"FOURMINUTES{self._nonce}X", "X"

    def widget_marker(self) -> tuple[str, str]:
        """Around a widget placeholder's name in the built page (see markers.fill).

        Widgets (the progress list, the certificate) need every page read first, so they are
        filled in last; an HTML comment keeps the placeholder out of the search index.
        """
        return f"<!-- FOURWIDGET{self._nonce} ", " -->"

    def expand_inline(
        self,
        text: str,
        where: SourceLocation | None = None,
        problems: list[Problem] | None = None,
        page: ExpandedPage | None = None,
    ) -> str:
        """Expand the inline directives in `text` (contacts, institution, minutes).

        ``[[contact ID]]``, ``[[institution]]`` and ``[[accessibility-contact]]`` become text.

        ``[[minutes PAGE.md]]`` (a lesson's time) and ``[[minutes]]`` (the whole course's)
        become placeholders, filled once every page has been read (see minutes_marker). On a
        page (`page` given), contacts named are noted for the page's checks, and
        ``[[stories]]`` becomes a placeholder for the page's count of stories; elsewhere
        (a scenario's text) it is left as written.
        """
        if "[[" not in text:
            return text

        def replace(match: re.Match[str]) -> str:
            kind, argument = match.group(2), match.group(3)
            if kind is None:
                return match.group(0)  # an inline code span: leave as written
            if kind == "institution":
                return escape_text(self.institution)
            if kind == "accessibility-contact":
                return self._accessibility_contact(argument, where, problems)
            if kind == "minutes":
                start, end = self.minutes_marker()
                return f"{start}{argument.encode('utf-8').hex()}{end}"
            if kind.lower() == "stories":
                if page is None or where is None or argument:
                    return match.group(0)
                page.story_counts.append(where)
                return self._stories_token(capital=kind[0] == "S")
            contact = self.contacts.get(argument)
            if contact is None:
                if problems is not None and where is not None:
                    problems.append(Problem(where, self._unknown_contact(argument)))
                return argument
            if page is not None and where is not None:
                page.named.append(NamedContact(contact, where.line))
            return self.contacts.inline(contact)

        return _INLINE.sub(replace, text)

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
            return self.accessibility_contact.phrase()
        if problems is not None and where is not None and message is not None:
            problems.append(Problem(where, message))
        return ""

    def _stories_token(self, capital: bool) -> str:
        """A placeholder for the page's count of stories, filled in at the end of expand()."""
        return f"FOURSTORIES{'CAP' if capital else ''}{self._nonce}X"

    def _unknown_contact(self, contact_id: str) -> str:
        if contact_id in self.contacts.known_ids():
            return (
                f"contact '{contact_id}' is not configured for the {self.edition} edition; "
                f"put this line in an edition block or add the contact for {self.edition}"
            )
        hint = did_you_mean(contact_id, self.contacts.known_ids())
        return (
            f"'{contact_id}' is not a configured contact"
            f"{hint or '; add it under contacts in mkdocs.yml'}"
        )

    def expand(self, markdown: str, page_path: str) -> ExpandedPage:
        """Expand every directive in a page's Markdown."""
        page = ExpandedPage(markdown="")
        out: list[str] = []
        fence: str | None = None
        fence_line = 0
        edition_block: tuple[str, int] | None = None
        heading_level = 1
        used_dom_ids: set[str] = set()
        placed_ids: set[str] = set()

        for number, line in enumerate(markdown.split("\n"), start=1):
            if (
                fence is None
                and "[[" not in line
                and not line.startswith("#")
                and "```" not in line
                and "~~~" not in line
            ):
                # Most lines: no directive, fence or heading to look at (a quick test, as
                # every line of every page passes here).
                if "<" in line or ":" in line:
                    self._check_html(line, SourceLocation(page_path, number), page.problems)
                in_edition = edition_block is None or self._keeps(edition_block[0])
                out.append(line if in_edition else "")
                continue
            where = SourceLocation(page_path, number)
            fence_match = _FENCE.match(line)
            if fence is not None:
                if (
                    fence_match
                    and fence_match.group(1)[0] == fence[0]
                    and len(fence_match.group(1)) >= len(fence)
                ):
                    fence = None
                if edition_block is None or self._keeps(edition_block[0]):
                    out.append(line)
                continue
            if fence_match:
                fence = fence_match.group(1)
                fence_line = number

            block = _BLOCK.match(line) if fence is None else None
            name = block.group(2) if block else None
            if block and name in BLOCKS:
                closing, argument = block.group(1) == "/", block.group(3)
                if argument:
                    page.problems.append(Problem(where, f"'[[{name}]]' takes nothing after it"))
                elif not closing and edition_block is not None:
                    page.problems.append(
                        Problem(
                            where,
                            f"'[[{name}]]' opens inside the "
                            f"'[[{edition_block[0]}]]' block from line "
                            f"{edition_block[1]}; close that one first with "
                            f"'[[/{edition_block[0]}]]'",
                        )
                    )
                elif not closing:
                    edition_block = (name, number)
                elif edition_block is None or edition_block[0] != name:
                    page.problems.append(
                        Problem(
                            where,
                            f"'[[/{name}]]' closes a block that "
                            f"was never opened; add '[[{name}]]' "
                            "before it or remove this line",
                        )
                    )
                else:
                    edition_block = None
                out.append("")
                continue
            if edition_block is not None and not self._keeps(edition_block[0]):
                out.append("")
                continue

            heading = _HEADING.match(line)
            if heading:
                heading_level = len(heading.group(1))
                page.headings.append(number)

            if block and name == "four" and block.group(1) == "":
                indent = line[: len(line) - len(line.lstrip())]
                for scenario in self._resolve(block.group(3), where, page.problems):
                    if block.group(3).startswith("tag:") and scenario.id in placed_ids:
                        continue  # a tag list skips what this page already shows
                    placed_ids.add(scenario.id)
                    dom_id = _unique(f"four-{scenario.id}", used_dom_ids)
                    token = f"FOURPLACE{self._nonce}N{len(page.placements)}"
                    page.placements.append(
                        Placement(token, scenario, dom_id, heading_level + 1, where)
                    )
                    out += [f"{indent}{token}", ""]
                continue
            if block and name == "contacts" and not block.group(1):
                groups = tuple(block.group(3).split()) or GROUPS
                unknown = [g for g in groups if g not in GROUPS]
                if unknown:
                    hint = did_you_mean(unknown[0], GROUPS) or f"; use {', '.join(GROUPS)}"
                    page.problems.append(
                        Problem(where, f"'{unknown[0]}' is not a contact group{hint}")
                    )
                else:
                    page.named += [
                        NamedContact(contact, number) for contact in self.contacts.in_groups(groups)
                    ]
                    out.append(self.contacts.block(self.institution, groups))
                continue
            if block and name == FINAL_CHECK:
                if block.group(1) or block.group(3):
                    page.problems.append(Problem(where, f"'[[{name}]]' takes nothing after it"))
                else:
                    page.final_check = where
                out.append("")
                continue
            if block and name in WIDGETS:
                if block.group(1) or block.group(3):
                    page.problems.append(Problem(where, f"'[[{name}]]' takes nothing after it"))
                else:
                    page.widgets.append(name)
                    out += ["", f"<!-- FOURWIDGET{self._nonce} {name} -->", ""]
                continue
            if block and name not in ("contact", "institution", "stories", "accessibility-contact"):
                known = ("four", "contacts", FINAL_CHECK, *WIDGETS, *BLOCKS)
                hint = did_you_mean(name or "", known)
                page.problems.append(
                    Problem(
                        where,
                        f"'[[{name}]]' is not a known directive"
                        f"{hint or '; see the authoring guide'}",
                    )
                )
                continue
            self._check_html(line, where, page.problems)
            stray = _STRAY.search(_CODE_SPAN.sub("", line))
            if stray:
                word = stray.group(1).lower()
                page.problems.append(
                    Problem(
                        where,
                        f"'[[{word} ...]]' must stand on a line of its own, in lower case, with "
                        "nothing before or after it (not in a list, quote or table)",
                    )
                )
                continue
            out.append(self.expand_inline(line, where, page.problems, page))

        if fence is not None and fence_line:
            page.problems.append(
                Problem(
                    SourceLocation(page_path, fence_line),
                    f"this code block ('{fence}') is never closed, so the rest of the page "
                    f"is not read for directives; add a '{fence}' line where it ends",
                )
            )
        if edition_block is not None:
            page.problems.append(
                Problem(
                    SourceLocation(page_path, edition_block[1]),
                    f"'[[{edition_block[0]}]]' is never closed; add "
                    f"'[[/{edition_block[0]}]]' after the last line "
                    "of the block",
                )
            )
        page.markdown = "\n".join(out)
        self._check(page, page_path)
        return page

    def _check(self, page: ExpandedPage, page_path: str) -> None:
        """Fill in the page's story count and note what it says against what it shows."""
        shown = list({p.scenario.id: p.scenario for p in page.placements}.values())
        if page.story_counts:
            words = checks.count_words(len(shown))
            page.markdown = page.markdown.replace(
                self._stories_token(capital=True), words[0].upper() + words[1:]
            ).replace(self._stories_token(capital=False), words)
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

    def _keeps(self, block: str) -> bool:
        """Whether this build keeps the lines of a ``[[block]]`` (an edition, or staff)."""
        return self.staff_site if block == "staff" else block == self.edition

    @staticmethod
    def _check_html(line: str, where: SourceLocation, problems: list[Problem]) -> None:
        """Report HTML in page text that would run script."""
        unsafe = _UNSAFE_HTML.search(_CODE_SPAN.sub("", line))
        if unsafe:
            problems.append(
                Problem(
                    where,
                    f"'{unsafe.group(0)[:30].strip()}' would run script in learners' browsers; "
                    "pages hold text, links and images only (scripts belong in the theme)",
                )
            )

    def _resolve(
        self, argument: str, where: SourceLocation, problems: list[Problem]
    ) -> tuple[Scenario, ...]:
        """The scenarios a ``[[four ...]]`` line asks for, in this edition."""
        if not argument:
            problems.append(
                Problem(
                    where,
                    "'[[four]]' needs a scenario id, like '[[four gaming-chat]]', or 'tag:NAME'",
                )
            )
            return ()
        if argument.startswith("tag:"):
            tag = argument[4:].strip()
            tagged = self.scenarios.with_tag(tag)
            if not tagged:
                hint = did_you_mean(tag, self._known_tags)
                problems.append(
                    Problem(
                        where,
                        f"no scenario has the tag '{tag}'{hint or '; check the tags in quizzes/'}",
                    )
                )
            return tuple(s for s in tagged if s.shown_in(self.edition))
        scenario = self.scenarios.get(argument)
        if scenario is None:
            ids = [s.id for s in self.scenarios.scenarios]
            hint = did_you_mean(argument, ids)
            problems.append(
                Problem(
                    where,
                    f"no scenario has the id '{argument}'{hint or '; check the ids in quizzes/'}",
                )
            )
            return ()
        return (scenario,) if scenario.shown_in(self.edition) else ()


def _unique(candidate: str, used: set[str]) -> str:
    """`candidate`, or `candidate-2`, `-3`... if the page already has it."""
    result, count = candidate, 1
    while result in used:
        count += 1
        result = f"{candidate}-{count}"
    used.add(result)
    return result
