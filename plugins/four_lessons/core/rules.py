"""The module's decision rule: which overall judgement follows from the four elements.

Scores from answer keys go onto certificates and into gradebooks, so a key that marks a
learner wrong for applying the rule they were taught is a real harm. The rule is written
once, in the site configuration, and every scenario's key is checked against it: a key
that departs from it must say why (the scenario's ``exception:``, shown to staff).

A rule is an ordered list of ``(judgement, condition)`` pairs; the first condition that
holds gives the judgement. Conditions are small sentences over the element names::

    all four                      every element present
    fixated or obsessive          ``or`` of terms; a term is names joined by ``and``
    not unwanted and repeated     ``not`` before a name
    otherwise                     always holds (use it last)

Knows nothing of MkDocs: the plugin and ``four-lessons check`` both call it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .diagnostics import Problem, ProblemsError, SourceLocation, did_you_mean
from .i18n import Catalogue, english_catalogue
from .scenarios import ELEMENT_KEYS, ELEMENTS, Judgement, Scenario

#: This module's rule, the default for every module: all four is likely stalking;
#: fixation or obsession without all four is a warning sign; neither is not stalking
#: (though it may be bullying or something else to tell someone about).
DEFAULT_RULE: tuple[dict[str, str], ...] = (
    {"judgement": "likely-stalking", "when": "all four"},
    {"judgement": "warning-signs", "when": "fixated or obsessive"},
    {"judgement": "not-stalking", "when": "otherwise"},
)

# A condition in disjunctive normal form: any of the terms; a term is every one of its
# (element, wanted) literals.
_Term = tuple[tuple[str, bool], ...]


class RuleError(ProblemsError):
    """The configured rule cannot be read; the problems say where and how to fix it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("judgement rule", problems)


@dataclass(frozen=True)
class Clause:
    """One line of the rule: `judgement` when `condition` holds."""

    judgement: Judgement
    condition: str
    terms: tuple[_Term, ...]  # empty: "otherwise"

    def holds(self, present: Mapping[str, bool]) -> bool:
        """Whether the condition holds for these element answers."""
        if not self.terms:
            return True
        return any(all(present[key] == wanted for key, wanted in term) for term in self.terms)

    def describe(self, words: Catalogue | None = None) -> str:
        """The clause as learners read it, e.g. ``Not stalking: in every other case.``.

        In the site's language (`words`; English if not given): the judgement's short
        label, and the condition with each element's name and "and", "or" and "not" in
        that language.
        """
        words = words or english_catalogue()
        label = words.t(f"contract.judgement_short.{self.judgement.value}")
        if not self.terms:
            if self.judgement is Judgement.NOT_STALKING:
                return words.t("rule.otherwise_not_stalking", judgement=label)
            return words.t("rule.otherwise", judgement=label)
        if self.condition == "all four":
            return words.t("rule.all_four", judgement=label)
        names = {e.key: words.t(f"contract.element.{e.key}.name") for e in ELEMENTS}
        names.update(
            {"and": words.t("rule.and"), "or": words.t("rule.or"), "not": words.t("rule.not")}
        )
        condition = re.sub(r"[a-z]+", lambda m: names.get(m.group(0), m.group(0)), self.condition)
        return words.t("rule.shows", judgement=label, condition=condition)


@dataclass(frozen=True)
class JudgementRule:
    """The module's rule; empty when the institution turned the check off."""

    clauses: tuple[Clause, ...]

    def judge(self, present: Mapping[str, bool]) -> Judgement | None:
        """The judgement the rule gives for these answers (None if no clause holds)."""
        for clause in self.clauses:
            if clause.holds(present):
                return clause.judgement
        return None

    def allowed(self, scenario: Scenario) -> set[Judgement]:
        """Every judgement the rule gives for the scenario's key.

        Each element marked ``either`` is read both ways.
        """
        choices = [
            (False, True) if answer.either else (answer.present,) for answer in scenario.answers
        ]
        found: set[Judgement] = set()
        for combination in itertools.product(*choices):
            judgement = self.judge(dict(zip(ELEMENT_KEYS, combination, strict=True)))
            if judgement is not None:
                found.add(judgement)
        return found

    def describe(self, words: Catalogue | None = None) -> tuple[str, ...]:
        """One sentence per clause, for the exercise instructions."""
        return tuple(clause.describe(words) for clause in self.clauses)


