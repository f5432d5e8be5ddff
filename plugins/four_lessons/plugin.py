"""The MkDocs adapter: event hooks that call the loader, directives and renderer.

Everything that could outlive MkDocs lives in the modules these hooks call; this file only
moves data between MkDocs and them.
"""

from __future__ import annotations

import datetime
import json
import re
from html import escape
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .config import FourLessonsConfig
from .contacts import ContactBook, ContactError, parse_contacts
from .directives import DirectiveExpander, Placement
from .loader import Problem, ScenarioFileError, find_scenario_files, load_scenarios
from .render import ExerciseRenderer
from .theme_fixes import fix_theme_html

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).parent / "assets"
OVERRIDES_DIR = Path(__file__).parent / "overrides"
#: Loaded on every page; kept small (the budget with the quick exit is 3 KiB gzipped).
SITE_SCRIPTS = ("assets/four/store.js", "assets/four/site.js")
SITE_STYLES = ("assets/four/site.css",)
#: Loaded only on pages with an exercise.
EXERCISE_STYLE = "assets/four/exercise.css"


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
        self._scenarios_dir = Path()
        self._root = Path()
        self._module_id = "module"

    # -- configuration --------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and check scenarios and contacts; wire in our theme overrides and assets."""
        if not self.config.enabled:
            return config
        self._root = Path(config.config_file_path or ".").resolve().parent
        self._scenarios_dir = self._root / self.config.scenarios_dir
        try:
            scenarios = load_scenarios(find_scenario_files(self._scenarios_dir), self._root)
        except ScenarioFileError as error:
            raise PluginError(_problem_report("scenario files", error.problems)) from None
        try:
            contacts = parse_contacts(self.config.contacts, "mkdocs.yml: four-lessons: contacts")
        except ContactError as error:
            raise PluginError(f"Problems in the help contacts:\n{error}") from None

        checked_option = self.config.contacts_checked
        checked = (
            checked_option.strftime("%-d %B %Y")
            if isinstance(checked_option, datetime.date)
            else str(checked_option) if checked_option else None
        )
        self._module_id = self.config.module_id or slugify(config.site_name)
        self._expander = DirectiveExpander(
            scenarios,
            ContactBook(contacts, self.config.edition, checked),
            self.config.edition,
            self.config.institution,
        )
        # Scenario fields go through the site's own Markdown setup, like lesson text.
        converter = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs
        )

        def to_html(text: str) -> str:
            return converter.reset().convert(text)

        self._renderer = ExerciseRenderer(to_html, prepare_markdown=self._expander.expand_inline)

        # Our partials replace the theme's inline scripts; a user's custom_dir still wins.
        theme_dirs = config.theme.dirs
        theme_dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES_DIR))
        for script in SITE_SCRIPTS:
            if script not in config.extra_javascript:
                config.extra_javascript.append(script)
        for style in SITE_STYLES:
            if style not in config.extra_css:
                config.extra_css.append(style)
        log.debug("loaded %d scenarios", len(scenarios))
        return config

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
        for path in sorted(ASSETS_DIR.rglob("*")):
            if path.is_file():
                uri = "assets/" + path.relative_to(ASSETS_DIR).as_posix()
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    # -- pages ----------------------------------------------------------------------------

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Expand directives, collecting mistakes to report for every page at once."""
        if self._expander is None:
            return markdown
        shown = _display_path(Path(config.docs_dir) / page.file.src_uri, self._root)
        expanded = self._expander.expand(markdown, shown)
        self._page_problems += expanded.problems
        self._placements[page.file.src_uri] = expanded.placements
        return expanded.markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Swap each exercise placeholder for the exercise's HTML."""
        placements = self._placements.get(page.file.src_uri)
        if not placements or self._expander is None or self._renderer is None:
            return html
        renderer = self._renderer
        renderer.prepare([p.scenario for p in placements])
        by_token = {p.token: p for p in placements}

        def replace(match: re.Match[str]) -> str:
            placement = by_token[match.group(0)[3:-4]]
            return renderer.render(placement.scenario, placement.dom_id, placement.level)

        return self._expander.token_pattern().sub(replace, html)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page has been read: stop the build if any page had a mistake."""
        if self._page_problems:
            problems = sorted(self._page_problems, key=lambda p: (p.location.path, p.location.line))
            self._page_problems = []
            raise PluginError(_problem_report("lesson pages", problems))
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Tell the scripts which module this is; add exercise styles where needed."""
        if self._expander is None:
            return output
        head = [
            '<meta name="four-lessons" content="'
            + escape(json.dumps({"module": self._module_id, "exit": self.config.exit_url}))
            + '">'
        ]
        if self._placements.get(page.file.src_uri):
            href = get_relative_url(EXERCISE_STYLE, page.url)
            head.append(f'<link rel="stylesheet" href="{href}">')
        return fix_theme_html(output.replace("</head>", "\n".join(head) + "\n</head>", 1))


    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """Apply the same theme fixes to pages built from templates alone (404.html)."""
        return fix_theme_html(output_content) if self._expander is not None else output_content


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _problem_report(what: str, problems: Any) -> str:
    """All problems as one message: a heading line, then one line per problem."""
    lines = [f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the {what}:"]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)
