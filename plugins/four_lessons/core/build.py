"""One site build of a module: the state its steps share, without any site generator.

The MkDocs plugin makes one ``SiteBuild`` in ``on_config`` and each hook hands it plain data
(a page's path, Markdown, HTML, title and address). The steps, in build order:

1. ``page_markdown``: the page as written is read for directives (line numbers as the
   author sees them); the Markdown extension (``markdown_extension.py``) then converts it,
   asking ``begin`` for the page's session, and places exercises through the stash.
2. ``page_content``: what the page holds is tracked (lesson, exercises, knowledge checks),
   and the lesson header and footer, the answer form and the end marker go in.
3. ``finish``: every page has been read. Site-wide problems are found, and the module map,
   the site settings and each page's widgets and minutes are worked out, filled into the
   page's content before search indexes it or a template renders it.

Nothing crosses steps through the page's text: exercises go through Python-Markdown's
stash, and widgets wait at one fixed, empty element each (``widget_anchor``), which
``fill`` replaces. Nothing random goes anywhere, so two builds of the same sources are the
same, byte for byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from .contacts import ContactBook
from .course import LessonStop, Place, footer_html, header_html, places, reading_minutes
from .diagnostics import Problem, SourceLocation
from .directives import DirectiveExpander, ExpandedPage, Output
from .markdown_extension import (
    FourLessonsExtension,
    PageSession,
    minutes_anchor,
    widget_anchor,
)
from .module import Module
from .progress import (
    ExerciseItem,
    PageItem,
    count_quiz_blocks,
    count_quizzes,
    matches_any,
    module_script,
    page_id,
    page_id_problem,
    render_certificate,
    render_left,
    render_page_end,
    render_progress,
    shared_page_ids,
    unique_exercises,
)
from .render import ExerciseRenderer
from .safety import text_findings
from .templating import Templates

#: The stylesheets a page may need beyond the every-page ones, by what it holds.
EXERCISE_STYLE = "assets/four/exercise.css"
PROGRESS_STYLE = "assets/four/progress.css"
CLASSROOM_STYLE = "assets/four/classroom.css"
QUIZ_STYLE = "assets/four/quiz.css"
HOME_STYLE = "assets/four/home.css"
PRACTICE_STYLE = "assets/four/practice.css"
#: Loaded on lesson pages: their way on, what is left on them, where Next lands.
LESSON_STYLE = "assets/four/lesson.css"
_HEADING = re.compile(r"^# +(.+?) *#*$", re.MULTILINE)
_QUIZ_BLOCKS = re.compile(r"^<quiz>.*?^</quiz>", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class SiteOptions:
    """The plugin block's options a build uses, as plain values."""

    edition: str
    institution: str
    staff_site: bool
    exit_url: str
    module_id: str
    lessons: tuple[str, ...]
    help_page: str
    progress_page: str
    site_name: str
    #: How messages name the docs folder (``docs``), relative to mkdocs.yml.
    docs_shown: str = "docs"


