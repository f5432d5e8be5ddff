"""The scenario model: what a FOUR exercise is made of.

Plain frozen dataclasses with no I/O and no knowledge of MkDocs, so the model can be
loaded, rendered and tested on its own, and carried to another site generator.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import SourceLocation as SourceLocation  # here before diagnostics.py

#: The rules shared with the front end (elements, judgements, scores, ids, storage format):
#: one file, read here and built into the scripts (frontend/build.mjs). Nothing else in
#: the package writes these values out (tests/test_contract.py looks for copies).
CONTRACT: dict[str, Any] = json.loads(
    (Path(__file__).parent.parent / "contract.json").read_text(encoding="utf-8")
)
#: Points for one exercise: one per element, one for the judgement.
MAX_SCORE: int = CONTRACT["maxScore"]
#: What an exercise (scenario) id may be: the browser's progress store refuses any other,
#: so an exercise with another id could never be saved.
EXERCISE_ID = re.compile(CONTRACT["exerciseIdPattern"])
EXERCISE_ID_MAX_LENGTH: int = CONTRACT["exerciseIdMaxLength"]


def exercise_id_problem(identifier: str) -> str | None:
    """Why the progress store would refuse this exercise id (contract.json), or None."""
    if len(identifier) > EXERCISE_ID_MAX_LENGTH:
        return (
            f"id is {len(identifier):,} characters long; the progress store keeps ids of at "
            f"most {EXERCISE_ID_MAX_LENGTH}, so shorten it"
        )
    if not EXERCISE_ID.fullmatch(identifier):
        return "id must be lowercase letters, digits and hyphens, like 'gaming-chat'"
    return None


@dataclass(frozen=True)
class Element:
    """One letter of FOUR, with the wording learners see."""

    key: str
    name: str
    hint: str


#: The four elements, in FOUR order. The hints are the short reminders shown beside
#: each checkbox; they follow how UK police forces and stalking services explain them.
ELEMENTS: tuple[Element, ...] = tuple(
    Element(item["key"], item["name"], item["hint"]) for item in CONTRACT["elements"]
)

ELEMENT_KEYS: tuple[str, ...] = tuple(element.key for element in ELEMENTS)


class Judgement(enum.Enum):
    """The overall judgement a learner makes about a scenario.

    A small fixed set: enough to tell stalking apart from behaviour that is worrying but
    not (yet) a pattern, and from behaviour that is fine.
    """

    LIKELY_STALKING = "likely-stalking"
    WARNING_SIGNS = "warning-signs"
    NOT_STALKING = "not-stalking"
    #: Another harm (grooming, say) that needs an adult's help straight away. FOUR is a
    #: stalking tool: a story keyed this way always states why it leaves the module's rule.
    NEEDS_HELP_NOW = "needs-help-now"

    @property
    def label(self) -> str:
        """The words learners see for this judgement."""
        return str(_JUDGEMENT_LABELS[self])


_JUDGEMENT_LABELS = {
    Judgement(item["value"]): item["label"] for item in CONTRACT["judgements"]
}
# The enum names the judgements for Python code; the contract is what the front end uses.
# A raise, not an assert: `python -O` drops asserts, and a mismatch would misfile answers.
if [j.value for j in Judgement] != [item["value"] for item in CONTRACT["judgements"]]:
    raise RuntimeError("four_lessons: contract.json's judgements differ from Judgement")

#: The editions a module can be built as; a scenario's audience is a subset of these.
AUDIENCES: tuple[str, ...] = ("school", "university")


@dataclass(frozen=True)
class ElementAnswer:
    """The author's answer for one element: is it present, and why (Markdown).

    ``either`` marks an element a thoughtful learner could honestly read both ways
    (``present: either`` in a scenario file): both answers score as right, and the
    explanation covers both readings. ``present`` is then the reading the author leans to.
    """

    present: bool
    explanation: str
    either: bool = False

    def accepts(self, ticked: bool) -> bool:
        """Whether a learner who ticked (or left) this element is right."""
        return self.either or ticked == self.present


@dataclass(frozen=True)
class Scenario:
    """One story to judge, with the author's answers and explanations.

    Markdown fields (story, explanations, advice) are kept as source text; the renderer
    decides how to turn them into HTML.
    """

    id: str
    title: str
    audience: tuple[str, ...]
    tags: tuple[str, ...]
    story: str
    answers: tuple[ElementAnswer, ...]  # one per element, in ELEMENTS order
    judgement: Judgement
    judgement_explanation: str
    advice: str | None
    location: SourceLocation
    #: Why the judgement departs from the module's rule (shown to staff), if it does.
    exception: str | None = None
    #: Where the judgement's answer is written, for messages about it.
    judgement_location: SourceLocation | None = None

    def answer_for(self, key: str) -> ElementAnswer:
        """The answer for the element named `key` (one of ELEMENT_KEYS)."""
        return self.answers[ELEMENT_KEYS.index(key)]

    def shown_in(self, edition: str | None) -> bool:
        """Whether this scenario belongs in a build of `edition` (None: every edition)."""
        return edition is None or edition in self.audience

    def markdown_fields(self) -> tuple[str, ...]:
        """Every Markdown field in a fixed order, for batch rendering.

        Order: story, the four element explanations, the judgement explanation, advice
        (empty when there is none).
        """
        return (
            self.story,
            *(answer.explanation for answer in self.answers),
            self.judgement_explanation,
            self.advice or "",
        )


@dataclass(frozen=True)
class ScenarioSet:
    """Every scenario of a module, by id, in file order."""

    scenarios: tuple[Scenario, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for s in self.scenarios})

    def get(self, scenario_id: str) -> Scenario | None:
        """The scenario with this id, or None."""
        by_id: dict[str, Scenario] = self._by_id  # type: ignore[attr-defined]
        return by_id.get(scenario_id)

    def with_tag(self, tag: str) -> tuple[Scenario, ...]:
        """Every scenario carrying `tag`, in file order."""
        return tuple(s for s in self.scenarios if tag in s.tags)

    def __len__(self) -> int:
        return len(self.scenarios)
