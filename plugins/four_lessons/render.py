"""The scenario model to HTML: FOUR exercises and the help-contacts list.

Knows nothing of MkDocs. Markdown fields are turned into HTML by a function the caller
passes in (the site's own Markdown setup), in one batch per call so a page with several
exercises costs one Markdown conversion rather than dozens; text from scenario files is
otherwise escaped by Jinja's autoescaping.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from .scenarios import AUDIENCES, ELEMENTS, Judgement, Scenario

MarkdownToHtml = Callable[[str], str]
_BREAK = re.compile(r"\s*<hr\s*/?>\s*")

_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("four_lessons", "templates"),
    autoescape=True,
    keep_trailing_newline=False,
    undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class ScenarioHtml:
    """A scenario's Markdown fields, already turned into HTML."""

    story: Markup
    explanations: tuple[Markup, ...]
    judgement: Markup
    advice: Markup


class ExerciseRenderer:
    """Renders exercises, converting each scenario's Markdown once per build.

    Args:
        markdown_to_html: converts Markdown source to an HTML fragment.
        prepare_markdown: applied to each Markdown field first (e.g. expanding contact
            placeholders), so fields get the same treatment as lesson text.
    """

    def __init__(
        self,
        markdown_to_html: MarkdownToHtml,
        prepare_markdown: Callable[[str], str] = lambda text: text,
    ) -> None:
        self._markdown_to_html = markdown_to_html
        self._prepare = prepare_markdown
        self._cache: dict[str, ScenarioHtml] = {}
        self._form: str | None = None
        # Fields are joined with a thematic break: the cheapest block for Markdown to parse
        # (a marker paragraph costs far more). A field holding a break of its own shows
        # up as a count mismatch, and then each field is converted on its own.
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

    def _convert_batch(self, fields: Sequence[str]) -> list[str]:
        joined = f"\n\n{self._separator}\n\n".join(fields)
        parts = _BREAK.split(self._markdown_to_html(joined))
        if len(parts) == len(fields):
            return [part.strip() for part in parts]
        # A field swallowed a separator (an unclosed fence or HTML block, say): convert
        # each field on its own so one odd field cannot garble the others.
        return [self._markdown_to_html(field).strip() for field in fields]

    def form_template(self) -> str:
        """The answer form as a <template>, placed once on each page with exercises."""
        if self._form is None:
            self._form = _environment.get_template("form.html").render(
                elements=ELEMENTS, judgements=list(Judgement)
            )
        return self._form

    def render_classroom(self, scenarios: Sequence[Scenario], edition: str) -> str:
        """Every scenario as a projector slide, filterable by edition and tag.

        All scenarios are included whatever the edition being built, so a teacher can also
        run the other edition's stories; the build's edition is chosen at first.
        """
        self.prepare(scenarios)
        tags = sorted({tag for s in scenarios for tag in s.tags})
        slides = [{"scenario": s, "html": self._cache[s.id]} for s in scenarios]
        return _environment.get_template("classroom.html").render(
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
        return _environment.get_template("exercise.html").render(
            scenario=scenario,
            html=self._cache[scenario.id],
            dom_id=dom_id,
            level=min(max(level, 2), 6),
            elements=ELEMENTS,
        )
