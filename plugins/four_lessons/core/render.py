"""The scenario model to HTML: FOUR exercises, their answers and the classroom view.

Knows nothing of MkDocs. Markdown fields are turned into HTML by a function the caller
passes in (the site's own Markdown setup), in one batch per call so a page with several
exercises costs one Markdown conversion rather than dozens; any other text from scenario
files is escaped (markupsafe's escape() here, Jinja's autoescaping in the templates).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from .rules import DEFAULT_RULE, JudgementRule, parse_rule
from .sanitize import sanitize_html
from .scenarios import AUDIENCES, ELEMENTS, Judgement, Scenario
from .templating import environment

MarkdownToHtml = Callable[[str], str]
# What makes a field convert alone: a definition line (a link reference, an abbreviation,
# a footnote), or anything that can write "<hr" (a thematic break, raw HTML).
_ALONE = re.compile(
    r"^ {0,3}(?:\*\[|\[\^?)[^\]\n]+\]:|^ {0,3}([-*_])(?: *\1){2,} *$|<hr",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True)
class ScenarioHtml:
    """A scenario's Markdown fields, already turned into HTML."""

    story: Markup
    explanations: tuple[Markup, ...]
    judgement: Markup
    advice: Markup


class ExerciseRenderer:
    """Renders exercises, converting each scenario's Markdown in batches.

    Converted fields are kept until ``clear()``, so a caller that renders page by page can
    drop them after each page: the page's HTML holds them already, and a second copy for
    every scenario would outweigh the rest of the plugin's memory.

    Args:
        markdown_to_html: converts Markdown source to an HTML fragment.
        prepare_markdown: applied to each Markdown field first (e.g. expanding contact
            placeholders), so fields get the same treatment as lesson text.
        rule: the module's decision rule, stated in the answer form's instructions.
    """

    def __init__(
        self,
        markdown_to_html: MarkdownToHtml,
        prepare_markdown: Callable[[str], str] = lambda text: text,
        rule: JudgementRule | None = None,
    ) -> None:
        self._markdown_to_html = markdown_to_html
        self._prepare = prepare_markdown
        self._rule = rule if rule is not None else parse_rule(DEFAULT_RULE, "default rule")
        self._cache: dict[str, ScenarioHtml] = {}
        self._form: str | None = None
        # Fields are converted in one batch, joined by a thematic break (the cheapest block
        # for Markdown to parse). A field that holds a break of its own is converted alone
        # (_ALONE), so every "<hr />" in the batch is a separator; a field that swallows one
        # (an unclosed fence or HTML block) shows up as a count mismatch, and then each
        # field is converted on its own.
        self._separator = "* * * * * * * * * *"

    def prepare(self, scenarios: Sequence[Scenario]) -> None:
        """Convert the Markdown of every scenario not yet converted, in one batch."""
        pending = [s for s in dict.fromkeys(scenarios) if s.id not in self._cache]
        if not pending:
            return
        fields = [self._prepare(field) for s in pending for field in s.markdown_fields()]
        html_fields = self._convert_batch(fields)
        per_scenario = len(pending[0].markdown_fields())
        for index, scenario in enumerate(pending):
            chunk = [
                Markup(h) for h in html_fields[index * per_scenario : (index + 1) * per_scenario]
            ]
            self._cache[scenario.id] = ScenarioHtml(
                story=chunk[0],
                explanations=tuple(chunk[1:5]),
                judgement=chunk[5],
                advice=chunk[6],
            )

    def clear(self) -> None:
        """Forget converted Markdown (see the class's notes)."""
        self._cache.clear()

    def _convert_batch(self, fields: Sequence[str]) -> list[str]:
        # Also alone: a field with a link, abbreviation or footnote definition, which applies
        # to the whole document it is in and would reach into every other scenario's text.
        alone = {i for i, field in enumerate(fields) if _ALONE.search(field)}
        batched = [field for i, field in enumerate(fields) if i not in alone]
        joined = f"\n\n{self._separator}\n\n".join(batched)
        # Python-Markdown writes a thematic break as "<hr />"; a plain split is far cheaper
        # than a pattern over the whole batch.
        parts = self._markdown_to_html(joined).split("<hr />")
        if len(parts) != len(batched):
            parts = [self._markdown_to_html(field) for field in batched]
        converted = iter(parts)
        html = [
            self._markdown_to_html(field) if i in alone else next(converted)
            for i, field in enumerate(fields)
        ]
        # Scenario files are untrusted text: see sanitize.py.
        return [sanitize_html(part.strip()) for part in html]

    def form_template(self) -> str:
        """The answer form as a <template>, placed once on each page with exercises."""
        if self._form is None:
            self._form = environment.get_template("form.html").render(
                elements=ELEMENTS, judgements=list(Judgement), rule=self._rule.describe()
            )
        return self._form

    def render_classroom(self, scenarios: Sequence[Scenario], edition: str) -> str:
        """Every scenario as a projector slide, filterable by edition and tag.

        All scenarios are included whatever the edition being built, so a teacher can also
        run the other edition's stories; the build's edition is chosen at first.
        """
        self.prepare(scenarios)
        tags = sorted({tag for s in scenarios for tag in s.tags})
        slides = [
            {
                "scenario": s,
                "html": self._cache[s.id],
                "answers": answers_html(s, self._cache[s.id]),
            }
            for s in scenarios
        ]
        return environment.get_template("classroom.html").render(
            slides=slides,
            tags=tags,
            audiences=AUDIENCES,
            edition=edition,
            elements=ELEMENTS,
            judgements=list(Judgement),
        )

    def render(self, scenario: Scenario, dom_id: str, level: int = 2) -> str:
        """The HTML of one exercise.

        Args:
            scenario: what to render.
            dom_id: a prefix for element ids, unique on the page.
            level: the heading level of the exercise's title (2 to 6).
        """
        self.prepare([scenario])
        html = self._cache[scenario.id]
        return exercise_html(scenario, html, dom_id, level, answers_details(scenario, html))

    def render_split(
        self, scenario: Scenario, dom_id: str, level: int, answers_slot: str
    ) -> tuple[str, DeferredAnswers]:
        """One exercise with `answers_slot` where its collapsed answers go, and the answers.

        A site build puts the answers in later, to keep them out of the search index (no
        spoilers, and far less for the indexer to parse). They wait as converted fields,
        not as HTML: a whole module's answers wait at once, and their markup would double
        the memory they take.
        """
        self.prepare([scenario])
        html = self._cache[scenario.id]
        exercise = exercise_html(scenario, html, dom_id, level, answers_slot)
        return exercise, DeferredAnswers(scenario, replace(html, story=Markup("")))


