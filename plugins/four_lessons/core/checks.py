"""Checks of what a module tells learners against what it shows them.

A pupil alone on a phone acts on what a page says. These checks stop, for every module, a
class of mistakes that no spell-checker or link-checker sees:

- **The first door.** In the school edition, a page (or a scenario's feedback) that names a
  service whose ``ages:`` leave out 13 to 15-year-olds must first name one that takes them:
  a 13-year-old turned away by the first number they ring may not ring another.
- **A final check that tests the whole rule.** The page marked ``[[final-check]]`` must show,
  in each edition, a story for every judgement the module's rule can give.
- **Counts that match.** ``[[stories]]`` writes how many stories the page shows in the
  edition being built; one that shows none is reported.

Every problem is one line, ``file:line: what; fix``, and a build reports it as a warning
(so ``mkdocs build --strict`` stops). Knows nothing of MkDocs.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .contacts import Contact, ContactBook
from .loader import Problem
from .rules import JudgementRule
from .scenarios import ELEMENT_KEYS, Judgement, Scenario, SourceLocation

#: The edition whose youngest learners every page must have a door for.
SCHOOL = "school"
#: The youngest learners of the school edition (Years 8 to 10), who may be turned away by a
#: service for over-16s.
YOUNGEST: tuple[int, int] = (13, 15)
_CONTACT = re.compile(r"\[\[\s*contact\s+([a-z0-9-]+)\s*\]\]")


@dataclass(frozen=True)
class NamedContact:
    """A contact a page names, and the line where it does."""

    contact: Contact
    line: int


def serves_youngest(contact: Contact) -> bool:
    """Whether the contact is known to take every learner aged 13 to 15."""
    return contact.ages is not None and contact.ages.covers(*YOUNGEST)


def leaves_out_youngest(contact: Contact) -> bool:
    """Whether the contact's ages leave out some learners aged 13 to 15."""
    return contact.ages is not None and not contact.ages.covers(*YOUNGEST)


def _doors(book: ContactBook) -> str:
    """Up to two contacts a message can suggest naming first, as directives."""
    rank = {"local": 0, "talk": 1, "national": 2, "crisis": 3, "emergency": 4}
    found = sorted(
        (c for c in book.contacts if serves_youngest(c)),
        key=lambda c: (c.region is not None, rank.get(c.group, 5)),
    )
    names = [f"[[contact {c.id}]]" for c in found[:2]]
    if not names:
        return " (give one an 'ages' that includes 13 to 15)"
    return f", such as {' or '.join(names)}"


def _first_door_message(contact: Contact, where_it_is: str, book: ContactBook) -> str:
    ages = contact.ages.describe() if contact.ages else ""
    return (
        f"'{contact.id}' ({ages}) leaves out the school edition's youngest learners "
        f"(13 to 15), and nothing before it {where_it_is} names a service that takes them; "
        f"name one first{_doors(book)}, or keep this line for the university edition"
    )


def first_door_problems(
    path: str,
    named: Sequence[NamedContact],
    headings: Sequence[int],
    edition: str,
    book: ContactBook,
) -> list[Problem]:
    """Pages that send a 13-year-old to an older people's service before anywhere else.

    In the school edition, each naming of a contact whose ages leave out 13 to
    15-year-olds needs a service that takes them named earlier in the same section (since
    the last heading): the first door a pupil reads there must open for them.
    """
    if edition != SCHOOL:
        return []
    problems: list[Problem] = []
    served: set[int] = set()
    reported: set[tuple[int, str]] = set()
    for item in named:
        section = bisect.bisect_right(headings, item.line)
        if serves_youngest(item.contact):
            served.add(section)
        elif (
            leaves_out_youngest(item.contact)
            and section not in served
            and (section, item.contact.id) not in reported
        ):
            reported.add((section, item.contact.id))
            problems.append(
                Problem(
                    SourceLocation(path, item.line),
                    _first_door_message(item.contact, "in this section", book),
                )
            )
    return problems


def scenario_first_door_problems(
    scenarios: Sequence[Scenario], book: ContactBook, root: Path
) -> list[Problem]:
    """The same check for each school-edition scenario's text, read in the order shown.

    The story, explanations, judgement and advice are one unit: a contact that leaves out
    13 to 15-year-olds needs one that takes them named before it.
    """
    if book.edition != SCHOOL:
        return []
    problems: list[Problem] = []
    for scenario in scenarios:
        if not scenario.shown_in(SCHOOL):
            continue
        served = False
        reported: set[str] = set()
        for text in scenario.markdown_fields():
            for match in _CONTACT.finditer(text):
                contact = book.get(match.group(1))
                if contact is None:
                    continue
                if serves_youngest(contact):
                    served = True
                elif leaves_out_youngest(contact) and not served and contact.id not in reported:
                    reported.add(contact.id)
                    problems.append(
                        Problem(
                            _line_of(scenario, match.group(0), root),
                            f"scenario '{scenario.id}': "
                            + _first_door_message(contact, "in the scenario", book),
                        )
                    )
    return problems


def _line_of(scenario: Scenario, text: str, root: Path) -> SourceLocation:
    """The first line at or after the scenario's start that holds `text`, if it can be read."""
    start = scenario.location
    try:
        lines = (root / start.path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return start
    for number in range(start.line or 1, len(lines) + 1):
        if text in lines[number - 1]:
            return SourceLocation(start.path, number)
    return start


def judgements_of(rule: JudgementRule) -> tuple[Judgement, ...]:
    """Every judgement the rule gives for some combination of the four elements."""
    given = set()
    for combination in itertools.product((False, True), repeat=len(ELEMENT_KEYS)):
        judgement = rule.judge(dict(zip(ELEMENT_KEYS, combination, strict=True)))
        if judgement is not None:
            given.add(judgement)
    return tuple(j for j in Judgement if j in given)


def final_check_problems(
    where: SourceLocation,
    shown: Sequence[Scenario],
    edition: str,
    rule: JudgementRule | None,
) -> list[Problem]:
    """A final check that leaves out a judgement the rule gives, in this edition."""
    if rule is None:
        return []
    keyed = {scenario.judgement for scenario in shown}
    return [
        Problem(
            where,
            f"the final check shows no story keyed '{judgement.value}' "
            f"({judgement.label.split(':')[0]}) in the {edition} edition, though the module's "
            f"rule gives that judgement; add a {edition}-edition scenario keyed "
            f"'{judgement.value}' and place it on this page, so the final check tests the "
            "whole rule",
        )
        for judgement in judgements_of(rule)
        if judgement not in keyed
    ]


def empty_count_problems(
    written_at: Sequence[SourceLocation], shown: int, edition: str
) -> list[Problem]:
    """A ``[[stories]]`` on a page that shows no story in this edition."""
    if shown:
        return []
    return [
        Problem(
            where,
            f"'[[stories]]' says how many stories this page shows, but it shows none in the "
            f"{edition} edition; place scenarios for this edition with '[[four ...]]', or keep "
            "the sentence for the other edition",
        )
        for where in written_at
    ]