def parse_rule(
    entries: Sequence[Any] | None, where: str, source: str = "mkdocs.yml"
) -> JudgementRule:
    """Read the ``judgement_rule`` option; `where` names it in `source` for messages."""

    def refuse(lines: list[str]) -> RuleError:
        return RuleError([Problem(SourceLocation(source, None), line) for line in lines])

    if entries is None:
        entries = DEFAULT_RULE
    if not isinstance(entries, Sequence) or isinstance(entries, str):
        raise refuse([f"{where}: expected a list of '- judgement: ...' / 'when: ...' entries"])
    problems: list[str] = []
    clauses: list[Clause] = []
    judgements = [j.value for j in Judgement]
    for index, entry in enumerate(entries):
        place = f"{where}[{index}]"
        if not isinstance(entry, Mapping) or set(entry) != {"judgement", "when"}:
            problems.append(f"{place}: write each entry as 'judgement: ...' and 'when: ...'")
            continue
        value, condition = entry["judgement"], entry["when"]
        if value not in judgements:
            hint = did_you_mean(str(value), judgements) or f"; use one of {', '.join(judgements)}"
            problems.append(f"{place}: '{_short(value)}' is not a known judgement{hint}")
            continue
        try:
            terms = _parse_condition(condition)
        except ValueError as error:
            problems.append(f"{place}: when: {error}")
            continue
        clauses.append(Clause(Judgement(value), " ".join(str(condition).split()).lower(), terms))
    if problems:
        raise refuse(problems)
    return JudgementRule(tuple(clauses))


def _parse_condition(condition: object) -> tuple[_Term, ...]:
    if not isinstance(condition, str) or not condition.strip():
        raise ValueError("write a condition such as 'fixated or obsessive', or 'otherwise'")
    text = " ".join(condition.lower().split())
    if text == "otherwise":
        return ()
    if text == "all four":
        return (tuple((key, True) for key in ELEMENT_KEYS),)
    terms = []
    for alternative in text.split(" or "):
        literals = []
        for word in alternative.split(" and "):
            wanted = not word.startswith("not ")
            name = word.removeprefix("not ").strip()
            if name not in ELEMENT_KEYS:
                hint = did_you_mean(name, ELEMENT_KEYS) or (
                    f"; use {', '.join(ELEMENT_KEYS)}, 'and', 'or', 'not', 'all four' "
                    "or 'otherwise'"
                )
                raise ValueError(f"'{_short(name)}' is not an element{hint}")
            literals.append((name, wanted))
        terms.append(tuple(literals))
    return tuple(terms)


def check_keys(scenarios: Sequence[Scenario], rule: JudgementRule) -> list[Problem]:
    """Problems for every scenario whose judgement breaks `rule`.

    A key breaks the rule when its judgement does not follow from its element answers,
    unless the scenario states an exception.
    """
    if not rule.clauses:
        return []
    problems = []
    for scenario in scenarios:
        where = scenario.judgement_location or scenario.location
        allowed = rule.allowed(scenario)
        pattern = _pattern(scenario)
        if scenario.exception:
            continue
        if len(allowed) > 1:
            either = ", ".join(
                element.key
                for element, answer in zip(ELEMENTS, scenario.answers, strict=True)
                if answer.either
            )
            problems.append(
                Problem(
                    where,
                    f"scenario '{scenario.id}': reading '{either}' both ways changes the "
                    f"judgement under the module's rule ({pattern}); make the story clearer "
                    "so one reading fits, or add 'exception:' saying why",
                )
            )
        elif scenario.judgement not in allowed:
            expected = next(iter(allowed)).value if allowed else "no judgement"
            problems.append(
                Problem(
                    where,
                    f"scenario '{scenario.id}': the answer is '{scenario.judgement.value}', but "
                    f"its elements ({pattern}) give '{expected}' under the module's rule; "
                    "change the key, or add 'exception:' saying why this story departs",
                )
            )
    return problems


def _pattern(scenario: Scenario) -> str:
    """The key's elements as learners would say them: ``Fixated, Unwanted``."""
    names = [
        f"{element.name}{' (either)' if answer.either else ''}"
        for element, answer in zip(ELEMENTS, scenario.answers, strict=True)
        if answer.present or answer.either
    ]
    return ", ".join(names) if names else "none present"


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:27] + "..."