@dataclass(frozen=True)
class DeferredAnswers:
    """An exercise's answers, to be turned into HTML when the page is written."""

    scenario: Scenario
    html: ScenarioHtml

    def render(self) -> str:
        """The collapsed answers, as ExerciseRenderer.render places them."""
        return answers_details(self.scenario, self.html)


def answers_details(scenario: Scenario, html: ScenarioHtml) -> str:
    """An exercise's answers in their collapsed <details>."""
    return (
        '<details class="four-exercise__answers" data-four-answers data-search-exclude>\n'
        "<summary>Answers and explanations</summary>\n"
        f"{answers_html(scenario, html)}\n</details>"
    )


# The exercise and its answers are built in Python rather than with Jinja: a build renders
# one per placed exercise (a thousand in the benchmark), and the template engine's per-call
# overhead was most of the renderer's time. The markup is the contract with exercise.js
# (data-four-* attributes carry behaviour, four-* classes carry looks); every value from a
# scenario file goes through escape(), and the Markdown fields arrive as Markup already.


def exercise_html(
    scenario: Scenario, html: ScenarioHtml, dom_id: str, level: int, answers: str
) -> str:
    """One FOUR exercise: title, story and `answers` (the collapsed answers or their slot).

    With scripts off the story reads and the answers sit in their collapsed <details>;
    exercise.js adds the answer form from the page's single form template (form.html).
    """
    level = min(max(level, 2), 6)
    title_id = escape(f"{dom_id}-title")
    return (
        f'<section class="four-exercise" data-four-scenario="{escape(scenario.id)}" '
        f'aria-labelledby="{title_id}">\n'
        '<p class="four-exercise__kind" aria-hidden="true">FOUR exercise</p>\n'
        f'<h{level} class="four-exercise__title" id="{title_id}">'
        f"{escape(scenario.title)}</h{level}>\n"
        f'<div class="four-exercise__story">\n{html.story}\n</div>\n'
        f"{answers}\n</section>"
    )


def answers_html(scenario: Scenario, html: ScenarioHtml) -> Markup:
    """The author's answers and explanations (an exercise's <details>; the classroom's Reveal)."""
    items = [
        f'<li class="four-answers__item" data-four-element="{element.key}" '
        f'data-four-present="{_present_value(answer.present, answer.either)}">\n'
        f'<p class="four-answers__verdict"><strong>{element.name}: '
        f"{_present_words(answer.present, answer.either)}.</strong></p>\n"
        f'<div class="four-answers__explanation">{explanation}</div>\n</li>'
        for element, answer, explanation in zip(
            ELEMENTS, scenario.answers, html.explanations, strict=True
        )
    ]
    judgement = scenario.judgement
    items.append(
        f'<li class="four-answers__item" data-four-judgement="{judgement.value}">\n'
        f'<p class="four-answers__verdict"><strong>Overall: {escape(judgement.label)}.'
        "</strong></p>\n"
        f'<div class="four-answers__explanation">{html.judgement}</div>\n</li>'
    )
    advice = (
        '\n<div class="four-answers__advice" data-four-advice>\n'
        '<p class="four-answers__verdict"><strong>What could help</strong></p>\n'
        f"{html.advice}\n</div>"
        if html.advice
        else ""
    )
    return Markup('<ul class="four-answers">\n' + "\n".join(items) + "\n</ul>" + advice)


def _present_value(present: bool, either: bool) -> str:
    """``data-four-present``: the contract with exercise.js and classroom.js."""
    return "either" if either else "true" if present else "false"


def _present_words(present: bool, either: bool) -> str:
    return "either answer can be right" if either else "present" if present else "not present"
