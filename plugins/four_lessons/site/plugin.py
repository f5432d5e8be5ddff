"""The MkDocs adapter: event hooks that call the loader, directives and renderer.

Everything that could outlive MkDocs lives in the modules these hooks call; this file only
moves data between MkDocs and them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from html import escape
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core import course
from ..core.cache import ScenarioCache
from ..core.checks import scenario_first_door_problems
from ..core.contacts import ContactBook
from ..core.directives import DirectiveExpander, Placement
from ..core.loader import (
    PageError,
    Problem,
    display_path,
    read_page,
)
from ..core.module import ModuleError, load_module
from ..core.output_folder import ModuleFolders, UnsafeOutput, check_output
from ..core.progress import (
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
    unique_exercises,
)
from ..core.render import DeferredAnswers, ExerciseRenderer
from ..core.templating import use_overrides
from ..extension import plugin_is_running
from . import markers
from .asset_names import asset_names, loader_names
from .config import FourLessonsConfig
from .image_sizes import local_target, size_images
from .inline_assets import InlineAssets
from .theme_fixes import fix_theme_html

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).parent.parent / "assets"
OVERRIDES_DIR = Path(__file__).parent.parent / "overrides"
#: Loaded on every page; kept small (the budget with the quick exit is 3 KiB gzipped). The
#: one every-page script, four.js, is loaded by overrides/main.html right after the exit.
#: learner.css holds two rules of the learner path (issue 24) that every page needs.
SITE_STYLES = ("assets/four/site.css", "assets/four/learner.css")
#: Loaded only on pages with an exercise.
EXERCISE_STYLE = "assets/four/exercise.css"
#: Loaded only on the progress and certificate pages.
PROGRESS_STYLE = "assets/four/progress.css"
#: Loaded only on the classroom view, and on pages with a knowledge check: linked in the
#: head, so the page is styled (and prints) before any script runs.
CLASSROOM_STYLE = "assets/four/classroom.css"
QUIZ_STYLE = "assets/four/quiz.css"
HOME_STYLE = "assets/four/home.css"
#: Loaded on lesson pages: their way on, what is left on them, where Next lands.
LESSON_STYLE = "assets/four/lesson.css"
PRACTICE_STYLE = "assets/four/practice.css"


def slugify(text: str) -> str:
    """A lowercase, hyphenated id from free text (for the default module id)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "module"