@dataclass
class PageRecord:
    """What one page holds, as the rest of the site needs it."""

    item: PageItem
    widgets: list[str] = field(default_factory=list)
    minutes: list[tuple[str, SourceLocation]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    #: The page's own time, if it is a lesson.
    lesson_minutes: int | None = None


class SiteBuild:
    """The state of one build, shared by the plugin's hooks.

    Args:
        module: the scenarios, contacts and rule (load_module).
        options: the plugin block's options.
        templates: our templates along the theme's search path.
        markdown_to_html: converts scenario Markdown (the site's extensions, not ours).
        relative_url: a site address relative to a page's (the generator's own rule).
    """

    def __init__(
        self,
        module: Module,
        options: SiteOptions,
        templates: Templates,
        markdown_to_html: Callable[[str], str],
        relative_url: Callable[[str, str], str],
    ) -> None:
        self.module = module
        self.options = options
        self.templates = templates
        self.relative_url = relative_url
        self.expander = DirectiveExpander(
            module.scenarios,
            ContactBook(
                module.contacts, options.edition, module.contacts_checked,
                templates.catalogue,
            ),
            options.edition,
            options.institution,
            staff_site=options.staff_site,
            rule=module.rule,
            accessibility_contact=module.accessibility_contact,
        )
        self.renderer = ExerciseRenderer(
            markdown_to_html,
            prepare_markdown=self.expander.expand_inline,
            rule=module.rule,
            templates=templates,
        )
        #: The Markdown extension configured for this build (appended to the site's list).
        self.extension = FourLessonsExtension(self)
        #: Problems found in pages, reported all at once when every page has been read.
        self.problems: list[Problem] = []
        #: What pages say against what they show (checks.py), for the build to warn about.
        self.warnings: list[Problem] = []
        self.records: dict[str, PageRecord] = {}
        self._read: dict[str, tuple[PageSession, ExpandedPage]] = {}
        self._current: PageSession | None = None
        self._nav: list[str] = []
        self._places: dict[str, Place] = {}
        self._urls: dict[str, str] = {}
        self._tracked: list[PageItem] | None = None

    # -- the pages, one by one -----------------------------------------------------------

    def shown(self, src: str) -> str:
        """A page as messages name it: ``docs/lessons/x.md``."""
        return f"{self.options.docs_shown}/{src}"

    def is_lesson(self, src: str) -> bool:
        """Whether a page counts towards completing the module."""
        return matches_any(src, self.options.lessons)

    def check_names(self, sources: Sequence[str]) -> None:
        """Pages whose names make one page id (Unicode forms): one problem per pair."""
        for group in shared_page_ids(sources):
            names = " and ".join(f"'{self.shown(src)}'" for src in group)
            self.problems.append(Problem(SourceLocation(self.shown(group[0]), None), (
                f"{names} differ only in how their letters are encoded (Unicode), so they "
                "would share one progress record; rename one of them"
            )))

    def nav(self, pages: Sequence[tuple[str, str, str | None, str]]) -> None:
        """The navigation's pages in order: (path, title, section title, address)."""
        self._nav = [src for src, _, _, _ in pages]
        self._urls = {src: url for src, _, _, url in pages}
        self._places = places([
            LessonStop(src, title, section)
            for src, title, section, _ in pages
            if self.is_lesson(src)
        ])

    def page_markdown(
        self,
        src: str,
        markdown: str,
        written: str | None = None,
        front_matter: Mapping[str, Any] | None = None,
    ) -> bool:
        """Read a page as written, before it is converted (see the module's notes).

        Returns whether the page can be converted: a line too long or lists nested too
        deep would keep Markdown busy for minutes or end in a RecursionError, so such a page
        is not converted at all (its problems stop the build once every page is read).

        Args:
            src: the page's path in the docs folder.
            markdown: its Markdown, without front matter.
            written: the whole file as written, front matter included, if known: messages
                then name the file's own line numbers.
            front_matter: its front matter values, checked like page text (the theme
                writes some of them into every page as they are).
        """
        shown = self.shown(src)
        first_line = 1
        if written is not None and written.endswith(markdown):
            first_line = written.count("\n", 0, len(written) - len(markdown)) + 1
        head = (written or "").split("\n")[: first_line - 1]
        for key, value in _strings(front_matter or {}):
            for finding in text_findings(value):
                line = next(
                    (n for n, text in enumerate(head, start=1) if text.startswith(f"{key}:")),
                    None,
                )
                self.problems.append(Problem(
                    SourceLocation(shown, line), f"front matter '{key}': {finding.message}"
                ))
        expanded = self.expander.expand(markdown, shown, first_line=first_line)
        self.problems += expanded.problems
        self.warnings += expanded.warnings
        if expanded.too_big:
            self._current = None
            return False
        session = PageSession(
            self.expander, self.renderer, path=shown, source=markdown,
            first_line=first_line, directive_problems=False,
        )
        self._read[src] = (session, expanded)
        self._current = session
        return True

    def take_warnings(self) -> list[Problem]:
        """The warnings found since last asked (the build logs them as it goes)."""
        taken, self.warnings = self.warnings, []
        return taken

    def begin(self, lines: list[str]) -> PageSession | None:
        """The session of the page being converted (the extension asks, see Pages)."""
        return self._current

    def page_content(self, src: str, title: str, url: str, html: str, markdown: str) -> str:
        """A converted page: track it, and add the module's HTML around its content.

        Args:
            src: the page's path in the docs folder.
            title: its title as the navigation shows it.
            url: its address from the site root.
            html: its converted content (every plugin's additions included).
            markdown: its Markdown as converted (for the reading time).
        """
        self._current = None
        session, expanded = self._read.pop(src, (None, None))
        placements = session.placements if session is not None else []
        widgets = session.widgets if session is not None else []
        if session is not None and expanded is not None:
            self.problems += session.all_problems(expanded.problems)
        item = self._item(src, title, url, [p.scenario for p in placements], count_quizzes(html))
        record = PageRecord(item, widgets, expanded.minutes if expanded is not None else [])
        self.records[src] = record
        self._tracked = None
        tracked = item.lesson or item.answerable
        refused = page_id_problem(item.id) if tracked else None
        if refused:
            self.problems.append(Problem(SourceLocation(self.shown(src), None), refused))
        record.styles = self._styles(record, html)
        place = self._places.get(src)
        # The page's content, the answer form, the lesson's way on, the end marker.
        parts = [html, self.renderer.form_template() if placements else ""]
        if place is not None:
            # The page as this build reads it (its edition's lines, contacts written out),
            # without the knowledge checks' text: each check counts as its own time.
            read = _QUIZ_BLOCKS.sub("", expanded.markdown) if expanded is not None else markdown
            record.lesson_minutes = reading_minutes(read, len(item.exercises), item.quizzes)
            header = header_html(
                place, record.lesson_minutes, render_left(item, templates=self.templates),
                self.templates,
            )
            parts[0] = _after_heading(html, header)
            next_url = self._urls.get(place.next.key) if place.next else None
            progress_url = self._urls.get(self.options.progress_page)
            parts.append(footer_html(
                place,
                self.relative_url(next_url, url) if next_url is not None else None,
                self.relative_url(progress_url, url) if progress_url is not None else None,
                render_left(item, end=True, templates=self.templates),
                self.templates,
            ))
        if tracked:
            parts.append(render_page_end(item, self.templates))
        return "\n".join(part for part in parts if part)

    def _item(
        self, src: str, title: str, url: str, scenarios: Sequence[Any], quizzes: int
    ) -> PageItem:
        """What the progress code tracks of a page: its lesson status, exercises, checks."""
        return PageItem(
            id=page_id(src),
            title=title,
            url=url,
            lesson=self.is_lesson(src),
            exercises=unique_exercises([ExerciseItem(s.id, s.title) for s in scenarios]),
            quizzes=quizzes,
        )

    @staticmethod
    def _styles(record: PageRecord, html: str) -> list[str]:
        """The page's own stylesheets: linked in its head, so it is styled before scripts."""
        styles = []
        if record.item.exercises:
            styles.append(EXERCISE_STYLE)
        if record.widgets:
            styles.append(PROGRESS_STYLE)
        if "classroom" in record.widgets:
            styles.append(CLASSROOM_STYLE)
        if "data-four-home" in html:  # styled before its script runs: no flash of the list
            styles.append(HOME_STYLE)
        if "data-four-practice" in html:
            styles.append(PRACTICE_STYLE)
        if record.item.quizzes:
            styles.append(QUIZ_STYLE)
        if record.item.lesson:
            styles.append(LESSON_STYLE)
        return styles

    def styles(self, src: str) -> list[str]:
        """A page's own stylesheets (site paths), for its head."""
        record = self.records.get(src)
        return record.styles if record is not None else []

    # -- every page read -------------------------------------------------------------------

    def track_unread(self, src: str, source: str, title: str | None, url: str) -> None:
        """A page this build did not read (``--dirty``, serve rebuilds), from its source.

        The module map, My progress and the certificate still need every lesson: its
        exercises come from its directives, its knowledge checks from mkdocs-quiz's blocks.
        """
        if src in self.records or (not self.is_lesson(src) and "[[" not in source):
            return
        heading = _HEADING.search(source)
        shown_title = title or (heading.group(1) if heading else page_id(src))
        expanded = self.expander.expand(source, src, Output())
        item = self._item(
            src, shown_title, url, [p.scenario for p in expanded.placements],
            count_quiz_blocks(source),
        )
        if not (item.lesson or item.answerable):
            return
        record = PageRecord(item, [name for name, _ in expanded.widgets])
        if src in self._places:
            record.lesson_minutes = reading_minutes(source, len(item.exercises), item.quizzes)
        self.records[src] = record
        self._tracked = None

    def tracked(self) -> list[PageItem]:
        """Every tracked page: in navigation order, then pages outside the navigation."""
        if self._tracked is None:
            order = {src: index for index, src in enumerate(self._nav)}
            ranked = sorted(
                enumerate(self.records.items()),
                key=lambda entry: (order.get(entry[1][0], len(order)), entry[0]),
            )
            self._tracked = [
                record.item for _, (_, record) in ranked
                if record.item.lesson or record.item.answerable
            ]
        return self._tracked

    def site_problems(self) -> list[Problem]:
        """Problems only the whole site shows: minutes naming no lesson."""
        lessons = {src for src, record in self.records.items() if record.lesson_minutes is not None}
        found = []
        for record in self.records.values():
            for target, where in record.minutes:
                if target and target not in lessons:
                    found.append(Problem(where, (
                        f"'[[minutes {target[:60]}]]' names no lesson page; give a lesson's path "
                        "in docs/, like lessons/what-is-stalking.md"
                    )))
        return found

    def all_problems(self) -> list[Problem]:
        """Every page problem once, by file and line."""
        return sorted(
            dict.fromkeys([*self.problems, *self.site_problems()]), key=lambda p: p.sort_key
        )

    def module_map(self) -> tuple[str, str]:
        """The module map's file name and text (see progress.module_script)."""
        return module_script(self.tracked())

    def settings(self, loader_assets: dict[str, str], messages: str = "") -> dict[str, Any]:
        """What every page's scripts are told: module id, exit address, module map, assets.

        Also the file of the scripts' words in the site's language (`messages`), and the
        quick exit's own words, here so the exit never waits for that file.
        """
        return {
            "module": self.options.module_id,
            "exit": self.options.exit_url,
            "map": self.module_map()[0],
            "messages": messages,
            "text": self.templates.catalogue.subset("exit."),
            # The words' language and direction, for the quick exit's counts before (or
            # without) the messages file.
            "lang": self.templates.catalogue.code,
            "dir": self.templates.catalogue.direction,
            # The hash in each script's and style's published name, for four.js's loader.
            "assets": loader_assets,
        }

    def needs_filling(self, src: str) -> bool:
        """Whether a page holds widgets or minutes, filled once every page is read."""
        record = self.records.get(src)
        return record is not None and bool(record.widgets or record.minutes)

    def fill(self, src: str, content: str, url: str) -> str:
        """A page's content with its widgets and minutes in place (see the module's notes)."""
        record = self.records[src]
        for name in dict.fromkeys(record.widgets):
            content = content.replace(widget_anchor(name), self._widget(name, url))
        for target in dict.fromkeys(target for target, _ in record.minutes):
            content = content.replace(minutes_anchor(target), escape(self._minutes(target)))
        return content

    def _minutes(self, target: str) -> str:
        """``[[minutes PAGE.md]]``'s number, or the whole course's for ``[[minutes]]``."""
        lessons = {
            src: record.lesson_minutes for src, record in self.records.items()
            if record.lesson_minutes is not None
        }
        if not target:
            return str(sum(lessons.values()))
        return str(lessons[target]) if target in lessons else "?"

    def _widget(self, name: str, url: str) -> str:
        """The HTML of a ``[[progress]]``, ``[[certificate]]`` or ``[[classroom]]``."""
        if name == "classroom":
            html = self.renderer.render_classroom(
                self.module.scenarios.scenarios, self.options.edition
            )
            self.renderer.clear()
            return html
        tracked = self.tracked()
        widget_urls: dict[str, str] = {}
        for record in self.records.values():
            for widget in record.widgets:
                widget_urls.setdefault(widget, record.item.url)
        links = {
            key: self.relative_url(widget_urls[key], url) if key in widget_urls else None
            for key in ("progress", "certificate")
        }
        if name == "progress":
            hrefs = {item.id: self.relative_url(item.url, url) for item in tracked}
            return render_progress(tracked, hrefs, links["certificate"], self.templates)
        lessons = sum(1 for item in tracked if item.lesson)
        return render_certificate(
            self.options.site_name, lessons, links["progress"], self.options.institution,
            self.templates,
        )


#: Where an exercise's answers start in a page (exercise.html) and the answer form's tag:
#: both are data-search-exclude, and the search index is built without them.
ANSWERS_START = '<details class="four-exercise__answers" data-four-answers data-search-exclude>'
FORM_START = '<template id="four-form-template" data-search-exclude>'
#: What stands for a cut part while search reads the page (a comment: search skips it).
CUT = "<!--four-lessons:search-skips-->"


def search_view(content: str) -> tuple[str, list[str]] | None:
    """`content` without the exercises' answers and the answer form, and the parts cut.

    Material's search leaves out what is marked ``data-search-exclude`` but still parses
    it, and the answers and the form are half a lesson's markup: handed the page without
    them, the indexer does the work of a plain page. None when there is nothing to cut.
    """
    if ANSWERS_START not in content and FORM_START not in content:
        return None
    kept: list[str] = []
    cut: list[str] = []
    position = 0
    # Where each kind of part starts next, looked for again only once passed: looking for
    # both from every cut read the rest of the page again for the one that comes once (the
    # form), which made a page of 5,000 exercises take seconds here.
    answers, form = content.find(ANSWERS_START), content.find(FORM_START)
    while True:
        if 0 <= answers < position:
            answers = content.find(ANSWERS_START, position)
        if 0 <= form < position:
            form = content.find(FORM_START, position)
        starts = [i for i in (answers, form) if i >= 0]
        if not starts:
            break
        start = min(starts)
        closing = "</details>" if content.startswith(ANSWERS_START, start) else "</template>"
        end = content.find(closing, start)
        if end < 0:
            break
        end += len(closing)
        kept += [content[position:start], CUT]
        cut.append(content[start:end])
        position = end
    kept.append(content[position:])
    return "".join(kept), cut


def restore_view(view: str, cut: Sequence[str]) -> str | None:
    """The page with its cut parts back where they were (None: the view lost its places)."""
    parts = view.split(CUT)
    if len(parts) != len(cut) + 1:
        return None
    out = [parts[0]]
    for piece, rest in zip(cut, parts[1:], strict=True):
        out += [piece, rest]
    return "".join(out)


def _strings(values: Any, key: str = "") -> list[tuple[str, str]]:
    """Every string in front matter values, with the top-level key it is under."""
    if isinstance(values, str):
        return [(key, values)]
    if isinstance(values, Mapping):
        return [pair for k, v in values.items() for pair in _strings(v, key or str(k))]
    if isinstance(values, (list, tuple)):
        return [pair for v in values for pair in _strings(v, key)]
    return []


def site_meta(settings: dict[str, Any]) -> str:
    """The ``<meta>`` tag that tells every page's scripts which module this is."""
    return '<meta name="four-lessons" content="' + escape(json.dumps(settings)) + '">'


def _after_heading(html: str, header: str) -> str:
    """`html` with `header` after its first ``<h1>`` (or first, if it has none)."""
    end = html.find("</h1>")
    if end < 0:
        return f"{header}\n{html}"
    return f"{html[: end + 5]}\n{header}{html[end + 5 :]}"
