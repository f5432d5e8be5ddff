"""The scenario model to HTML: FOUR exercises, their answers and the classroom view.

Knows nothing of MkDocs. Markdown fields are turned into HTML by a function the caller
passes in (the site's own Markdown setup), in one batch per call so a page with several
exercises costs one Markdown conversion rather than dozens. The HTML around them comes from
templates (exercise.html, answers.html, form.html, classroom.html; see templating.py), so a
site can override it; every other text from scenario files is escaped by their autoescaping.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .i18n import Catalogue
from .rules import DEFAULT_RULE, JudgementRule, parse_rule
from .sanitize import sanitize_html
from .scenarios import AUDIENCES, ELEMENTS, Element, Judgement, Scenario
from .templating import DEFAULT, Templates

MarkdownToHtml = Callable[[str], str]


@dataclass(frozen=True)
class JudgementChoice:
    """A judgement as learners choose it: its value and its label in the site's language."""

    value: str
    label: str


def interface_elements(words: Catalogue) -> tuple[Element, ...]:
    """The four elements, named and hinted in the site's language (keys from contract.json)."""
    return tuple(
        Element(
            element.key,
            words.t(f"contract.element.{element.key}.name"),
            words.t(f"contract.element.{element.key}.hint"),
        )
        for element in ELEMENTS
    )


def interface_judgements(words: Catalogue) -> tuple[JudgementChoice, ...]:
    """The judgements in contract.json's order, labelled in the site's language."""
    return tuple(
        JudgementChoice(judgement.value, words.t(f"contract.judgement.{judgement.value}"))
        for judgement in Judgement
    )

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
        templates: where the HTML around the fields comes from (the build's, with the
            site's overrides; our own by default).
    """

    def __init__(
        self,
        markdown_to_html: MarkdownToHtml,
        prepare_markdown: Callable[[str], str] = lambda text: text,
        rule: JudgementRule | None = None,
        templates: Templates = DEFAULT,
    ) -> None:
        self._markdown_to_html = markdown_to_html
        self._prepare = prepare_markdown
        self._rule = rule if rule is not None else parse_rule(DEFAULT_RULE, "default rule")
        self.templates = templates
        words = templates.catalogue
        self._elements = interface_elements(words)
        self._judgements = interface_judgements(words)
        self._judgement_labels = {choice.value: choice.label for choice in self._judgements}
        # The elements' keys and names, escaped once (they come from contract.json and the
        # catalogue, which a site may supply).
        self._safe = {
            text: escape(text) for element in self._elements for text in (element.key, element.name)
        }
        self._cache: dict[str, ScenarioHtml] = {}
        self._form: str | None = None
        # Fields are converted in one batch, joined by a thematic break (the cheapest block
        # for Markdown to parse, in its shortest form: "***" costs a sixth less than
        # "* * * * *..." across a build). A field that holds a break of its own is converted
        # alone (_ALONE), so every "<hr />" in the batch is a separator; a field that
        # swallows one (an unclosed fence or HTML block) shows up as a count mismatch, and
        # then each field is converted on its own.
        self._separator = "***"

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
            self._form = self.templates.render(
                "form.html", elements=self._elements, judgements=self._judgements,
                rule=self._rule.describe(self.templates.catalogue),
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
                "answers": self.answers(s),
            }
            for s in scenarios
        ]
        return self.templates.render(
            "classroom.html",
            slides=slides,
            tags=tags,
            audiences=AUDIENCES,
            edition=edition,
            elements=self._elements,
            judgements=self._judgements,
        )

    def render(self, scenario: Scenario, dom_id: str, level: int = 2) -> str:
        """The HTML of one exercise, with its answers.

        Args:
            scenario: what to render.
            dom_id: a prefix for element ids, unique on the page.
            level: the heading level of the exercise's title (2 to 6).
        """
        self.prepare([scenario])
        return self.templates.render(
            "exercise.html",
            scenario=scenario,
            html=self._cache[scenario.id],
            dom_id=dom_id,
            level=min(max(level, 2), 6),
            answers=self.answers(scenario),
        )

    def answers(self, scenario: Scenario) -> Markup:
        """The author's answers and explanations, from answers.html.

        They go in an exercise's <details>, and behind the classroom's Reveal.
        """
        self.prepare([scenario])
        html = self._cache[scenario.id]
        # Plain tuples of safe text: a template reads them without attribute lookups or
        # escaping, which is most of its cost at a thousand exercises a build.
        elements = [
            (
                self._safe[element.key], self._safe[element.name], answer.present,
                answer.either, explanation,
            )
            for element, answer, explanation in zip(
                self._elements, scenario.answers, html.explanations, strict=True
            )
        ]
        return Markup(self.templates.render(
            "answers.html",
            judgement=scenario.judgement,
            judgement_label=self._judgement_labels[scenario.judgement.value],
            html=html,
            elements=elements,
        ))