class FourLessonsPlugin(BasePlugin[FourLessonsConfig]):
    """Turns scenario files into FOUR exercises placed in lessons."""

    def __init__(self) -> None:
        self._expander: DirectiveExpander | None = None
        self._renderer: ExerciseRenderer | None = None
        self._placements: dict[str, list[Placement]] = {}
        self._page_problems: list[Problem] = []
        self._inline_assets = InlineAssets()
        self._scenarios_dir = Path()
        self._root = Path()
        self._docs_shown = "docs"
        self._module_id = "module"
        self._warned_no_exit = False
        self._staff_site = False
        self._places: dict[str, course.Place] = {}
        self._minutes: dict[str, int] = {}  # each lesson page's time, for [[minutes ...]]
        self._asset_names: dict[str, str] = {}  # our assets' site paths -> published paths
        #: What every page's scripts are told (module id, exit address, module map file),
        #: for tools that package a built site (scorm.py); set once pages are written.
        self.site_settings: dict[str, Any] = {}
        self._page_urls: dict[str, str] = {}
        self._widgets: dict[str, list[str]] = {}
        self._widget_urls: dict[str, str] = {}
        self._tracked: dict[str, PageItem] = {}
        self._nav_order: list[str] = []
        # Each page's exercise answers and form, added after search indexing (on_post_page).
        self._slot = (f"<!--FOURSLOT{secrets.token_hex(6)}N", "-->")
        self._deferred: dict[str, list[DeferredAnswers]] = {}
        self._page_head: str | None = None
        self._module_file: tuple[str, str] | None = None  # the module map: name, text
        self._tracked_list: list[PageItem] | None = None
        self._files: Files | None = None  # the site's files, to find a page's images

    # -- configuration --------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and check scenarios and contacts; wire in our theme overrides and assets."""
        if not self.config.enabled:
            return config
        plugin_is_running()
        self._root = Path(config.config_file_path or ".").resolve().parent
        self._staff_site = (
            self.config.staff_site or os.environ.get("FOUR_LESSONS_SITE", "") == "staff"
        )
        if not self._staff_site and config.nav is not None:
            # The learner site has no staff page, so no menu entry may point to one.
            config.nav = prune_nav(config.nav, self._is_staff_page)
        self._scenarios_dir = self._root / self.config.scenarios_dir
        # MkDocs empties the site folder before writing a page: never let that be the
        # module's own folders, the home directory or / (`mkdocs build -d quizzes`).
        # `four-lessons build` also refuses folders holding other things; see output_folder.
        try:
            check_output(
                Path(config.site_dir),
                ModuleFolders(self._root, Path(config.docs_dir), self._scenarios_dir),
                force=True,
            )
        except UnsafeOutput as error:
            raise PluginError(f"site_dir: {error}") from None
        # Pages are named in messages as the author sees them (docs/lessons/x.md); worked out
        # once, since resolving a path costs system calls and every page needs it.
        self._docs_shown = display_path(Path(config.docs_dir), self._root)
        cache_dir = self.config.cache_dir
        try:
            module = load_module(
                self._root,
                self.config,
                config_name=Path(config.config_file_path or "mkdocs.yml").name,
                cache=ScenarioCache(self._root / cache_dir) if cache_dir else None,
            )
        except ModuleError as error:
            raise PluginError(_problem_report(error.what, error.lines)) from None
        if module.key_problems:
            log.warning(_problem_report("answer keys", module.key_problems))
        for warning in module.contact_warnings:
            log.warning(warning)
        scenarios, contacts, rule = module.scenarios, module.contacts, module.rule
        checked = module.contacts_checked
        if re.search(r"[<>]", config.site_name):
            # The theme writes site_name into every page as it is, unescaped.
            raise PluginError(
                f"site_name '{config.site_name[:40]}' holds '<' or '>'; write the module's "
                "name as plain text"
            )
        self._module_id = self.config.module_id or slugify(config.site_name)
        book = ContactBook(contacts, self.config.edition, checked)
        self._expander = DirectiveExpander(
            scenarios,
            book,
            self.config.edition,
            self.config.institution,
            staff_site=self._staff_site,
            rule=rule,
            accessibility_contact=module.accessibility_contact,
        )
        for problem in scenario_first_door_problems(scenarios.scenarios, book, self._root):
            log.warning(str(problem))
        # Scenario fields go through the site's own Markdown setup, like lesson text.
        converter = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs
        )

        def to_html(text: str) -> str:
            return converter.reset().convert(text)

        self._renderer = ExerciseRenderer(
            to_html, prepare_markdown=self._expander.expand_inline, rule=rule
        )

        # A site's own versions of our templates (custom_dir/four-lessons/) come first.
        use_overrides(config.theme.custom_dir)
        # Our partials replace the theme's inline scripts; a user's custom_dir still wins.
        theme_dirs = config.theme.dirs
        theme_dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES_DIR))
        self._asset_names = asset_names(ASSETS_DIR)
        for style in SITE_STYLES:
            published = self._asset(style)
            if published not in config.extra_css:
                config.extra_css.append(published)
        offline = config.plugins.get("material/offline")
        features = config.theme.get("features") or []
        if offline is not None and offline.config.enabled and "navigation.instant" in features:
            # Material then completes document$ without ever emitting it under file://, so
            # no component (ours or the theme's) mounts on pages opened from disk.
            log.warning(
                "the offline plugin is on, but theme.features has navigation.instant, which "
                "stops every page script on pages opened from disk (file://); remove it"
            )
        log.debug("loaded %d scenarios", len(scenarios))
        return config

    @property
    def published_assets(self) -> dict[str, str]:
        """Each of our assets' site path with its published, content-hashed path."""
        return dict(self._asset_names)

    def _asset(self, path: str) -> str:
        """The published (content-hashed) path of one of our assets (see asset_names)."""
        return self._asset_names.get(path, path)

    @property
    def module_id(self) -> str:
        """The id that keeps this module's progress apart (set once the config is read)."""
        return self._module_id

    def _is_staff_page(self, src_uri: str) -> bool:
        return matches_any(src_uri, self.config.staff_pages)

    def _is_lesson(self, src_uri: str) -> bool:
        return matches_any(src_uri, self.config.lessons)

    def _page_item(
        self, src: str, title: str, url: str, placements: list[Placement], quizzes: int
    ) -> PageItem:
        """What the progress code tracks of a page: its lesson status, exercises, checks."""
        exercises = [ExerciseItem(p.scenario.id, p.scenario.title) for p in placements]
        return PageItem(
            id=page_id(src),
            title=title,
            url=url,
            lesson=self._is_lesson(src),
            exercises=unique_exercises(exercises),
            quizzes=quizzes,
        )

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """Rebuild when a scenario file changes."""
        if self.config.enabled and self._scenarios_dir.is_dir():
            server.watch(str(self._scenarios_dir))
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Add our JavaScript and CSS to the site as ordinary, cacheable files."""
        if not self.config.enabled:
            return files
        self._files = files
        if not self._staff_site:
            for file in [f for f in files.documentation_pages() if self._is_staff_page(f.src_uri)]:
                files.remove(file)  # not built, not searchable, not in the SCORM package
        for path in sorted(ASSETS_DIR.rglob("*")):
            if path.is_file():
                uri = self._asset("assets/" + path.relative_to(ASSETS_DIR).as_posix())
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    # -- pages ----------------------------------------------------------------------------

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Read the page as MkDocs would, but with a message for a page that is not UTF-8.

        MkDocs itself stops with a traceback there.
        """
        if self._expander is None or page.file.abs_src_path is None:
            return None
        try:
            return read_page(
                Path(page.file.abs_src_path), f"{self._docs_shown}/{page.file.src_uri}"
            )
        except PageError as error:
            raise PluginError(_problem_report("lesson pages", [error.problem])) from None
        except OSError:
            return None  # MkDocs reports it as it always has

    # First, so directives are read in the page as written: line numbers in messages then
    # match the file even after other plugins (mkdocs-quiz) rewrite blocks above them.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Expand directives, collecting mistakes to report for every page at once."""
        if self._expander is None:
            return markdown
        shown = f"{self._docs_shown}/{page.file.src_uri}"
        expanded = self._expander.expand(markdown, shown)
        self._page_problems += expanded.problems
        for warning in expanded.warnings:
            log.warning(str(warning))
        self._placements[page.file.src_uri] = expanded.placements
        self._widgets[page.file.src_uri] = expanded.widgets
        return expanded.markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Swap each exercise placeholder for the exercise's HTML.

        The answers and the answer form are left as comment slots, filled in on_post_page:
        the search index then holds the story but no answers, and the search plugin's
        indexer (an HTML parser in Python, a large share of a build) has far less to read.
        """
        placements = self._placements.get(page.file.src_uri)
        if not placements or self._expander is None or self._renderer is None:
            return self._track(page, html)
        renderer = self._renderer
        renderer.prepare([p.scenario for p in placements])
        deferred: list[DeferredAnswers] = []

        def replace(number: str) -> str:
            placement = placements[int(number)]
            exercise, answers = renderer.render_split(
                placement.scenario,
                placement.dom_id,
                placement.level,
                f"{self._slot[0]}{len(deferred)}{self._slot[1]}",
            )
            deferred.append(answers)
            return exercise

        html = markers.fill(html, self._expander.token_marker(), replace)
        if self._expander.token_marker()[0][3:] in html:
            # A directive inside code, raw HTML or a comment: Markdown never made it a
            # paragraph of its own, so its placeholder is still there and no exercise was
            # placed; the lesson could never be completed.
            placed = {a.scenario.id for a in deferred}
            for placement in placements:
                if placement.token in html and placement.where is not None:
                    self._page_problems.append(
                        Problem(
                            placement.where,
                            f"'[[four {placement.scenario.id}]]' is inside code, raw HTML or "
                            "a comment, so no exercise can go there; put it on a line of its "
                            "own with a blank line before and after",
                        )
                    )
            self._placements[page.file.src_uri] = [
                p for p in placements if p.scenario.id in placed
            ]
        renderer.clear()
        self._deferred[page.file.src_uri] = deferred
        return self._track(page, f"{html}\n{self._slot[0]}form{self._slot[1]}")

    def _track(self, page: Page, html: str) -> str:
        """Note what the page offers to track, and end it with its progress marker."""
        if self._expander is None:
            return html
        src = page.file.src_uri
        item = self._page_item(
            src,
            page.title or page_id(src),
            page.url,
            self._placements.get(src, []),
            count_quizzes(html),
        )
        self._tracked[src] = item
        refused = page_id_problem(item.id) if item.lesson or item.answerable else None
        if refused:
            log.warning(f"{self._docs_shown}/{src}: {refused}")
        for name in self._widgets.get(src, []):
            self._widget_urls.setdefault(name, page.url)
        html = self._with_course_place(page, html, item)
        return html + "\n" + render_page_end(item) if item.lesson or item.answerable else html

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Remember the navigation's order.

        The progress page lists lessons in it, and each lesson says where it sits and leads
        on to the next.
        """
        self._nav_order = [p.file.src_uri for p in nav.pages]
        stops = [
            course.LessonStop(
                p.file.src_uri, p.title or p.file.name, p.parent.title if p.parent else None
            )
            for p in nav.pages
            if self._is_lesson(p.file.src_uri)
        ]
        self._places = course.places(stops)
        self._page_urls = {p.file.src_uri: p.url for p in nav.pages}
        return nav

    def _with_course_place(self, page: Page, html: str, item: PageItem) -> str:
        """A lesson's place and time under its heading, and its way on at the end."""
        place = self._places.get(page.file.src_uri)
        if place is None:
            return html
        minutes = course.reading_minutes(
            page.markdown or "", len(item.exercises), item.quizzes
        )
        self._minutes[page.file.src_uri] = minutes
        header = course.header_html(place, minutes, render_left(item))
        heading_end = html.find("</h1>")
        html = (
            html[: heading_end + 5] + "\n" + header + html[heading_end + 5 :]
            if heading_end >= 0
            else header + "\n" + html
        )
        next_url = self._page_urls.get(place.next.key) if place.next else None
        progress_file = self._page_urls.get(str(self.config.progress_page))
        footer = course.footer_html(
            place,
            get_relative_url(next_url, page.url) if next_url is not None else None,
            get_relative_url(progress_file, page.url) if progress_file is not None else None,
            render_left(item, end=True),
        )
        return html + "\n" + footer

    def _tracked_pages(self) -> list[PageItem]:
        """Every tracked page: in navigation order, then pages outside the navigation.

        Asked for on each page, but only after every page has been read, so it is worked out
        once per build.
        """
        if self._tracked_list is None:
            order = {src: index for index, src in enumerate(self._nav_order)}
            ranked = sorted(
                enumerate(self._tracked.items()),
                key=lambda entry: (order.get(entry[1][0], len(order)), entry[0]),
            )
            self._tracked_list = [
                item for _, (_, item) in ranked if item.lesson or item.answerable
            ]
        return self._tracked_list

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page has been read: stop the build if any page had a mistake."""
        # Pages may have changed since the last build (serve).
        self._tracked_list = self._page_head = self._module_file = None
        if self._page_problems:
            problems = sorted(self._page_problems, key=lambda p: (p.location.path, p.location.line))
            self._page_problems = []
            raise PluginError(_problem_report("lesson pages", problems))
        if self._expander is not None:
            self._track_unread(files)
            env.globals["four_site"] = self._top_bar(files)
            env.globals["four_asset"] = self._asset
        return env

    def _track_unread(self, files: Files) -> None:
        """Track the pages this build did not read, so totals cover the whole module.

        ``mkdocs build --dirty`` and ``serve`` rebuilds read only the pages that changed;
        the module map, My progress and the certificate still need every lesson. Each page
        not read is worked out from its source: its exercises from its directives, its
        knowledge checks from mkdocs-quiz's blocks.
        """
        assert self._expander is not None
        for file in files.documentation_pages():
            src = file.src_uri
            if src in self._tracked or file.abs_src_path is None:
                continue
            try:
                source = read_page(Path(file.abs_src_path), src)
            except (PageError, OSError):
                continue
            if not self._is_lesson(src) and "[[" not in source:
                continue
            heading = re.search(r"^# +(.+?) *#*$", source, re.MULTILINE)
            title = (file.page.title if file.page is not None else None) or (
                heading.group(1) if heading else page_id(src)
            )
            placements = self._expander.expand(source, src).placements
            item = self._page_item(src, title, file.url, placements, count_quiz_blocks(source))
            if item.lesson or item.answerable:
                self._tracked[src] = item
            if src in self._places and src not in self._minutes:
                self._minutes[src] = course.reading_minutes(
                    source, len(item.exercises), item.quizzes
                )

    def _top_bar(self, files: Files) -> dict[str, str | None]:
        """What the top bar of every page needs: the exit address, the help and progress pages.

        Page addresses come from the site's files, so they follow ``use_directory_urls`` and
        the ``help_page`` / ``progress_page`` options; a missing page is a warning (so
        ``--strict`` stops), since every page must link to it.
        """
        links: dict[str, str | None] = {"exit": self.config.exit_url}
        for key, option in (("help", "help_page"), ("progress", "progress_page")):
            src_uri = str(self.config[option])
            file = files.get_file_from_path(src_uri)
            links[key] = file.url if file is not None else None
            if file is None:
                log.warning(
                    f"every page links to the {key} page '{src_uri}', but docs/ has no such "
                    f"page; add it, or set '{option}' in the four-lessons block of mkdocs.yml"
                )
        return links

    # First, before HTML post-processors such as mkdocs-minify-plugin (which would drop the
    # comment slots and rewrite the inline scripts we recognise by content). mkdocs-quiz
    # writes its inline code in on_page_content, so it is already there to move out.
    @event_priority(100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Tell the scripts which module this is; add exercise styles where needed."""
        if self._expander is None:
            return output
        to_root = get_relative_url(".", page.url)
        output = self._inline_assets.rewrite(
            output,
            "" if to_root == "." else to_root + "/",
            lambda body: log.warning(
                f"{self._docs_shown}/{page.file.src_uri}: an inline <script> "
                f"('{' '.join(body.split())[:40]}') was left out of the page: only the theme's "
                "and known plugins' scripts run; remove it from the page or template"
            ),
        )
        if "data-four-exit" not in output and not self._warned_no_exit:
            self._warned_no_exit = True
            log.warning(
                f"the quick exit is missing from {page.file.src_uri} and the pages after it: "
                "a main.html in the theme's custom_dir replaces FOUR Lessons' own; remove it, "
                "or copy the blocks of four_lessons/overrides/main.html into it"
            )
        tracked = self._tracked_pages()
        if self._page_head is None:
            self._module_file = module_script(tracked)
            self.site_settings = {
                "module": self._module_id,
                "exit": self.config.exit_url,
                "map": self._module_file[0],
                # The hash in each script's and style's published name, for four.js's loader.
                "assets": loader_names(self._asset_names),
            }
            self._page_head = site_meta(self.site_settings)
        head = [self._page_head]
        styles: list[str] = []  # this page's own stylesheets, linked in its head
        deferred = self._deferred.pop(page.file.src_uri, None)
        if deferred is not None and self._renderer is not None:
            form = self._renderer.form_template()

            def slot(key: str) -> str:
                return form if key == "form" else deferred[int(key)].render()

            output = markers.fill(output, self._slot, slot)
        if self._placements.get(page.file.src_uri):
            styles.append(EXERCISE_STYLE)
        if self._widgets.get(page.file.src_uri):
            output = markers.fill(
                output,
                self._expander.widget_marker(),
                lambda name: self._widget(name, page, tracked, config),
            )
            styles.append(PROGRESS_STYLE)
            if "classroom" in self._widgets[page.file.src_uri]:
                styles.append(CLASSROOM_STYLE)
        output = markers.fill(
            output, self._expander.minutes_marker(), lambda key: self._minutes_text(key, page)
        )
        for marker, style in (
            ("data-four-home", HOME_STYLE),
            ("data-four-practice", PRACTICE_STYLE),
        ):
            if marker in output:  # styled before its script runs: no flash of the full list
                styles.append(style)
        item = self._tracked.get(page.file.src_uri)
        if item is not None and item.quizzes:
            styles.append(QUIZ_STYLE)
        if item is not None and item.lesson:
            styles.append(LESSON_STYLE)
        head += [
            f'<link rel="stylesheet" href="{get_relative_url(self._asset(style), page.url)}">'
            for style in styles
        ]
        output = size_images(output, lambda src: self._image_file(src, page))
        return fix_theme_html(output.replace("</head>", "\n".join(head) + "\n</head>", 1))

    def _image_file(self, src: str, page: Page) -> Path | None:
        """The file behind an image a page shows, if it is one of the site's own files."""
        target = local_target(src, page.url)
        file = self._files.get_file_from_path(target) if target and self._files else None
        return Path(file.abs_src_path) if file is not None and file.abs_src_path else None

    def _minutes_text(self, key: str, page: Page) -> str:
        """A ``[[minutes PAGE.md]]`` or ``[[minutes]]`` placeholder's number."""
        target = bytes.fromhex(key).decode("utf-8") if key else ""
        if not target:
            return str(sum(self._minutes.values()))
        if target not in self._minutes:
            log.warning(
                f"{self._docs_shown}/{page.file.src_uri}: '[[minutes {target}]]' names no "
                "lesson page; give a lesson's path in docs/, like lessons/what-is-stalking.md"
            )
            return "?"
        return str(self._minutes[target])

    def _widget(
        self, name: str, page: Page, tracked: list[PageItem], config: MkDocsConfig
    ) -> str:
        """The HTML of a ``[[progress]]``, ``[[certificate]]`` or ``[[classroom]]`` directive."""
        if name == "classroom" and self._renderer is not None and self._expander is not None:
            html = self._renderer.render_classroom(
                self._expander.scenarios.scenarios, self.config.edition
            )
            self._renderer.clear()
            return html
        links = {
            key: get_relative_url(url, page.url) if url is not None else None
            for key, url in (
                ("progress", self._widget_urls.get("progress")),
                ("certificate", self._widget_urls.get("certificate")),
            )
        }
        if name == "progress":
            hrefs = {item.id: get_relative_url(item.url, page.url) for item in tracked}
            return render_progress(tracked, hrefs, links["certificate"])
        lessons = sum(1 for item in tracked if item.lesson)
        return render_certificate(
            config.site_name, lessons, links["progress"], self.config.institution
        )

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the module map, and the files made from other plugins' inline code."""
        files = dict(self._inline_assets.files)
        if self._module_file is not None:
            name, body = self._module_file
            files[f"assets/four/{name}"] = body
        for name, body in files.items():
            target = Path(config.site_dir) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """Apply the same theme fixes to pages built from templates alone (404.html)."""
        return fix_theme_html(output_content) if self._expander is not None else output_content


def site_meta(settings: dict[str, Any]) -> str:
    """The ``<meta>`` tag that tells every page's scripts which module this is."""
    return '<meta name="four-lessons" content="' + escape(json.dumps(settings)) + '">'


def prune_nav(nav: list[Any], drop: Any) -> list[Any]:
    """`nav` (as written in mkdocs.yml) without the pages `drop(path)` picks.

    Sections left empty go too.
    """
    kept: list[Any] = []
    for item in nav:
        if isinstance(item, str):
            if not drop(item):
                kept.append(item)
            continue
        if not isinstance(item, dict):
            kept.append(item)
            continue
        entry: dict[str, Any] = {}
        for title, value in item.items():
            if isinstance(value, list):
                inner = prune_nav(value, drop)
                if inner:
                    entry[title] = inner
            elif not (isinstance(value, str) and drop(value)):
                entry[title] = value
        if entry:
            kept.append(entry)
    return kept


def _problem_report(what: str, problems: Any) -> str:
    """All problems as one message: a heading line, then one line per problem."""
    lines = [f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the {what}:"]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)
